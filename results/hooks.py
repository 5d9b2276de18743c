"""What results adds to meetings' pages (registered in ``ResultsConfig.ready``): the joint plan
and a visit's follow-ups as tracked actions, and a new progress report prefilled from the
organisation's latest accepted audit and its actions since the last convention."""

from __future__ import annotations

from django.utils.translation import gettext as _

from meetings.selectors import convention_list
from members.permissions import user_is_member

from . import selectors
from .models.framework import MET_LEVELS, RATED_LEVELS


def convention_section(convention, request) -> dict:
    return {
        "template": "results/_joint_plan.html",
        "actions": selectors.action_list_for_meeting(convention.pk),
        "show_links": user_is_member(request.user),
    }


def visit_section(visit, request) -> dict:
    return {
        "template": "results/_follow_ups.html",
        "actions": selectors.action_list_for_visit(visit.pk),
        "show_links": user_is_member(request.user),
    }


def _previous_convention_date(convention):
    earlier = [c for c in convention_list() if c.starts_at < convention.starts_at]
    return earlier[0].starts_at.date() if earlier else None


def report_initial(organisation_id: int | None, convention) -> dict:
    """Initial answers: the indicators the latest accepted audit (up to the convention's year)
    met or exceeded, its findings as challenges, the actions done since the last convention as
    achievements, the open ones as next year's plan."""
    if not organisation_id:
        return {}
    initial: dict = {}
    audit = selectors.audit_latest_accepted(
        organisation_id=organisation_id, up_to_year=convention.starts_at.year
    )
    if audit is not None:
        ratings = selectors.audit_ratings(audit)
        rated = [r for r in ratings if r.level in RATED_LEVELS]
        met = [r for r in rated if r.level in MET_LEVELS]
        initial["indicators_planned_count"] = len(rated)
        initial["indicators_reached_count"] = len(met)
        lines = [_("Gender audit %(year)s:") % {"year": audit.year}]
        lines += [f"- {r.indicator.code} {r.indicator.name}: {r.get_level_display()}" for r in met]
        initial["indicators_reached"] = "\n".join(lines)
        if audit.findings:
            initial["challenges"] = audit.findings
    since = _previous_convention_date(convention)
    done, open_ = selectors.action_list_for_report(organisation_id=organisation_id, since=since)
    if done:
        initial["achievements"] = "\n".join(
            [_("Actions done since the last convention:")]
            + [f"- {a.display_title} ({a.done_on:%Y-%m-%d})" for a in done]
        )
    if open_:
        initial["next_year_plan"] = "\n".join(
            [_("Actions under way:")]
            + [f"- {a.display_title}" + (f" ({a.due_on:%Y-%m-%d})" if a.due_on else "") for a in open_]
        )
    return initial
