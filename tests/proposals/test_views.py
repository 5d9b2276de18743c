"""Proposals' pages: who gets which, forms through the services, escaping, query budgets."""

import pytest

from meetings.models import Meeting
from proposals import services
from proposals.models import Proposal, ProposalSupport
from tests.factories import ApplicantFactory, ProposalFactory, ProposalSupportFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/proposals/", "/proposals/new/", "DETAIL", "MEETING"]
# Expected status per role, in the order of PAGES (302: to the login page).
MATRIX = {
    "anonymous": [302, 302, 302, 302],
    "applicant": [403, 403, 403, 403],
    "member": [200, 200, 200, 403],
    "focal": [200, 200, 200, 200],
    "coordinator": [200, 200, 200, 200],
}
POSTS = ["support", "withdraw", "answer", "hide"]
# Status of a POST per role (302 back to the page on success or a flash message; 403 refused).
POST_MATRIX = {
    "anonymous": [302, 302, 302, 302],
    "applicant": [403, 403, 403, 403],
    "member": [302, 302, 403, 403],
    "focal": [302, 302, 302, 403],
    "coordinator": [302, 302, 302, 302],
}


def _user(role, coordinator, focal):
    return {
        "anonymous": None,
        "applicant": ApplicantFactory(),
        "member": UserFactory(),
        "focal": focal,
        "coordinator": coordinator,
    }[role]


@pytest.mark.parametrize("role", list(MATRIX))
def test_page_access_per_role(client, role, coordinator, focal, branch):
    proposal = ProposalFactory(community=branch)
    user = _user(role, coordinator, focal)
    if user:
        client.force_login(user)
    urls = [
        {"DETAIL": f"/proposals/{proposal.pk}/", "MEETING": f"/proposals/{proposal.pk}/meeting/"}.get(p, p)
        for p in PAGES
    ]
    assert [client.get(url).status_code for url in urls] == MATRIX[role]


@pytest.mark.parametrize("role", list(POST_MATRIX))
def test_post_access_per_role(client, role, coordinator, focal, branch):
    user = _user(role, coordinator, focal)
    if user:
        client.force_login(user)
    codes = []
    for action in POSTS:
        proposal = ProposalFactory(community=branch)
        data = {"status": "considering", "reason": "Давхардсан"}
        codes.append(client.post(f"/proposals/{proposal.pk}/{action}/", data).status_code)
    assert codes == POST_MATRIX[role]


def test_member_proposes_through_the_form(client, member):
    client.force_login(member)
    response = client.post(
        "/proposals/new/",
        {"title": "Хөдөө орон нутагт айлчлал", "description": "Яагаад", "kind": "site_visit"},
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert proposal.proposer == member and proposal.kind == Proposal.Kind.SITE_VISIT


def test_daily_limit_shows_on_the_form(client, member, settings):
    settings.COP_PROPOSALS_PER_DAY = 1
    ProposalFactory(proposer=member)
    client.force_login(member)
    response = client.post("/proposals/new/", {"title": "Дахиад", "description": "Тайлбар", "kind": "topic"})
    assert response.status_code == 400
    assert Proposal.objects.count() == 1


def test_text_is_escaped_and_links_clickable(client, member):
    proposal = ProposalFactory(
        title="<script>alert(1)</script>", description="<b>bold</b> https://example.mn/a"
    )
    client.force_login(member)
    detail = client.get(proposal.get_absolute_url()).content.decode()
    listing = client.get("/proposals/").content.decode()
    for html in (detail, listing):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html
    assert "<b>bold</b>" not in detail
    assert 'href="https://example.mn/a"' in detail


def test_list_filters_search_and_sort(client, member, branch):
    topic = ProposalFactory(title="Жендэрийн аудит сургалт", kind=Proposal.Kind.TOPIC)
    visit = ProposalFactory(title="Говь руу айлчлал", kind=Proposal.Kind.SITE_VISIT, community=branch)
    ProposalSupportFactory.create_batch(2, proposal=topic)
    hidden = ProposalFactory(title="Нуусан аудит", hidden_reason="spam")
    Proposal.objects.filter(pk=hidden.pk).update(hidden_at=visit.created_at)
    client.force_login(member)

    def titles(query):
        return [p.title for p in client.get(f"/proposals/?{query}").context["proposals"]]

    assert titles("kind=site_visit") == [visit.title]
    assert titles(f"community={branch.slug}") == [visit.title]
    assert titles("q=аудит") == [topic.title]
    assert titles("sort=supported")[0] == topic.title
    assert titles("sort=newest")[0] == visit.title


def test_list_paginates(client, member):
    ProposalFactory.create_batch(21)
    client.force_login(member)
    assert len(client.get("/proposals/").context["proposals"]) == 20
    assert len(client.get("/proposals/?page=2").context["proposals"]) == 1


def test_hidden_proposal_is_gone_for_members_but_not_for_its_proposer(client, member, coordinator, proposal):
    services.proposal_hide(proposal=proposal, actor=coordinator, reason="Зар")
    client.force_login(member)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(proposal.proposer)
    assert "Зар" in client.get(proposal.get_absolute_url()).content.decode()


def test_coordinator_accepts_by_creating_a_meeting(client, coordinator, proposal, root):
    client.force_login(coordinator)
    form = client.get(f"/proposals/{proposal.pk}/meeting/").context["form"]
    assert form.initial["title_mn"] == proposal.title
    data = {
        "title_mn": proposal.title,
        "format": "expert_discussion",
        "starts_at": "2030-03-01T14:00",
        "ends_at": "2030-03-01T16:00",
        "publish": "on",
    }
    response = client.post(f"/proposals/{proposal.pk}/meeting/", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.meeting == meeting
    assert "history" in client.get(proposal.get_absolute_url()).content.decode()


def test_support_and_withdraw_through_the_page(client, member, proposal):
    client.force_login(member)
    client.post(f"/proposals/{proposal.pk}/support/")
    assert ProposalSupport.objects.filter(user=member).exists()
    client.post(f"/proposals/{proposal.pk}/withdraw/")
    assert not ProposalSupport.objects.filter(user=member).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_budget(client, member, size, django_assert_max_num_queries):
    for proposal in ProposalFactory.create_batch(size):
        ProposalSupportFactory(proposal=proposal)
    client.force_login(member)
    with django_assert_max_num_queries(9):
        response = client.get("/proposals/?sort=supported")
    assert response.status_code == 200
    # Warm: the page of proposals is kept per viewer; session, user and the right to propose.
    with django_assert_max_num_queries(3):
        assert client.get("/proposals/?sort=supported").status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_detail_query_budget(client, coordinator, size, django_assert_max_num_queries):
    proposal = ProposalFactory()
    ProposalSupportFactory.create_batch(size, proposal=proposal)
    for status in ["considering", "accepted", "considering"][: 1 + size // 10]:
        services.proposal_answer(proposal=proposal, actor=coordinator, status=status)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200


def test_back_office_lists_proposals_and_feedback_read_only(client, coordinator, proposal):
    client.force_login(coordinator)
    assert proposal.title in client.get("/admin/proposals/proposal/").content.decode()
    assert client.get(f"/admin/proposals/proposal/{proposal.pk}/change/").status_code == 200
    assert client.get("/admin/feedback/feedback/").status_code == 200
    assert client.get("/admin/proposals/proposal/add/").status_code == 403
