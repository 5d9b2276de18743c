"""Turnout: who took part, the percentages shown by the election page and the insights app,
and the public view that hides small groups."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from members.models import Level

from ..models import (
    Election,
    Participation,
)
from .elections import voters_for_election


def turnout_compute(election: Election) -> dict:
    """Eligible voters and voters overall, by gender and by level (two GROUP BY queries)."""
    eligible_rows = (
        voters_for_election(election)
        .values_list("gender", "organisation__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    voted_rows = (
        Participation.objects.filter(election=election)
        .values_list("gender", "level")
        .annotate(n=Count("member", distinct=True))
        .order_by()
    )

    def group(rows, index):
        out: dict[str, int] = {}
        for row in rows:
            out[row[index] or ""] = out.get(row[index] or "", 0) + row[2]
        return out

    eligible_rows, voted_rows = list(eligible_rows), list(voted_rows)
    result = {
        "eligible": sum(r[2] for r in eligible_rows),
        "voted": sum(r[2] for r in voted_rows),
    }
    for name, index in (("by_gender", 0), ("by_level", 1)):
        eligible, voted = group(eligible_rows, index), group(voted_rows, index)
        result[name] = [
            {"key": key, "eligible": eligible.get(key, 0), "voted": voted.get(key, 0)}
            for key in sorted(set(eligible) | set(voted))
        ]
    return result


# Public turnout: a group is shown only if at least this many of its members voted and at least
# this many did not (so "1 of 1" or "6 of 7" never names what a handful of people did).
TURNOUT_MIN_GROUP = 5


def _turnout_safe(voted: int, eligible: int) -> bool:
    return voted >= TURNOUT_MIN_GROUP and eligible - voted >= TURNOUT_MIN_GROUP


def turnout_rows_public(rows: list[dict]) -> tuple[list[dict], dict | None]:
    """The groups of one turnout breakdown that may be published, and the rest combined.

    Small groups are merged into one "other groups" row; if that row is itself small, the
    smallest shown groups join it until it is not (secondary suppression: the total minus the
    shown groups then gives only the combined row, never one small group). When everything
    would merge, no group is shown (the overall figure stays). Returns (shown, other or None).
    """
    shown = sorted(
        (r for r in rows if _turnout_safe(r["voted"], r["eligible"])), key=lambda r: (r["eligible"], r["key"])
    )
    merged = [r for r in rows if not _turnout_safe(r["voted"], r["eligible"])]
    if not merged:
        return sorted(shown, key=lambda r: r["key"]), None

    def combined():
        return {"voted": sum(r["voted"] for r in merged), "eligible": sum(r["eligible"] for r in merged)}

    while shown and not _turnout_safe(**combined()):
        merged.append(shown.pop(0))
    if not shown:
        return [], None
    return sorted(shown, key=lambda r: r["key"]), combined()


# --- Turnout: the percentages shown by the election page and the insights app --------------------

NOT_STATED = _("Not stated")


def turnout_rate(voted: int, eligible: int, *, ndigits: int | None = 1) -> float | int | None:
    """Voters as a percentage of eligible members (None when nobody was eligible)."""
    return round(100 * voted / eligible, ndigits) if eligible else None


def turnout_table(turnout: dict, *, ndigits: int | None = 1) -> dict:
    """A turnout snapshot (see ``turnout_compute``) with a label and a rate on every row:
    ``{overall, by_gender, by_level}``; empty when voting has not closed."""
    if not turnout:
        return {}
    User = get_user_model()

    def label(name: str, key: str):
        if name == "by_gender":
            return User.Gender(key).label if key in User.Gender.values else NOT_STATED
        return Level(key).label if key in Level.values else NOT_STATED

    def rows(name: str) -> list[dict]:
        return [
            {
                **r,
                "label": label(name, r["key"]),
                "rate": turnout_rate(r["voted"], r["eligible"], ndigits=ndigits),
            }
            for r in turnout.get(name, [])
        ]

    overall = {
        **turnout,
        "eligible": turnout.get("eligible", 0),
        "voted": turnout.get("voted", 0),
    }
    overall["rate"] = turnout_rate(overall["voted"], overall["eligible"], ndigits=ndigits)
    return {"overall": overall, "by_gender": rows("by_gender"), "by_level": rows("by_level")}


def election_turnout_list(*, ndigits: int | None = 1) -> list[dict]:
    """``{year, **turnout_table}`` for every election whose voting has closed, newest first
    (one query)."""
    elections = Election.objects.exclude(turnout={}).order_by("-year").values("year", "turnout")
    return [{"year": e["year"], **turnout_table(e["turnout"], ndigits=ndigits)} for e in elections]
