"""Sessions are read from the cache and kept in the database (cop_portal/sessions.py)."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache

from cop_portal import sessions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_the_engine_is_the_portals():
    assert settings.SESSION_ENGINE == "cop_portal.sessions"


def test_a_signed_in_page_reads_its_session_from_the_cache(client, member, django_assert_max_num_queries):
    client.force_login(member)
    client.get("/meetings/")
    with django_assert_max_num_queries(1):  # the user; the session comes from the cache
        assert client.get("/meetings/").status_code == 200
    assert Session.objects.filter(session_key=client.session.session_key).exists()


def test_the_cached_copy_lives_a_minute_at_most(monkeypatch):
    kept = []
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None, **kw: kept.append(timeout))
    store = sessions.SessionStore()
    store["a"] = 1
    store.save()
    assert kept and set(kept) == {sessions.CACHE_SECONDS}


def test_a_session_outlives_its_cached_copy(client, member):
    client.force_login(member)
    cache.clear()  # Redis flushed or restarted
    assert client.get("/profile/").status_code == 200  # still signed in, from the database


def test_signing_out_drops_the_cached_copy(client, member):
    client.force_login(member)
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not sessions.SessionStore().exists(key)
    assert client.get("/profile/").status_code == 302
