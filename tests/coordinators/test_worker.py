"""The voting reminder travels through the real worker and the one e-mail helper."""

import datetime as dt

import pytest

from coordinators import services
from coordinators.models import Election
from tests.factories import election_with_seats

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_voting_reminder_is_delivered_once_by_the_worker(celery_worker_process, member):
    election, _central, _local = election_with_seats(phase=Election.Phase.VOTING)
    now = election.voting_close_at - dt.timedelta(hours=24)
    before = celery_worker_process.mail_count()
    assert services.voting_reminders_send_due(now=now) == 1
    assert services.voting_reminders_send_due(now=now) == 0
    celery_worker_process.wait_for_mail(before + 1)
    text = "".join(f.read_text() for f in celery_worker_process.mail_files())
    assert member.email in text and f"/elections/{election.year}/" in text
    assert "List-Unsubscribe" in text
