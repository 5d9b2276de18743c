"""Two people save different pages of a branch meeting's attendance sheet at once (PostgreSQL,
real threads; skipped on SQLite, which serialises writers): neither undoes the other."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from meetings.models import Attendance, Meeting
from meetings.services import attendance_record_sheet
from tests.factories import (
    CommunityFactory,
    PastMeetingFactory,
    RegistrationFactory,
    RootCommunityFactory,
    UserFactory,
)

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _waiting_on_a_lock(deadline_seconds: float = 20) -> bool:
    """True once another session of this database waits for a row lock (or False at the deadline)."""
    deadline = time.monotonic() + deadline_seconds
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_saving_page_one_while_page_two_is_being_saved_keeps_page_two():
    focal = UserFactory()
    meeting = PastMeetingFactory(
        community=CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    )
    page_one, page_two = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    holding, release = threading.Event(), threading.Event()
    errors = []

    def save_page_two():
        """The other co-organiser's save: holds the meeting's lock until told to commit."""
        try:
            with transaction.atomic():
                Meeting.objects.select_for_update().get(pk=meeting.pk)
                Attendance.objects.create(
                    meeting=meeting, user=page_two.user, registration=page_two, full_name="x"
                )
                holding.set()
                release.wait(30)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    def save_page_one():
        try:
            attendance_record_sheet(
                meeting=meeting,
                actor=focal,
                shown_user_ids=[page_one.user_id],
                present_user_ids=[page_one.user_id],
            )
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    other = threading.Thread(target=save_page_two)
    other.start()
    assert holding.wait(30)
    mine = threading.Thread(target=save_page_one)
    mine.start()
    try:
        assert _waiting_on_a_lock(), "saving page one did not wait for the other save"
    finally:
        release.set()
        other.join(30)
        mine.join(30)
    assert errors == []
    assert set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)) == {
        page_one.user_id,
        page_two.user_id,
    }
