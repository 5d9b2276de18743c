import pytest

from coordinators.models import Election, Nomination
from tests.factories import CoordinatorTermFactory, NominationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/coordinators/election/",
        "/admin/coordinators/nomination/",
        "/admin/coordinators/coordinatorterm/",
    ],
)
def test_coordinator_opens_the_election_admin(client, coordinator, election, path):
    CoordinatorTermFactory()
    client.force_login(coordinator)
    assert client.get(path).status_code == 200


def test_ballots_have_no_admin_page(admin_client):
    assert admin_client.get("/admin/coordinators/ballot/").status_code == 404


def test_member_cannot_open_the_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/coordinators/election/").status_code == 302


def test_withdraw_action_asks_for_a_reason_then_withdraws(client, coordinator, central):
    nomination = NominationFactory(seat=central)
    client.force_login(coordinator)
    data = {"action": "withdraw", "_selected_action": [nomination.pk]}
    response = client.post("/admin/coordinators/nomination/", data)
    assert response.status_code == 200 and b'name="reason"' in response.content
    client.post("/admin/coordinators/nomination/", {**data, "reason": "Ажлаас гарсан"})
    nomination.refresh_from_db()
    assert (nomination.status, nomination.withdrawal_reason) == (Nomination.Status.WITHDRAWN, "Ажлаас гарсан")


def test_advance_action_moves_the_phase(client, coordinator, election):
    client.force_login(coordinator)
    client.post(
        "/admin/coordinators/election/", {"action": "advance_phase", "_selected_action": [election.pk]}
    )
    election.refresh_from_db()
    assert election.phase == Election.Phase.NOMINATIONS_CLOSED


def test_seats_are_frozen_once_nominations_open(client, coordinator, election):
    client.force_login(coordinator)
    page = client.get(f"/admin/coordinators/election/{election.pk}/change/").content.decode()
    assert 'name="seats-0-level"' not in page


def test_rules_are_read_only_once_voting_opens(client, coordinator, voting):
    client.force_login(coordinator)
    page = client.get(f"/admin/coordinators/election/{voting.pk}/change/").content.decode()
    assert 'name="tie_rule"' not in page
