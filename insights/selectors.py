"""Reads for the insights pages: the attendance tallies (``insights.models``, kept exact by
``insights.tallies``) and, for the rest, the selectors of the apps that own the data.

Every figure is grouped and counted by the database; each function here runs one or two
queries whatever the data size and returns small grouped rows. The attendance figures are sums
of tallies, never counts of the attendance rows: at 10,000,000 rows a count took seconds, a
sum of tallies takes milliseconds (``bench/insights.py``). ``tests/insights/test_tallies.py``
compares every figure with the raw counts of ``meetings.selectors``.
"""

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from coordinators import selectors as coordinators_selectors
from cop_portal.filtering import given
from meetings import selectors as meetings_selectors
from meetings.models import Meeting
from members import selectors as members_selectors

from .filters import InsightFilters
from .models import NO_ORGANISATION_ID, MeetingTally, MonthTally, OrganisationTally


def _meeting_q(f: InsightFilters, prefix: str = "meeting__") -> Q:
    """The filters on the meeting (as ``meetings.selectors``' reports apply them): cancelled
    meetings never count."""
    q = ~Q(**{f"{prefix}status": Meeting.Status.CANCELLED}) & given(
        **{
            f"{prefix}starts_at__gte": f.start,
            f"{prefix}starts_at__lt": f.end,
            f"{prefix}format": f.format,
            f"{prefix}province": f.province,
        }
    )
    if f.community_ids is not None:
        q &= Q(**{f"{prefix}community_id__in": f.community_ids})
    return q


def attendance_count_by_meeting(f: InsightFilters) -> list[dict]:
    """Rows ``{month, format, province, gender, n}``, one per group (one query): the meeting
    tallies (or, filtered by organisation, the organisation tallies) summed per month of the
    meeting (site time zone), format, province and gender."""
    if f.organisation is None:
        qs = MeetingTally.objects.filter(_meeting_q(f))
    else:
        qs = OrganisationTally.objects.filter(_meeting_q(f), organisation_id=f.organisation.pk)
    rows = (
        qs.annotate(month=TruncMonth("meeting__starts_at", tzinfo=timezone.get_default_timezone()))
        .values("month", "meeting__format", "meeting__province", "gender")
        .annotate(total=Sum("n"))
        .order_by()
    )
    return [
        {
            "month": r["month"],
            "format": r["meeting__format"],
            "province": r["meeting__province"],
            "gender": r["gender"],
            "n": r["total"],
        }
        for r in rows
    ]


def _month_of(moment: dt.datetime | None) -> dt.date | None:
    """The first day of the month ``moment`` opens (midnight of a 1st, site time), else None."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    if local.day == 1 and local.time() == dt.time.min:
        return local.date()
    return None


def _whole_months(f: InsightFilters) -> dict | None:
    """The month tally's filter when it answers ``f`` exactly: whole months (or no dates) and
    no filter that needs the meeting (CoP, format, province); else None."""
    if f.community_ids is not None or f.format or f.province:
        return None
    lookups = {}
    for name, moment in (("month__gte", f.start), ("month__lt", f.end)):
        if moment is not None:
            if (month := _month_of(moment)) is None:
                return None
            lookups[name] = month
    return lookups


def _organisation_counts(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, gender, n}`` (one query): the month tallies when they answer the
    filters, else the organisation tallies of the meetings the filters keep."""
    org = given(organisation_id=f.organisation.pk if f.organisation is not None else None)
    months = _whole_months(f)
    if months is not None:
        qs = MonthTally.objects.filter(org, **months)
    else:
        qs = OrganisationTally.objects.filter(_meeting_q(f), org)
    rows = qs.values("organisation_id", "gender").annotate(total=Sum("n")).order_by()
    return [
        {
            "organisation_id": None if r["organisation_id"] == NO_ORGANISATION_ID else r["organisation_id"],
            "gender": r["gender"],
            "n": r["total"],
        }
        for r in rows
    ]


def attendance_count_by_organisation(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, name_mn, name_en, level, gender, n}`` (organisation recorded at
    the meeting; None for walk-ins without one). Two queries: counts, then the organisations."""
    counts = _organisation_counts(f)
    ids = {c["organisation_id"] for c in counts if c["organisation_id"] is not None}
    orgs = members_selectors.organisation_values(ids=ids)
    missing = {"name_mn": "", "name_en": "", "level": None}
    rows = [
        {"organisation_id": c["organisation_id"], **_org_fields(orgs.get(c["organisation_id"], missing)), **c}
        for c in counts
    ]
    return sorted(rows, key=lambda r: (r["organisation_id"] is None, r["name_mn"], r["organisation_id"] or 0))


def _org_fields(org: dict) -> dict:
    return {"name_mn": org["name_mn"], "name_en": org["name_en"], "level": org["level"]}


def member_count_by_organisation(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, organisation__name_mn, organisation__name_en, gender, n}``."""
    return members_selectors.member_count_by_organisation(**f.member_kwargs())


def member_count_by_year_joined(f: InsightFilters) -> list[dict]:
    """Rows ``{year, n}``: members by the year they joined (Asia/Ulaanbaatar)."""
    return members_selectors.member_count_by_year_joined(**f.member_kwargs())


def branch_count_by_year_founded(f: InsightFilters) -> list[dict]:
    """Rows ``{year, n}``: approved (or since closed) branch CoPs by founding year."""
    return members_selectors.branch_count_by_year_founded(**f.member_kwargs())


def site_visit_count_by_province(f: InsightFilters) -> list[dict]:
    """Rows ``{meeting__province, visits, participants}`` (one query): the visits the meetings
    app reports, each with its meeting's tallies summed (counting the attendance rows of 800
    visits' meetings took seconds at 10,000,000 rows)."""
    attended = (
        MeetingTally.objects.filter(meeting_id=OuterRef("meeting_id"))
        .values("meeting_id")
        .annotate(total=Sum("n"))
        .values("total")
    )
    return list(
        meetings_selectors.site_visit_list_reported(**f.meeting_kwargs())
        .values("meeting__province")
        .annotate(visits=Count("id"), participants=Coalesce(Sum(Subquery(attended)), 0))
        .order_by("meeting__province")
    )


def site_visit_outcome_totals(f: InsightFilters) -> list[dict]:
    """Rows ``{visit__meeting__province, label_mn, label_en, unit, total, visits}``."""
    return meetings_selectors.site_visit_outcome_totals(**f.meeting_kwargs())


def election_turnout_list() -> list[dict]:
    """Turnout of elections whose voting has closed, newest first, with whole percentages
    (one query)."""
    return coordinators_selectors.election_turnout_list(ndigits=None)
