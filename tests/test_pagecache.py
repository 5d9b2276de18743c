"""The anonymous page cache: visitors get cached pages per language, an edit shows at once,
signed-in people never get (nor fill) a cached page, the cached CSRF token still works."""

import gzip
import re

import pytest
from django.test import Client

from meetings import services
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def _body(response) -> str:
    raw = response.content
    if response.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return raw.decode()


def test_visitor_page_is_cached_and_an_edit_shows_at_once(
    client, coordinator, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title_mn="Анхны гарчиг")
    first = client.get("/meetings/")
    assert first["X-Page-Cache"] == "miss" and "Анхны гарчиг" in _body(first)
    second = client.get("/meetings/")
    assert second["X-Page-Cache"] == "hit" and "Анхны гарчиг" in _body(second)

    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_mn = "Шинэ гарчиг"
        services.meeting_save(meeting=meeting, actor=coordinator)
    third = client.get("/meetings/")
    assert "Шинэ гарчиг" in _body(third) and "Анхны гарчиг" not in _body(third)
    detail = client.get(meeting.get_absolute_url())
    assert "Шинэ гарчиг" in _body(detail)


def test_a_registration_updates_the_seats_shown(client, member, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=10)
    before = _body(client.get(meeting.get_absolute_url()))
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_create(meeting=meeting, user=member, actor=member)
    after = _body(client.get(meeting.get_absolute_url()))
    assert before != after


def test_signed_in_pages_never_come_from_the_visitor_cache(client, member):
    MeetingFactory()
    assert client.get("/meetings/")["X-Page-Cache"] == "miss"
    assert client.get("/meetings/")["X-Page-Cache"] == "hit"
    client.force_login(member)
    response = client.get("/meetings/")
    assert "X-Page-Cache" not in response
    assert member.email in _body(response) or member.full_name in _body(response)
    # ... and do not fill it either: a visitor still gets the visitor's page.
    visitor = Client()
    page = _body(visitor.get("/meetings/"))
    assert member.full_name not in page and member.email not in page


def test_each_language_has_its_own_cached_page(client):
    MeetingFactory(title_mn="Монгол гарчиг", title_en="English title")
    assert "Монгол гарчиг" in _body(client.get("/meetings/"))
    english = Client()
    english.cookies["django_language"] = "en"
    assert "English title" in _body(english.get("/meetings/"))
    assert "Монгол гарчиг" in _body(client.get("/meetings/"))


def test_the_cached_language_switch_form_still_posts(client):
    MeetingFactory()
    Client().get("/meetings/")  # someone else fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/meetings/")
    assert page["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _body(page)).group(1)
    response = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/meetings/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_gzip_is_sent_only_to_clients_that_accept_it(client):
    MeetingFactory()
    client.get("/meetings/")
    plain = client.get("/meetings/")
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    packed = client.get("/meetings/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip"
    assert _body(packed).startswith("<!DOCTYPE") or "<html" in _body(packed)


def test_a_visitor_revalidating_gets_304_until_the_page_changes(
    client, coordinator, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    first = client.get("/meetings/")
    assert first["ETag"]
    assert client.get("/meetings/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_mn = "Өөрчлөгдсөн"
        services.meeting_save(meeting=meeting, actor=coordinator)
    assert client.get("/meetings/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_kept_fragment_is_checked_in_one_round_trip(monkeypatch):
    """The entry and its names' versions come in one ``get_many``, the names learnt while it
    was built included; a write to such a name still drops it."""
    from django.core.cache import cache

    from cop_portal import pagecache

    builds = []

    def build():
        builds.append(1)
        pagecache.depends("learnt:1")  # known only once built
        return f"v{len(builds)}"

    def use():
        return pagecache.cached("one-trip", names=("declared",), audience="public", build=build, timeout=60)

    assert use() == "v1"
    calls, depth = [], [0]

    def counted(name):
        real = getattr(cache, name)

        def call(*args, **kwargs):  # a backend's get_many may call its own get: not counted
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, name, call)

    for name in ("get", "get_many", "add", "set"):
        counted(name)
    assert use() == "v1"
    assert calls == ["get_many"]
    pagecache.invalidate("learnt:1")
    assert use() == "v2"
    pagecache.invalidate("declared")
    assert use() == "v3"
