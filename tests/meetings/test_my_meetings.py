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
    response = client.post(
        f"/meetings/{mine['upcoming'].meeting_id}/cancel/", {"next": "mine", "confirm": "yes"}
    )
    assert response.status_code == 302 and response["Location"] == "/meetings/mine/"
    mine["upcoming"].refresh_from_db()
    assert mine["upcoming"].status == Registration.Status.CANCELLED


def _many(member, n):
    upcoming = [RegistrationFactory(user=member, meeting=MeetingFactory()) for _ in range(n)]
    past = [RegistrationFactory(user=member, meeting=PastMeetingFactory()) for _ in range(n)]
    return upcoming, past


def test_both_lists_page_apart(client, member):
    client.force_login(member)
    _many(member, 12)
    first = client.get("/meetings/mine/")
    assert len(first.context["upcoming"]) == len(first.context["past"]) == 10
    page = first.content.decode()
    assert 'href="?upcoming=2"' in page and 'href="?past=2"' in page
    second = client.get("/meetings/mine/?upcoming=2")
    assert len(second.context["upcoming"]) == 2 and len(second.context["past"]) == 10
    # The other list's page is kept in the links of each.
    assert 'href="?upcoming=2&amp;past=2"' in second.content.decode()
    bad = client.get("/meetings/mine/?upcoming=x&past=99")
    assert bad.status_code == 200 and bad.context["upcoming"].number == 1 and bad.context["past"].number == 2


def test_cancelling_returns_to_the_same_pages(client, member):
    client.force_login(member)
    upcoming, _ = _many(member, 12)
    later = client.get("/meetings/mine/?upcoming=2&past=2").context["upcoming"][0]
    page = client.get("/meetings/mine/?upcoming=2&past=2").content.decode()
    assert "?next=mine&amp;upcoming=2&amp;past=2" in page
    response = client.post(
        f"/meetings/{later.meeting_id}/cancel/",
        {"next": "mine", "upcoming": "2", "past": "2", "confirm": "yes"},
    )
    assert response.status_code == 302 and response["Location"] == "/meetings/mine/?upcoming=2&past=2"
    later.refresh_from_db()
    assert later.status == Registration.Status.CANCELLED
    # Only page numbers travel; anything else is dropped.
    response = client.post(
        f"/meetings/{upcoming[0].meeting_id}/cancel/",
        {"next": "mine", "upcoming": "//evil", "past": "1", "confirm": "yes"},
    )
    assert response["Location"] == "/meetings/mine/"
