"""Two organisation contacts register a branch of the same name at the same moment."""

import threading

import pytest
from django.db import connection
from django.test import Client

from branches import services
from branches.services import registration as branch_services
from members.models import Community
from tests.factories import ContactFactory, RootCommunityFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_two_registrations_of_one_name_one_wins_the_other_gets_a_form_error(monkeypatch):
    RootCommunityFactory()
    contacts = [ContactFactory(), ContactFactory()]
    # Both requests pass the friendly pre-check before either inserts: the database decides.
    barrier = threading.Barrier(2, timeout=10)
    original = branch_services._name_taken
    waited = threading.local()

    def name_taken_after_both_checked(name_mn, exclude_pk=None):
        taken = original(name_mn, exclude_pk)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()
        return taken

    monkeypatch.setattr(branch_services, "_name_taken", name_taken_after_both_checked)
    results = {}

    def register(contact):
        try:
            client = Client()
            client.force_login(contact)
            response = client.post(
                "/branches/register/",
                {"name_mn": "Уралдааны салбар", "name_en": "Race branch", "purpose": "Туршилт"},
            )
            results[contact.pk] = response
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(c,)) for c in contacts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [302, 400]
    loser = next(r for r in results.values() if r.status_code == 400)
    assert loser.context["form"].errors["name_mn"] == [str(services.BRANCH_NAME_TAKEN)]
    assert Community.objects.filter(name_mn="Уралдааны салбар").count() == 1
