"""What the branch page shows of meetings, built for the template tag: three paginated
lists and, for the branch's people, the year's activity (a fixed number of queries)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse

from ..permissions import user_is_member
from . import selectors

PER_PAGE = 10


def _pager(queryset, params, name: str, anchor: str) -> dict:
    """A page of ``queryset`` chosen by the GET parameter ``name``, with links to the
    neighbouring pages that keep the page's other parameters."""
    page = Paginator(queryset, PER_PAGE).get_page(params.get(name))

    def link(number: int) -> str:
        query = params.copy()
        query[name] = number
        return f"?{query.urlencode()}#{anchor}"

    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }


def branch_page_context(*, community, user, params, sees_activity: bool) -> dict:
    members = user_is_member(user)
    context = {
        "upcoming": _pager(
            selectors.branch_meetings_upcoming(community=community), params, "upcoming", "upcoming"
        ),
        "past": _pager(selectors.branch_meetings_past(community=community), params, "past", "past"),
        "materials": _pager(
            selectors.branch_materials(community=community, members=members), params, "materials", "materials"
        ),
        "calendar_url": reverse("meetings:branch-calendar", kwargs={"slug": community.slug}),
        "min_group": selectors.MIN_GROUP,
        "activity": None,
    }
    if sees_activity:
        try:
            year = int(params.get("year", ""))
        except ValueError:
            year = None
        context["activity"] = selectors.branch_activity(community=community, year=year)
    return context
