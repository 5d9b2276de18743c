"""Reads of actions."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from ..models import (
    Action,
    ActionUpdate,
)

# --- actions -----------------------------------------------------------------------------------


def action_list(*, viewer, scope: str = "mine", status: str = "", source: str = "", organisation_id=None):
    """Actions for ``/actions/``: ``mine`` (owned), ``organisation`` (the viewer's
    organisation's), ``overdue`` (open past their due date, of the viewer's organisation or
    owned; all of them for coordinators) or ``all`` (coordinators)."""
    today = timezone.localdate()
    actions = Action.objects.select_related("owner").prefetch_related("organisations")
    own = Q(owner=viewer)
    if viewer.organisation_id:
        own |= Q(organisations=viewer.organisation_id)
    # Only "owned or of my organisation" joins rows that can repeat an action (one per organisation).
    repeats = False
    if scope == "mine":
        actions = actions.filter(owner=viewer)
    elif scope == "organisation":
        actions = actions.filter(organisations=viewer.organisation_id or -1)
    elif scope == "overdue":
        actions = actions.filter(status__in=Action.OPEN, due_on__lt=today)
        if not viewer.is_coordinator:
            actions, repeats = actions.filter(own), True
    elif not viewer.is_coordinator:  # "all" is for coordinators; others get theirs
        actions, repeats = actions.filter(own), True
    if status:
        actions = actions.filter(status=status)
    if source:
        actions = actions.filter(source=source)
    if organisation_id:
        actions = actions.filter(organisations=organisation_id)
    if repeats:  # a subquery instead of DISTINCT over every column
        actions = (
            Action.objects.filter(pk__in=actions.values("pk"))
            .select_related("owner")
            .prefetch_related("organisations")
        )
    return actions.order_by(F("due_on").asc(nulls_last=True), "id")


def action_list_open_owned(*, user, limit: int = 3) -> list[Action]:
    """The open actions ``user`` owns, the earliest due first (one query; the member's home)."""
    return list(
        Action.objects.filter(owner=user, status__in=Action.OPEN).order_by(
            F("due_on").asc(nulls_last=True), "id"
        )[:limit]
    )


def action_get(*, pk: int) -> Action | None:
    return (
        Action.objects.select_related(
            "owner", "audit__organisation", "indicator", "visit__meeting", "meeting", "proposal"
        )
        .prefetch_related(
            "organisations",
            Prefetch(
                "updates", queryset=ActionUpdate.objects.select_related("author").order_by("-at", "-id")
            ),
        )
        .filter(pk=pk)
        .first()
    )


def action_update_get(*, pk: int) -> ActionUpdate | None:
    return ActionUpdate.objects.select_related("action").filter(pk=pk).first()


def action_list_for_visit(visit_id: int) -> list[Action]:
    return list(
        Action.objects.filter(visit_id=visit_id).select_related("owner").prefetch_related("organisations")
    )


def action_list_for_report(*, organisation_id: int, since) -> tuple[list[Action], list[Action]]:
    """The organisation's actions done since ``since`` (a date or None), and its open ones."""
    actions = Action.objects.filter(organisations=organisation_id).order_by(
        F("due_on").asc(nulls_last=True), "id"
    )
    done = actions.filter(status=Action.Status.DONE)
    if since is not None:
        done = done.filter(done_on__gte=since)
    return list(done), list(actions.filter(status__in=Action.OPEN))


def action_counts_for_organisation(organisation_id: int) -> dict[str, int]:
    today = timezone.localdate()
    return Action.objects.filter(organisations=organisation_id).aggregate(
        done=Count("id", filter=Q(status=Action.Status.DONE)),
        in_progress=Count("id", filter=Q(status__in=Action.OPEN)),
        overdue=Count("id", filter=Q(status__in=Action.OPEN, due_on__lt=today)),
    )


def action_list_for_meeting(meeting_id: int) -> list[Action]:
    """The actions a meeting or convention decided (its joint plan), with their status."""
    return list(
        Action.objects.filter(
            meeting_id=meeting_id, source__in=(Action.Source.JOINT_PLAN, Action.Source.MEETING)
        )
        .prefetch_related("organisations")
        .order_by("id")
    )


def actions_on_time() -> dict[str, int]:
    """Actions done (with a due date): how many, how many on time; open ones overdue."""
    today = timezone.localdate()
    return Action.objects.aggregate(
        done=Count("id", filter=Q(status=Action.Status.DONE, due_on__isnull=False)),
        on_time=Count(
            "id", filter=Q(status=Action.Status.DONE, due_on__isnull=False, done_on__lte=F("due_on"))
        ),
        open=Count("id", filter=Q(status__in=Action.OPEN)),
        overdue=Count("id", filter=Q(status__in=Action.OPEN, due_on__lt=today)),
    )
