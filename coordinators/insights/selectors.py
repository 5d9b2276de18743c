"""Reads for the insights pages: every figure is grouped and counted by the database.

Each function runs one or two queries whatever the data size and returns small grouped rows
(one per group, never one per attendance record).
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth

from meetings.models import Attendance, Meeting, SiteVisit, SiteVisitOutcome
from members.models import Community, Organisation, User

from .filters import InsightFilters


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _meeting_q(f: InsightFilters, prefix: str = "") -> Q:
    """Conditions on the meeting (reached through ``prefix``) that every section shares."""
    q = ~Q(**{f"{prefix}status": Meeting.Status.CANCELLED})
    if f.start:
        q &= Q(**{f"{prefix}starts_at__gte": f.start})
    if f.end:
        q &= Q(**{f"{prefix}starts_at__lt": f.end})
    if f.community:
        # The root CoP (or a branch) counts its own meetings and those of its branches.
        q &= Q(**{f"{prefix}community": f.community}) | Q(**{f"{prefix}community__parent": f.community})
    if f.format:
        q &= Q(**{f"{prefix}format": f.format})
    if f.province:
        q &= Q(**{f"{prefix}province": f.province})
    return q


def attendance_filtered(f: InsightFilters) -> QuerySet:
    """Attendance records of meetings that were not cancelled, narrowed by the filters."""
    qs = Attendance.objects.filter(_meeting_q(f, "meeting__"))
    if f.organisation:
        qs = qs.filter(organisation=f.organisation)
    return qs


def attendance_count_by_meeting(f: InsightFilters) -> list[dict]:
    """Rows ``{month, format, province, gender, n}``: attendance grouped per meeting and gender.

    Two queries whatever the data size: the database counts attendance per (meeting, gender),
    then gives each meeting's month (in Asia/Ulaanbaatar), format and province. The pages sum
    these groups (at most 5 per meeting) by month, format or province; grouping 100,000 records
    once instead of once per section keeps the page fast.
    """
    counts = list(attendance_filtered(f).values("meeting_id", "gender").annotate(n=Count("id")).order_by())
    facts = {
        m["id"]: m
        for m in Meeting.objects.filter(_meeting_q(f))
        .annotate(month=TruncMonth("starts_at", tzinfo=_tz()))
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


def attendance_count_by_organisation(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, name_mn, name_en, level, gender, n}`` (organisation recorded at
    the meeting; None for walk-ins without one). Two queries: counts, then the organisations."""
    counts = list(
        attendance_filtered(f).values("organisation_id", "gender").annotate(n=Count("id")).order_by()
    )
    ids = {c["organisation_id"] for c in counts if c["organisation_id"] is not None}
    orgs = {
        o["id"]: o
        for o in Organisation.objects.filter(pk__in=ids).values("id", "name_mn", "name_en", "level")
    }
    missing = {"name_mn": "", "name_en": "", "level": None}
    rows = [
        {"organisation_id": c["organisation_id"], **_org_fields(orgs.get(c["organisation_id"], missing)), **c}
        for c in counts
    ]
    return sorted(rows, key=lambda r: (r["organisation_id"] is None, r["name_mn"], r["organisation_id"] or 0))


def _org_fields(org: dict) -> dict:
    return {"name_mn": org["name_mn"], "name_en": org["name_en"], "level": org["level"]}


def members_filtered(f: InsightFilters) -> QuerySet:
    """Approved, active members at the end of the period, narrowed by the filters."""
    qs = User.objects.filter(status=User.Status.APPROVED, is_active=True)
    if f.end:
        qs = qs.filter(date_joined__lt=f.end)
    if f.organisation:
        qs = qs.filter(organisation=f.organisation)
    if f.province:
        qs = qs.filter(organisation__province=f.province)
    if f.community and f.community.parent_id is not None:
        qs = qs.filter(community_memberships__community=f.community)
    return qs


def member_count_by_organisation(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, organisation__name_mn, organisation__name_en, gender, n}``."""
    return list(
        members_filtered(f)
        .values("organisation_id", "organisation__name_mn", "organisation__name_en", "gender")
        .annotate(n=Count("id"))
        .order_by("organisation__name_mn", "organisation_id", "gender")
    )


def member_count_by_year_joined(f: InsightFilters) -> list[dict]:
    """Rows ``{year, n}``: members by the year they joined (Asia/Ulaanbaatar)."""
    return list(
        members_filtered(f)
        .annotate(year=ExtractYear("date_joined", tzinfo=_tz()))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )


def branch_count_by_year_founded(f: InsightFilters) -> list[dict]:
    """Rows ``{year, n}``: approved (or since closed) branch CoPs by founding year."""
    qs = Community.objects.filter(
        parent__isnull=False, status__in=[Community.Status.APPROVED, Community.Status.CLOSED]
    )
    if f.end:
        qs = qs.filter(created_at__lt=f.end)
    if f.organisation:
        qs = qs.filter(host_organisation=f.organisation)
    if f.province:
        qs = qs.filter(host_organisation__province=f.province)
    if f.community:
        qs = qs.filter(Q(pk=f.community.pk) | Q(parent=f.community))
    return list(
        qs.annotate(
            year=Coalesce(
                ExtractYear("founded_on"),
                ExtractYear("decided_at", tzinfo=_tz()),
                ExtractYear("created_at", tzinfo=_tz()),
            )
        )
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )


def site_visits_filtered(f: InsightFilters) -> QuerySet:
    qs = SiteVisit.objects.filter(_meeting_q(f, "meeting__"))
    if f.organisation:
        qs = qs.filter(meeting__host_organisation=f.organisation)
    return qs


def site_visit_count_by_province(f: InsightFilters) -> list[dict]:
    """Rows ``{meeting__province, visits, participants}``."""
    return list(
        site_visits_filtered(f)
        .values("meeting__province")
        .annotate(
            visits=Count("id", distinct=True),
            participants=Count("meeting__attendances", distinct=True),
        )
        .order_by("meeting__province")
    )


def site_visit_outcome_totals(f: InsightFilters) -> list[dict]:
    """Rows ``{visit__meeting__province, label_mn, label_en, unit, total, visits}``."""
    return list(
        SiteVisitOutcome.objects.filter(visit__in=site_visits_filtered(f).values("pk"))
        .values("visit__meeting__province", "label_mn", "label_en", "unit")
        .annotate(total=Sum("quantity"), visits=Count("visit", distinct=True))
        .order_by("visit__meeting__province", "label_mn", "unit")
    )


def election_turnout_list():
    """Turnout snapshots of elections whose voting has closed, newest first (one query)."""
    from coordinators.models import Election

    return list(Election.objects.exclude(turnout={}).order_by("-year").values("year", "turnout"))
