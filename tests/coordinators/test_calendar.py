"""An election calendar people can follow: "voting is open" to every voter, reminders until
every seat is voted, a confirmation before a phase moves, a timeline in the right tense."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from coordinators import messages, selectors, services
from coordinators.models import Election
from notices import emails
from notices.models import Delivery
from tests.factories import local_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(queued_mail):
    """E-mails queued by the election services: (template, user id, context, category)."""
    return queued_mail


def _open_voting(election):
    Election.objects.filter(pk=election.pk).update(phase=Election.Phase.NOMINATIONS_CLOSED)
    services.elections_advance_due(now=election.voting_open_at + dt.timedelta(minutes=1))
    election.refresh_from_db()


def test_opening_voting_emails_every_eligible_member_once(election, central, local, member, sent):
    other = local_member()
    _open_voting(election)
    assert election.phase == Election.Phase.VOTING
    opened = [s for s in sent if s[0] == "coordinators/emails/voting_open"]
    recipients = [user_id for _t, user_id, _c, _k in opened]
    assert member.pk in recipients and other.pk in recipients
    assert len(recipients) == len(set(recipients)) == selectors.voters_for_election(election).count()
    assert {kind for *_rest, kind in opened} == {"election"}  # unsubscribable like the reminders
    assert opened[0][2]["close_at"] == timezone.localtime(election.voting_close_at).strftime("%Y-%m-%d %H:%M")
    services.elections_advance_due(now=election.voting_open_at + dt.timedelta(minutes=2))
    assert len([s for s in sent if s[0] == "coordinators/emails/voting_open"]) == len(opened)


def test_seat_level_voting_emails_only_members_of_the_seats_levels(election, local, member, sent):
    Election.objects.filter(pk=election.pk).update(voter_scope=Election.VoterScope.SEAT_LEVEL)
    election.seats.exclude(pk=local.pk).delete()
    other = local_member()
    _open_voting(election)
    recipients = {user_id for t, user_id, *_ in sent if t == "coordinators/emails/voting_open"}
    assert other.pk in recipients and member.pk not in recipients


def test_no_voting_open_email_when_a_late_run_opens_and_closes_at_once(election, member, sent):
    Election.objects.filter(pk=election.pk).update(phase=Election.Phase.NOMINATIONS_CLOSED)
    services.elections_advance_due(now=election.voting_close_at + dt.timedelta(minutes=1))
    assert not [s for s in sent if s[0] == "coordinators/emails/voting_open"]


def test_voting_open_email_has_deadline_link_and_unsubscribe(member):
    rendered = emails.render(
        "coordinators/emails/voting_open",
        user=member,
        context={"year": 2026, "close_at": "2026-12-15 18:00", "url": "http://x/elections/2026/"},
        kind="election",
    )
    assert "2026-12-15 18:00" in rendered.subject and "2026-12-15 18:00" in rendered.text
    assert "http://x/elections/2026/" in rendered.text and "http://x/elections/2026/" in rendered.html
    assert "List-Unsubscribe" in rendered.headers


def test_a_member_who_voted_for_one_seat_of_two_is_reminded(voting, central, local, member, sent):
    services.ballot_cast(seat=central, actor=member, nomination=None)
    done = local_member()
    services.ballot_cast(seat=central, actor=done, nomination=None)
    services.ballot_cast(seat=local, actor=done, nomination=None)
    services.voting_reminders_send_due(now=voting.voting_close_at - dt.timedelta(hours=24))
    reminded = set(Delivery.objects.filter(kind="voting_reminder").values_list("user_id", flat=True))
    assert member.pk in reminded and done.pk not in reminded


def test_seat_level_voter_who_voted_for_their_only_seat_is_not_reminded(voting, central, local, member, sent):
    Election.objects.filter(pk=voting.pk).update(voter_scope=Election.VoterScope.SEAT_LEVEL)
    voting.refresh_from_db()
    services.ballot_cast(seat=central, actor=member, nomination=None)  # a central-level member
    waiting = local_member()
    services.voting_reminders_send_due(now=voting.voting_close_at - dt.timedelta(hours=24))
    reminded = set(Delivery.objects.filter(kind="voting_reminder").values_list("user_id", flat=True))
    assert member.pk not in reminded and waiting.pk in reminded


def test_advancing_asks_for_confirmation_saying_what_will_happen(client, election, coordinator):
    client.force_login(coordinator)
    url = f"/elections/{election.year}/advance/"
    page = client.get(url).content.decode()
    assert 'data-testid="advance-effects"' in page and 'name="confirm"' in page
    assert str(messages.ADVANCE_TO_NOMINATIONS_CLOSED) in page
    assert client.post(url).status_code == 400  # not confirmed: nothing moves
    election.refresh_from_db()
    assert election.phase == Election.Phase.NOMINATION
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    election.refresh_from_db()
    assert election.phase == Election.Phase.NOMINATIONS_CLOSED


def test_confirmation_before_voting_opens_counts_the_voters_to_be_emailed(election, member):
    Election.objects.filter(pk=election.pk).update(phase=Election.Phase.NOMINATIONS_CLOSED)
    election.refresh_from_db()
    preview = selectors.phase_advance_preview(election, now=timezone.now())
    voters = selectors.voters_for_election(election).count()
    assert preview["refusal"] is None and f"{voters} " in preview["effects"][0]


def test_confirmation_refuses_to_close_voting_before_its_time(client, voting, coordinator):
    client.force_login(coordinator)
    page = client.get(f"/elections/{voting.year}/advance/").content.decode()
    assert 'data-testid="advance-refusal"' in page and 'data-testid="advance-confirm"' not in page


def _steps(election, now):
    with translation.override("en"):
        return [(str(s["label"]), s["state"]) for s in selectors.election_timeline(election, now=now)]


def test_timeline_during_nominations_says_opened_now_and_close_ahead(election):
    steps = _steps(election, timezone.now())
    assert steps[0] == ("Nominations opened", "now")
    assert steps[1] == ("Nominations close", "future")
    assert [state for _label, state in steps[2:]] == ["future"] * 3


def test_timeline_counts_a_passed_close_as_passed_before_the_task_runs(voting):
    steps = _steps(voting, voting.voting_close_at + dt.timedelta(minutes=1))
    assert steps[2] == ("Voting opened", "past")
    assert steps[3] == ("Voting closed", "now")
    assert steps[4] == ("Results are published", "future")


def test_the_election_page_highlights_now(client, election):
    page = client.get(election.get_absolute_url()).content.decode()
    assert page.count('aria-current="step"') == 1
    now_item = page.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert (
        election.nominations_open_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d")
        in now_item
    )


def test_opening_nominations_announces_them_to_every_eligible_member_once(election, central, member, sent):
    other = local_member()
    Election.objects.filter(pk=election.pk).update(phase=Election.Phase.SCHEDULED)
    services.elections_advance_due(now=election.nominations_open_at + dt.timedelta(minutes=1))
    election.refresh_from_db()
    assert election.phase == Election.Phase.NOMINATION
    announced = [s for s in sent if s[0] == "coordinators/emails/nominations_open"]
    recipients = [user_id for _t, user_id, _c, _k in announced]
    assert member.pk in recipients and other.pk in recipients
    assert len(recipients) == len(set(recipients)) == selectors.voters_for_election(election).count()
    assert {kind for *_rest, kind in announced} == {"election"}
    stamp = "%Y-%m-%d %H:%M"
    context = announced[0][2]
    assert context["close_at"] == timezone.localtime(election.nominations_close_at).strftime(stamp)
    assert context["voting_open_at"] == timezone.localtime(election.voting_open_at).strftime(stamp)
    services.elections_advance_due(now=election.nominations_open_at + dt.timedelta(minutes=2))
    assert len([s for s in sent if s[0] == "coordinators/emails/nominations_open"]) == len(announced)


def test_nominations_open_email_renders_with_dates_and_link(member):
    rendered = emails.render(
        "coordinators/emails/nominations_open",
        user=member,
        context={
            "year": 2031,
            "close_at": "2031-03-15 18:00",
            "voting_open_at": "2031-03-16 09:00",
            "voting_close_at": "2031-03-23 18:00",
            "url": "https://cop.example.mn/elections/2031/",
        },
        kind="election",
    )
    assert "2031-03-15 18:00" in rendered.subject and "List-Unsubscribe" in rendered.headers
    assert "2031-03-15 18:00" in rendered.text and "2031-03-23 18:00" in rendered.text
    assert "https://cop.example.mn/elections/2031/" in rendered.html
