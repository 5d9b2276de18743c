"""Reads for the insights pages: the attendance tallies (``insights.models``, kept exact by
``insights.tallies``) and, for the rest, the selectors of the apps that own the data.

Every figure is grouped and counted by the database; each function here runs one or two
queries whatever the data size and returns small grouped rows. The attendance figures are sums
of tallies, never counts of the attendance rows: at 10,000,000 rows a count took seconds, a
sum of tallies takes milliseconds (``bench/insights.py``). ``tests/insights/test_tallies.py``
compares every figure with the raw counts of ``meetings.selectors``.
"""

import datetime as dt
from collections.abc import Callable

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from coordinators import selectors as coordinators_selectors
from cop_portal.filtering import given
from meetings import selectors as meetings_selectors
from meetings.models import Meeting
from members import selectors as members_selectors

from .filters import InsightFilters
from .models import (
    NO_ORGANISATION_ID,
    MeetingMonthTally,
    MeetingTally,
    MemberTally,
    MonthTally,
    OrganisationTally,
)


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
    """Rows ``{month, format, province, gender, n}``, one per group (one query): the
    meeting-month tallies when they answer the filters, else the meeting tallies (or, filtered
    by organisation, the organisation tallies) summed per month of the meeting (site time
    zone), format, province and gender."""
    months = _month_bounds(f)
    if months is not None and f.organisation is None and f.community_ids is None:
        # About ten thousand rows for the country over two years: plain tuples, and each
        # month's datetime made once.
        tz = timezone.get_default_timezone()
        starts: dict[dt.date, dt.datetime] = {}
        rows = (
            MeetingMonthTally.objects.filter(given(format=f.format, province=f.province), **months)
            .values("month", "format", "province", "gender")
            .annotate(total=Sum("n"))
            .values_list("month", "format", "province", "gender", "total")
            .order_by()
        )
        return [
            {
                "month": starts.get(month)
                or starts.setdefault(month, dt.datetime.combine(month, dt.time.min, tz)),
                "format": fmt,
                "province": province,
                "gender": gender,
                "n": n,
            }
            for month, fmt, province, gender, n in rows
        ]
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
    return _month_bounds(f)


def _month_bounds(f: InsightFilters) -> dict | None:
    """``month__gte``/``month__lt`` lookups when the dates are whole months (or none); else None."""
    lookups = {}
    for name, moment in (("month__gte", f.start), ("month__lt", f.end)):
        if moment is not None:
            if (month := _month_of(moment)) is None:
                return None
            lookups[name] = month
    return lookups


def _month_split(f: InsightFilters) -> tuple[dict, Q] | None:
    """Dates that cut into months, without a filter that needs the meeting: the month tally's
    lookups for the whole months between them, and the meetings of the part-months at either
    end (``starts_at`` ranges); None when no whole month lies between them."""
    if f.community_ids is not None or f.format or f.province or (f.start is None and f.end is None):
        return None
    tz = timezone.get_default_timezone()
    first = last = None
    if f.start is not None:
        local = timezone.localtime(f.start, tz)
        first = dt.datetime(local.year, local.month, 1, tzinfo=tz)
        if first < f.start:
            first = dt.datetime(local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=tz)
    if f.end is not None:
        local = timezone.localtime(f.end, tz)
        last = dt.datetime(local.year, local.month, 1, tzinfo=tz)
    if first is not None and last is not None and first >= last:
        return None
    months, edges = {}, Q(pk__in=[])
    if first is not None:
        months["month__gte"] = first.date()
        if first != f.start:
            edges |= Q(meeting__starts_at__gte=f.start, meeting__starts_at__lt=first)
    if last is not None:
        months["month__lt"] = last.date()
        if last != f.end:
            edges |= Q(meeting__starts_at__gte=last, meeting__starts_at__lt=f.end)
    return months, edges & ~Q(meeting__status=Meeting.Status.CANCELLED)


