import uuid

import pytest
from django.contrib import admin
from django.db import IntegrityError, models
from django.db.models import ForeignKey

from coordinators.models import Ballot, Election, Participation
from members.services import coordinator_group_sync
from tests.factories import ElectionFactory

pytestmark = pytest.mark.django_db


def test_ballot_has_no_reference_to_users_no_date_and_a_uuid_key():
    fields = Ballot._meta.get_fields()
    related = {f.related_model for f in fields if isinstance(f, ForeignKey)}
    assert all(model._meta.label != "members.User" for model in related)
    assert not any(isinstance(f, models.DateField | models.DateTimeField | models.TimeField) for f in fields)
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert Ballot._meta.pk.default is uuid.uuid4


def test_ballot_is_not_in_the_admin_and_has_no_permissions():
    assert Ballot not in admin.site._registry
    assert Ballot._meta.default_permissions == ()
    group = coordinator_group_sync()
    assert not group.permissions.filter(content_type__model="ballot").exists()


def test_participation_records_no_time():
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField) for f in Participation._meta.get_fields()
    )


def test_election_dates_must_be_in_order():
    election = ElectionFactory.build()
    election.voting_close_at = election.nominations_open_at.replace(
        year=election.nominations_open_at.year - 1
    )
    with pytest.raises(IntegrityError):
        election.save()


def test_phase_order_is_the_documented_timeline():
    assert list(Election.Phase.values) == [
        "scheduled",
        "nomination",
        "nominations_closed",
        "voting",
        "voting_closed",
        "published",
    ]
