"""Reads of feedback: per-meeting results with small groups suppressed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef
from django.utils import timezone

from meetings.models import Meeting
from members.models import Level, User

from .models import Feedback

# How long after a meeting an answer is still asked for (``services.OPEN_DAYS``).
FEEDBACK_DUE_DAYS = 14

# A group average is shown only when the group has at least this many answers, so that
# nobody's rating can be singled out.
MIN_GROUP = 5


@dataclass
class GroupAverage:
    label: str
    count: int
    average: float


@dataclass
class FeedbackResults:
    count: int
    average: float | None
    answers: list[Feedback]
    by_gender: list[GroupAverage] = field(default_factory=list)
    by_level: list[GroupAverage] = field(default_factory=list)
    suppressed_groups: int = 0


def _groups(qs, field_name: str, labels: dict) -> tuple[list[GroupAverage], int]:
    shown, suppressed = [], 0
    rows = qs.exclude(**{field_name: ""}).values(field_name).annotate(n=Count("id"), avg=Avg("usefulness"))
    for row in rows.order_by(field_name):
        if row["n"] >= MIN_GROUP:
            shown.append(
                GroupAverage(
                    str(labels.get(row[field_name], row[field_name])), row["n"], round(row["avg"], 2)
                )
            )
        else:
            suppressed += 1
    return shown, suppressed


def feedback_results(*, meeting: Meeting) -> FeedbackResults:
    """Counts, the average, every answer's comments, and group averages (gender, level)
    only for groups of at least MIN_GROUP answers (four queries)."""
    qs = Feedback.objects.filter(meeting=meeting)
    totals = qs.aggregate(n=Count("id"), avg=Avg("usefulness"))
    answers = list(qs.select_related("proposal").order_by("-created_at", "-id"))
    by_gender, hidden_g = _groups(qs, "gender", dict(User.Gender.choices))
    by_level, hidden_l = _groups(qs, "level", dict(Level.choices))
    average = round(totals["avg"], 2) if totals["avg"] is not None else None
    return FeedbackResults(totals["n"], average, answers, by_gender, by_level, hidden_g + hidden_l)


def feedback_due_for(*, user, now: dt.datetime | None = None, limit: int = 3) -> list[Meeting]:
    """Meetings ``user`` was recorded present at, ended within the answer window and not yet
    answered by them, latest first (one query; the member's home page)."""
    now = now or timezone.now()
    answered = Feedback.objects.filter(meeting=OuterRef("pk"), user=user)
    return list(
        Meeting.objects.filter(
            attendances__user=user,
            status=Meeting.Status.PUBLISHED,
            ends_at__lte=now,
            ends_at__gte=now - dt.timedelta(days=FEEDBACK_DUE_DAYS),
        )
        .exclude(Exists(answered))
        .order_by("-ends_at", "-id")[:limit]
    )
