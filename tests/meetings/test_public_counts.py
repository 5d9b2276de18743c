"""Counts of people on meeting pages: visitors read them rounded like every public figure
(cop_portal/disclosure.py), members and those who run the meeting read them exact."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from meetings.models import Registration
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    PastMeetingFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ATTENDED = re.compile(r'data-testid="attendance-count"[^>]*>\D*(\d+)\D*<')
TAKEN = re.compile(r"20-аас (?:ойролцоогоор )?(\d+) захиалагдсан")  # "N of 20 taken"
CARD = re.compile(r"20 суудлаас (?:ойролцоогоор )?(\d+) нь захиалагдсан")  # "N of 20 seats taken"


@pytest.fixture
def held():
    meeting = PastMeetingFactory()
    AttendanceFactory.create_batch(7, meeting=meeting)
    return meeting


@pytest.fixture
def booked():
    meeting = MeetingFactory(capacity=20, starts_at=timezone.now() + dt.timedelta(days=10))
    RegistrationFactory.create_batch(7, meeting=meeting, status=Registration.Status.CONFIRMED)
    RegistrationFactory.create_batch(3, meeting=meeting, status=Registration.Status.WAITLISTED)
    return meeting


def _attended(client, meeting) -> int:
    return int(ATTENDED.search(client.get(meeting.get_absolute_url()).content.decode()).group(1))


def test_visitors_read_the_attendance_rounded(client, held):
    assert _attended(client, held) in (5, 10)


def test_members_read_the_exact_attendance(client, held, member):
    client.force_login(member)
    assert _attended(client, held) == 7


def test_visitors_read_seats_taken_rounded_and_the_waitlist_without_its_exact_size(client, booked):
    page = client.get(booked.get_absolute_url()).content.decode()
    assert int(TAKEN.search(page).group(1)) in (5, 10)
    assert "жагсаалтад 3 хүн" not in page


def test_members_read_the_exact_seats(client, booked, member):
    client.force_login(member)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert int(TAKEN.search(page).group(1)) == 7
    assert "жагсаалтад 3 хүн" in page


def test_the_public_list_shows_seats_taken_rounded(client, booked, member):
    """The list is rendered once for everyone (and cached), so it shows the public figure."""
    for user in (None, member):
        if user:
            client.force_login(user)
        page = client.get("/meetings/").content.decode()
        assert int(CARD.search(page).group(1)) in (5, 10)


def test_the_same_count_reads_the_same_in_the_list_and_on_the_page(client, booked):
    listed = int(CARD.search(client.get("/meetings/").content.decode()).group(1))
    assert int(TAKEN.search(client.get(booked.get_absolute_url()).content.decode()).group(1)) == listed


@pytest.fixture
def visit(held):
    from tests.factories import SiteVisitFactory

    return SiteVisitFactory(meeting=held)


PARTICIPANTS = re.compile(r'data-testid="participant-count" data-rounded="(\w+)">\D*(\d+)')


def test_the_visit_list_gives_visitors_the_meetings_rounded_attendance(client, visit):
    """A visit's participants are its meeting's attendance: the same rounded figure."""
    rounded, n = PARTICIPANTS.search(client.get("/visits/").content.decode()).groups()
    assert rounded == "true" and int(n) == _attended(client, visit.meeting)


def test_the_visit_list_gives_members_the_exact_number(client, visit, member):
    client.force_login(member)
    assert PARTICIPANTS.search(client.get("/visits/").content.decode()).groups() == ("false", "7")


def test_a_visit_page_names_the_organisations_without_counting_them_for_visitors(client, visit):
    organisation = visit.meeting.attendances.first().organisation
    page = client.get(visit.get_absolute_url()).content.decode()
    participants = page.split('data-testid="participants"')[1].split("</ul>")[0]
    assert organisation.name_mn in participants and not re.search(r"\(\d+\)", participants)


def test_an_organisation_page_gives_visitors_the_public_tables_figure(client, member):
    """The organisation's members are a row of the public "members by organisation" table:
    visitors read the same rounded figure on its page, members the exact one."""
    import csv
    import io

    organisation = OrganisationFactory()
    UserFactory.create_batch(3, organisation=organisation)
    table = client.get("/insights/public/export/members-by-organisation.csv").content.decode("utf-8-sig")
    row = next(line for line in csv.reader(io.StringIO(table)) if line and line[0] == organisation.name)
    page = client.get(f"/organisations/{organisation.slug}/").content.decode()
    shown = re.search(r'data-testid="member-count" data-rounded="true">\D*(\d+)<', page)
    assert shown and int(shown.group(1)) == int(row[4]) and int(row[4]) in (0, 5)
    client.force_login(member)
    page = client.get(f"/organisations/{organisation.slug}/").content.decode()
    assert 'data-testid="member-count" data-rounded="false">3<' in page
