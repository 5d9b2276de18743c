"""Date and time fields read and show dates the page's way, whatever the browser's locale."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone, translation

from cop_portal import dates
from members.models import Community
from tests.factories import ContactFactory, RootCommunityFactory

GOOD_DATES = {
    "mn": ["2026-03-15", "2026.03.15", "2026/3/15", "20260315", "15.03.2026", " 2026-03-15 "],
    "en": ["15/03/2026", "15.3.2026", "15-03-2026", "15032026", "15 March 2026", "15 mar 2026", "2026-03-15"],
}
BAD_DATES = [
    "03/15/2026",
    "15/03/26",
    "2026-02-30",
    "2026-13-01",
    "tomorrow",
    "15 Foo 2026",
    "2026-03",
    "1503202",
]


@pytest.mark.parametrize(
    ("language", "text"), [(lang, t) for lang, texts in GOOD_DATES.items() for t in texts]
)
def test_a_date_written_the_pages_way_is_read(language, text):
    with translation.override(language):
        assert dates.parse_date(text) == dt.date(2026, 3, 15)


@pytest.mark.parametrize("language", ["mn", "en"])
@pytest.mark.parametrize("text", BAD_DATES)
def test_a_month_first_or_two_digit_year_or_impossible_date_is_refused(language, text):
    with translation.override(language), pytest.raises(ValueError):
        dates.parse_date(text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("mn", "2026-03-15 14:05"),
        ("mn", "2026-03-15T14:05"),  # what a native datetime-local input sends
        ("mn", "202603151405"),
        ("en", "15/03/2026 14:05"),
        ("en", "15 March 2026, 14.05"),
        ("en", "15032026 1405"),
    ],
)
def test_a_date_and_24_hour_time_is_read(language, text):
    with translation.override(language):
        assert dates.parse_datetime(text) == dt.datetime(2026, 3, 15, 14, 5)


@pytest.mark.parametrize(
    "text", ["2026-03-15", "2026-03-15 2:05 PM", "2026-03-15 24:00", "2026-03-15 14:60", "14:05"]
)
def test_a_date_without_a_24_hour_time_is_refused(text):
    with translation.override("en"), pytest.raises(ValueError):
        dates.parse_datetime(text)


def test_the_time_is_read_in_ulaanbaatar():
    field = dates.PageDateTimeField()
    with translation.override("mn"):
        value = field.clean("2026-03-15 14:00")
    assert value.tzinfo is not None
    assert value == dt.datetime(2026, 3, 15, 6, 0, tzinfo=dt.UTC)  # UTC+8


@pytest.mark.parametrize(
    ("language", "shown", "placeholder", "hint"),
    [
        ("mn", "2026-03-15 14:00", "yyyy-mm-dd hh:mm", "2026-03-15 14:00"),
        ("en", "15/03/2026 14:00", "dd/mm/yyyy hh:mm", "15/03/2026 14:00"),
    ],
)
def test_the_input_shows_its_value_pattern_and_example_in_the_pages_way(language, shown, placeholder, hint):
    value = timezone.make_aware(dt.datetime(2026, 3, 15, 14, 0))
    field = dates.PageDateTimeField()
    with translation.override(language):
        html = field.widget.render("closes_at", value)
        assert f'value="{shown}"' in html and 'type="text"' in html and 'inputmode="numeric"' in html
        assert (
            f'placeholder="{translation.gettext(placeholder.split()[0])} {translation.gettext("hh:mm")}"'
            in html
        )
        assert hint in str(field.help_text)


# --- the forms of the site ----------------------------------------------------------------------


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def contact(db):
    RootCommunityFactory()
    return ContactFactory()


FORM = {"name_mn": "Огноотой салбар", "name_en": "Dated branch", "purpose": "Сургалт"}


@pytest.mark.parametrize(("language", "typed"), [("mn", "2026-03-15"), ("en", "15/03/2026")])
def test_branch_registration_reads_the_founding_date_the_pages_way(client, contact, language, typed):
    client.force_login(contact)
    if language == "en":
        _english(client)
    page = client.get("/branches/register/").content.decode()
    assert 'name="founded_on"' in page and 'type="date"' not in page
    response = client.post("/branches/register/", {**FORM, "founded_on": typed})
    assert response.status_code == 302
    assert Community.objects.get(name_en="Dated branch").founded_on == dt.date(2026, 3, 15)


@pytest.mark.parametrize("language", ["mn", "en"])
def test_branch_registration_with_an_unreadable_date_is_a_400_naming_the_format(client, contact, language):
    client.force_login(contact)
    if language == "en":
        _english(client)
    response = client.post("/branches/register/", {**FORM, "founded_on": "03/15/2026"})
    assert response.status_code == 400
    with translation.override(language):
        expected = dates.date_invalid()
    assert expected in response.content.decode()
    assert ("15/03/2026" if language == "en" else "2026-03-15") in expected
    assert not Community.objects.filter(name_en="Dated branch").exists()


def test_insight_filters_with_an_unreadable_date_are_a_400(client, coordinator):
    client.force_login(coordinator)
    _english(client)
    response = client.get("/insights/", {"date_from": "2026-31-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'placeholder="dd/mm/yyyy"' in page and "Day/month/year, e.g. 15/03/2026." in page


def test_insight_filters_read_an_english_date(client, coordinator):
    client.force_login(coordinator)
    _english(client)
    response = client.get("/insights/", {"date_from": "01/02/2026", "date_to": "31/03/2026"})
    assert response.status_code == 200
    assert 'value="01/02/2026"' in response.content.decode()
