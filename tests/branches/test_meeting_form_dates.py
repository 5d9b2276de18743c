"""A branch meeting's times (cop_portal.dates): native datetime-local inputs showing ISO values in
Ulaanbaatar time; typed by hand (a browser without a picker), ISO on Mongolian pages,
day/month/year on English ones, digits alone too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from branches.forms import BranchMeetingForm
from meetings.models import Meeting

pytestmark = pytest.mark.django_db  # the form reads its choices

YEAR = timezone.localdate().year + 1


def _data(starts, ends):
    return {
        "title_mn": "Уулзалт",
        "format": Meeting.Format.TRAINING,
        "starts_at": starts,
        "ends_at": ends,
        "mode": Meeting.Mode.ONLINE,
        "online_url": "https://meet.example.mn/a",
    }


@pytest.mark.parametrize(
    ("language", "starts", "ends"),
    [
        ("mn", f"{YEAR}-03-15T14:00", f"{YEAR}-03-15T16:30"),  # what the picker sends
        ("en", f"{YEAR}-03-15T14:00", f"{YEAR}-03-15T16:30"),
        ("mn", f"{YEAR}-03-15 14:00", f"{YEAR}-03-15 16:30"),
        ("mn", f"{YEAR}0315 1400", f"{YEAR}0315 1630"),
        ("en", f"15/03/{YEAR} 14:00", f"15/03/{YEAR} 16:30"),
        ("en", f"15 March {YEAR} 14:00", f"15.03.{YEAR} 16:30"),
    ],
)
def test_times_are_read_the_pages_way_in_ulaanbaatar_time(language, starts, ends):
    with translation.override(language):
        form = BranchMeetingForm(_data(starts, ends))
        assert form.is_valid(), form.errors
    start = timezone.localtime(form.cleaned_data["starts_at"])
    assert (start.date(), start.hour, start.minute) == (dt.date(YEAR, 3, 15), 14, 0)
    assert str(start.tzinfo) == "Asia/Ulaanbaatar"
    assert timezone.localtime(form.cleaned_data["ends_at"]).minute == 30


def test_a_month_first_date_is_refused_with_the_pattern():
    with translation.override("en"):
        form = BranchMeetingForm(_data(f"03/15/{YEAR} 14:00", f"15/03/{YEAR} 16:00"))
        assert not form.is_valid()
        assert "Day/month/year" in str(form.errors["starts_at"])


def test_the_inputs_are_native_and_show_the_value_in_iso_in_ulaanbaatar_time():
    start = dt.datetime(YEAR, 3, 15, 6, 0, tzinfo=dt.UTC)  # 14:00 in Ulaanbaatar
    with translation.override("en"):
        html = str(BranchMeetingForm(initial={"starts_at": start})["starts_at"])
    assert 'type="datetime-local"' in html
    assert f'value="{YEAR}-03-15T14:00"' in html and 'placeholder="dd/mm/yyyy hh:mm"' in html


@pytest.mark.parametrize("language", ["mn", "en"])
def test_a_time_typed_the_pages_way_is_shown_back_in_iso_and_a_bad_one_as_typed(language):
    typed = f"15/03/{YEAR} 14:00" if language == "en" else f"{YEAR}-03-15 14:00"
    with translation.override(language):
        form = BranchMeetingForm(_data(typed, "no idea"))
        assert not form.is_valid()
        assert f'value="{YEAR}-03-15T14:00"' in str(form["starts_at"])
        assert 'type="text" name="ends_at" value="no idea"' in str(form["ends_at"])  # nothing lost
