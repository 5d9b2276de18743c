"""The open-data API: what each list answers, and what never reaches it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from coordinators.models import Election
from meetings import selectors as meetings_selectors
from meetings.models import Meeting
from tests.factories import (
    AttendanceFactory,
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
    UserFactory,
    election_with_seats,
)

pytestmark = pytest.mark.django_db


def get(path, **extra):
    return Client().get(path, **extra)


def test_root_lists_the_document_docs_and_every_list():
    body = get("/api/v1/").json()
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["endpoints"]["meeting-list"].endswith("/api/v1/meetings/")


def test_organisations_list_in_both_languages():
    OrganisationFactory(name_mn="Сангийн яам", name_en="Ministry of Finance")
    rows = get("/api/v1/organisations/").json()["results"]
    assert [(r["name"], r["name_mn"], r["name_en"]) for r in rows] == [
        ("Сангийн яам", "Сангийн яам", "Ministry of Finance")
    ]
    assert get("/api/v1/organisations/?lang=en").json()["results"][0]["name"] == "Ministry of Finance"
    english = get("/api/v1/organisations/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert english.json()["results"][0]["name"] == "Ministry of Finance"
    assert english["Content-Language"] == "en"


def test_branches_list_only_approved_ones():
    root = RootCommunityFactory()
    shown = CommunityFactory(parent=root)
    CommunityFactory(parent=root, status="pending")
    slugs = {r["slug"] for r in get("/api/v1/branches/").json()["results"]}
    assert slugs == {root.slug, shown.slug}


def test_meetings_never_show_drafts_nor_online_links():
    public = MeetingFactory(online_url="https://meet.example.mn/secret-room")
    MeetingFactory(status=Meeting.Status.DRAFT, title_mn="Ноорог хурал")
    response = get("/api/v1/meetings/")
    assert [r["id"] for r in response.json()["results"]] == [public.pk]
    assert b"secret-room" not in response.content
    assert "Ноорог".encode() not in response.content


def test_meeting_seats_taken_are_rounded_like_the_list_page():
    meeting = MeetingFactory(capacity=None)
    for _ in range(3):
        RegistrationFactory(meeting=meeting)
    seats = get("/api/v1/meetings/").json()["results"][0]["seats_taken"]
    assert seats == meetings_selectors.meeting_seats_taken_public(
        meetings_selectors.meeting_list_attach_counts([meeting])[0]
    )
    assert seats in (0, 5)


def test_cursor_pagination_walks_every_row_once():
    made = [OrganisationFactory().pk for _ in range(5)]
    seen, url = [], "/api/v1/organisations/?limit=2"
    while url:
        body = get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == sorted(made)


@pytest.mark.parametrize(
    "query", ["cursor=not-a-cursor", "cursor=eyJhZnRlciI6ICJ4In0", "limit=0", "limit=1000"]
)
def test_bad_paging_input_answers_400_with_a_message(query):
    response = get(f"/api/v1/organisations/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("query", ["theme=nonsense", "kind=nonsense", "theme=%00", "kind=%00"])
def test_an_unknown_library_filter_answers_400_with_the_allowed_values(query):
    from api.endpoints.public import LIBRARY_KINDS

    response = get(f"/api/v1/library/?{query}")
    assert response.status_code == 400
    assert ("budgeting" if query.startswith("theme") else LIBRARY_KINDS[0]) in response.json()["detail"]
    assert get("/api/v1/library/?theme=data&kind=training").status_code == 200


def test_visits_give_participants_as_the_meeting_page_does():
    visit = SiteVisitFactory(good_practices="220 мод тарьсан")
    for _ in range(3):
        AttendanceFactory(meeting=visit.meeting)
    row = get("/api/v1/visits/").json()["results"][0]
    assert row["id"] == visit.pk and row["good_practices"] == "220 мод тарьсан"
    page = get(f"/meetings/{visit.meeting_id}/").content.decode()
    shown = re.search(r'data-testid="attendance-count"[^>]*>\D*(\d+)', page)
    assert row["participants"] == int(shown.group(1)) and row["participants"] in (0, 5)


def test_conventions_carry_their_joint_plan_and_accepted_reports():
    convention = ConventionFactory()
    JointPlanItemFactory(convention=convention, action_mn="Сургалт", action_en="Training")
    ConventionReportFactory(convention=convention, status="accepted")
    ConventionReportFactory(convention=convention, status="draft")
    row = get("/api/v1/conventions/?lang=en").json()["results"][0]
    assert [p["action"] for p in row["joint_plan"]] == ["Training"]
    assert len(row["reporting_organisations"]) == 1


def test_election_results_only_once_published():
    election, central, _local = election_with_seats(phase=Election.Phase.VOTING_CLOSED)
    NominationFactory(seat=central)
    assert get(f"/api/v1/elections/{election.year}/").status_code == 404
    Election.objects.filter(pk=election.pk).update(phase=Election.Phase.PUBLISHED)
    body = get(f"/api/v1/elections/{election.year}/").json()
    assert [s["code"] for s in body["seats"]] == ["central", "local"]
    assert get("/api/v1/elections/").json()["results"][0]["results_published"] is True


def test_library_never_lists_a_members_only_entry():
    EntryFactory(title="Нээлттэй гарын авлага")
    EntryFactory(title="Гишүүдэд зориулсан нууц", members_only=True)
    response = get("/api/v1/library/")
    assert [r["title"] for r in response.json()["results"]] == ["Нээлттэй гарын авлага"]
    assert "нууц".encode() not in response.content
    assert get("/api/v1/library/?q=нууц").json()["results"] == []


def test_me_endpoints_refuse_without_a_token():
    assert get("/api/v1/me/registrations/").status_code == 401
    assert get("/api/v1/me/calendar/", HTTP_AUTHORIZATION="Bearer cop_wrong").status_code == 401


def test_a_signed_in_session_does_not_open_me_endpoints():
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/api/v1/me/registrations/").status_code == 401


def test_results_give_the_figures_the_results_page_shows_visitors():
    from results.models import Audit
    from tests.factories import AuditFactory, AuditRatingFactory, IndicatorFactory

    indicator = IndicatorFactory()
    framework = indicator.area.framework
    for level in (3, 3, 4, 1, 2, 3, 1):
        audit = AuditFactory(status=Audit.Status.ACCEPTED, year=2025, framework=framework)
        AuditRatingFactory(audit=audit, indicator=indicator, level=level)
    published = AuditFactory(
        status=Audit.Status.ACCEPTED, year=2025, framework=framework, publish_scorecard=True
    )
    AuditRatingFactory(audit=published, indicator=indicator, level=4)
    body = get("/api/v1/results/").json()
    (year,) = body["years"]
    page = get("/results/").content.decode()
    shown = re.search(r"<th scope=\"row\">2025</th><td>([^<]*)</td>", page).group(1)
    assert not year["withheld"] and shown == f"{year['met_or_exceeded_percent']}%"
    assert year["met_or_exceeded_percent"] % 10 == 0
    (row,) = body["indicators"]
    counts = row["years"][0]["counts"]
    assert counts == {"not_applicable": 0, "missing": 0, "approaches": 0, "meets": 0, "exceeds": 1}
    assert "✓ 0 · ✓+ 1" in page


def test_results_withhold_a_year_as_the_page_does():
    from results.models import Audit
    from tests.factories import AuditFactory, AuditRatingFactory

    AuditRatingFactory(audit=AuditFactory(status=Audit.Status.ACCEPTED, year=2025), level=3)
    body = get("/api/v1/results/").json()
    assert body["years"] == [{"year": 2025, "withheld": True, "met_or_exceeded_percent": None}]
    assert body["indicators"] == []
    assert '<th scope="row">2025</th><td>—</td>' in get("/results/").content.decode()


def test_insights_answer_400_for_a_year_out_of_range():
    assert get("/api/v1/insights/?year=1800").status_code == 400
    assert get("/api/v1/insights/?year=abc").status_code == 422


def test_library_search_pages_walk_every_match_once():
    made = [EntryFactory(title=f"Сургалтын гарын авлага {n}").pk for n in range(5)]
    EntryFactory(title="Өөр зүйл")
    seen, url = [], "/api/v1/library/?q=сургалт&limit=2"
    while url:
        body = get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == sorted(made)
