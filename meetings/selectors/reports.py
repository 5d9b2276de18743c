"""Grouped counts read by the insights app (attendance, site visits and their outcomes)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cop_portal.filtering import given

from ..models import (
    Attendance,
    Meeting,
    SiteVisit,
    SiteVisitOutcome,
)

# Each function runs one or two GROUP BY queries whatever the data size and returns one row per
# group, never one per record. The filters are plain keyword arguments (start inclusive, end
# exclusive, both aware); cancelled meetings are never counted.


def _report_meeting_q(
    prefix: str = "",
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    communities=None,
    format: str = "",
    province: str = "",
) -> Q:
    """Conditions on the meeting (reached through ``prefix``) that every report shares."""
    q = ~Q(**{f"{prefix}status": Meeting.Status.CANCELLED}) & given(
        **{
            f"{prefix}starts_at__gte": start,
            f"{prefix}starts_at__lt": end,
            f"{prefix}format": format,
            f"{prefix}province": province,
        }
    )
    if communities is not None:
        # The ids of a CoP and every branch below it (``members.selectors.community_subtree_ids``).
        q &= Q(**{f"{prefix}community_id__in": communities})
    return q


def _attendance_report(*, organisation=None, **meeting_filters) -> QuerySet[Attendance]:
    return Attendance.objects.filter(
        _report_meeting_q("meeting__", **meeting_filters), given(organisation=organisation)
    )


def attendance_count_by_meeting(*, organisation=None, **meeting_filters) -> list[dict]:
    """Rows ``{month, format, province, gender, n}``: attendance grouped per meeting and gender.

    Two queries whatever the data size: the database counts attendance per (meeting, gender),
    then gives each meeting's month (in the site's time zone), format and province. Reports sum
    these groups (at most 5 per meeting) by month, format or province; grouping 100,000 records
    once instead of once per report keeps the page fast.
    """
    counts = list(
        _attendance_report(organisation=organisation, **meeting_filters)
        .values("meeting_id", "gender")
        .annotate(n=Count("id"))
        .order_by()
    )
    facts = {
        m["id"]: m
        for m in Meeting.objects.filter(_report_meeting_q(**meeting_filters))
        .annotate(month=TruncMonth("starts_at", tzinfo=timezone.get_default_timezone()))
        .values("id", "month", "format", "province")
    }
    # A meeting changed between the two queries is left out rather than failing the page.
    return [
        {
            "month": m["month"],
            "format": m["format"],
            "province": m["province"],
            "gender": c["gender"],
            "n": c["n"],
        }
        for c in counts
        if (m := facts.get(c["meeting_id"])) is not None
    ]


def attendance_count_by_organisation(*, organisation=None, **meeting_filters) -> list[dict]:
    """Rows ``{organisation_id, gender, n}`` for the organisation recorded at the meeting (None
    for walk-ins without one); one query."""
    return list(
        _attendance_report(organisation=organisation, **meeting_filters)
        .values("organisation_id", "gender")
        .annotate(n=Count("id"))
        .order_by()
    )


def _site_visit_report(*, organisation=None, **meeting_filters) -> QuerySet[SiteVisit]:
    return SiteVisit.objects.filter(
        _report_meeting_q("meeting__", **meeting_filters), given(meeting__host_organisation=organisation)
    )


def site_visit_list_reported(*, organisation=None, **meeting_filters) -> QuerySet[SiteVisit]:
    """The site visits the reports count (the same filters; ``organisation`` is the host), for
    the insights to group with their own attendance tallies."""
    return _site_visit_report(organisation=organisation, **meeting_filters)


def site_visit_count_by_province(*, organisation=None, **meeting_filters) -> list[dict]:
    """Rows ``{meeting__province, visits, participants}``."""
    return list(
        _site_visit_report(organisation=organisation, **meeting_filters)
        .values("meeting__province")
        .annotate(
            visits=Count("id", distinct=True),
            participants=Count("meeting__attendances", distinct=True),
        )
        .order_by("meeting__province")
    )


def site_visit_outcome_totals(*, organisation=None, **meeting_filters) -> list[dict]:
    """Rows ``{visit__meeting__province, label_mn, label_en, unit, total, visits}``."""
    visits = _site_visit_report(organisation=organisation, **meeting_filters)
    return list(
        SiteVisitOutcome.objects.filter(visit__in=visits.values("pk"))
        .values("visit__meeting__province", "label_mn", "label_en", "unit")
        .annotate(total=Sum("quantity"), visits=Count("visit", distinct=True))
        .order_by("visit__meeting__province", "label_mn", "unit")
    )
