"""A branch CoP runs its own meetings on /branches/<slug>/manage/: its focal person creates,
publishes, edits and cancels them through the site with the back office's services; nobody
else's meetings are theirs; a branch that chose review waits for a coordinator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from branches.forms import ERROR_ORGANISER_ONE
from branches.services.organisers import ORGANISERS_FULL
from branches.views.access import NOT_RUNNER
from branches.views.meetings import SUBMITTED
from cop_portal.audit import AuditEvent
from meetings.models import Meeting
from meetings.services import ERROR_ALREADY_CANCELLED
from members.models import CommunityMembership, CommunityOrganiser
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    RegistrationFactory,
    RootCommunityFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

CHANGED = "meetings/emails/meeting_changed"
CANCELLED = "meetings/emails/meeting_cancelled"


@pytest.fixture
def focal(db):
    return UserFactory()


@pytest.fixture
def branch(focal):
    return CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)


def _shown(message, **values) -> str:
    """``message`` as a Mongolian page shows it (whether or not the catalogue is compiled)."""
    with translation.override("mn"):
        return escape(str(message) % values if values else str(message))


def _manage(branch, tail=""):
    return f"/branches/{branch.slug}/manage/{tail}"


def _local(days, hour=14):
    base = timezone.localtime() + dt.timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def _form(**over):
    start = _local(10)
    data = {
        "title_mn": "Жендэрийн аудит",
        "title_en": "Gender audit",
        "format": Meeting.Format.GENDER_AUDIT,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "mode": Meeting.Mode.HYBRID,
        "venue": "Хурлын танхим 2",
        "province": "ulaanbaatar",
        "online_url": "https://meet.example.mn/branch",
        "capacity": "20",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "description_mn": "",
        "description_en": "",
    }
    data.update(over)
    return data


def test_focal_person_creates_publishes_edits_and_cancels(client, focal, branch, mailbox_tasks):
    client.force_login(focal)
    assert client.get(_manage(branch)).status_code == 200

    # Create: a draft of the branch, whatever community the form might try to name.
    other = CommunityFactory(parent=RootCommunityFactory())
    response = client.post(_manage(branch, "meetings/new/"), _form(community=other.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title_mn="Жендэрийн аудит")
    assert meeting.community_id == branch.pk
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.organiser_id == focal.pk
    # Times typed are Ulaanbaatar times.
    assert timezone.localtime(meeting.starts_at).hour == 14
    assert str(timezone.localtime(meeting.starts_at).tzinfo) == "Asia/Ulaanbaatar"

    # Publish.
    response = client.post(_manage(branch, f"meetings/{meeting.pk}/publish/"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert "Жендэрийн аудит" in client.get("/meetings/").content.decode()

    # Edit the time: registrants are told as the back office tells them.
    people = [RegistrationFactory(meeting=meeting).user_id for _ in range(2)]
    later = _local(11)
    response = client.post(
        _manage(branch, f"meetings/{meeting.pk}/edit/"),
        _form(
            starts_at=later.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(later + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 302
    assert sorted(mailbox_tasks) == sorted((CHANGED, pk, "meeting_notice") for pk in people)

    # Cancel with a reason: the same notice as the back office's.
    assert client.get(_manage(branch, f"meetings/{meeting.pk}/cancel/")).status_code == 200
    response = client.post(_manage(branch, f"meetings/{meeting.pk}/cancel/"), {"reason": "Танхим завгүй"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.cancellation_reason == "Танхим завгүй"
    assert sorted(n for n in mailbox_tasks if n[0] == CANCELLED) == sorted(
        (CANCELLED, pk, "meeting_notice") for pk in people
    )
    actions = list(AuditEvent.objects.filter(actor=focal).values_list("action", flat=True).order_by("id"))
    assert actions == ["meeting.create", "meeting.publish", "meeting.change", "meeting.cancel"]


def test_bad_input_answers_400_with_the_form(client, focal, branch):
    client.force_login(focal)
    start = _local(5)
    response = client.post(
        _manage(branch, "meetings/new/"),
        _form(
            ends_at=start.strftime("%Y-%m-%dT%H:%M"),
            starts_at=start.strftime("%Y-%m-%dT%H:%M"),
            online_url="",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "ends_at" in errors and "online_url" in errors
    assert not Meeting.objects.filter(community=branch).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"capacity": "0"},
        {"capacity": "-3"},
        {"starts_at": "not a date"},
        {"starts_at": "99999-01-01T10:00"},
        {"mode": Meeting.Mode.IN_PERSON, "venue": ""},
        {"online_url": "javascript:alert(1)"},
        {"registration_opens_at": "2030-01-02T10:00", "registration_closes_at": "2030-01-01T10:00"},
        {"title_mn": "x" * 201},
    ],
)
def test_more_bad_input_is_400_and_saves_nothing(client, focal, branch, bad):
    client.force_login(focal)
    response = client.post(_manage(branch, "meetings/new/"), _form(**bad))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Meeting.objects.filter(community=branch).exists()


def test_bad_cancel_and_series_are_400(client, focal, branch):
    client.force_login(focal)
    meeting = MeetingFactory(community=branch)
    assert client.post(_manage(branch, f"meetings/{meeting.pk}/cancel/"), {"reason": "  "}).status_code == 400
    series = _manage(branch, f"meetings/{meeting.pk}/series/")
    assert client.post(series, {"count": 25, "nth": 1, "weekday": 0}).status_code == 400
    assert client.post(series, {"count": 2, "nth": 9, "weekday": 0}).status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert not Meeting.objects.filter(series_origin=meeting).exists()
    client.post(_manage(branch, f"meetings/{meeting.pk}/cancel/"), {"reason": "Танхим завгүй"})
    again = client.post(_manage(branch, f"meetings/{meeting.pk}/cancel/"), {"reason": "Дахин"})
    assert again.status_code == 400
    assert _shown(ERROR_ALREADY_CANCELLED) in again.content.decode()


def test_the_annual_convention_is_not_a_branch_format(client, focal, branch):
    client.force_login(focal)
    response = client.post(_manage(branch, "meetings/new/"), _form(format=Meeting.Format.CONVENTION))
    assert response.status_code == 400
    assert not Meeting.objects.filter(community=branch).exists()


def test_series_of_drafts(client, focal, branch):
    client.force_login(focal)
    meeting = MeetingFactory(community=branch)
    response = client.post(
        _manage(branch, f"meetings/{meeting.pk}/series/"), {"count": 3, "nth": 2, "weekday": 2}
    )
    assert response.status_code == 302
    drafts = Meeting.objects.filter(series_origin=meeting)
    assert drafts.count() == 3
    assert {m.community_id for m in drafts} == {branch.pk}
    assert {m.status for m in drafts} == {Meeting.Status.DRAFT}
    assert AuditEvent.objects.filter(actor=focal, action="meeting.schedule_series").count() == 1


@pytest.mark.parametrize("tail", ["edit/", "cancel/", "series/"])
def test_focal_person_cannot_touch_the_root_cops_or_another_branchs_meeting(client, focal, branch, tail):
    client.force_login(focal)
    root_meeting = MeetingFactory()  # the root CoP's
    other = CommunityFactory(parent=RootCommunityFactory())
    other_meeting = MeetingFactory(community=other)
    for meeting in (root_meeting, other_meeting):
        # Through the focal person's own branch pages: refused, not hidden.
        assert client.get(_manage(branch, f"meetings/{meeting.pk}/{tail}")).status_code == 403
    # Another branch's pages are refused with a message.
    response = client.get(_manage(other, f"meetings/{other_meeting.pk}/{tail}"))
    assert response.status_code == 403
    assert _shown(NOT_RUNNER) in response.content.decode()


def test_refused_writes_change_nothing(client, focal, branch):
    client.force_login(focal)
    root_meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    other_meeting = MeetingFactory(community=CommunityFactory(parent=RootCommunityFactory()))
    for meeting in (root_meeting, other_meeting):
        assert client.post(_manage(branch, f"meetings/{meeting.pk}/publish/")).status_code == 403
        assert (
            client.post(_manage(branch, f"meetings/{meeting.pk}/cancel/"), {"reason": "x"}).status_code == 403
        )
        assert client.post(_manage(branch, f"meetings/{meeting.pk}/edit/"), _form()).status_code == 403
    root_meeting.refresh_from_db()
    other_meeting.refresh_from_db()
    assert root_meeting.status == Meeting.Status.DRAFT
    assert other_meeting.status == Meeting.Status.PUBLISHED
    assert not AuditEvent.objects.filter(actor=focal).exists()


def test_the_services_refuse_a_branch_manager_outside_the_branch(focal, branch):
    from django.core.exceptions import PermissionDenied

    from meetings import services

    root_meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.meeting_publish(meeting=root_meeting, actor=focal)
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(meeting=root_meeting, actor=focal, reason="x")
    # Nor move a branch meeting into the root CoP, nor a root meeting into the branch.
    mine = MeetingFactory(community=branch)
    mine.community = root_meeting.community
    with pytest.raises(PermissionDenied):
        services.meeting_save(meeting=mine, actor=focal)
    root_meeting.community = branch
    with pytest.raises(PermissionDenied):
        services.meeting_save(meeting=root_meeting, actor=focal)


def test_a_coordinator_runs_any_branch(client, coordinator, branch):
    client.force_login(coordinator)
    meeting = MeetingFactory(community=branch, status=Meeting.Status.DRAFT)
    assert client.get(_manage(branch)).status_code == 200
    assert client.get(_manage(branch, f"meetings/{meeting.pk}/edit/")).status_code == 200
    assert client.post(_manage(branch, f"meetings/{meeting.pk}/publish/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    # A meeting of another CoP under this branch's address is a wrong address, not a refusal.
    assert client.get(_manage(branch, f"meetings/{MeetingFactory().pk}/edit/")).status_code == 404


def test_co_organisers_run_meetings_but_not_settings(client, focal, branch):
    helper = UserFactory()
    CommunityOrganiser.objects.create(community=branch, user=helper, added_by=focal)
    client.force_login(helper)
    assert client.get(_manage(branch)).status_code == 200
    assert client.post(_manage(branch, "meetings/new/"), _form()).status_code == 302
    assert client.get(_manage(branch, "settings/")).status_code == 403


def test_others_are_refused_and_unknown_branches_are_404(client, member, branch):
    assert client.get(_manage(branch)).status_code == 302  # sign in first
    client.force_login(member)
    response = client.get(_manage(branch))
    assert response.status_code == 403
    assert _shown(NOT_RUNNER) in response.content.decode()
    assert client.get("/branches/no-such-branch/manage/").status_code == 404
    assert client.get(f"/branches/{RootCommunityFactory().slug}/manage/").status_code == 404


# --- review ---------------------------------------------------------------------------------------


def test_review_flow(client, focal, branch, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    branch.meetings_reviewed = True
    branch.save()
    meeting = MeetingFactory(community=branch, status=Meeting.Status.DRAFT, published_at=None)
    client.force_login(focal)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_manage(branch, f"meetings/{meeting.pk}/publish/"), follow=True)
    assert _shown(SUBMITTED) in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.REVIEW
    assert meeting.published_at is None
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert f"/branches/{branch.slug}/manage/" in mailoutbox[0].body
    # Kept out of everything public, and of the feed.
    assert meeting.title_mn not in client.get("/meetings/").content.decode()
    assert meeting.title_mn not in client.get("/meetings/calendar.ics").content.decode()
    client.logout()
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    # A second publish by the branch changes nothing and sends nothing.
    client.force_login(focal)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_manage(branch, f"meetings/{meeting.pk}/publish/"))
    assert len(mailoutbox) == 1
    # The coordinator sees it waiting and publishes it.
    client.force_login(coordinator)
    page = client.get(_manage(branch, "?when=review")).content.decode()
    assert meeting.title_mn in page and 'data-testid="publish"' in page
    assert client.post(_manage(branch, f"meetings/{meeting.pk}/publish/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    events = AuditEvent.objects.filter(object_id=str(meeting.pk)).order_by("id")
    assert [(e.actor_id, e.action) for e in events] == [
        (focal.pk, "meeting.submit_for_review"),
        (coordinator.pk, "meeting.publish"),
    ]


def test_save_and_publish_under_review_submits(client, focal, branch):
    branch.meetings_reviewed = True
    branch.save()
    client.force_login(focal)
    assert client.post(_manage(branch, "meetings/new/"), {**_form(), "publish": "1"}).status_code == 302
    assert Meeting.objects.get(community=branch).status == Meeting.Status.REVIEW


def test_the_admin_publishes_a_meeting_awaiting_review(client, coordinator, branch):
    from meetings import services

    meeting = MeetingFactory(community=branch, status=Meeting.Status.REVIEW, published_at=None)
    assert services.meeting_publish(meeting=meeting, actor=coordinator) is True
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_at is not None


# --- settings ------------------------------------------------------------------------------------


def test_focal_person_switches_review_and_names_co_organisers(client, focal, branch):
    client.force_login(focal)
    assert client.get(_manage(branch, "settings/")).status_code == 200
    assert (
        client.post(
            _manage(branch, "settings/"), {"action": "settings", "meetings_reviewed": "on"}
        ).status_code
        == 302
    )
    branch.refresh_from_db()
    assert branch.meetings_reviewed is True

    helpers = UserFactory.create_batch(6)
    for person in helpers[:5]:
        response = client.post(_manage(branch, "settings/"), {"action": "add", "email": person.email.upper()})
        assert response.status_code == 302
    response = client.post(_manage(branch, "settings/"), {"action": "add", "email": helpers[5].email})
    assert response.status_code == 400
    assert _shown(ORGANISERS_FULL, max=5) in response.content.decode()
    assert CommunityOrganiser.objects.filter(community=branch).count() == 5

    response = client.post(_manage(branch, "settings/"), {"action": "remove", "user": str(helpers[0].pk)})
    assert response.status_code == 302
    assert not CommunityOrganiser.objects.filter(community=branch, user=helpers[0]).exists()
    actions = sorted(set(AuditEvent.objects.filter(actor=focal).values_list("action", flat=True)))
    assert actions == ["branch.organiser_add", "branch.organiser_remove", "branch.settings"]


@pytest.mark.parametrize("who", ["applicant", "unknown", "focal"])
def test_only_approved_members_become_co_organisers(client, focal, branch, applicant, who):
    email = {"applicant": applicant.email, "unknown": "nobody@example.mn", "focal": focal.email}[who]
    client.force_login(focal)
    response = client.post(_manage(branch, "settings/"), {"action": "add", "email": email})
    assert response.status_code == 400
    assert not CommunityOrganiser.objects.filter(community=branch).exists()


def test_bad_remove_is_400(client, focal, branch):
    client.force_login(focal)
    assert client.post(_manage(branch, "settings/"), {"action": "remove", "user": "abc"}).status_code == 400
    assert client.post(_manage(branch, "settings/"), {"action": "nonsense"}).status_code == 400


# --- query counts at two data sizes -------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 60])
def test_manage_pages_query_counts(client, focal, branch, django_assert_max_num_queries, size):
    start = timezone.now() + dt.timedelta(days=2)
    meetings = Meeting.objects.bulk_create(
        MeetingFactory.build(
            community=branch,
            host_organisation=branch.host_organisation,
            starts_at=start + dt.timedelta(hours=i),
            ends_at=start + dt.timedelta(hours=i + 1),
            status=[Meeting.Status.DRAFT, Meeting.Status.PUBLISHED, Meeting.Status.REVIEW][i % 3],
        )
        for i in range(size)
    )
    RegistrationFactory.create_batch(3, meeting=meetings[0])
    for person in UserFactory.create_batch(min(size, 5)):
        CommunityOrganiser.objects.create(community=branch, user=person)
    for person in UserFactory.create_batch(size):
        CommunityMembership.objects.create(community=branch, user=person)
    client.force_login(focal)
    # Session, user, branch, its organisers, the page's own reads; never one per meeting.
    pages = {
        _manage(branch): 9,
        _manage(branch, "?when=past"): 9,
        _manage(branch, "?when=review&page=2"): 9,
        _manage(branch, "settings/"): 7,  # and the members a co-organiser is chosen from
        _manage(branch, "meetings/new/"): 5,
        _manage(branch, f"meetings/{meetings[0].pk}/edit/"): 8,
        _manage(branch, f"meetings/{meetings[0].pk}/cancel/"): 8,
        _manage(branch, f"meetings/{meetings[0].pk}/series/"): 8,
    }
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_accepting_a_proposal_with_a_meeting_respects_review(
    focal, branch, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    from proposals import services as proposal_services
    from tests.factories import ProposalFactory

    branch.meetings_reviewed = True
    branch.save()
    proposal = ProposalFactory(community=branch)
    start = timezone.now() + dt.timedelta(days=9)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = proposal_services.proposal_accept_with_meeting(
            proposal=proposal,
            actor=focal,
            title_mn="Саналаас",
            format=Meeting.Format.TRAINING,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
        )
    assert meeting.status == Meeting.Status.REVIEW and meeting.published_at is None
    assert coordinator.email in [m.to[0] for m in mailoutbox]


def test_each_meeting_card_links_to_its_own_pages(client, focal, branch):
    """Registrations, materials and minutes for every meeting; attendance once it has started."""
    ahead = MeetingFactory(community=branch, host_organisation=branch.host_organisation, starts_at=_local(3))
    started = MeetingFactory(
        community=branch,
        host_organisation=branch.host_organisation,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2),
    )
    client.force_login(focal)
    for meeting, when in ((ahead, "upcoming"), (started, "past")):
        page = client.get(_manage(branch, f"?when={when}")).content.decode()
        base = f"/branches/{branch.slug}/manage/meetings/{meeting.pk}/"
        for tail in ("registrations/", "materials/", "minutes/"):
            assert f'href="{base}{tail}"' in page, (when, tail)
        assert (f'href="{base}attendance/"' in page) is (meeting is started), when


def test_co_organisers_are_chosen_from_the_branch_members(
    client, focal, branch, django_assert_max_num_queries
):
    joined = UserFactory(full_name="Сайхан Гишүүн")
    outsider = UserFactory(full_name="Гадны Хүн")
    CommunityMembership.objects.create(community=branch, user=joined)
    CommunityMembership.objects.create(community=branch, user=focal)
    client.force_login(focal)
    page = client.get(_manage(branch, "settings/")).content.decode()
    options = page.split('name="user"', 1)[1].split("</select>", 1)[0]
    assert f'value="{joined.pk}"' in options and "Сайхан Гишүүн" in options
    assert f'value="{outsider.pk}"' not in options and f'value="{focal.pk}"' not in options
    assert client.post(_manage(branch, "settings/"), {"action": "add", "user": joined.pk}).status_code == 302
    assert CommunityOrganiser.objects.filter(community=branch, user=joined).exists()
    # Someone outside the branch cannot be slipped in through the list.
    response = client.post(_manage(branch, "settings/"), {"action": "add", "user": outsider.pk})
    assert response.status_code == 400
    # Neither both nor none.
    response = client.post(_manage(branch, "settings/"), {"action": "add"})
    assert response.status_code == 400 and _shown(ERROR_ORGANISER_ONE) in response.content.decode()


def test_a_second_identical_meeting_is_questioned_first(client, focal, branch):
    client.force_login(focal)
    assert client.post(_manage(branch, "meetings/new/"), _form()).status_code == 302
    again = client.post(_manage(branch, "meetings/new/"), _form())
    assert again.status_code == 409 and 'data-testid="duplicate-warning"' in again.content.decode()
    assert Meeting.objects.filter(community=branch).count() == 1
    # The same title another day is asked about too; a different meeting is not.
    other_day = _form(
        starts_at=_local(20).strftime("%Y-%m-%dT%H:%M"), ends_at=_local(22).strftime("%Y-%m-%dT%H:%M")
    )
    assert client.post(_manage(branch, "meetings/new/"), other_day).status_code == 409
    different = {**other_day, "title_mn": "Өөр сэдэв"}
    assert client.post(_manage(branch, "meetings/new/"), different).status_code == 302
    anyway = client.post(_manage(branch, "meetings/new/"), {**_form(), "duplicate_ok": "yes"})
    assert anyway.status_code == 302
    assert Meeting.objects.filter(community=branch).count() == 3
