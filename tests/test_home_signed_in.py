"""A signed-in person's home page: the meeting and visit lists come from the cache per
language until a meeting list changes (two queries fewer), and an edit shows at once."""

import datetime as dt

import pytest
from django.utils import timezone

from cop_portal import pagecache
from meetings import services
from results.models import Action
from tests.factories import (
    ActionFactory,
    AttendanceFactory,
    FeedbackFactory,
    MeetingFactory,
    PastMeetingFactory,
    RegistrationFactory,
    SiteVisitFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.mark.parametrize("rows", [2, 40])
def test_signed_in_home_reads_the_lists_once_until_they_change(
    client, member, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        MeetingFactory()
    SiteVisitFactory.create_batch(2)
    client.force_login(member)
    client.get("/")
    # Session and user: the lists every reader sees and the member's own part (their next
    # meetings, feedback owed, open actions) come from the cache.
    with django_assert_max_num_queries(2):
        assert client.get("/").status_code == 200


def test_an_edit_shows_at_once_to_signed_in_people(
    client, member, coordinator, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title_mn="Анхны гарчиг")
    client.force_login(member)
    assert "Анхны гарчиг" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_mn = "Шинэ гарчиг"
        services.meeting_save(meeting=meeting, actor=coordinator)
    body = client.get("/").content.decode()
    assert "Шинэ гарчиг" in body and "Анхны гарчиг" not in body


def test_the_lists_follow_the_language(client, member):
    MeetingFactory(title_mn="Монгол гарчиг", title_en="English title")
    client.force_login(member)
    assert "Монгол гарчиг" in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    member.preferred_language = "en"
    member.save()
    assert "English title" in client.get("/").content.decode()


@pytest.mark.parametrize("rows", [2, 12])
def test_a_member_home_shows_their_next_meetings_and_feedback_due(
    client, member, rows, django_assert_max_num_queries
):
    mine = [RegistrationFactory(user=member).meeting for _ in range(rows)]
    RegistrationFactory()  # someone else's
    attended = [PastMeetingFactory() for _ in range(rows)]
    for meeting in attended:
        AttendanceFactory(meeting=meeting, user=member)
    FeedbackFactory(meeting=attended[0], user=member)  # already answered
    owned = [ActionFactory(owner=member) for _ in range(rows)]
    ActionFactory(owner=member, status=Action.Status.DONE)  # done: not listed
    old = PastMeetingFactory(starts_at=timezone.now() - dt.timedelta(days=40))
    AttendanceFactory(meeting=old, user=member)  # too long ago to ask
    client.force_login(member)
    client.get("/")
    pagecache.invalidate(f"member:{member.pk}")
    # Session, user, then the member's next meetings, the feedback they owe and their actions
    # (built once, then kept per member until one of them changes).
    with django_assert_max_num_queries(5):
        page = client.get("/").content.decode()
    personal = page.split('data-testid="home-personal"', 1)[1].split("</section>", 1)[0]
    soonest = sorted(mine, key=lambda m: m.starts_at)[:3]
    assert all(m.title in personal for m in soonest)
    due = personal.split('data-testid="home-feedback-due"', 1)[1]
    assert f"/meetings/{attended[-1].pk}/feedback/" in due
    assert due.count("/feedback/") == min(rows - 1, 3)
    assert f"/meetings/{attended[0].pk}/feedback/" not in due and f"/meetings/{old.pk}/feedback/" not in due
    actions = personal.split('data-testid="home-my-actions"', 1)[1].split("</ul>", 1)[0]
    assert actions.count("<li") == min(rows, 3) and owned[0].get_absolute_url() in actions


def test_a_visitor_home_has_no_personal_part(client):
    assert 'data-testid="home-personal"' not in client.get("/").content.decode()


def test_a_member_home_follows_their_registrations_and_answers_at_once(
    client, member, django_capture_on_commit_callbacks
):
    from feedback.services import feedback_save

    coming = MeetingFactory(title_mn="Ирэх сарын уулзалт")
    attended = PastMeetingFactory()
    AttendanceFactory(meeting=attended, user=member)
    client.force_login(member)
    page = _personal(client.get("/").content.decode())
    assert f"/meetings/{attended.pk}/feedback/" in page and "Ирэх сарын уулзалт" not in page
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_create(meeting=coming, user=member, actor=member)
    assert "Ирэх сарын уулзалт" in _personal(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        feedback_save(meeting=attended, user=member, actor=member, usefulness=4)
    assert f"/meetings/{attended.pk}/feedback/" not in _personal(client.get("/").content.decode())


def _personal(page: str) -> str:
    return page.split('data-testid="home-personal"', 1)[1].split("</section>", 1)[0]


def test_a_member_home_is_their_own(client, member):
    from tests.factories import UserFactory

    other = UserFactory()
    RegistrationFactory(user=other, meeting=MeetingFactory(title_mn="Өөр хүний уулзалт"))
    client.force_login(other)
    assert "Өөр хүний уулзалт" in client.get("/").content.decode()
    client.force_login(member)
    assert (
        "Өөр хүний уулзалт"
        not in client.get("/")
        .content.decode()
        .split('data-testid="home-personal"', 1)[1]
        .split("</section>", 1)[0]
    )
