"""The home page's recent visits have taken place; a place never names its province twice."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.templatetags.meetings_tags import place
from tests.factories import MeetingFactory, SiteVisitFactory

pytestmark = pytest.mark.django_db


def test_recent_visits_on_home_are_past_visits_only(client):
    SiteVisitFactory(meeting__title_mn="Өнгөрсөн айлчлал")
    planned = MeetingFactory(
        format="site_visit", title_mn="Ирэх жилийн айлчлал", starts_at=timezone.now() + dt.timedelta(days=400)
    )
    SiteVisitFactory(meeting=planned)
    page = client.get("/").content.decode()
    visits = page[page.index('id="home-visits"') :]
    assert "Өнгөрсөн айлчлал" in visits
    assert "Ирэх жилийн айлчлал" not in visits  # it is among the upcoming meetings instead


@pytest.mark.parametrize(
    ("venue", "province", "expected"),
    [
        ("Улаанбаатар", "Улаанбаатар", "Улаанбаатар"),
        ("Засгийн газрын II байр, Улаанбаатар", "Улаанбаатар", "Засгийн газрын II байр, Улаанбаатар"),
        ("Сайнцагаан сум", "Дундговь", "Сайнцагаан сум, Дундговь"),
        ("", "Дорнод", "Дорнод"),
        ("Чойбалсан", "", "Чойбалсан"),
    ],
)
def test_place_says_the_province_once(venue, province, expected):
    assert place(venue, province) == expected


def test_meeting_page_does_not_repeat_the_city(client):
    meeting = MeetingFactory(venue="Улаанбаатар", province="ulaanbaatar")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Улаанбаатар, Улаанбаатар" not in page
