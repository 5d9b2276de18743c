"""The public lists: organisations, branch CoPs, meetings, site visits, conventions with their
joint plans, elections (results once published) and the library. Each reads the apps'
selectors, as their pages do, and shows only what their pages show a visitor."""

from __future__ import annotations

from typing import Literal

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from coordinators import selectors as coordinators_selectors
from coordinators.models import Election
from library.models import Item, Theme
from library.selectors import (
    SOURCE_KIND_LABELS,
    Filters,
    entry_search_base,
    entry_search_is_common,
    search_prepare,
    words_looked_up_kept,
)
from library.selectors_common import common_word_count
from meetings import selectors as meetings_selectors
from meetings.models import JointPlanItem
from members import selectors as members_selectors

from .. import schemas
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate

router = Router(tags=["public"])

NO_SUCH_ELECTION = _("No election of that year has published results.")
UNKNOWN_CHOICE = _("%(name)s must be one of: %(values)s.")
LIBRARY_KINDS = [*Item.Kind.values, *SOURCE_KIND_LABELS]


class PageParams(Schema):
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT

    def checked_limit(self) -> int:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise HttpError(400, str(_("limit must be between 1 and 100.")))
        return self.limit


def _slug(obj) -> str | None:
    return obj.slug if obj is not None else None


def _url(request, obj) -> str:
    return request.build_absolute_uri(obj.get_absolute_url())


def meeting_fields(request, m) -> dict:
    return {
        "id": m.pk,
        "title": m.title,
        "title_mn": m.title_mn,
        "title_en": m.title_en,
        "description_mn": m.description_mn,
        "description_en": m.description_en,
        "format": m.format,
        "mode": m.mode,
        "status": m.status,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "venue": m.venue,
        "province": m.province,
        "community": _slug(m.community),
        "host_organisation": _slug(m.host_organisation),
        "capacity": m.capacity,
        "url": _url(request, m),
    }


@router.get("/organisations/", response=schemas.OrganisationPage, url_name="organisation-list")
def organisation_list(request, page: Query[PageParams]):
    """Active member organisations (no counts of people: see /insights/ for rounded ones)."""
    rows, following = paginate(
        request, members_selectors.organisation_list(), cursor=page.cursor, limit=page.checked_limit()
    )
    results = [
        {
            "id": o.pk,
            "slug": o.slug,
            "name": o.name,
            "name_mn": o.name_mn,
            "name_en": o.name_en,
            "short_name": o.short_name,
            "kind": o.kind,
            "level": o.level,
            "province": o.province,
            "website": o.website,
            "member_since": o.member_since,
            "approved_branches": o.branch_count,
            "url": _url(request, o),
        }
        for o in rows
    ]
    return {"results": results, "next": following}


@router.get("/branches/", response=schemas.BranchPage, url_name="branch-list")
def branch_list(request, page: Query[PageParams]):
    """Approved CoPs of the network (the root CoP and its branches), with parent and host."""
    rows, following = paginate(
        request, members_selectors.community_list_public(), cursor=page.cursor, limit=page.checked_limit()
    )
    results = [
        {
            "id": c.pk,
            "slug": c.slug,
            "name": c.name,
            "name_mn": c.name_mn,
            "name_en": c.name_en,
            "parent": _slug(c.parent),
            "host_organisation": _slug(c.host_organisation),
            "founded_on": c.founded_on,
            "purpose": c.purpose,
            "url": _url(request, c),
        }
        for c in rows
    ]
    return {"results": results, "next": following}


@router.get("/meetings/", response=schemas.MeetingPage, url_name="meeting-list")
def meeting_list(request, page: Query[PageParams], when: Literal["upcoming", "past"] = "upcoming"):
    """Published and cancelled meetings (never drafts nor online links); seats taken rounded."""
    rows, following = paginate(
        request,
        meetings_selectors.meeting_list_public(when=when),
        cursor=page.cursor,
        limit=page.checked_limit(),
    )
    rows = meetings_selectors.meeting_list_attach_counts(rows)
    results = [
        {**meeting_fields(request, m), "seats_taken": meetings_selectors.meeting_seats_taken_public(m)}
        for m in rows
    ]
    return {"results": results, "next": following}