def _organisation_counts(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, gender, n}`` (one query): the month tallies when they answer the
    filters; for dates that cut into months, the month tallies of the whole months between them
    with the organisation tallies of the part-months' meetings; else the organisation tallies
    of the meetings the filters keep."""
    org = given(organisation_id=f.organisation.pk if f.organisation is not None else None)
    months = _whole_months(f)
    split = _month_split(f) if months is None else None
    if months is not None:
        qs = MonthTally.objects.filter(org, **months)
    elif split is not None:
        qs = MonthTally.objects.filter(org, **split[0])
    else:
        qs = OrganisationTally.objects.filter(_meeting_q(f), org)
    rows = qs.values("organisation_id", "gender").annotate(total=Sum("n")).order_by()
    if split is not None:
        edges = OrganisationTally.objects.filter(split[1], org)
        rows = rows.union(
            edges.values("organisation_id", "gender").annotate(total=Sum("n")).order_by(), all=True
        )
    totals: dict[tuple, int] = {}
    for r in rows:
        key = (r["organisation_id"], r["gender"])
        totals[key] = totals.get(key, 0) + r["total"]
    return [
        {
            "organisation_id": None if org_id == NO_ORGANISATION_ID else org_id,
            "gender": gender,
            "n": n,
        }
        for (org_id, gender), n in totals.items()
        if n
    ]


Names = Callable[[], dict[int, dict]]


def organisation_names() -> dict[int, dict]:
    """``{id: {name_mn, name_en, level}}`` of every organisation (one query): read once by a
    page whose tables by organisation share it."""
    return members_selectors.organisation_values()


def attendance_count_by_organisation(f: InsightFilters, names: Names | None = None) -> list[dict]:
    """Rows ``{organisation_id, name_mn, name_en, level, gender, n}`` (organisation recorded at
    the meeting; None for walk-ins without one). Two queries: counts, then the organisations
    (none when ``names`` gives them)."""
    counts = _organisation_counts(f)
    if names is not None:
        orgs = names()
    else:
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


def _member_tallies(f: InsightFilters, group: tuple[str, ...]) -> list[dict] | None:
    """Rows ``{*group, n}`` of members at the end of the period, from the member tallies (one
    query) plus, when the period ends within a year, the people who joined in that year
    before its end (one more query, over that part-year's people only); None when a CoP
    filter needs the people themselves."""
    if f.community_ids is not None:
        return None
    q = Q()
    if f.organisation is not None:
        q &= Q(organisation_id=f.organisation.pk)
    if f.province:
        in_province = members_selectors.organisation_list_by_name().filter(province=f.province)
        q &= Q(organisation_id__in=in_province.values("pk"))
    part_year = None
    if f.end is not None:
        local = timezone.localtime(f.end, timezone.get_default_timezone())
        year_start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        q &= Q(year__lt=local.year)
        if f.end > year_start:
            part_year = year_start
    totals: dict[tuple, int] = {}
    for r in MemberTally.objects.filter(q).values(*group).annotate(total=Sum("n")).order_by():
        key = tuple(r[k] for k in group)
        totals[key] = totals.get(key, 0) + r["total"]
    if part_year is not None:
        raw = (
            members_selectors.member_count_by_year_joined
            if group == ("year",)
            else members_selectors.member_count_by_organisation
        )
        for r in raw(**f.member_kwargs(), joined_from=part_year):
            key = tuple(
                NO_ORGANISATION_ID if k == "organisation_id" and r[k] is None else r[k] for k in group
            )
            totals[key] = totals.get(key, 0) + r["n"]
    return [{**dict(zip(group, key, strict=True)), "n": n} for key, n in totals.items() if n]


def member_count_by_organisation(f: InsightFilters, names: Names | None = None) -> list[dict]:
    """Rows ``{organisation_id, organisation__name_mn, organisation__name_en, gender, n}`` by
    name: the member tallies, then the organisations' names (none when ``names`` gives them)."""
    counts = _member_tallies(f, ("organisation_id", "gender"))
    if counts is None:
        return members_selectors.member_count_by_organisation(**f.member_kwargs())
    for c in counts:
        if c["organisation_id"] == NO_ORGANISATION_ID:
            c["organisation_id"] = None
    if names is not None:
        orgs = names()
    else:
        orgs = members_selectors.organisation_values(ids={c["organisation_id"] for c in counts} - {None})
    rows = [
        {
            "organisation_id": c["organisation_id"],
            "organisation__name_mn": orgs.get(c["organisation_id"], {}).get("name_mn"),
            "organisation__name_en": orgs.get(c["organisation_id"], {}).get("name_en"),
            "gender": c["gender"],
            "n": c["n"],
        }
        for c in counts
    ]
    return sorted(
        rows,
        key=lambda r: (
            r["organisation__name_mn"] is None,
            r["organisation__name_mn"] or "",
            r["organisation_id"] or 0,
            r["gender"],
        ),
    )


def member_count_by_year_joined(f: InsightFilters) -> list[dict]:
    """Rows ``{year, n}``: members by the year they joined (Asia/Ulaanbaatar), from the member
    tallies."""
    counts = _member_tallies(f, ("year",))
    if counts is None:
        return members_selectors.member_count_by_year_joined(**f.member_kwargs())
    return sorted(counts, key=lambda r: r["year"])


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
