"""Turnout: who took part, the percentages shown by the election page and the insights app,
and the public view that hides small groups."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cop_portal import disclosure
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


def turnout_rows_public(rows: list[dict]) -> tuple[list[dict], dict | None]:
    """The groups of one turnout breakdown that may be published, and the rest combined.

    A group is shown only if at least ``disclosure.MIN_GROUP`` of its members voted and as many
    did not (so "1 of 1" or "6 of 7" never names what a handful of people did); the rest are
    combined with the secondary suppression of ``cop_portal.disclosure.suppress``. When
    everything would merge, no group is shown (the overall figure stays). Returns (shown, other
    or None).
    """
    by_key = {r["key"]: r for r in rows}
    result = disclosure.suppress({r["key"]: (r["voted"], r["eligible"] - r["voted"]) for r in rows})
    shown = sorted((by_key[key] for key, _counts in result.shown), key=lambda r: r["key"])
    if result.other is None:
        return shown, None
    voted, did_not = result.other
    return shown, {"voted": voted, "eligible": voted + did_not}


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
