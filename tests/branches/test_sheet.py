"""A branch meeting's own pages: its focal person runs them on the site (registrations and
CSV, attendance with walk-ins, materials, minutes); another branch's focal person and a plain
member are refused; a coordinator may; every write is audited; queries stay bounded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cop_portal.audit import AuditEvent
from cop_portal.csv import BOM
from meetings.exports import CSV_YES, PERSON_COLUMNS
from meetings.models import Attendance, Material, Meeting, Registration
from meetings.services._common import ERROR_ATTENDANCE_TOO_EARLY
from members.models import User
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    OrganisationFactory,
    PastMeetingFactory,
    RegistrationFactory,
    RootCommunityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%minutes annex\n"
PAGES = ("registrations", "registrations.csv", "attendance", "materials", "minutes")


@pytest.fixture
def focal():
    return UserFactory(full_name="Төвийн Болд")


@pytest.fixture
def branch(focal):
    return CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)


@pytest.fixture
def meeting(branch):
    return PastMeetingFactory(community=branch)


def url(meeting, page, slug=None):
    return f"/branches/{slug or meeting.community.slug}/manage/meetings/{meeting.pk}/{page}" + (
        "" if page.endswith(".csv") else "/"
    )


def _actions(meeting) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(meeting.pk)).order_by("id").values_list("action", flat=True)
    )


def test_focal_person_takes_attendance_with_a_walk_in(client, focal, meeting, organisation):
    came, missed = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    client.force_login(focal)
    page = client.get(url(meeting, "attendance"))
    assert page.status_code == 200 and came.user.get_full_name() in page.content.decode()

    response = client.post(
        url(meeting, "attendance"),
        {"action": "sheet", "shown": [came.user_id, missed.user_id], "present": [came.user_id]},
    )
    assert response.status_code == 302
    assert set(Attendance.objects.values_list("user_id", flat=True)) == {came.user_id}

    response = client.post(
        url(meeting, "attendance"),
        {"action": "walk_in", "full_name": "Зочин Сараа", "organisation": organisation.pk},
    )
    assert response.status_code == 302
    walk_in = Attendance.objects.get(is_walk_in=True)
    assert (walk_in.full_name, walk_in.organisation_id, walk_in.recorded_by_id) == (
        "Зочин Сараа",
        organisation.pk,
        focal.pk,
    )
    assert _actions(meeting) == ["attendance.sheet", "attendance.walk_in"]


def test_saving_one_page_of_the_sheet_leaves_the_other_pages_alone(client, focal, meeting):
    on_page, elsewhere = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    Attendance.objects.create(meeting=meeting, user=elsewhere.user, full_name="x", registration=elsewhere)
    client.force_login(focal)
    client.post(url(meeting, "attendance"), {"action": "sheet", "shown": [on_page.user_id], "present": []})
    assert Attendance.objects.filter(user=elsewhere.user).exists()
    client.post(url(meeting, "attendance"), {"action": "sheet", "shown": [elsewhere.user_id]})
    assert not Attendance.objects.exists()


def test_attendance_before_the_meeting_is_a_clear_400(client, focal, branch):
    upcoming = MeetingFactory(community=branch)
    client.force_login(focal)
    response = client.post(url(upcoming, "attendance"), {"action": "sheet"})
    with translation.override("mn"):  # the site speaks Mongolian unless told otherwise
        message = str(ERROR_ATTENDANCE_TOO_EARLY)
    assert response.status_code == 400 and message in response.content.decode()


def test_focal_person_uploads_and_removes_a_material(
    client, focal, meeting, django_capture_on_commit_callbacks
):
    client.force_login(focal)
    response = client.post(
        url(meeting, "materials"),
        {
            "action": "add",
            "title": "Хавсралт",
            "members_only": "on",
            "file": SimpleUploadedFile("annex.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.title, material.members_only, material.uploaded_by_id) == ("Хавсралт", True, focal.pk)
    stored = material.file.name
    assert material.file.storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(meeting, "materials"), {"action": "remove", "material": material.pk})
    assert response.status_code == 302 and not Material.objects.exists()
    assert not material.file.storage.exists(stored)
    assert _actions(meeting) == ["meeting.material_add", "meeting.material_remove"]


def test_a_forged_upload_is_refused_with_a_message(client, focal, meeting):
    client.force_login(focal)
    response = client.post(
        url(meeting, "materials"),
        {"action": "add", "title": "x", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00not a pdf")},
    )
    assert response.status_code == 400 and not Material.objects.exists()


def test_another_meetings_material_cannot_be_removed_from_here(client, focal, meeting, branch):
    other = PastMeetingFactory(community=branch)
    material = Material.objects.create(
        meeting=other, title="x", file=SimpleUploadedFile("x.pdf", PDF, "application/pdf")
    )
    client.force_login(focal)
    assert (
        client.post(url(meeting, "materials"), {"action": "remove", "material": material.pk}).status_code
        == 404
    )
    assert client.post(url(meeting, "materials"), {"action": "remove", "material": "x"}).status_code == 404
    assert Material.objects.filter(pk=material.pk).exists()


def test_focal_person_publishes_minutes(client, focal, meeting):
    client.force_login(focal)
    assert client.post(url(meeting, "minutes"), {"minutes_mn": " ", "minutes_en": ""}).status_code == 400
    response = client.post(
        url(meeting, "minutes"), {"minutes_mn": "Шийдвэр: дараагийн уулзалт", "minutes_en": ""}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_mn == "Шийдвэр: дараагийн уулзалт" and meeting.minutes_published_at is not None
    first = meeting.minutes_published_at
    client.post(url(meeting, "minutes"), {"minutes_mn": "Засвар", "minutes_en": "Edited"})
    meeting.refresh_from_db()
    assert (meeting.minutes_en, meeting.minutes_published_at) == ("Edited", first)
    assert _actions(meeting) == ["meeting.minutes_publish", "meeting.minutes_publish"]
    assert "Засвар" in client.get(meeting.get_absolute_url()).content.decode()


def test_registrations_page_and_csv_respect_privacy(client, focal, meeting):
    shown = UserFactory(full_name="=HYPERLINK(1)", contact_visible=True, gender=User.Gender.WOMAN)
    hidden = UserFactory(full_name="Нууц Хүн", contact_visible=False)
    RegistrationFactory(meeting=meeting, user=shown)
    RegistrationFactory(meeting=meeting, user=hidden, status=Registration.Status.WAITLISTED)
    Attendance.objects.create(meeting=meeting, full_name="Зочин", is_walk_in=True)
    client.force_login(focal)

    page = client.get(url(meeting, "registrations")).content.decode()
    assert shown.email in page and hidden.get_full_name() not in page
    waitlist = client.get(url(meeting, "registrations") + "?status=waitlisted").content.decode()
    assert hidden.get_full_name() in waitlist and hidden.email not in waitlist

    response = client.get(url(meeting, "registrations.csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith(BOM)
    lines = body[1:].splitlines()
    with translation.override("mn"):  # headings and values in the reader's language
        assert lines[0] == ",".join(str(h) for h in PERSON_COLUMNS) and "Нэр" in lines[0]
        yes = str(CSV_YES)
    assert "'=HYPERLINK(1)" in body and shown.email in body
    assert hidden.email not in body and "Нууц Хүн" in body
    assert "gender" not in lines[0] and "woman" not in body and "waitlisted" not in body
    assert any(line.startswith("Зочин,") and line.endswith(f",{yes},{yes}") for line in lines)


@pytest.mark.parametrize("page", PAGES)
def test_focal_person_of_another_branch_and_a_member_are_refused(client, meeting, page):
    other_focal = UserFactory()
    CommunityFactory(parent=RootCommunityFactory(), focal_person=other_focal)
    for person in (other_focal, UserFactory()):
        client.force_login(person)
        assert client.get(url(meeting, page)).status_code == 403
    assert client.post(url(meeting, "minutes"), {"minutes_mn": "x"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes_mn == "" and _actions(meeting) == []


def test_another_branchs_focal_person_cannot_post_attendance(client, meeting):
    registration = RegistrationFactory(meeting=meeting)
    other_focal = UserFactory()
    CommunityFactory(parent=RootCommunityFactory(), focal_person=other_focal)
    client.force_login(other_focal)
    data = {"action": "sheet", "shown": [registration.user_id], "present": [registration.user_id]}
    assert client.post(url(meeting, "attendance"), data).status_code == 403
    assert not Attendance.objects.exists()


def test_slug_of_another_cop_answers_404(client, focal, meeting):
    elsewhere = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    client.force_login(focal)
    assert client.get(url(meeting, "attendance", slug=elsewhere.slug)).status_code == 404


def test_visitor_is_sent_to_sign_in(client, meeting):
    assert client.get(url(meeting, "attendance")).status_code == 302


@pytest.mark.parametrize("page", PAGES)
def test_coordinator_may_run_a_branch_meeting(client, coordinator, meeting, page):
    client.force_login(coordinator)
    assert client.get(url(meeting, page)).status_code == 200


def test_co_organiser_may_run_the_meeting(client, meeting):
    from members.models import CommunityOrganiser

    helper = UserFactory()
    CommunityOrganiser.objects.create(community=meeting.community, user=helper)
    client.force_login(helper)
    assert client.get(url(meeting, "minutes")).status_code == 200


# --- queries at two data sizes ----------------------------------------------------------------


def _crowd(meeting: Meeting, n: int) -> None:
    org = OrganisationFactory()
    users = User.objects.bulk_create(
        User(
            organisation=org,
            email=f"crowd{i}@example.mn",
            full_name=f"Олон {i}",
            status=User.Status.APPROVED,
            calendar_token=f"crowd-{i}",
            contact_visible=bool(i % 2),
        )
        for i in range(n)
    )
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            user=u,
            status=Registration.Status.WAITLISTED if i % 3 == 0 else Registration.Status.CONFIRMED,
            queued_at=now - dt.timedelta(minutes=i),
        )
        for i, u in enumerate(users)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user=u, full_name=u.full_name) for u in users[::2]
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, full_name=f"Зочин {i}", is_walk_in=True) for i in range(5)
    )
    Material.objects.bulk_create(
        Material(
            meeting=meeting, title=f"Файл {i}", file=f"meetings/materials/x/{i}.pdf", uploaded_by=users[i]
        )
        for i in range(min(n, 30))
    )


@pytest.mark.parametrize("rows", [10, 600])
@pytest.mark.parametrize(
    ("page", "budget"),
    [("registrations", 8), ("attendance", 9), ("materials", 7), ("minutes", 5), ("registrations.csv", 7)],
)
def test_pages_keep_a_fixed_number_of_queries(
    client, focal, meeting, django_assert_max_num_queries, rows, page, budget
):
    _crowd(meeting, rows)
    client.force_login(focal)
    with django_assert_max_num_queries(budget):
        response = client.get(url(meeting, page))
    assert response.status_code == 200


def test_meeting_page_links_the_people_who_run_it_to_these_pages(client, focal, meeting):
    client.force_login(focal)
    assert url(meeting, "registrations") in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert 'data-testid="run-meeting"' not in client.get(meeting.get_absolute_url()).content.decode()


def test_the_material_form_states_its_limits_before_a_file_is_chosen(client, focal, meeting, settings):
    settings.COP_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    client.force_login(focal)
    page = client.get(url(meeting, "materials")).content.decode()
    assert "10 МБ" in page or "10 MB" in page
    assert 'accept=".' in page and ".pdf" in page
