"""Members-only data never reaches a public endpoint: canaries planted everywhere a member's
data lives, then every public endpoint read to its last page in both languages."""

from __future__ import annotations

import pytest
from django.test import Client

from coordinators.models import Election
from meetings.models import ConventionReport, Meeting
from tests.factories import (
    AttendanceFactory,
    CommunityFactory,
    ConventionFactory,
    ConventionReportFactory,
    EntryFactory,
    MaterialFactory,
    MeetingFactory,
    NominationFactory,
    ProposalFactory,
    RegistrationFactory,
    RootCommunityFactory,
    SiteVisitFactory,
    UserFactory,
    election_with_seats,
)

pytestmark = pytest.mark.django_db

CANARIES = (
    "canary-person@example.mn",
    "Канарын Хувийн Нэр",
    "Канар Нэр Дэвшигч",
    "canary-room",
    "Канар гишүүдийн материал",
    "Канар гишүүдийн бичвэр",
    "Канар ноорог хурал",
    "Канар ноорог тайлан",
    "Канар санал",
    "+976 9911 2233",
)
PUBLIC = (
    "/api/v1/",
    "/api/v1/organisations/",
    "/api/v1/branches/",
    "/api/v1/meetings/",
    "/api/v1/meetings/?when=past",
    "/api/v1/visits/",
    "/api/v1/conventions/",
    "/api/v1/elections/",
    "/api/v1/library/",
    "/api/v1/library/?q=канар",
    "/api/v1/insights/",
    "/api/v1/results/",
    "/api/v1/openapi.json",
)


def _plant():
    person = UserFactory(
        email="canary-person@example.mn", full_name="Канарын Хувийн Нэр", phone="+976 9911 2233"
    )
    root = RootCommunityFactory()
    CommunityFactory(parent=root, focal_person=person)
    meeting = MeetingFactory(online_url="https://meet.example.mn/canary-room")
    RegistrationFactory(meeting=meeting, user=person)
    MaterialFactory(meeting=meeting, title="Канар гишүүдийн материал", members_only=True)
    MeetingFactory(status=Meeting.Status.DRAFT, title_mn="Канар ноорог хурал")
    visit = SiteVisitFactory()
    AttendanceFactory(meeting=visit.meeting, user=person)
    EntryFactory(title="Канар гишүүдийн бичвэр", members_only=True)
    ConventionReportFactory(
        convention=ConventionFactory(),
        status=ConventionReport.Status.DRAFT,
        achievements="Канар ноорог тайлан",
    )
    ProposalFactory(title="Канар санал")
    election, central, _local = election_with_seats(phase=Election.Phase.VOTING_CLOSED)
    NominationFactory(seat=central, nominee=UserFactory(full_name="Канар Нэр Дэвшигч"))
    return election


def _read_all(client, url, **headers) -> list[bytes]:
    bodies = []
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        bodies.append(response.content)
        url = response.json().get("next") if response["Content-Type"].startswith("application/json") else None
    return bodies


def test_no_public_endpoint_carries_members_only_data():
    election = _plant()
    client = Client()
    bodies = []
    for path in PUBLIC:
        for lang in ("mn", "en"):
            sep = "&" if "?" in path else "?"
            bodies += _read_all(
                client, f"{path}{sep}lang={lang}&limit=1" if path.endswith("/") or "?" in path else path
            )
    assert client.get(f"/api/v1/elections/{election.year}/").status_code == 404  # not published yet
    text = b"\n".join(bodies).decode()
    found = [canary for canary in CANARIES if canary in text]
    assert found == []
    # The planted rows are there to be found: the meeting, visit and branch are listed.
    assert '"seats_taken"' in text and '"participants"' in text and '"parent"' in text
