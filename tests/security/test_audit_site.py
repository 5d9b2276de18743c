"""Writes made on the site by coordinators, organisation contacts, focal persons and organisers
leave exactly one audit event each, named by what was done; members' own acts (registering,
voting, supporting) leave none; an admin action calling a service is recorded once."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from coordinators import services as election_services
from coordinators.models import Election
from cop_portal.audit import AuditEvent
from feedback import services as feedback_services
from meetings.models import ConventionReport, Meeting
from members.models import Community
from proposals.models import Proposal
from tests.factories import (
    ApplicantFactory,
    AttendanceFactory,
    CommunityFactory,
    ContactFactory,
    MeetingFactory,
    NominationFactory,
    PastMeetingFactory,
    ProposalFactory,
    RegistrationFactory,
    RootCommunityFactory,
    UserFactory,
    bulk_votes,
    election_with_seats,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    """The events written from now on: ``trail()`` lists them, oldest first."""
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    def new_events():
        return list(AuditEvent.objects.exclude(pk__in=before).order_by("id"))

    return new_events


def only_event(events, *, actor, action, obj) -> AuditEvent:
    assert [(e.actor_id, e.action, e.content_type.model_class(), e.object_id) for e in events] == [
        (actor.pk, action, type(obj)._meta.concrete_model, str(obj.pk))
    ]
    assert events[0].actor_label == actor.email
    return events[0]


# --- applications and branches ------------------------------------------------------------------


def test_a_contact_approving_an_application(client, trail):
    contact = ContactFactory()
    person = ApplicantFactory(organisation=contact.organisation)
    client.force_login(contact)
    assert client.post(f"/members/applications/{person.pk}/approve/").status_code == 302
    event = only_event(trail(), actor=contact, action="membership.approve", obj=person)
    assert event.changes == {"status": ["applied", "approved"]}


def test_a_coordinator_declining_an_application_records_the_reason(client, coordinator, trail):
    person = ApplicantFactory()
    client.force_login(coordinator)
    response = client.post(f"/members/applications/{person.pk}/decline/", {"reason": "Ажилтан биш"})
    assert response.status_code == 302
    event = only_event(trail(), actor=coordinator, action="membership.decline", obj=person)
    assert event.changes["reason"] == "Ажилтан биш"


def test_a_refused_decision_records_nothing(client, trail):
    stranger = ContactFactory()
    person = ApplicantFactory()
    client.force_login(stranger)
    assert client.post(f"/members/applications/{person.pk}/approve/").status_code == 403
    assert trail() == []


def test_a_contact_registering_a_branch(client, trail):
    RootCommunityFactory()
    contact = ContactFactory()
    client.force_login(contact)
    data = {"name_mn": "Шинэ салбар", "name_en": "New branch", "purpose": "Сургалт", "founded_on": ""}
    assert client.post("/branches/register/", data).status_code == 302
    branch = Community.objects.get(name_mn="Шинэ салбар")
    only_event(trail(), actor=contact, action="branch.register", obj=branch)


# --- attendance ---------------------------------------------------------------------------------


def test_the_organiser_saving_the_attendance_sheet(client, member, trail):
    meeting = PastMeetingFactory(organiser=member)
    came, absent = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    client.force_login(member)
    url = f"/meetings/{meeting.pk}/attendance/"
    assert client.post(url, {"action": "sheet", "present": [came.user_id]}).status_code == 302
    event = only_event(trail(), actor=member, action="attendance.sheet", obj=meeting)
    assert event.changes == {"present": [came.user_id], "absent": []}
    assert absent.user_id not in event.changes["present"]


def test_a_focal_person_adding_a_walk_in(client, trail):
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    meeting = PastMeetingFactory(community=branch)
    client.force_login(focal)
    data = {"action": "walk_in", "full_name": "Зочин Сараа", "gender": "woman"}
    assert client.post(f"/meetings/{meeting.pk}/attendance/", data).status_code == 302
    event = only_event(trail(), actor=focal, action="attendance.walk_in", obj=meeting)
    assert event.changes["full_name"] == "Зочин Сараа"


# --- proposals and feedback ---------------------------------------------------------------------


def test_a_focal_person_answering_a_proposal(client, trail):
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    proposal = ProposalFactory(community=branch)
    client.force_login(focal)
    data = {"status": "not_taken_up", "answer": "Төсөв алга"}
    assert client.post(f"/proposals/{proposal.pk}/answer/", data).status_code == 302
    event = only_event(trail(), actor=focal, action="proposal.answer", obj=proposal)
    assert event.changes == {"status": ["open", "not_taken_up"], "answer": "Төсөв алга"}


def test_a_coordinator_hiding_a_proposal(client, coordinator, trail):
    proposal = ProposalFactory()
    client.force_login(coordinator)
    assert client.post(f"/proposals/{proposal.pk}/hide/", {"reason": "Зар"}).status_code == 302
    event = only_event(trail(), actor=coordinator, action="proposal.hide", obj=proposal)
    assert event.changes == {"reason": "Зар"}


def test_accepting_a_proposal_by_making_its_meeting_is_one_event(client, coordinator, trail):
    RootCommunityFactory()
    proposal = ProposalFactory()
    client.force_login(coordinator)
    data = {
        "title_mn": proposal.title,
        "format": "expert_discussion",
        "starts_at": "2030-03-01T14:00",
        "ends_at": "2030-03-01T16:00",
        "publish": "on",
    }
    assert client.post(f"/proposals/{proposal.pk}/meeting/", data).status_code == 302
    meeting = Meeting.objects.get()
    event = only_event(trail(), actor=coordinator, action="proposal.accept_with_meeting", obj=proposal)
    assert event.changes["meeting"] == [None, meeting.pk]


def test_turning_wanted_topics_into_a_proposal(client, coordinator, trail):
    start = timezone.now() - dt.timedelta(hours=5)
    ended = PastMeetingFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    user = AttendanceFactory(meeting=ended).user
    feedback = feedback_services.feedback_save(
        meeting=ended, user=user, actor=user, usefulness=4, topics_wanted="Эрэгтэйчүүдийн оролцоо"
    )
    assert trail() == []  # giving feedback is a member's own act
    client.force_login(coordinator)
    assert client.post(f"/meetings/{ended.pk}/feedback/{feedback.pk}/propose/").status_code == 302
    only_event(trail(), actor=coordinator, action="feedback.to_proposal", obj=Proposal.objects.get())


# --- convention reports -------------------------------------------------------------------------


def test_a_contact_submitting_the_progress_report(client, trail):
    year = timezone.localtime().year + 1
    starts = timezone.make_aware(dt.datetime(year, 6, 20, 9, 0), timezone.get_current_timezone())
    convention = MeetingFactory(
        format=Meeting.Format.CONVENTION, starts_at=starts, ends_at=starts + dt.timedelta(hours=8)
    )
    contact = ContactFactory()
    client.force_login(contact)
    response = client.post(f"/convention/{year}/report/", {"achievements": "Амжилт", "submit": "1"})
    assert response.status_code == 302
    report = ConventionReport.objects.get(convention=convention)
    event = only_event(trail(), actor=contact, action="convention_report.submit", obj=report)
    assert event.changes["achievements"] == ["", "Амжилт"]
    assert event.changes["status"] == [ConventionReport.Status.DRAFT, ConventionReport.Status.SUBMITTED]
    assert event.changes["created"] is True


# --- elections ----------------------------------------------------------------------------------


@pytest.fixture
def voting(db):
    election, central, local = election_with_seats()
    for seat in (central, local):
        NominationFactory.create_batch(2, seat=seat)
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        phase=Election.Phase.VOTING,
        nominations_open_at=now - dt.timedelta(days=10),
        nominations_close_at=now - dt.timedelta(days=3),
        voting_open_at=now - dt.timedelta(days=1),
        voting_close_at=now + dt.timedelta(days=3),
    )
    election.refresh_from_db()
    return election, central


@pytest.fixture
def tied(voting, coordinator):
    election, central = voting
    a, b = central.nominations.all()
    bulk_votes(central, [a, b])
    election_services.election_advance(election=election, actor=coordinator, now=election.voting_close_at)
    return election, central, (a, b)


def test_a_coordinator_advancing_the_election(client, coordinator, trail):
    election, _central, _local = election_with_seats()
    client.force_login(coordinator)
    assert client.post(f"/elections/{election.year}/advance/", {"confirm": "yes"}).status_code == 302
    event = only_event(trail(), actor=coordinator, action="election.advance", obj=election)
    assert event.changes["phase"] == [Election.Phase.NOMINATION, Election.Phase.NOMINATIONS_CLOSED]


def test_a_coordinator_withdrawing_a_nomination(client, coordinator, trail):
    election, central, _local = election_with_seats()
    nomination = NominationFactory(seat=central)
    client.force_login(coordinator)
    url = f"/elections/{election.year}/nominations/{nomination.pk}/withdraw/"
    assert client.post(url, {"reason": "Ажлаас гарсан", "confirm": "yes"}).status_code == 302
    event = only_event(trail(), actor=coordinator, action="nomination.withdraw", obj=nomination)
    assert event.changes["reason"] == "Ажлаас гарсан"


def test_a_coordinator_recording_lots(client, coordinator, tied):
    election, central, (_a, b) = tied
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    client.force_login(coordinator)
    prefix = f"seat{central.pk}"
    response = client.post(
        f"/elections/{election.year}/seats/{central.pk}/lots/",
        {f"{prefix}-winner": b.pk, f"{prefix}-note": "Даргын өмнө татсан"},
    )
    assert response.status_code == 302
    events = list(AuditEvent.objects.exclude(pk__in=before))
    event = only_event(events, actor=coordinator, action="election.tie_break", obj=central)
    assert event.changes["winner"] == b.pk and event.changes["phase"] == Election.Phase.PUBLISHED


def test_a_coordinator_starting_a_runoff(client, coordinator, tied):
    election, central, _pair = tied
    Election.objects.filter(pk=election.pk).update(tie_rule=Election.TieRule.RUNOFF)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    client.force_login(coordinator)
    url = f"/elections/{election.year}/seats/{central.pk}/runoff/"
    assert client.post(url, {"closes_at": "2099-01-01T12:00"}).status_code == 302
    events = list(AuditEvent.objects.exclude(pk__in=before))
    only_event(events, actor=coordinator, action="election.runoff_start", obj=central)


def test_extending_voting_records_the_old_and_new_close(coordinator, voting, trail):
    election, _central = voting
    later = election.voting_close_at + dt.timedelta(days=1)
    election_services.election_voting_extend(
        election=election, actor=coordinator, closes_at=later, reason="Интернэт тасарсан"
    )
    event = only_event(trail(), actor=coordinator, action="election.voting_extend", obj=election)
    assert event.changes["reason"] == "Интернэт тасарсан"


# --- members' own acts --------------------------------------------------------------------------


def test_a_ballot_writes_no_audit_event(client, voting, trail):
    """Ballot secrecy: nothing in the trail may tie a voter to the act of voting, let alone a choice."""
    election, central = voting
    coordinator_voter = UserFactory()
    client.force_login(coordinator_voter)
    choice = central.nominations.first()
    url = f"/elections/{election.year}/seats/{central.pk}/vote/"
    assert client.post(url, {"choice": str(choice.pk), "confirm": "yes"}).status_code == 200
    assert trail() == []


def test_registering_and_supporting_write_no_audit_event(client, member, trail):
    meeting = MeetingFactory()
    proposal = ProposalFactory()
    client.force_login(member)
    assert client.post(f"/meetings/{meeting.pk}/register/").status_code == 302
    assert client.post(f"/meetings/{meeting.pk}/cancel/", {"confirm": "yes"}).status_code == 302
    assert client.post(f"/proposals/{proposal.pk}/support/").status_code == 302
    assert trail() == []


# --- the admin: one event per object -------------------------------------------------------------


def test_an_admin_action_calling_a_service_is_recorded_once(client, coordinator, trail):
    drafts = MeetingFactory.create_batch(2, status=Meeting.Status.DRAFT, published_at=None)
    client.force_login(coordinator)
    data = {"action": "publish", ACTION_CHECKBOX_NAME: [m.pk for m in drafts]}
    assert client.post("/admin/meetings/meeting/", data).status_code == 302
    events = trail()
    assert sorted((e.action, e.object_id) for e in events) == sorted(
        ("meeting.publish", str(m.pk)) for m in drafts
    )
    assert all(e.actor == coordinator for e in events)


def test_marking_registrants_attended_in_the_admin_is_one_event_on_the_meeting(client, coordinator, trail):
    meeting = PastMeetingFactory()
    registrations = RegistrationFactory.create_batch(2, meeting=meeting)
    client.force_login(coordinator)
    data = {"action": "mark_attended", ACTION_CHECKBOX_NAME: [r.pk for r in registrations]}
    assert client.post("/admin/meetings/registration/", data).status_code == 302
    event = only_event(trail(), actor=coordinator, action="attendance.mark", obj=meeting)
    assert sorted(event.changes["present"]) == sorted(r.user_id for r in registrations)


def test_a_coordinator_cancelling_someones_registration_is_recorded(client, coordinator, trail):
    registration = RegistrationFactory(meeting=MeetingFactory())
    client.force_login(coordinator)
    data = {"action": "cancel_registrations", ACTION_CHECKBOX_NAME: [registration.pk]}
    assert client.post("/admin/meetings/registration/", data).status_code == 302
    only_event(trail(), actor=coordinator, action="registration.cancel", obj=registration)


def test_an_admin_change_form_records_the_form_and_what_the_service_did(client, coordinator, trail):
    """The rule of cop_portal.audit: ``admin:change`` (the form's fields) and the service's
    ``meeting.change`` (field -> [old, new]); neither twice."""
    meeting = MeetingFactory(venue="Хуучин танхим")
    client.force_login(coordinator)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    for name in ("registration_opens_at", "registration_closes_at", "published_at", "minutes_published_at"):
        data.pop(name, None)
    data.update(
        {
            "venue": "Шинэ танхим",
            "starts_at_0": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d"),
            "starts_at_1": timezone.localtime(meeting.starts_at).strftime("%H:%M:%S"),
            "ends_at_0": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%d"),
            "ends_at_1": timezone.localtime(meeting.ends_at).strftime("%H:%M:%S"),
            "community": meeting.community_id,
            "host_organisation": meeting.host_organisation_id or "",
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
            "materials-TOTAL_FORMS": "0",
            "materials-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    events = trail()
    assert sorted(e.action for e in events) == ["admin:change", "meeting.change"]
    service_event = next(e for e in events if e.action == "meeting.change")
    assert service_event.changes["venue"] == ["Хуучин танхим", "Шинэ танхим"]
    assert all((e.actor, e.object_id) == (coordinator, str(meeting.pk)) for e in events)
