"""Reads of a branch CoP's page and feed: its meetings (and its sub-branches'), materials,
published minutes and the year's activity. A fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal import disclosure
from meetings.models import Attendance, Material, Meeting, SiteVisit
from members.models import Community, Level, User
from members.selectors import community_descendant_ids


def scope(community: Community) -> Q:
    """The meetings of ``community`` and of every branch under it (the root CoP: all)."""
    if community.is_root:
        return Q()
    ids = getattr(community, "_subtree_ids", None)
    if ids is None:  # read once per page, however many lists ask
        ids = community._subtree_ids = community_descendant_ids(community=community)
    return Q(community_id__in=ids)


def _shown(community: Community) -> QuerySet[Meeting]:
    """Published and cancelled meetings (never drafts) of the branch and its sub-branches."""
    return (
        Meeting.objects.filter(scope(community))
        .exclude(status=Meeting.Status.DRAFT)
        .select_related("community", "host_organisation")
    )


def branch_meetings_upcoming(*, community: Community, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    return _shown(community).filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "id")


def branch_meetings_past(*, community: Community, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Past meetings, latest first; ``minutes_published`` says whether to link the minutes."""
    qs = _shown(community).filter(ends_at__lte=now or timezone.now())
    return qs.annotate(
        minutes_published=Q(minutes_published_at__isnull=False) & (~Q(minutes_mn="") | ~Q(minutes_en=""))
    ).order_by("-starts_at", "-id")


def branch_materials(*, community: Community, members: bool) -> QuerySet[Material]:
    """Materials of the branch's meetings, newest first; members-only ones only for ``members``."""
    qs = Material.objects.filter(
        Q(meeting__in=Meeting.objects.filter(scope(community)).exclude(status=Meeting.Status.DRAFT))
    ).select_related("meeting")
    if not members:
        qs = qs.filter(members_only=False)
    return qs.order_by("-created_at", "-id")


def branch_calendar(*, community: Community) -> QuerySet[Meeting]:
    """The branch feed: the public feed's window (12 months back, everything ahead)."""
    since = timezone.now() - dt.timedelta(days=365)
    return _shown(community).filter(ends_at__gte=since).order_by("starts_at", "id")


# --- the year's activity -----------------------------------------------------------------------


@dataclass
class Group:
    label: str
    count: int


@dataclass
class Breakdown:
    """Counts of people by group as ``disclosure.suppress`` lets them be shown: ``rows`` plus
    ``other`` (the small groups together, or everyone when no group can stand alone) add up
    to ``total``; ``hidden`` when everyone together is still a small group."""

    rows: list[Group] = field(default_factory=list)
    other: int = 0
    hidden: bool = False

    @property
    def total(self) -> int:
        return sum(g.count for g in self.rows) + self.other


def breakdown(counts: dict[str, int]) -> Breakdown:
    """A breakdown of people by group with small groups suppressed (``disclosure.suppress``)."""
    result = disclosure.suppress({label: (n,) for label, n in sorted(counts.items())})
    if result.withheld:
        return Breakdown(hidden=True)
    if result.total is None:
        return Breakdown()
    rows = [Group(label, n) for label, (n,) in result.shown]
    other = result.other[0] if result.other else (0 if rows else result.total[0])
    return Breakdown(rows=rows, other=other)


@dataclass
class Activity:
    year: int
    years: list[int]
    meetings: int
    by_format: list[Group]
    by_gender: Breakdown
    by_level: Breakdown
    visits: int
    visit_list: list[SiteVisit]


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def branch_activity(*, community: Community, year: int | None = None, now=None) -> Activity:
    """Meetings held in ``year`` (started, not cancelled) by format, who came by gender and
    level of government (small groups merged, ``disclosure.suppress``), and the site visits.
    Six queries."""
    now = now or timezone.now()
    held_all = Meeting.objects.filter(scope(community), status=Meeting.Status.PUBLISHED, starts_at__lte=now)
    tz = timezone.get_default_timezone()
    years = sorted({d.year for d in held_all.datetimes("starts_at", "year", tzinfo=tz)}, reverse=True)
    this_year = timezone.localtime(now).year
    if year not in years:
        year = years[0] if years else this_year
    start, end = _year_bounds(year)
    held = held_all.filter(starts_at__gte=start, starts_at__lt=end)
    formats = dict(Meeting.Format.choices)
    by_format = [
        Group(str(formats.get(row["format"], row["format"])), row["n"])
        for row in held.order_by().values("format").annotate(n=Count("id")).order_by("-n", "format")
    ]
    came = Attendance.objects.filter(meeting__in=held.values("pk")).order_by()
    genders = dict(User.Gender.choices)
    levels = dict(Level.choices)
    not_stated = _("Not stated")
    by_gender = _tally(came.values("gender").annotate(n=Count("id")), "gender", genders, not_stated)
    by_level = _tally(
        came.values("organisation__level").annotate(n=Count("id")), "organisation__level", levels, not_stated
    )
    visits = SiteVisit.objects.filter(meeting__in=held.values("pk")).select_related("meeting")
    visit_list = list(visits.order_by("-meeting__starts_at", "-id")[:5])
    return Activity(
        year=year,
        years=years,
        meetings=sum(g.count for g in by_format),
        by_format=by_format,
        by_gender=breakdown(by_gender),
        by_level=breakdown(by_level),
        visits=visits.count() if len(visit_list) == 5 else len(visit_list),
        visit_list=visit_list,
    )


def _tally(rows, key: str, labels: dict, fallback: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        label = str(labels.get(row[key], fallback))
        counts[label] = counts.get(label, 0) + row["n"]
    return counts
