"""/convention/ lists every convention, the latest first; a year without one points to the others."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _convention(year, **extra):
    starts = timezone.make_aware(dt.datetime(year, 6, 10, 9, 0))
    return MeetingFactory(
        format=Meeting.Format.CONVENTION, starts_at=starts, ends_at=starts + dt.timedelta(hours=8), **extra
    )


def test_convention_list_shows_every_convention_latest_first(client):
    _convention(2019, title_mn="Дундговийн чуулган")
    _convention(2030, title_mn="Ирэх чуулган")
    _convention(2025, title_mn="Өнгөрсөн чуулган", status=Meeting.Status.DRAFT)  # drafts stay hidden
    response = client.get("/convention/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("/convention/2030/") < page.index("/convention/2019/")
    assert "Өнгөрсөн чуулган" not in page


def test_a_year_without_a_convention_lists_the_others(client):
    _convention(2019)
    response = client.get("/convention/2026/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="no-convention"' in page and "/convention/2019/" in page


def test_the_menu_leads_to_the_conventions(client):
    assert 'href="/convention/"' in client.get("/").content.decode()
