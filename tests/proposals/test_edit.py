"""The proposer edits their proposal until it is answered or hidden; the history records it."""

import pytest
from django.core.exceptions import ValidationError

from cop_portal.audit import AuditEvent
from members.models import Community
from proposals import services
from proposals.models import Proposal, ProposalEvent
from tests.factories import CommunityFactory, ProposalFactory, ProposalSupportFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(proposal):
    return f"/proposals/{proposal.pk}/edit/"


def _data(**extra):
    return {"title": "Шинэ гарчиг", "description": "Шинэ тайлбар", "kind": "site_visit", **extra}


def test_the_proposer_edits_and_the_history_keeps_the_wording_before(client, proposal, branch):
    old_title, old_description = proposal.title, proposal.description
    client.force_login(proposal.proposer)
    assert client.get(_url(proposal)).status_code == 200
    response = client.post(_url(proposal), _data(community=branch.pk))
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.description, proposal.kind, proposal.community) == (
        "Шинэ гарчиг",
        "Шинэ тайлбар",
        Proposal.Kind.SITE_VISIT,
        branch,
    )
    event = ProposalEvent.objects.get(proposal=proposal, action=ProposalEvent.Action.EDITED)
    assert event.actor == proposal.proposer and event.note == f"{old_title}\n{old_description}"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert old_title in page and "Шинэ гарчиг" in page
    assert not AuditEvent.objects.exists()  # a member's own act


def test_saving_the_same_text_records_nothing(client, proposal):
    client.force_login(proposal.proposer)
    same = {"title": proposal.title, "description": proposal.description, "kind": proposal.kind}
    assert client.post(_url(proposal), same).status_code == 302
    assert not ProposalEvent.objects.filter(action=ProposalEvent.Action.EDITED).exists()


def test_the_edit_link_shows_only_to_the_proposer(client, proposal, member):
    client.force_login(proposal.proposer)
    assert _url(proposal) in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(member)
    assert _url(proposal) not in client.get(proposal.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["member", "coordinator", "focal"])
def test_others_cannot_edit(client, request, who, branch):
    proposal = ProposalFactory(community=branch)
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(proposal)).status_code == 403
    assert client.post(_url(proposal), _data()).status_code == 403
    proposal.refresh_from_db()
    assert proposal.title != "Шинэ гарчиг"


def test_an_answered_proposal_is_no_longer_editable(client, proposal, coordinator):
    services.proposal_answer(proposal=proposal, actor=coordinator, status=Proposal.Status.CONSIDERING)
    client.force_login(proposal.proposer)
    assert client.get(_url(proposal)).status_code == 403
    assert client.post(_url(proposal), _data()).status_code == 403
    assert _url(proposal) not in client.get(proposal.get_absolute_url()).content.decode()


def test_a_hidden_proposal_is_not_editable(client, proposal, coordinator):
    services.proposal_hide(proposal=proposal, actor=coordinator, reason="Зар")
    client.force_login(proposal.proposer)
    assert client.post(_url(proposal), _data()).status_code == 403


def test_an_unapproved_branch_is_refused_with_the_form(client, proposal, root):
    pending = CommunityFactory(parent=root, status=Community.Status.PENDING)
    client.force_login(proposal.proposer)
    assert client.post(_url(proposal), _data(community=pending.pk)).status_code == 400
    with pytest.raises(ValidationError) as refused:
        services.proposal_edit(proposal=proposal, actor=proposal.proposer, community=pending, **_data())
    assert refused.value.messages == [str(services.ERROR_BRANCH_NOT_APPROVED)]
    proposal.refresh_from_db()
    assert proposal.community is None


def test_an_empty_title_is_a_form_error(client, proposal):
    client.force_login(proposal.proposer)
    assert client.post(_url(proposal), _data(title="")).status_code == 400


@pytest.mark.parametrize("rows", [3, 30])
def test_edit_page_queries(client, root, rows, django_assert_max_num_queries):
    proposal = ProposalFactory()
    CommunityFactory.create_batch(rows, parent=root)
    ProposalSupportFactory.create_batch(rows // 3, proposal=proposal)
    client.force_login(proposal.proposer)
    with django_assert_max_num_queries(8):
        assert client.get(_url(proposal)).status_code == 200


def test_edit_page_of_another_persons_hidden_proposal_is_404(client, coordinator, member):
    proposal = ProposalFactory(proposer=UserFactory())
    services.proposal_hide(proposal=proposal, actor=coordinator, reason="Зар")
    client.force_login(member)
    assert client.get(_url(proposal)).status_code == 404
