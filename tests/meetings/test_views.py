import datetime as dt

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, ConventionReport, Meeting, Registration
from members.models import Province
from tests.factories import (
    ActionFactory,
    ApplicantFactory,
    MeetingFactory,
    PastMeetingFactory,
    RegistrationFactory,
    SiteVisitFactory,
    SiteVisitOutcomeFactory,
    UserFactory,
)
from tests.meetings.utils import shown

pytestmark = pytest.mark.django_db


def test_meeting_list_shows_upcoming_not_drafts_or_past(client):
    upcoming = MeetingFactory(title_mn="Ирэх сургалт")
    MeetingFactory(title_mn="Ноорог-X17", status=Meeting.Status.DRAFT)
    PastMeetingFactory(title_mn="Өнгөрсөн-X18")
    body = client.get("/meetings/").content.decode()
    assert upcoming.title_mn in body
    assert "Ноорог-X17" not in body and "Өнгөрсөн-X18" not in body


def test_meeting_list_past_tab(client):
    PastMeetingFactory(title_mn="Өнгөрсөн")
    assert "Өнгөрсөн" in client.get("/meetings/?when=past").content.decode()


def test_meeting_list_filters_by_format(client):
    MeetingFactory(title_mn="Сургалт", format=Meeting.Format.TRAINING)
    MeetingFactory(title_mn="Хэлэлцүүлэг", format=Meeting.Format.PUBLIC_PANEL)
    body = client.get("/meetings/?format=training").content.decode()
    assert "Сургалт" in body and "Хэлэлцүүлэг" not in body


def test_meeting_list_ignores_unknown_filter_values(client):
    training = MeetingFactory(title_mn="Сургалт", format=Meeting.Format.TRAINING)
    panel = MeetingFactory(title_mn="Хэлэлцүүлэг", format=Meeting.Format.PUBLIC_PANEL)
    response = client.get("/meetings/?format=nonsense&page=1")
    assert response.status_code == 200
    # A stale link's unknown format narrows nothing: both meetings are listed, as with no filter.
    assert set(response.context["meetings"]) == {training, panel}
    body = response.content.decode()
    assert training.title_mn in body and panel.title_mn in body


def test_meeting_list_drops_only_the_unknown_filter(client):
    here = MeetingFactory(title_mn="Дорнод", province=Province.DORNOD)
    MeetingFactory(title_mn="Улаанбаатар", province=Province.ULAANBAATAR)
    response = client.get(f"/meetings/?format=nonsense&province={Province.DORNOD}")
    assert response.status_code == 200
    assert list(response.context["meetings"]) == [here]


def test_meeting_list_bad_page_is_404(client):
    assert client.get("/meetings/?page=999").status_code == 404


def test_meeting_detail_hides_online_link_from_visitor(client, meeting):
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert meeting.online_url not in body


def test_meeting_detail_shows_online_link_to_confirmed(client, meeting, member):
    RegistrationFactory(meeting=meeting, user=member)
    client.force_login(member)
    assert meeting.online_url in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_meeting_detail_draft_is_404_for_member(client, member):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(member)
    assert client.get(f"/meetings/{draft.pk}/").status_code == 404


def test_meeting_detail_draft_is_visible_to_coordinator(client, coordinator):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(coordinator)
    assert client.get(f"/meetings/{draft.pk}/").status_code == 200


def test_meeting_detail_shows_waitlist_position(client, member):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    services.rsvp_create(meeting=meeting, user=member, actor=member)
    client.force_login(member)
    assert client.get(f"/meetings/{meeting.pk}/").context["waitlist_position"] == 1


def test_meeting_detail_shows_attendance_count_after_meeting(client):
    meeting = PastMeetingFactory()
    Attendance.objects.create(meeting=meeting, full_name="Зочин")
    response = client.get(f"/meetings/{meeting.pk}/")
    assert response.context["meeting"].attendance_count == 1
    # A visitor reads it rounded (tests/meetings/test_public_counts.py): 1 person reads 0 or 5.
    assert response.context["counts"].rounded and response.context["counts"].attended in (0, 5)
    assert 'data-testid="attendance-count" data-rounded="true">' in response.content.decode()


