import datetime as dt

import pytest

from coordinators import services
from notices import emails
from notices.models import Delivery
from tests.factories import local_member

pytestmark = pytest.mark.django_db


def _reminders(*, round_=None, **filters):
    """The voting reminders in the outbox (of one round when given)."""
    rows = Delivery.objects.filter(kind="voting_reminder", **filters)
    return rows.filter(key__endswith=f":round-{round_}:reminder") if round_ else rows


def _rounds(member) -> set[int]:
    return {
        int(key.split(":round-")[1].split(":")[0])
        for key in _reminders(user=member).values_list("key", flat=True)
    }


@pytest.fixture
def due_time(voting):
    return voting.voting_close_at - dt.timedelta(hours=47)


def test_reminder_goes_once_to_each_member_who_has_not_voted(voting, central, local, member, due_time):
    other = local_member()
    services.ballot_cast(seat=central, actor=other, nomination=None)
    services.ballot_cast(seat=local, actor=other, nomination=None)
    queued = services.voting_reminders_send_due(now=due_time)
    recipients = list(_reminders().values_list("user_id", flat=True))
    assert member.pk in recipients and other.pk not in recipients
    assert queued == len(recipients) == len(set(recipients))


def test_a_second_run_sends_nothing_again(voting, member, due_time):
    services.voting_reminders_send_due(now=due_time)
    before = _reminders().count()
    assert services.voting_reminders_send_due(now=due_time + dt.timedelta(hours=1)) == 0
    assert _reminders().count() == before


def test_no_reminder_before_the_48_hour_window(voting, member):
    assert services.voting_reminders_send_due(now=voting.voting_close_at - dt.timedelta(hours=49)) == 0


def test_reminder_email_renders_in_mongolian(member):
    rendered = emails.render(
        "coordinators/emails/voting_reminder",
        user=member,
        context={"year": 2026, "close_at": "2026-12-15 18:00", "url": "http://x/elections/2026/"},
        kind="election",
    )
    assert "2026" in rendered.subject and "http://x/elections/2026/" in rendered.text
    assert "List-Unsubscribe" in rendered.headers


def test_nomination_email_names_the_seat_in_the_recipients_language(member):
    member.preferred_language = "en"
    rendered = emails.render(
        "coordinators/emails/nomination_received",
        user=member,
        context={
            "year": 2026,
            "seat_mn": "Орон нутгийн зохицуулагч",
            "seat_en": "Local government coordinator",
            "nominator": "Сүрэнжав",
            "url": "http://x/elections/2026/",
        },
        kind="election",
    )
    assert "Local government coordinator" in rendered.text and "Сүрэнжав" in rendered.html


def test_reminder_task_runs_the_service(voting, member):
    from coordinators import tasks

    tasks.voting_reminders_send_due.apply()
    assert not _reminders().exists()  # voting closes in three days: not due yet


def test_a_runoff_round_reminds_again_those_who_have_not_voted_in_it(
    voting, central, coordinator, member, due_time
):
    from django.utils import timezone

    from coordinators.models import Election
    from tests.factories import bulk_votes

    services.voting_reminders_send_due(now=due_time)
    assert _reminders(user=member, round_=1).exists()
    Election.objects.filter(pk=voting.pk).update(tie_rule=Election.TieRule.RUNOFF)
    a, b = central.nominations.all()
    bulk_votes(central, [a, b])
    services.election_advance(election=voting, actor=coordinator, now=voting.voting_close_at)
    closes_at = timezone.now() + dt.timedelta(days=2)
    runoff = services.seat_runoff_start(seat=central, actor=coordinator, closes_at=closes_at)
    early = local_member()  # already voted in the run-off: no reminder for it
    services.ballot_cast(seat=runoff, actor=early, nomination=None)

    queued = services.voting_reminders_send_due(now=closes_at - dt.timedelta(hours=47))
    assert queued >= 1
    assert _rounds(member) == {1, 2}
    assert not _reminders(user=early, round_=2).exists()
    assert services.voting_reminders_send_due(now=closes_at - dt.timedelta(hours=46)) == 0
