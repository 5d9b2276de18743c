"""Parsing and validating the filters of the insights pages (GET forms)."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import PageDateField
from meetings.models import Meeting
from members import selectors as members_selectors
from members.models import Community, Organisation, Province

FILTERS_INVALID = _("The filters are not valid. Correct them and try again.")
DATE_RANGE_REVERSED = _("The end date must not be before the start date.")
YEAR_AND_RANGE = _("Choose either a year or a date range, not both.")

FIRST_YEAR = 2000


def _local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def current_year() -> int:
    return timezone.localdate().year


@dataclass(frozen=True)
class InsightFilters:
    """The validated filters; the selectors read only this."""

    start: dt.datetime | None = None  # aware, inclusive
    end: dt.datetime | None = None  # aware, exclusive
    community: Community | None = None
    organisation: Organisation | None = None
    format: str = ""
    province: str = ""

    @cached_property
    def community_ids(self) -> frozenset[int] | None:
        """The chosen CoP and every branch CoP below it, however deep (one query, once); None
        when no CoP is chosen or the root is, which holds them all."""
        if self.community is None or self.community.parent_id is None:
            return None
        return members_selectors.community_subtree_ids(community=self.community)

    def meeting_kwargs(self) -> dict:
        """The filters as the meetings app's report selectors take them."""
        return {
            "start": self.start,
            "end": self.end,
            "communities": self.community_ids,
            "organisation": self.organisation,
            "format": self.format,
            "province": self.province,
        }

    def member_kwargs(self) -> dict:
        """The filters as the members app's report selectors take them (no start, no format:
        members count at the end of the period)."""
        return {
            "end": self.end,
            "communities": self.community_ids,
            "organisation": self.organisation,
            "province": self.province,
        }


def _bounds_for_dates(date_from: dt.date | None, date_to: dt.date | None):
    tz = _local_tz()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz) if date_from else None
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz) if date_to else None
    return start, end


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=FIRST_YEAR, max_value=2100, **kwargs)


class PublicFilterForm(forms.Form):
    """The public page filters by year only."""

    year = YearField(label=_("Year"), required=False)

    def empty_filters(self) -> InsightFilters:
        """No filter: all time, everything."""
        return InsightFilters()

    def to_filters(self) -> InsightFilters:
        year = self.cleaned_data.get("year")
        if not year:
            return InsightFilters()
        start, end = _bounds_for_dates(dt.date(year, 1, 1), dt.date(year, 12, 31))
        return InsightFilters(start=start, end=end)


class InsightFilterForm(PublicFilterForm):
    date_from = PageDateField(label=_("From"), required=False)
    date_to = PageDateField(label=_("To"), required=False)
    community = forms.ModelChoiceField(
        label=_("Community of practice"),
        queryset=members_selectors.community_list_reported(),
        required=False,
        empty_label=_("All communities"),
        help_text=_("A CoP includes the meetings and members of every branch CoP below it."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=members_selectors.organisation_list_by_name(),
        required=False,
        empty_label=_("All organisations"),
    )
    format = forms.ChoiceField(
        label=_("Meeting format"),
        choices=[("", _("All formats")), *Meeting.Format.choices],
        required=False,
    )
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", _("All provinces")), *Province.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("year") and (data.get("date_from") or data.get("date_to")):
            raise forms.ValidationError(YEAR_AND_RANGE)
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError(DATE_RANGE_REVERSED)
        return data

    def to_filters(self) -> InsightFilters:
        data = self.cleaned_data
        if data.get("year"):
            base = super().to_filters()
            start, end = base.start, base.end
        else:
            start, end = _bounds_for_dates(data.get("date_from"), data.get("date_to"))
        return InsightFilters(
            start=start,
            end=end,
            community=data.get("community"),
            organisation=data.get("organisation"),
            format=data.get("format") or "",
            province=data.get("province") or "",
        )
