import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import Attendance, Material, Meeting, Registration
from tests.factories import MeetingFactory, PastMeetingFactory, RegistrationFactory, SiteVisitFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/meetings/meeting/"


def _action(client, action, meetings, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [m.pk for m in meetings], **extra}
    return client.post(CHANGELIST, data)


@pytest.fixture
def admin_client_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def test_meeting_changelist_for_coordinator(admin_client_coordinator, meeting):
    response = admin_client_coordinator.get(CHANGELIST + "?format__exact=training&status__exact=published")
    assert response.status_code == 200
    assert meeting.title_mn in response.content.decode()


def test_meeting_changelist_refused_to_member(client, member):
    client.force_login(member)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_publish_action(admin_client_coordinator):
    draft = MeetingFactory(status=Meeting.Status.DRAFT, published_at=None)
    _action(admin_client_coordinator, "publish", [draft])
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.PUBLISHED


def test_cancel_action_asks_for_reason_first(admin_client_coordinator, meeting):
    response = _action(admin_client_coordinator, "cancel_with_notice", [meeting])
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


def test_cancel_action_with_reason_cancels(admin_client_coordinator, meeting, mailbox_tasks):
    RegistrationFactory(meeting=meeting)
    _action(admin_client_coordinator, "cancel_with_notice", [meeting], apply="1", reason="Цасан шуурга")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancellation_reason) == (Meeting.Status.CANCELLED, "Цасан шуурга")
    assert len(mailbox_tasks) == 1


def test_duplicate_action(admin_client_coordinator, meeting):
    _action(admin_client_coordinator, "duplicate", [meeting])
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT, title_mn=meeting.title_mn).count() == 1


def test_schedule_series_action(admin_client_coordinator):
    tz = timezone.get_current_timezone()
    starts = timezone.make_aware(dt.datetime(2026, 12, 8, 14), tz)
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    _action(
        admin_client_coordinator, "schedule_series", [meeting], apply="1", count="3", nth="2", weekday="1"
    )
    assert meeting.series_meetings.count() == 3


def test_mark_confirmed_attended_action(admin_client_coordinator):
    meeting = PastMeetingFactory()
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=Registration.Status.WAITLISTED)
    _action(admin_client_coordinator, "mark_confirmed_attended", [meeting])
    assert Attendance.objects.filter(meeting=meeting).count() == 2


def test_registration_mark_attended_action(admin_client_coordinator):
    meeting = PastMeetingFactory()
    registration = RegistrationFactory(meeting=meeting)
    admin_client_coordinator.post(
        "/admin/meetings/registration/",
        {"action": "mark_attended", ACTION_CHECKBOX_NAME: [registration.pk]},
    )
    assert Attendance.objects.get().user_id == registration.user_id


def test_export_csv_action(admin_client_coordinator):
    meeting = PastMeetingFactory()
    came = RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting)
    Attendance.objects.create(meeting=meeting, user=came.user, full_name=came.user.full_name)
    Attendance.objects.create(meeting=meeting, full_name="Зочин", is_walk_in=True)
    response = _action(admin_client_coordinator, "export_csv", [meeting])
    rows = response.content.decode("utf-8-sig").strip().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 1 + 3
    yes = "тийм"  # the back office speaks Mongolian unless told otherwise
    assert sum(row.endswith(f",{yes},{yes}") for row in rows) == 1


def test_admin_material_upload_with_forged_extension_shows_message(admin_client_coordinator, meeting):
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    form = admin_client_coordinator.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "starts_at_0": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d"),
            "starts_at_1": timezone.localtime(meeting.starts_at).strftime("%H:%M:%S"),
            "ends_at_0": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%d"),
            "ends_at_1": timezone.localtime(meeting.ends_at).strftime("%H:%M:%S"),
            "community": meeting.community_id,
            "host_organisation": meeting.host_organisation_id,
            "agenda_items-TOTAL_FORMS": "0",
            "agenda_items-INITIAL_FORMS": "0",
            "materials-TOTAL_FORMS": "1",
            "materials-INITIAL_FORMS": "0",
            "materials-0-title": "Хөтөлбөр",
            "materials-0-file": SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00binary" + b"\x00" * 100),
        }
    )
    data.pop("registration_opens_at", None)
    data.pop("registration_closes_at", None)
    data.pop("published_at", None)
    data.pop("minutes_published_at", None)
    response = admin_client_coordinator.post(url, data)
    assert response.status_code == 200
    assert not Material.objects.exists()
    errors = " ".join(
        str(e) for f in response.context["inline_admin_formsets"][1].formset.errors for e in f.values()
    )
    assert errors


def test_export_csv_defuses_formulas(admin_client_coordinator):
    meeting = PastMeetingFactory(title_mn="=HYPERLINK(1)")
    RegistrationFactory(meeting=meeting)
    response = _action(admin_client_coordinator, "export_csv", [meeting])
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


def test_back_office_file_fields_state_their_limits(admin_client_coordinator, meeting, settings):
    settings.COP_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    page = admin_client_coordinator.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    assert "10 МБ" in page or "10 MB" in page
    visit = SiteVisitFactory()
    page = admin_client_coordinator.get(f"/admin/meetings/sitevisit/{visit.pk}/change/").content.decode()
    assert page.count("10 МБ") + page.count("10 MB") >= 2  # the report file and the photos