def test_rsvp_post_registers_member(client, meeting, member):
    client.force_login(member)
    response = client.post(f"/meetings/{meeting.pk}/register/")
    assert response.status_code == 302
    assert Registration.objects.get(meeting=meeting, user=member).status == Registration.Status.CONFIRMED


def test_rsvp_post_double_submit_gives_one_registration(client, meeting, member):
    client.force_login(member)
    client.post(f"/meetings/{meeting.pk}/register/")
    client.post(f"/meetings/{meeting.pk}/register/")
    assert Registration.objects.filter(meeting=meeting, user=member).count() == 1


def test_rsvp_post_anonymous_redirects_to_login(client, meeting):
    response = client.post(f"/meetings/{meeting.pk}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_rsvp_post_applicant_is_refused_with_message(client, meeting):
    applicant = ApplicantFactory()
    client.force_login(applicant)
    response = client.post(f"/meetings/{meeting.pk}/register/")
    assert response.status_code == 403
    assert shown(services.ERROR_NOT_MEMBER) in response.content.decode()
    assert not Registration.objects.exists()


def test_rsvp_post_closed_meeting_redirects_with_message(client, member):
    meeting = PastMeetingFactory()
    client.force_login(member)
    response = client.post(f"/meetings/{meeting.pk}/register/", follow=True)
    assert shown(services.ERROR_REGISTRATION_CLOSED) in response.content.decode()
    assert not Registration.objects.exists()


def test_rsvp_get_is_not_allowed(client, meeting, member):
    client.force_login(member)
    assert client.get(f"/meetings/{meeting.pk}/register/").status_code == 405


def test_rsvp_cancel_post(client, meeting, member):
    RegistrationFactory(meeting=meeting, user=member)
    client.force_login(member)
    client.post(f"/meetings/{meeting.pk}/cancel/", {"confirm": "yes"})
    assert Registration.objects.get(meeting=meeting, user=member).status == Registration.Status.CANCELLED


def test_rsvp_cancel_without_registration_is_harmless(client, meeting, member):
    client.force_login(member)
    response = client.post(f"/meetings/{meeting.pk}/cancel/", {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_my_meetings_lists_only_mine(client, member):
    mine = RegistrationFactory(user=member)
    RegistrationFactory()
    client.force_login(member)
    response = client.get("/meetings/mine/")
    assert [r.pk for r in response.context["upcoming"]] == [mine.pk]
    assert list(response.context["past"]) == []


def test_my_meetings_requires_login(client):
    assert client.get("/meetings/mine/").status_code == 302


def test_attendance_sheet_refused_to_member(client, member):
    meeting = PastMeetingFactory()
    client.force_login(member)
    assert client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 403


def test_attendance_sheet_allowed_to_organiser(client, member):
    meeting = PastMeetingFactory(organiser=member)
    client.force_login(member)
    assert client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 200


def test_attendance_sheet_post_records_ticked(client, coordinator):
    meeting = PastMeetingFactory()
    came, absent = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    client.force_login(coordinator)
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/", {"action": "sheet", "present": [came.user_id]}
    )
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [came.user_id]
    assert absent.user_id not in Attendance.objects.values_list("user_id", flat=True)


def test_attendance_sheet_walk_in_guest(client, coordinator, organisation):
    meeting = PastMeetingFactory()
    client.force_login(coordinator)
    client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"action": "walk_in", "full_name": "Зочин Сараа", "organisation": organisation.pk, "gender": "woman"},
    )
    attendance = Attendance.objects.get()
    assert (attendance.full_name, attendance.is_walk_in, attendance.organisation_id) == (
        "Зочин Сараа",
        True,
        organisation.pk,
    )


def test_attendance_sheet_walk_in_without_name_is_400(client, coordinator):
    meeting = PastMeetingFactory()
    client.force_login(coordinator)
    response = client.post(f"/meetings/{meeting.pk}/attendance/", {"action": "walk_in"})
    assert response.status_code == 400
    assert shown(services.ERROR_WALK_IN_NAME) in response.content.decode()


