"""The same member supports one proposal from several requests at once: one support stays."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from proposals import services
from proposals.models import ProposalSupport
from tests.factories import ProposalFactory, UserFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_simultaneous_supports_by_one_member_leave_one_row():
    proposal = ProposalFactory()
    member = UserFactory()
    threads_count = 6
    barrier = threading.Barrier(threads_count, timeout=10)
    outcomes = []

    def support():
        try:
            barrier.wait()
            services.proposal_support(proposal=proposal, actor=member)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=support) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert ProposalSupport.objects.filter(proposal=proposal, user=member).count() == 1
    assert sorted(outcomes) == sorted(["ok"] + [str(services.ERROR_ALREADY_SUPPORTED)] * (threads_count - 1))


def test_simultaneous_proposals_respect_the_daily_limit(settings):
    settings.COP_PROPOSALS_PER_DAY = 2
    member = UserFactory()
    threads_count = 5
    barrier = threading.Barrier(threads_count, timeout=10)
    outcomes = []

    def propose(n):
        try:
            barrier.wait()
            services.proposal_create(actor=member, title=f"Санал {n}", description="Тайлбар")
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("limit")
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["limit"] * 3 + ["ok"] * 2
