"""The review of convention progress reports: drafts are never accepted, a return needs notes
that the writer reads, the writer resubmits, coordinators hear of every submission, every
step is audited, and the admin's actions go through the same service."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cop_portal.audit import AuditEvent
from meetings import services
from meetings.models import Attendance, ConventionReport, Meeting, SiteVisit
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def convention(db):
    year = timezone.localtime().year + 1
    starts = timezone.make_aware(dt.datetime(year, 6, 20, 9), timezone.get_current_timezone())
    return MeetingFactory(
        format=Meeting.Format.CONVENTION, starts_at=starts, ends_at=starts + dt.timedelta(hours=8)
    )


@pytest.fixture
def contact(db):
    return UserFactory(is_organisation_contact=True, preferred_language="en")


def _submit(convention, actor, **fields):
    return services.convention_report_save(convention=convention, actor=actor, submit=True, **fields)


def test_a_draft_cannot_be_accepted(convention, contact, coordinator):
    draft = services.convention_report_save(
        convention=convention, actor=contact, submit=False, challenges="x"
    )
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_REPORT_ACCEPT_STATUS))):
        services.convention_report_review(report=draft, actor=coordinator, accept=True)
    draft.refresh_from_db()
    assert draft.status == ConventionReport.Status.DRAFT


def test_returning_needs_notes(convention, contact, coordinator):
    report = _submit(convention, contact)
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_REPORT_RETURN_NOTES))):
        services.convention_report_review(report=report, actor=coordinator, accept=False, notes="  ")
    report.refresh_from_db()
    assert report.status == ConventionReport.Status.SUBMITTED


def test_submitting_tells_every_coordinator(
    convention, contact, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator.preferred_language = "en"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(convention, contact, achievements="Бодлого")
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert contact.organisation.name_en in mailoutbox[0].subject
    assert "/admin/meetings/conventionreport/" in mailoutbox[0].body


def test_saving_a_draft_tells_nobody(
    convention, contact, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.convention_report_save(convention=convention, actor=contact, submit=False)
    assert mailoutbox == []


def test_return_then_resubmit_then_accept(
    client, convention, contact, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    report = _submit(convention, contact, achievements="Эхний хувилбар")
    with django_capture_on_commit_callbacks(execute=True):
        services.convention_report_review(
            report=report, actor=coordinator, accept=False, notes="Add the indicators reached."
        )
    # (the submission's e-mail to the coordinator, still queued, went out with it)
    returned = [m for m in mailoutbox if m.to == [contact.email]]
    assert len(returned) == 1 and "Add the indicators reached." in returned[0].body
    # The writer reads the notes on the report page and can still edit the report.
    client.force_login(contact)
    year = convention.starts_at.year
    page = client.get(f"/convention/{year}/report/")
    assert "Add the indicators reached." in page.content.decode()
    response = client.post(
        f"/convention/{year}/report/", {"achievements": "Хоёр дахь хувилбар", "submit": "1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.achievements) == (ConventionReport.Status.SUBMITTED, "Хоёр дахь хувилбар")
    accepted = services.convention_report_review(report=report, actor=coordinator, accept=True)
    assert accepted.status == ConventionReport.Status.ACCEPTED
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="convention_report.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "convention_report.submit",
        "convention_report.return",
        "convention_report.submit",
        "convention_report.accept",
    ]


def test_an_accepted_report_is_not_reviewed_again(convention, contact, coordinator):
    report = _submit(convention, contact)
    services.convention_report_review(report=report, actor=coordinator, accept=True)
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_REPORT_RETURN_STATUS))):
        services.convention_report_review(report=report, actor=coordinator, accept=False, notes="late")


def test_branch_focal_person_writes_the_host_organisations_report(convention, coordinator):
    focal = UserFactory()
    branch = CommunityFactory(
        parent=RootCommunityFactory(), host_organisation=focal.organisation, focal_person=focal
    )
    report = _submit(convention, focal, achievements="Салбарын тайлан")
    assert report.organisation_id == branch.host_organisation_id
    other = CommunityFactory(parent=RootCommunityFactory(), focal_person=UserFactory())  # another host
    with pytest.raises(Exception, match=re.escape(str(services.ERROR_REPORT_NOT_CONTACT))):
        _submit(convention, other.focal_person)


def test_a_new_report_is_prefilled_from_the_branch_year(client, convention, contact):
    branch = CommunityFactory(parent=RootCommunityFactory(), host_organisation=contact.organisation)
    year = convention.starts_at.year
    tz = timezone.get_current_timezone()
    for month, fmt in ((2, Meeting.Format.TRAINING), (3, Meeting.Format.TRAINING), (4, Meeting.Format.OTHER)):
        starts = timezone.make_aware(dt.datetime(year, month, 5, 10), tz)
        meeting = MeetingFactory(community=branch, format=fmt, starts_at=starts)
        Attendance.objects.create(meeting=meeting, full_name="Оролцогч")
    SiteVisit.objects.create(meeting=meeting)
    MeetingFactory(format=Meeting.Format.TRAINING, starts_at=timezone.make_aware(dt.datetime(year, 5, 5), tz))
    client.force_login(contact)
    body = client.get(f"/convention/{year}/report/").content.decode()
    assert "Training on gender mainstreaming: 2" in body
    assert "Other: 1" in body
    assert "Attendance recorded: 3" in body
    assert "Site visits: 1" in body


# --- the admin -----------------------------------------------------------------------------------


def _admin(client, coordinator):
    coordinator.is_superuser = True  # the admin's model permissions; the service asks the group
    coordinator.save()
    client.force_login(coordinator)


def test_admin_accept_refuses_a_draft_with_a_message(client, convention, contact, coordinator):
    draft = services.convention_report_save(convention=convention, actor=contact, submit=False)
    _admin(client, coordinator)
    response = client.post(
        "/admin/meetings/conventionreport/",
        {"action": "accept", "_selected_action": [draft.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.status == ConventionReport.Status.DRAFT
    assert str(services.ERROR_REPORT_ACCEPT_STATUS) in response.content.decode()


def test_admin_return_asks_for_notes_first(client, convention, contact, coordinator):
    report = _submit(convention, contact)
    _admin(client, coordinator)
    url = "/admin/meetings/conventionreport/"
    page = client.post(url, {"action": "return_for_changes", "_selected_action": [report.pk]})
    assert page.status_code == 200 and 'name="notes"' in page.content.decode()
    blank = client.post(
        url, {"action": "return_for_changes", "_selected_action": [report.pk], "apply": "1", "notes": ""}
    )
    assert blank.status_code == 200
    report.refresh_from_db()
    assert report.status == ConventionReport.Status.SUBMITTED
    client.post(
        url,
        {
            "action": "return_for_changes",
            "_selected_action": [report.pk],
            "apply": "1",
            "notes": "Тодруулна уу",
        },
    )
    report.refresh_from_db()
    assert (report.status, report.review_notes) == (ConventionReport.Status.RETURNED, "Тодруулна уу")


@pytest.mark.parametrize("size", [2, 30])
def test_prefilled_form_queries_do_not_grow(client, convention, django_assert_max_num_queries, size):
    focal = UserFactory(preferred_language="en")
    branch = CommunityFactory(
        parent=RootCommunityFactory(), host_organisation=focal.organisation, focal_person=focal
    )
    tz = timezone.get_current_timezone()
    for i in range(size):
        starts = timezone.make_aware(dt.datetime(convention.starts_at.year, 1 + i % 12, 3, 10), tz)
        meeting = MeetingFactory(community=branch, starts_at=starts)
        Attendance.objects.create(meeting=meeting, full_name=f"Оролцогч {i}")
    client.force_login(focal)
    client.get(f"/convention/{convention.starts_at.year}/report/")
    with django_assert_max_num_queries(15):
        body = client.get(f"/convention/{convention.starts_at.year}/report/").content.decode()
    assert f"Attendance recorded: {size}" in body
