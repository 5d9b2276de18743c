"""One registrations-and-attendance CSV (meetings/exports.py) for the admin's export and a
branch meeting's pages; the e-mail column follows the reader's permission."""

import csv
import io

import pytest
from django.utils import translation

from meetings import exports
from meetings.permissions import user_can_read_every_email
from tests.factories import AttendanceFactory, PastMeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def meeting():
    meeting = PastMeetingFactory()
    RegistrationFactory(meeting=meeting, user=UserFactory(email="shown@example.mn", contact_visible=True))
    came = RegistrationFactory(
        meeting=meeting, user=UserFactory(email="hidden@example.mn", contact_visible=False)
    )
    AttendanceFactory(meeting=meeting, user=came.user, registration=came)
    AttendanceFactory(meeting=meeting, user=None, full_name="Зочин", is_walk_in=True)
    return meeting


def test_the_reader_who_may_read_every_email_gets_every_email(meeting):
    rows = _rows(
        exports.registrations_csv([meeting], filename="x.csv", every_email=True, meeting_columns=False)
    )
    assert rows[0] == exports.headings(exports.PERSON_COLUMNS)
    assert {r[1] for r in rows[1:3]} == {"shown@example.mn", "hidden@example.mn"}
    yes = str(exports.CSV_YES)
    assert rows[-1][0] == "Зочин" and rows[-1][-2:] == [yes, yes]


def test_others_get_only_the_emails_shown_in_the_directory(meeting):
    rows = _rows(
        exports.registrations_csv([meeting], filename="x.csv", every_email=False, meeting_columns=False)
    )
    assert {r[1] for r in rows[1:3]} == {"shown@example.mn", ""}


def test_many_meetings_carry_the_meetings_columns(meeting):
    other = PastMeetingFactory()
    RegistrationFactory(meeting=other)
    rows = _rows(exports.registrations_csv([meeting, other], filename="x.csv", every_email=True))
    assert rows[0] == exports.headings([*exports.MEETING_COLUMNS, *exports.PERSON_COLUMNS])
    assert {int(r[0]) for r in rows[1:]} == {meeting.pk, other.pk}
    attended = {r[4]: r[10] for r in rows[1:] if r[0] == str(meeting.pk) and r[5]}
    assert sorted(attended.values()) == sorted([str(exports.CSV_NO), str(exports.CSV_YES)])


def test_who_reads_every_email(coordinator, member):
    assert user_can_read_every_email(coordinator)
    assert not user_can_read_every_email(member)
    assert user_can_read_every_email(UserFactory(is_staff=True))  # the admin's export


def test_headings_and_values_are_in_the_readers_language(meeting):
    with translation.override("mn"):
        rows = _rows(
            exports.registrations_csv([meeting], filename="x.csv", every_email=True, meeting_columns=False)
        )
    assert rows[0][0] == "Нэр" and "person" not in rows[0]
    assert "confirmed" not in {r[4] for r in rows[1:]} and "тийм" in rows[-1]
