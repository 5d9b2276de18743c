"""A branch meeting's times are typed the page's way (cop_portal.dates): text inputs, ISO on
Mongolian pages, day/month/year on English ones, digits alone too; shown back the same way."""

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


def test_the_inputs_are_text_with_the_pattern_and_show_the_value_the_pages_way():
    start = timezone.make_aware(dt.datetime(YEAR, 3, 15, 14, 0))
    with translation.override("en"):
        html = str(BranchMeetingForm(initial={"starts_at": start})["starts_at"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert f'value="15/03/{YEAR} 14:00"' in html and 'placeholder="dd/mm/yyyy hh:mm"' in html
