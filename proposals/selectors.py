"""Reads of proposals, with the joins and counts the pages need (fixed query counts)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.fields import BooleanField
from django.utils import timezone

from cop_portal.filtering import given

from .models import Proposal, ProposalEvent, ProposalSupport

SORTS = {"newest": ("-created_at", "-id"), "supported": ("-support_count", "-created_at", "-id")}


def _with_counts(qs: QuerySet[Proposal], viewer) -> QuerySet[Proposal]:
    qs = qs.annotate(support_count=Count("supports", distinct=True))
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        mine = ProposalSupport.objects.filter(proposal=OuterRef("pk"), user=viewer)
        return qs.annotate(supported_by_me=Exists(mine))
    return qs.annotate(supported_by_me=Value(False, output_field=BooleanField()))


def proposal_list(
    *,
    viewer=None,
    kind: str = "",
    status: str = "",
    community: str = "",
    q: str = "",
    sort: str = "newest",
) -> QuerySet[Proposal]:
    """Visible proposals (never hidden ones), filtered; every word of ``q`` must occur in the
    title or the description."""
    qs = Proposal.objects.filter(
        given(kind=kind, status=status, community__slug=community), hidden_at__isnull=True
    ).select_related("community", "proposer", "meeting")
    for word in q.split()[:8]:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return _with_counts(qs, viewer).order_by(*SORTS.get(sort, SORTS["newest"]))


def proposal_get(*, pk: int, viewer=None) -> Proposal | None:
    """One proposal with its branch, answer, meeting and history (hidden ones too: the
    caller checks who may see them)."""
    qs = Proposal.objects.select_related(
        "community", "community__focal_person", "proposer", "answered_by", "meeting", "host_organisation"
    ).prefetch_related(
        Prefetch(
            "events",
            queryset=ProposalEvent.objects.select_related("actor", "meeting").order_by("created_at", "id"),
        )
    )
    return _with_counts(qs, viewer).filter(pk=pk).first()


def proposal_count_recent(*, user, now: dt.datetime | None = None) -> int:
    """How many proposals ``user`` opened in the last 24 hours."""
    now = now or timezone.now()
    return Proposal.objects.filter(proposer=user, created_at__gt=now - dt.timedelta(days=1)).count()


def proposal_recipient_ids(*, proposal: Proposal) -> list[int]:
    """The proposer and the supporters: who hears about an answer."""
    ids = set(ProposalSupport.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    if proposal.proposer_id:
        ids.add(proposal.proposer_id)
    return sorted(ids)


def proposal_list_accepted_of(*, user) -> QuerySet[Proposal]:
    """The proposals ``user`` made that were accepted, in the order they were (the
    participation record lists them)."""
    return Proposal.objects.filter(proposer=user, status=Proposal.Status.ACCEPTED).order_by("answered_at")


def proposal_list_accepted() -> QuerySet[Proposal]:
    """Accepted proposals that are not hidden (the library indexes them for members)."""
    return Proposal.objects.filter(status=Proposal.Status.ACCEPTED, hidden_at__isnull=True).select_related(
        "host_organisation"
    )
