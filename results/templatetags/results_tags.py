"""Template helpers for results pages: a row's name in the active language, a level's label."""

from django import template
from django.utils.translation import get_language

from members.permissions import user_is_member

from .. import selectors
from ..models import Level

register = template.Library()


@register.filter
def loc(row: dict, field: str) -> str:
    """``row[field + "_en"]`` in English when filled, else the Mongolian one."""
    if (get_language() or "mn").startswith("en") and row.get(f"{field}_en"):
        return row[f"{field}_en"]
    return row.get(f"{field}_mn") or row.get(f"{field}_en", "")


@register.filter
def level_label(value) -> str:
    if value is None or value == "":
        return "—"
    return Level(int(value)).label


@register.filter
def level_short(value) -> str:
    """A compact mark for tables at 360 px: N/A, 0, ½, ✓, ✓+."""
    marks = {0: "n/a", 1: "✗", 2: "½", 3: "✓", 4: "✓+"}
    return "—" if value is None else marks.get(int(value), "—")


@register.filter
def at(sequence, index):
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError, KeyError):
        return None


@register.simple_tag
def my_open_actions(user, limit: int = 3):
    """The member's open actions for their home page (one query)."""
    if not user_is_member(user):
        return []
    return selectors.action_list_open_owned(user=user, limit=limit)
