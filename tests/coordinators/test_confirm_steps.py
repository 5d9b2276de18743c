"""A ballot is reviewed before it is cast and its receipt shown once on a printable page; a
nomination is withdrawn only after the question."""

import pytest
from django.utils.html import escape

from coordinators import messages
from coordinators.models import Nomination, Participation
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


def _vote_url(election, seat):
    return f"/elections/{election.year}/seats/{seat.pk}/vote/"


def test_a_choice_is_reviewed_before_it_is_cast(client, voting, central, member):
    client.force_login(member)
    choice = central.nominations.first()
    response = client.post(_vote_url(voting, central), {"choice": str(choice.pk)})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="confirm"' in page
    assert escape(choice.nominee.get_full_name()) in page
    assert escape(str(messages.BALLOT_FINAL)) in page
    assert f'name="choice" value="{choice.pk}"' in page and 'name="confirm" value="yes"' in page
    assert not Participation.objects.exists()


def test_the_review_refuses_when_voting_is_not_open(client, election, central, member):
    client.force_login(member)
    response = client.post(_vote_url(election, central), {"choice": "abstain"})
    assert response.status_code == 400
    assert escape(str(messages.VOTING_NOT_OPEN)) in response.content.decode()


def test_the_receipt_page_says_it_is_shown_once_and_is_not_kept(client, voting, central, member):
    client.force_login(member)
    response = client.post(_vote_url(voting, central), {"choice": "abstain", "confirm": "yes"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="ballot-receipt"' in page
    assert "no-store" in response["Cache-Control"]
    assert response.context["code"] in page and 'data-copy="#receipt-code"' in page
    assert "<script>" not in page  # the copy button is the site's script file, no inline code
    assert Participation.objects.filter(member=member, seat=central).exists()


def test_withdrawing_asks_for_the_reason_and_confirmation(client, election, central, coordinator):
    nomination = NominationFactory(seat=central)
    client.force_login(coordinator)
    url = f"/elections/{election.year}/nominations/{nomination.pk}/withdraw/"
    page = client.get(url).content.decode()
    assert escape(nomination.nominee.get_full_name()) in page and 'name="reason"' in page
    response = client.post(url, {"reason": "Ажлаас гарсан"})
    assert response.status_code == 400 and 'value="Ажлаас гарсан"' in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status != Nomination.Status.WITHDRAWN
    assert client.post(url, {"reason": "Ажлаас гарсан", "confirm": "yes"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN
