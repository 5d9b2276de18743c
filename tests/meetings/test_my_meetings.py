"""My meetings: upcoming ones (cancellable in place) apart from past ones (attended, absent, cancelled)."""

import pytest
from django.utils import timezone

from meetings.models import Meeting, Registration
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    PastMeetingFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(client, member):
    client.force_login(member)
    upcoming = RegistrationFactory(user=member, meeting=MeetingFactory(title_mn="Ирэх уулзалт"))
    came = RegistrationFactory(user=member, meeting=PastMeetingFactory(title_mn="Очсон уулзалт"))
    AttendanceFactory(meeting=came.meeting, user=member)
    missed = RegistrationFactory(user=member, meeting=PastMeetingFactory(title_mn="Очоогүй уулзалт"))
    withdrew = RegistrationFactory(
        user=member, meeting=PastMeetingFactory(title_mn="Цуцалсан"), status=Registration.Status.CANCELLED
    )
    called_off = RegistrationFactory(
        user=member,
        meeting=PastMeetingFactory(
            title_mn="Болоогүй",
            status=Meeting.Status.CANCELLED,
            cancelled_at=timezone.now(),
            cancellation_reason="Цар тахал",
        ),
    )
    return {
        "upcoming": upcoming,
        "came": came,
        "missed": missed,
        "withdrew": withdrew,
        "called_off": called_off,
    }


def test_upcoming_and_past_are_apart(client, mine):
    response = client.get("/meetings/mine/")
    assert [r.pk for r in response.context["upcoming"]] == [mine["upcoming"].pk]
    assert {r.pk for r in response.context["past"]} == {
        mine[k].pk for k in ("came", "missed", "withdrew", "called_off")
    }


def test_past_meetings_say_attended_absent_or_cancelled(client, mine):
    page = client.get("/meetings/mine/").content.decode()
    past = page[page.index('data-testid="mine-past"') :]
    outcome = {}
    for key in ("came", "missed", "withdrew", "called_off"):
        block = past[past.index(mine[key].meeting.title_mn) :]
        outcome[key] = block[block.index('data-testid="past-outcome"') :][:200]
    assert "Attended" in outcome["came"] or "Ирсэн" in outcome["came"]
    assert "Absent" in outcome["missed"] or "Ирээгүй" in outcome["missed"]
    assert "Registration cancelled" in outcome["withdrew"] or "Бүртгэл цуцалсан" in outcome["withdrew"]
    assert "cancel-registration" not in past  # nothing past can be cancelled
    assert "Confirmed" not in past and "Баталгаажсан" not in past


def test_an_upcoming_registration_is_cancelled_in_place(client, mine):
    page = client.get("/meetings/mine/").content.decode()
    assert page.count('data-testid="cancel-registration"') == 1
    response = client.post(f"/meetings/{mine['upcoming'].meeting_id}/cancel/", {"next": "mine"})
    assert response.status_code == 302 and response["Location"] == "/meetings/mine/"
    mine["upcoming"].refresh_from_db()
    assert mine["upcoming"].status == Registration.Status.CANCELLED
