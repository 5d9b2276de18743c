"""Every meetings page keeps a fixed number of SQL queries at 10 and 1,000 rows."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Attendance, ConventionReport, Meeting, Registration, SiteVisit
from members.models import User
from results.models import Action
from tests.factories import MeetingFactory, OrganisationFactory, PastMeetingFactory, RootCommunityFactory

pytestmark = pytest.mark.django_db
SIZES = [10, 1000]


def _meetings(n, **attrs):
    org, community = OrganisationFactory(), RootCommunityFactory()
    now = timezone.now()
    rows = [
        MeetingFactory.build(
            host_organisation=org,
            community=community,
            starts_at=now + dt.timedelta(days=1, hours=i),
            ends_at=now + dt.timedelta(days=1, hours=i + 1),
            **attrs,
        )
        for i in range(n)
    ]
    return Meeting.objects.bulk_create(rows)


def _users(n):
    org = OrganisationFactory()
    return User.objects.bulk_create(
        User(
            organisation=org,
            email=f"bulk{i}@example.mn",
            full_name=f"Бөөн {i}",
            gender=User.Gender.WOMAN,
            status=User.Status.APPROVED,
            calendar_token=f"tok-{i}",
        )
        for i in range(n)
    )


def _register(meeting, users):
    Registration.objects.bulk_create(Registration(meeting=meeting, user=u) for u in users)


@pytest.mark.parametrize("rows", SIZES)
def test_meeting_list_queries(client, django_assert_max_num_queries, rows):
    _meetings(rows, capacity=30)
    # Cold caches: count, page, the page's seat counts, the filter form's two choice lists.
    with django_assert_max_num_queries(5):
        assert client.get("/meetings/?when=upcoming&format=training").status_code == 200
    # Warm: the rendered filter form comes from the cache.
    with django_assert_max_num_queries(3):
        assert client.get("/meetings/?when=upcoming&format=training").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_meeting_list_queries_signed_in(client, member, django_assert_max_num_queries, rows):
    meetings = _meetings(rows, capacity=50)
    users = _users(40)
    for meeting in meetings[:25]:
        _register(meeting, users)
    client.force_login(member)
    client.get("/meetings/")
    # Warm: the list from the cache, the session from the cache, the menus kept: the user only.
    with django_assert_max_num_queries(1):
        response = client.get("/meetings/")
    assert "40 нь захиалагдсан" in response.content.decode()  # seats taken, counted for the page only


@pytest.mark.parametrize("rows", SIZES)
def test_meeting_detail_queries(client, member, django_assert_max_num_queries, rows):
    meeting = MeetingFactory(capacity=rows)
    _register(meeting, _users(rows))
    client.force_login(member)
    with django_assert_max_num_queries(7):
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    # Again: the meeting, its agenda and materials come from the cache (nothing it shows changed);
    # session, user, the reader's registration and the coordinator check remain.
    with django_assert_max_num_queries(4):
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_my_meetings_queries(client, member, django_assert_max_num_queries, rows):
    ahead = _meetings(rows)
    behind = _meetings(rows)
    Meeting.objects.filter(pk__in=[m.pk for m in behind]).update(
        starts_at=timezone.now() - dt.timedelta(days=3), ends_at=timezone.now() - dt.timedelta(days=2)
    )
    Registration.objects.bulk_create(Registration(meeting=m, user=member) for m in ahead + behind)
    client.force_login(member)
    # Session, user, then a count and a page for each of the upcoming and the past lists.
    for query in ("", "?upcoming=2&past=2"):
        with django_assert_max_num_queries(6):
            response = client.get(f"/meetings/mine/{query}")
        assert response.status_code == 200
        assert len(response.context["upcoming"]) == len(response.context["past"]) == 10
        # Warm: the lists are kept per member; session and user.
        with django_assert_max_num_queries(2):
            assert client.get(f"/meetings/mine/{query}").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_calendar_feed_queries(client, django_assert_max_num_queries, rows):
    _meetings(rows)
    with django_assert_max_num_queries(1):
        assert client.get("/meetings/calendar.ics").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_personal_feed_queries(client, member, django_assert_max_num_queries, rows):
    Registration.objects.bulk_create(Registration(meeting=m, user=member) for m in _meetings(rows))
    with django_assert_max_num_queries(3):
        assert client.get(f"/calendar/{member.calendar_token}.ics").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_meeting_ics_queries(client, django_assert_max_num_queries, rows):
    meeting = MeetingFactory()
    _register(meeting, _users(rows))
    with django_assert_max_num_queries(3):
        assert client.get(f"/meetings/{meeting.pk}.ics").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_attendance_sheet_queries(client, coordinator, django_assert_max_num_queries, rows):
    meeting = PastMeetingFactory()
    users = _users(rows)
    _register(meeting, users)
    Attendance.objects.bulk_create(Attendance(meeting=meeting, user=u, full_name="x") for u in users[::2])
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, full_name=f"Зочин {i}", is_walk_in=True) for i in range(5)
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(7):
        assert client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_visit_list_queries(client, django_assert_max_num_queries, rows):
    meetings = _meetings(rows, format=Meeting.Format.SITE_VISIT)
    SiteVisit.objects.bulk_create(SiteVisit(meeting=m, place="сум") for m in meetings)
    with django_assert_max_num_queries(3):
        assert client.get("/visits/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_visit_detail_queries(client, django_assert_max_num_queries, rows):
    meeting = PastMeetingFactory(format=Meeting.Format.SITE_VISIT)
    visit = SiteVisit.objects.create(meeting=meeting)
    users = _users(rows)
    Attendance.objects.bulk_create(Attendance(meeting=meeting, user=u, full_name=u.full_name) for u in users)
    with django_assert_max_num_queries(5):
        assert client.get(f"/visits/{visit.pk}/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_convention_queries(client, django_assert_max_num_queries, rows):
    tz = timezone.get_current_timezone()
    starts = timezone.make_aware(dt.datetime(2019, 6, 20, 9), tz)
    convention = MeetingFactory(
        format=Meeting.Format.CONVENTION, starts_at=starts, ends_at=starts + dt.timedelta(hours=8)
    )
    orgs = [OrganisationFactory.build(slug=f"bulk-org-{i}", name_mn=f"Бөөн {i}") for i in range(rows)]
    from members.models import Organisation

    orgs = Organisation.objects.bulk_create(orgs)
    ConventionReport.objects.bulk_create(
        ConventionReport(convention=convention, organisation=o, status="accepted", achievements="a")
        for o in orgs
    )
    # The joint plan is tracked as actions (results), each with its organisation.
    actions = Action.objects.bulk_create(
        Action(meeting=convention, source="joint_plan", title=f"Ажил {i}") for i in range(len(orgs))
    )
    Action.organisations.through.objects.bulk_create(
        Action.organisations.through(action=a, organisation=o) for a, o in zip(actions, orgs, strict=True)
    )
    with django_assert_max_num_queries(6):
        assert client.get("/convention/2019/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_home_queries_with_meetings(client, django_assert_max_num_queries, rows):
    meetings = _meetings(rows)
    SiteVisit.objects.bulk_create(SiteVisit(meeting=m) for m in meetings[: rows // 2])
    with django_assert_max_num_queries(2):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("rows", SIZES)
def test_convention_report_form_queries(client, django_assert_max_num_queries, rows):
    from members.models import Organisation
    from tests.factories import UserFactory

    year = timezone.localtime().year + 1
    starts = timezone.make_aware(dt.datetime(year, 6, 20, 9), timezone.get_current_timezone())
    convention = MeetingFactory(
        format=Meeting.Format.CONVENTION, starts_at=starts, ends_at=starts + dt.timedelta(hours=8)
    )
    orgs = Organisation.objects.bulk_create(
        OrganisationFactory.build(slug=f"rep-org-{i}", name_mn=f"Тайлан {i}") for i in range(rows)
    )
    ConventionReport.objects.bulk_create(
        ConventionReport(convention=convention, organisation=o) for o in orgs
    )
    contact = UserFactory(is_organisation_contact=True)
    client.force_login(contact)
    # 8, plus up to 3 prefilling a new report from the branches' year (meetings by format,
    # attendance, site visits) and up to 5 from the gender results (the latest accepted audit,
    # its ratings, the conventions, actions done and open): none of them grows with the data.
    with django_assert_max_num_queries(16):
        assert client.get(f"/convention/{year}/report/").status_code == 200


def test_meeting_page_counts_a_new_registration_at_once(client, member, django_capture_on_commit_callbacks):
    from meetings import services

    meeting = MeetingFactory(capacity=10, starts_at=timezone.now() + dt.timedelta(days=3))
    member.preferred_language = "en"
    member.save()
    client.force_login(member)
    assert "0 of 10" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    other = _users(1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_create(meeting=meeting, user=other, actor=other)
    assert "1 of 10" in client.get(f"/meetings/{meeting.pk}/").content.decode()
