"""Reads of feedback: per-meeting results as the disclosure rule lets organisers see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal import disclosure
from meetings.models import Meeting
from members.models import Level, User

from .models import Feedback

# How long after a meeting an answer is still asked for (``services.OPEN_DAYS``).
FEEDBACK_DUE_DAYS = 14
OTHER_GROUPS = _("Other groups combined")
NOT_STATED = _("Not stated")


@dataclass
class GroupAverage:
    label: str
    count: int
    average: float


@dataclass
class FeedbackResults:
    """What organisers may read of a meeting's feedback (``disclosure.suppress``): the number
    of answers; the mean only from ``disclosure.MIN_GROUP`` answers on; group means only for
    groups that large, the small groups combined (secondary suppression), so that the overall
    mean minus the shown groups gives no small group back. The answers carry their comments;
    their ratings are never shown one by one (beside the group means a rating could be matched
    to its group)."""

    count: int
    average: float | None
    answers: list[Feedback]
    by_gender: list[GroupAverage] = field(default_factory=list)
    by_level: list[GroupAverage] = field(default_factory=list)
    suppressed_groups: int = 0


def _mean(answers: int, total: int) -> float:
    return round(total / answers, 2)


def _groups(qs, field_name: str, labels: dict) -> tuple[list[GroupAverage], int, tuple[int, int]]:
    """Shown group means, the number of groups hidden, and (answers, sum of ratings) overall."""
    rows = qs.values(field_name).annotate(n=Count("id"), total=Sum("usefulness")).order_by(field_name)
    result = disclosure.suppress(
        [(row[field_name], (row["n"], row["total"])) for row in rows], people=lambda figures: figures[:1]
    )
    shown = [
        GroupAverage(str(labels.get(key, NOT_STATED)), n, _mean(n, total)) for key, (n, total) in result.shown
    ]
    if result.other is not None:
        n, total = result.other
        shown.append(GroupAverage(str(OTHER_GROUPS), n, _mean(n, total)))
    return shown, len(result.hidden), result.total or (0, 0)


def feedback_results(*, meeting: Meeting) -> FeedbackResults:
    """The number of answers, every answer's comments, and the means that
    ``disclosure.suppress`` lets organisers see (three queries)."""
    qs = Feedback.objects.filter(meeting=meeting).order_by()
    answers = list(qs.select_related("proposal").order_by("-created_at", "-id"))
    by_gender, hidden_g, (n, total) = _groups(qs, "gender", dict(User.Gender.choices))
    by_level, hidden_l, _total = _groups(qs, "level", dict(Level.choices))
    average = _mean(n, total) if n else None
    return FeedbackResults(len(answers), average, answers, by_gender, by_level, hidden_g + hidden_l)


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
