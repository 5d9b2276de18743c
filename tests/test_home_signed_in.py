"""A signed-in person's home page: the meeting and visit lists come from the cache per
language until a meeting list changes (two queries fewer), and an edit shows at once."""

import pytest

from meetings import services
from tests.factories import MeetingFactory, SiteVisitFactory

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
    # Session and user only: the lists come from the cache.
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