@router.get("/visits/", response=schemas.VisitPage, url_name="visit-list")
def visit_list(request, page: Query[PageParams]):
    """Site visits of published meetings: purpose, good practices and outcomes; participants rounded."""
    rows, following = paginate(
        request, meetings_selectors.visit_list(), cursor=page.cursor, limit=page.checked_limit()
    )
    results = [
        {
            "id": v.pk,
            "meeting": v.meeting_id,
            "title": v.meeting.title,
            "place": v.place,
            "starts_at": v.meeting.starts_at,
            "host_organisation": _slug(v.meeting.host_organisation),
            "purpose_mn": v.purpose_mn,
            "purpose_en": v.purpose_en,
            "good_practices": v.good_practices,
            "outcomes": v.outcomes,
            "counted_outcomes": [
                {
                    "label": o.label,
                    "label_mn": o.label_mn,
                    "label_en": o.label_en,
                    "quantity": float(o.quantity),
                    "unit": o.unit,
                }
                for o in v.counted_outcomes.all()
            ],
            "participants": meetings_selectors.meeting_attended_public(v.meeting_id, v.participant_count),
            "url": _url(request, v),
        }
        for v in rows
    ]
    return {"results": results, "next": following}


@router.get("/conventions/", response=schemas.ConventionPage, url_name="convention-list")
def convention_list(request, page: Query[PageParams]):
    """Every convention held or announced, with the organisations whose progress report was
    accepted and the joint plan agreed there."""
    qs = meetings_selectors.convention_list().prefetch_related(
        Prefetch(
            "joint_plan_items",
            queryset=JointPlanItem.objects.select_related("lead_organisation").order_by("position", "id"),
        ),
        Prefetch(
            "progress_reports",
            queryset=meetings_selectors.convention_report_list_accepted().order_by("organisation__name_mn"),
            to_attr="accepted_reports",
        ),
    )
    rows, following = paginate(request, qs, cursor=page.cursor, limit=page.checked_limit())
    results = [
        {
            "id": c.pk,
            "year": c.starts_at.year,
            "title": c.title,
            "title_mn": c.title_mn,
            "title_en": c.title_en,
            "starts_at": c.starts_at,
            "ends_at": c.ends_at,
            "host_organisation": _slug(c.host_organisation),
            "reporting_organisations": [r.organisation.slug for r in c.accepted_reports],
            "joint_plan": [
                {
                    "action": item.action_en if _english() and item.action_en else item.action_mn,
                    "action_mn": item.action_mn,
                    "action_en": item.action_en,
                    "lead_organisation": _slug(item.lead_organisation),
                    "due_on": item.due_on,
                    "status": item.status,
                }
                for item in c.joint_plan_items.all()
            ],
            "url": request.build_absolute_uri(f"/convention/{c.starts_at.year}/"),
        }
        for c in rows
    ]
    return {"results": results, "next": following}


def _english() -> bool:
    return (get_language() or "mn").startswith("en")


def _election_fields(request, e: Election) -> dict:
    return {
        "year": e.year,
        "phase": e.phase,
        "voting_open_at": e.voting_open_at,
        "voting_close_at": e.voting_close_at,
        "term_starts_on": e.term_starts_on,
        "term_ends_on": e.term_ends_on,
        "results_published": e.phase == Election.Phase.PUBLISHED,
        "url": _url(request, e),
    }


@router.get("/elections/", response=schemas.ElectionPage, url_name="election-list")
def election_list(request, page: Query[PageParams]):
    """Every coordinators' election and its phase; results at /elections/{year}/ once published."""
    rows, following = paginate(
        request, coordinators_selectors.election_list(), cursor=page.cursor, limit=page.checked_limit()
    )
    return {"results": [_election_fields(request, e) for e in rows], "next": following}