def test_attendance_sheet_too_early_is_400(client, coordinator, meeting):
    client.force_login(coordinator)
    response = client.post(f"/meetings/{meeting.pk}/attendance/", {"action": "sheet"})
    assert response.status_code == 400


def test_visit_list_and_detail_show_counted_outcomes(client):
    outcome = SiteVisitOutcomeFactory()
    assert "220" in client.get("/visits/").content.decode()
    body = client.get(f"/visits/{outcome.visit.pk}/").content.decode()
    assert "Мод тарих суулгац" in body and "220" in body


def test_visit_of_draft_meeting_is_404(client):
    visit = SiteVisitFactory(meeting__status=Meeting.Status.DRAFT)
    assert client.get(f"/visits/{visit.pk}/").status_code == 404


def test_site_visit_appears_in_meeting_list(client):
    visit = SiteVisitFactory(meeting__starts_at=timezone.now() + dt.timedelta(days=3))
    body = client.get("/meetings/?format=site_visit").content.decode()
    assert visit.meeting.title_mn in body


def _convention(year=2019):
    tz = timezone.get_current_timezone()
    starts = timezone.make_aware(dt.datetime(year, 6, 20, 9, 0), tz)
    return MeetingFactory(
        format=Meeting.Format.CONVENTION, starts_at=starts, ends_at=starts + dt.timedelta(hours=8)
    )


def test_convention_page_shows_accepted_reports_and_joint_plan(client, organisation):
    convention = _convention()
    ConventionReport.objects.create(
        convention=convention, organisation=organisation, achievements="Хүлээн авсан", status="accepted"
    )
    ConventionReport.objects.create(
        convention=convention, organisation=UserFactory().organisation, achievements="Ноорог тайлан"
    )
    ActionFactory(
        meeting=convention, source="joint_plan", title="Хамтарсан сургалт", organisations=[organisation]
    )
    body = client.get("/convention/2019/").content.decode()
    assert "Хүлээн авсан" in body and "Хамтарсан сургалт" in body
    assert "Ноорог тайлан" not in body


def test_convention_unknown_year_is_404(client):
    assert client.get("/convention/1999/").status_code == 404


def test_convention_report_form_refused_to_plain_member(client, member):
    _convention(timezone.localtime().year + 1)
    client.force_login(member)
    assert client.get(f"/convention/{timezone.localtime().year + 1}/report/").status_code == 403


def test_convention_report_form_submit_by_contact(client):
    year = timezone.localtime().year + 1
    convention = _convention(year)
    contact = UserFactory(is_organisation_contact=True)
    client.force_login(contact)
    response = client.post(f"/convention/{year}/report/", {"achievements": "Амжилт", "submit": "1"})
    assert response.status_code == 302
    report = ConventionReport.objects.get(convention=convention)
    assert (report.status, report.achievements) == (ConventionReport.Status.SUBMITTED, "Амжилт")


def test_visit_list_upcoming_tab_hides_past_visits(client):
    past = SiteVisitFactory(meeting__title_mn="Өнгөрсөн айлчлал X1")
    upcoming = SiteVisitFactory(
        meeting__title_mn="Ирэх айлчлал X2",
        meeting__starts_at=timezone.now() + dt.timedelta(days=9),
    )
    body = client.get("/visits/?when=upcoming").content.decode()
    assert upcoming.meeting.title_mn in body and past.meeting.title_mn not in body


def test_visit_participant_names_are_for_members_only(client, member):
    visit = SiteVisitFactory()
    Attendance.objects.create(
        meeting=visit.meeting, full_name="Нууц Нэр Q7", organisation=member.organisation
    )
    assert "Нууц Нэр Q7" not in client.get(f"/visits/{visit.pk}/").content.decode()
    assert member.organisation.name_mn in client.get(f"/visits/{visit.pk}/").content.decode()
    client.force_login(member)
    assert "Нууц Нэр Q7" in client.get(f"/visits/{visit.pk}/").content.decode()


def test_convention_meeting_links_to_its_convention_page(client):
    convention = _convention()
    assert 'href="/convention/2019/"' in client.get(f"/meetings/{convention.pk}/").content.decode()
