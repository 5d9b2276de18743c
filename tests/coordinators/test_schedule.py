"""Elections that cannot be rushed: minimum periods and four eyes on the dates (issue: a
coordinator created an election with 3 minutes of nominations and 8 of voting, the term
starting the same day, advanced it and made a new coordinator in 9 minutes)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordinators import messages, services
from coordinators.models import Election
from cop_portal.audit import AuditEvent
from members.services import coordinator_group_sync
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _rushed(year=2200, now=None) -> Election:
    now = now or timezone.now()
    return Election(
        year=year,
        phase=Election.Phase.SCHEDULED,
        nominations_open_at=now,
        nominations_close_at=now + dt.timedelta(minutes=3),
        voting_open_at=now + dt.timedelta(minutes=3),
        voting_close_at=now + dt.timedelta(minutes=11),
        term_starts_on=timezone.localdate(now),
        term_ends_on=timezone.localdate(now) + dt.timedelta(days=365),
    )


def _unhurried(year=2201) -> Election:
    start = timezone.now() + dt.timedelta(days=1)
    return Election(
        year=year,
        phase=Election.Phase.SCHEDULED,
        nominations_open_at=start,
        nominations_close_at=start + dt.timedelta(days=14),
        voting_open_at=start + dt.timedelta(days=15),
        voting_close_at=start + dt.timedelta(days=22),
        term_starts_on=timezone.localdate(start + dt.timedelta(days=30)),
        term_ends_on=timezone.localdate(start + dt.timedelta(days=400)),
    )


@pytest.fixture
def second_coordinator(db):
    user = UserFactory(is_staff=True)
    user.groups.add(coordinator_group_sync())
    return user


def test_the_nine_minute_election_is_refused_by_the_service(coordinator):
    with pytest.raises(ValidationError) as exc:
        services.election_schedule(election=_rushed(), actor=coordinator)
    assert exc.value.messages == [
        str(messages.NOMINATIONS_TOO_SHORT) % {"days": 14},
        str(messages.VOTING_TOO_SHORT) % {"days": 7},
        str(messages.TERM_BEFORE_RESULTS),
    ]
    assert not Election.objects.filter(year=2200).exists()


def test_the_nine_minute_election_is_refused_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    rushed = _rushed()
    local = timezone.localtime
    data = {
        "year": rushed.year,
        "nominations_open_at_0": local(rushed.nominations_open_at).strftime("%Y-%m-%d"),
        "nominations_open_at_1": local(rushed.nominations_open_at).strftime("%H:%M:%S"),
        "nominations_close_at_0": local(rushed.nominations_close_at).strftime("%Y-%m-%d"),
        "nominations_close_at_1": local(rushed.nominations_close_at).strftime("%H:%M:%S"),
        "voting_open_at_0": local(rushed.voting_open_at).strftime("%Y-%m-%d"),
        "voting_open_at_1": local(rushed.voting_open_at).strftime("%H:%M:%S"),
        "voting_close_at_0": local(rushed.voting_close_at).strftime("%Y-%m-%d"),
        "voting_close_at_1": local(rushed.voting_close_at).strftime("%H:%M:%S"),
        "voter_scope": Election.VoterScope.ALL_MEMBERS,
        "tie_rule": Election.TieRule.LOTS,
        "term_starts_on": rushed.term_starts_on.isoformat(),
        "term_ends_on": rushed.term_ends_on.isoformat(),
        "seats-TOTAL_FORMS": "0",
        "seats-INITIAL_FORMS": "0",
        "timeline_changes-TOTAL_FORMS": "0",
        "timeline_changes-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/coordinators/election/add/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert str(messages.VOTING_TOO_SHORT) % {"days": 7} in page
    assert not Election.objects.filter(year=rushed.year).exists()


def test_closing_nominations_early_cannot_make_them_too_short(coordinator):
    election = services.election_schedule(election=_unhurried(), actor=UserFactory(is_superuser=True))
    services.election_advance(election=election, actor=coordinator)  # nominations open now
    with pytest.raises(ValidationError) as exc:
        services.election_advance(election=election, actor=coordinator)
    assert exc.value.messages == [str(messages.NOMINATIONS_TOO_SHORT) % {"days": 14}]
    assert Election.objects.get(pk=election.pk).phase == Election.Phase.NOMINATION


def test_a_coordinators_dates_wait_for_a_second_coordinator(coordinator, second_coordinator):
    election = services.election_schedule(election=_unhurried(), actor=coordinator)
    assert election.schedule_pending
    with pytest.raises(ValidationError) as exc:
        services.election_advance(election=election, actor=coordinator)
    assert exc.value.messages == [str(messages.SCHEDULE_AWAITS_APPROVAL)]
    later = election.nominations_open_at + dt.timedelta(hours=1)
    assert services.elections_advance_due(now=later) == 0
    with pytest.raises(ValidationError) as exc:
        services.election_schedule_approve(election=election, actor=coordinator)
    assert exc.value.messages == [str(messages.SCHEDULE_SAME_PERSON)]
    services.election_schedule_approve(election=election, actor=second_coordinator)
    assert services.elections_advance_due(now=later) == 1
    assert Election.objects.get(pk=election.pk).phase == Election.Phase.NOMINATION


def test_each_step_is_audited_with_before_and_after(coordinator, second_coordinator):
    election = services.election_schedule(election=_unhurried(), actor=coordinator)
    before = {"voting_close_at": election.voting_close_at}
    services.election_schedule_approve(election=election, actor=second_coordinator)
    moved = election.voting_close_at + dt.timedelta(days=2)
    election.voting_close_at = moved
    services.election_schedule(
        election=election, actor=coordinator, before={**services.schedule._dates(election), **before}
    )
    events = list(AuditEvent.objects.filter(object_id=str(election.pk)).order_by("pk"))
    assert [e.action for e in events] == [
        "election.schedule_create",
        "election.schedule_approve",
        "election.schedule_change",
    ]
    assert events[0].actor_id == coordinator.pk and events[1].actor_id == second_coordinator.pk
    old, new = events[2].changes["voting_close_at"]
    assert old != new and set(events[2].changes) == {"voting_close_at", "schedule_pending"}
    assert Election.objects.get(pk=election.pk).schedule_pending  # changed dates wait again


def test_the_technical_administrators_dates_take_effect_at_once():
    root = UserFactory(is_staff=True, is_superuser=True)
    election = services.election_schedule(election=_unhurried(), actor=root)
    assert not election.schedule_pending and election.schedule_approved_by == root


def test_the_admin_change_of_dates_waits_and_the_approve_action_frees_it(
    client, coordinator, second_coordinator
):
    election = services.election_schedule(election=_unhurried(), actor=UserFactory(is_superuser=True))
    client.force_login(coordinator)
    page = client.get(f"/admin/coordinators/election/{election.pk}/change/")
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        widget_data = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
        data[name] = widget_data
    local_close = timezone.localtime(election.voting_close_at + dt.timedelta(days=3))
    data.update(
        {
            "nominations_open_at_0": timezone.localtime(election.nominations_open_at).strftime("%Y-%m-%d"),
            "nominations_open_at_1": timezone.localtime(election.nominations_open_at).strftime("%H:%M:%S"),
            "nominations_close_at_0": timezone.localtime(election.nominations_close_at).strftime("%Y-%m-%d"),
            "nominations_close_at_1": timezone.localtime(election.nominations_close_at).strftime("%H:%M:%S"),
            "voting_open_at_0": timezone.localtime(election.voting_open_at).strftime("%Y-%m-%d"),
            "voting_open_at_1": timezone.localtime(election.voting_open_at).strftime("%H:%M:%S"),
            "voting_close_at_0": local_close.strftime("%Y-%m-%d"),
            "voting_close_at_1": local_close.strftime("%H:%M:%S"),
            "term_starts_on": election.term_starts_on.isoformat(),
            "term_ends_on": election.term_ends_on.isoformat(),
            "seats-TOTAL_FORMS": "0",
            "seats-INITIAL_FORMS": "0",
            "timeline_changes-TOTAL_FORMS": "0",
            "timeline_changes-INITIAL_FORMS": "0",
        }
    )
    data = {
        k: v for k, v in data.items() if v is not None and k not in ("nominations_open_at", "voting_close_at")
    }
    response = client.post(f"/admin/coordinators/election/{election.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    election.refresh_from_db()
    assert election.schedule_pending and election.schedule_proposed_by == coordinator
    client.force_login(second_coordinator)
    client.post(
        "/admin/coordinators/election/", {"action": "approve_schedule", "_selected_action": [election.pk]}
    )
    election.refresh_from_db()
    assert not election.schedule_pending and election.schedule_approved_by == second_coordinator