@router.get(
    "/elections/{year:year}/",
    response={200: schemas.ElectionResultsOut, 404: schemas.Error},
    url_name="election-results",
)
def election_results(request, year: int):
    """The votes per seat and candidate, once the coordinators published the results."""
    election = coordinators_selectors.election_get_for_page(year).first() if 1900 < year < 3000 else None
    if election is None or election.phase != Election.Phase.PUBLISHED:
        return Status(404, {"detail": str(NO_SUCH_ELECTION)})
    seats = list(election.seats.all())
    shown = []
    for result in coordinators_selectors.election_results(election, seats):
        seat = result.seat
        shown.append(
            {
                "code": seat.code,
                "name": seat.name_en if _english() and seat.name_en else seat.name_mn,
                "name_mn": seat.name_mn,
                "name_en": seat.name_en,
                "level": seat.level,
                "ballots": result.ballots,
                "abstentions": result.abstentions,
                "candidates": [
                    {
                        "name": c.nomination.nominee.get_full_name(),
                        "organisation": _slug(c.nomination.nominee.organisation),
                        "votes": c.votes,
                        "elected": c.elected,
                    }
                    for c in result.candidates
                ],
            }
        )
    return {**_election_fields(request, election), "seats": shown}


class LibraryParams(PageParams):
    q: str = ""
    kind: str = ""
    theme: str = ""
    english: bool = False
    year: int | None = None

    def checked_choices(self) -> None:
        """An unknown kind or theme is refused with the values it may take (never a 500)."""
        for name, value, allowed in (("kind", self.kind, LIBRARY_KINDS), ("theme", self.theme, Theme.values)):
            if value and value not in allowed:
                raise HttpError(400, str(UNKNOWN_CHOICE % {"name": name, "values": ", ".join(allowed)}))


@router.get("/library/", response=schemas.LibraryPage, url_name="library-list")
def library_list(request, params: Query[LibraryParams]):
    """Public entries of the library (never a members-only one), optionally searched (``q``)
    and filtered; in id order, so a harvester can follow ``next`` to the end."""
    params.checked_choices()
    filters = Filters(
        q=params.q[:200],
        kind=params.kind,
        theme=params.theme,
        lang="en" if params.english else "",
        year=params.year if params.year and 1990 <= params.year <= 2100 else None,
    )
    if filters.q.strip():
        # The near spellings and a kept common word, looked up once (PostgreSQL) and kept per words
        # as the page keeps them.
        filters = search_prepare(filters, lookup=words_looked_up_kept)
    # The search page's filter without its ranking: the API pages in id order. A word found
    # in more than COUNT_BOUND entries walks the id index testing each row (a page in a few
    # hundred rows); a rarer one is looked up in the full-text index and its matches sorted.
    # The count carries the plan through the full-text index (``planned``); the page is read
    # by the id index (walking) or by the full-text index (a rarer word, few matches).
    # A common word whose matches are kept is counted from them.
    kept = common_word_count(viewer=None, filters=filters)
    common = kept.at_least if kept is not None else entry_search_is_common(viewer=None, filters=filters)
    rows, following = paginate(
        request,
        entry_search_base(viewer=None, filters=filters, walk=common).select_related("organisation"),
        cursor=params.cursor,
        limit=params.checked_limit(),
        selective=bool(filters.q.strip()) and not common,
    )
    results = [
        {
            "id": e.pk,
            "source": e.source,
            "kind": e.kind,
            "title": e.title_en if _english() and e.title_en else e.title,
            "title_mn": e.title,
            "title_en": e.title_en,
            "summary_en": e.summary_en,
            "language": e.language,
            "themes": [t for t in e.themes.split(",") if t],
            "organisation": _slug(e.organisation),
            "province": e.province,
            "year": e.year,
            "dated_at": e.dated_at,
            "url": request.build_absolute_uri(e.url),
        }
        for e in rows
    ]
    return {"results": results, "next": following}
