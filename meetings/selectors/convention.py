"""Reads behind the progress report: who may write it and the year's activity that prefills it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from members import selectors as members_selectors
from members.models import Community

from ..models import Attendance, Meeting, SiteVisit
from ..permissions import user_can_report_progress


def report_branches_of(*, user) -> list[Community]:
    """The approved branch CoPs ``user`` is the focal person of (none for non-members, without
    a query): the focal person writes the host organisation's report."""
    if not getattr(user, "is_authenticated", False) or not user.is_member:
        return []
    return list(members_selectors.community_list_focal_of(user=user))


def user_may_report_progress(user) -> bool:
    """``permissions.user_can_report_progress`` with the branches it judges: looked up only
    for members who are not their organisation's contact (who may anyway)."""
    return user_can_report_progress(user) or user_can_report_progress(
        user, focal_of=report_branches_of(user=user)
    )


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def branch_activity(*, organisation_id: int, year: int) -> dict:
    """The year's activity of the branch CoPs ``organisation_id`` hosts (published meetings only):
    ``{"formats": [(label, n), …], "meetings": n, "attendance": n, "visits": n}``. Three queries."""
    start, end = _year_bounds(year)
    meetings = Meeting.objects.filter(
        community__host_organisation_id=organisation_id,
        community__parent__isnull=False,
        status=Meeting.Status.PUBLISHED,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    by_format = dict(meetings.values_list("format").annotate(n=Count("id")).order_by())
    labels = dict(Meeting.Format.choices)
    formats = [(str(labels[key]), by_format[key]) for key in labels if by_format.get(key)]
    if not formats:
        return {"formats": [], "meetings": 0, "attendance": 0, "visits": 0}
    return {
        "formats": formats,
        "meetings": sum(by_format.values()),
        "attendance": Attendance.objects.filter(meeting__in=meetings).count(),
        "visits": SiteVisit.objects.filter(meeting__in=meetings).count(),
    }


def convention_report_initial(*, organisation_id: int, year: int) -> dict:
    """Initial answers of a new report: the branch's year in figures, for the writer to edit."""
    activity = branch_activity(organisation_id=organisation_id, year=year)
    if not activity["meetings"]:
        return {}
    lines = [
        _("Branch CoP activity in %(year)s:") % {"year": year},
        *[f"- {label}: {n}" for label, n in activity["formats"]],
        _("Attendance recorded: %(n)s") % {"n": activity["attendance"]},
        _("Site visits: %(n)s") % {"n": activity["visits"]},
    ]
    return {"achievements": "\n".join(lines)}
