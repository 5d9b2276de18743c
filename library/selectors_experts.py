"""Reads of the experts' roster (split from ``selectors``, which keeps the search)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from meetings import selectors as meetings_selectors
from members.models import User

from .models import Expert


@dataclass(frozen=True)
class ExpertFilters:
    topic: str = ""
    language: str = ""
    province: str = ""
    role: str = ""


def expert_list(*, filters: ExpertFilters = ExpertFilters()) -> QuerySet[Expert]:
    """Listed experts, outside people and members still approved, by name."""
    qs = (
        Expert.objects.filter(is_listed=True)
        .filter(Q(user__isnull=True) | Q(user__is_active=True, user__status=User.Status.APPROVED))
        .select_related("user", "organisation")
        .annotate(sort_name=Coalesce(NullIf("user__full_name", Value("")), "name"))
        .order_by("sort_name", "id")
    )
    if filters.topic:
        qs = qs.filter(topics__contains=f",{filters.topic},")
    if filters.language:
        qs = qs.filter(languages__contains=f",{filters.language},")
    if filters.province:
        qs = qs.filter(provinces__contains=f",{filters.province},")
    if filters.role:
        qs = qs.filter(role=filters.role)
    return qs


def expert_get(*, pk: int) -> Expert | None:
    return expert_list().filter(pk=pk).first()


def expert_attach_sessions(experts, *, shown: int = 3) -> list[Expert]:
    """Set ``sessions`` (the latest few) and ``session_count`` on each expert, from the agendas
    of public meetings where they spoke (one query)."""
    experts = list(experts)
    by_name: dict[str, list] = {}
    for item in meetings_selectors.agenda_item_list_for_speakers(names={e.display_name for e in experts}):
        by_name.setdefault(item.speaker, []).append(item)
    for expert in experts:
        given = by_name.get(expert.display_name, [])
        expert.session_count, expert.sessions = len(given), given[:shown]
    return experts


def expert_get_by_user(*, user) -> Expert | None:
    return Expert.objects.filter(user=user).first() if getattr(user, "pk", None) else None
