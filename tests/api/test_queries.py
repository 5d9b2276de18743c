"""Every endpoint's query count is pinned, and the same at two data sizes (no query per row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api import services
from coordinators.models import Election
from cop_portal import pagecache
from results.models import Audit
from tests.factories import (
    AttendanceFactory,
    AuditRatingFactory,
    CommunityFactory,
    ConventionFactory,
    ConventionReportFactory,
    EntryFactory,
    JointPlanItemFactory,
    MeetingFactory,
    NominationFactory,
    OrganisationFactory,
    RegistrationFactory,
    RootCommunityFactory,
    SiteVisitFactory,
    SiteVisitOutcomeFactory,
    UserFactory,
    election_with_seats,
)

pytestmark = pytest.mark.django_db

# path -> the most queries it may make (the token lookup included for /me/).
BUDGET = {
    "/api/v1/": 0,
    "/api/v1/openapi.json": 0,
    "/api/v1/docs/": 0,
    "/api/v1/organisations/": 1,
    "/api/v1/branches/": 1,
    "/api/v1/meetings/": 2,
    "/api/v1/visits/": 2,
    "/api/v1/conventions/": 3,
    "/api/v1/elections/": 1,
    "/api/v1/elections/{year}/": 5,
    "/api/v1/library/": 1,
    # On PostgreSQL a search first reads the near spellings of its words (the lexicon, kept
    # per words), then counts its matches up to the bound (whether to walk the id index; its
    # plan sent with it) before the page.
    "/api/v1/library/?q=гарын": 1 + 2 * (connection.vendor == "postgresql"),
    "/api/v1/insights/": 5,
    "/api/v1/insights/?year=2025": 5,
    "/api/v1/results/": 5,
    "/api/v1/me/registrations/": 2,
    "/api/v1/me/registrations/?past=true": 2,
    "/api/v1/me/calendar/": 2,
}


def _world() -> dict:
    member = UserFactory()
    election, central, local = election_with_seats(phase=Election.Phase.PUBLISHED, year=2024)
    _token, secret = services.token_create(user=member, actor=member, name="app")
    return {
        "year": election.year,
        "secret": secret,
        "member": member,
        "root": RootCommunityFactory(),
        "seats": (central, local),
    }


def _grow(world: dict, size: int) -> None:
    """``size`` more rows of everything the endpoints list."""
    member, root, (central, local) = world["member"], world["root"], world["seats"]
    for n in range(size):
        organisation = OrganisationFactory()
        CommunityFactory(parent=root, host_organisation=organisation)
        meeting = MeetingFactory(host_organisation=organisation)
        RegistrationFactory(meeting=meeting)
        RegistrationFactory(meeting=meeting, user=member)
        visit = SiteVisitFactory()
        SiteVisitOutcomeFactory(visit=visit)
        AttendanceFactory(meeting=visit.meeting)
        convention = ConventionFactory()
        JointPlanItemFactory(convention=convention)
        ConventionReportFactory(convention=convention, organisation=organisation, status="accepted")
        NominationFactory(seat=central)
        NominationFactory(seat=local)
        EntryFactory(title=f"Гарын авлага {n}", organisation=organisation)
        AuditRatingFactory(audit__status=Audit.Status.ACCEPTED, audit__organisation=organisation)
        AttendanceFactory(meeting=meeting)


def _counts(world: dict) -> dict[str, int]:
    pagecache.invalidate_all()  # each round from nothing kept (the library keeps near spellings)
    client = Client()
    counts = {}
    for path in BUDGET:
        url = path.replace("{year}", str(world["year"]))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {world['secret']}")
        assert response.status_code == 200, (url, response.content[:300])
        counts[path] = len(queries)
    return counts


def test_query_counts_are_pinned_and_do_not_grow_with_the_data():
    world = _world()
    _grow(world, 2)
    small = _counts(world)
    _grow(world, 5)
    large = _counts(world)
    assert large == small, "queries grow with the rows shown"
    over = {path: (n, BUDGET[path]) for path, n in small.items() if n > BUDGET[path]}
    assert over == {}, "path -> (queries, budget)"
