"""The branch CoP network as coordinators watch it: each approved branch with its meetings'
rhythm, and the quiet ones (no meeting for three months) flagged.

One query for a page of branches whatever the data size: the meeting figures are aggregates
over one join, the member count a correlated subquery (a second join would multiply rows)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from meetings.models import Meeting
from members.models import Community, CommunityMembership

# A branch with no meeting held for this many months is quiet (branches approved since are not).
INACTIVE_AFTER_MONTHS = 3
ACTIVITY_WINDOW_MONTHS = 12


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def inactive_cutoff(now: dt.datetime) -> dt.datetime:
    return months_before(now, INACTIVE_AFTER_MONTHS)


def branch_network(*, now: dt.datetime | None = None, inactive_only: bool = False) -> QuerySet[Community]:
    """Approved branch CoPs with ``member_count``, ``last_meeting_at`` (held: published and
    started), ``next_meeting_at``, ``meetings_last_year`` and ``is_inactive``; the quiet ones
    first (longest quiet first), then by name."""
    now = now or timezone.now()
    cutoff = inactive_cutoff(now)
    held = Q(meetings__status=Meeting.Status.PUBLISHED, meetings__starts_at__lt=now)
    members = (
        CommunityMembership.objects.filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = (
        Community.objects.filter(parent__isnull=False, status=Community.Status.APPROVED)
        .select_related("host_organisation", "focal_person", "parent")
        .annotate(
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
            last_meeting_at=Max("meetings__starts_at", filter=held),
            next_meeting_at=Min(
                "meetings__starts_at",
                filter=Q(meetings__status=Meeting.Status.PUBLISHED, meetings__starts_at__gte=now),
            ),
            meetings_last_year=Count(
                "meetings",
                filter=held & Q(meetings__starts_at__gte=months_before(now, ACTIVITY_WINDOW_MONTHS)),
            ),
        )
        .annotate(
            is_inactive=Case(
                When(
                    (Q(last_meeting_at__isnull=True) | Q(last_meeting_at__lt=cutoff))
                    & Q(pk__in=_approved_before(cutoff)),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    if inactive_only:
        qs = qs.filter(is_inactive=True)
    return qs.order_by("-is_inactive", F("last_meeting_at").asc(nulls_first=True), "name_mn", "pk")


def _approved_before(cutoff: dt.datetime) -> QuerySet:
    """Branches approved (or, if no decision is recorded, registered) before ``cutoff``: a
    branch younger than the quiet period is not yet flagged."""
    return (
        Community.objects.annotate(since=Coalesce("decided_at", "created_at"))
        .filter(since__lt=cutoff)
        .values("pk")
    )


def branch_inactive_list(*, now: dt.datetime | None = None) -> list[Community]:
    """The quiet branches, for the coordinators' monthly digest (one query)."""
    return list(branch_network(now=now, inactive_only=True))
