"""Pages: permissions per role, bad input, and pinned query counts at two data sizes."""

import pytest
from django.utils.html import escape
from django.utils.translation import gettext

from coordinators import messages, services
from coordinators.models import Election, Nomination, Participation
from members.models import Organisation, User
from tests.factories import ElectionFactory, NominationFactory, bulk_votes

pytestmark = pytest.mark.django_db


def _users(n: int) -> None:
    organisation = Organisation.objects.first() or NominationFactory().nominee.organisation
    User.objects.bulk_create(
        User(
            email=f"bulk{i}@example.mn",
            status=User.Status.APPROVED,
            organisation=organisation,
            calendar_token=f"bulk-token-{i}",
        )
        for i in range(n)
    )


# --- public pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/elections/", "/coordinators/"])
def test_public_pages_open_to_visitors(client, election, path):
    assert client.get(path).status_code == 200


def test_election_page_says_phase_and_what_comes_next_in_the_future_tense(client, election):
    page = client.get(election.get_absolute_url()).content.decode()
    assert str(Election.Phase.NOMINATION.label) in page
    next_step = page.split('data-testid="next-step"', 1)[1].split("</p>", 1)[0]
    assert gettext("Nominations close") in next_step
    assert str(Election.Phase.NOMINATIONS_CLOSED.label) not in next_step  # not "… closed"


def test_unknown_year_is_404(client):
    assert client.get("/elections/1999/").status_code == 404


# --- nominate ---------------------------------------------------------------------------------


def test_visitor_is_sent_to_sign_in_to_nominate(client, election, central):
    response = client.post(f"/elections/{election.year}/nominate/", {"seat": central.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_applicant_may_not_nominate(client, election, central, applicant):
    client.force_login(applicant)
    assert client.post(f"/elections/{election.year}/nominate/", {"seat": central.pk}).status_code == 403


def test_member_nominates_themselves(client, election, central, member):
    client.force_login(member)
    response = client.post(
        f"/elections/{election.year}/nominate/", {"seat": central.pk, "nominee": "", "statement": "Бэлэн"}
    )
    assert response.status_code == 302
    assert Nomination.objects.get().nominee == member


def test_nominee_accepts_through_the_page(client, election, central, member):
    from tests.factories import UserFactory

    colleague = UserFactory()
    nomination = services.nomination_create(seat=central, nominee=colleague, actor=member)
    client.force_login(colleague)
    assert 'data-testid="pending-nomination"' in client.get(election.get_absolute_url()).content.decode()
    url = f"/elections/{election.year}/nominations/{nomination.pk}/accept/"
    assert client.post(url, {"statement": "Тийм"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ACCEPTED


def test_someone_else_cannot_accept(client, election, central, member):
    from tests.factories import UserFactory

    nomination = services.nomination_create(seat=central, nominee=UserFactory(), actor=member)
    client.force_login(member)
    url = f"/elections/{election.year}/nominations/{nomination.pk}/accept/"
    assert client.post(url, {"statement": ""}).status_code == 403


@pytest.mark.parametrize("role,status", [("member", 403), ("coordinator", 302)])
def test_withdraw_is_for_coordinators(client, election, central, request, role, status):
    nomination = NominationFactory(seat=central)
    client.force_login(request.getfixturevalue(role))
    url = f"/elections/{election.year}/nominations/{nomination.pk}/withdraw/"
    assert client.post(url, {"reason": "Ажлаас гарсан", "confirm": "yes"}).status_code == status


def test_withdraw_without_reason_is_400_with_the_message(client, election, central, coordinator):
    nomination = NominationFactory(seat=central)
    client.force_login(coordinator)
    response = client.post(
        f"/elections/{election.year}/nominations/{nomination.pk}/withdraw/", {"reason": "", "confirm": "yes"}
    )
    assert response.status_code == 400
    assert escape(str(messages.WITHDRAWAL_REASON_REQUIRED)) in response.content.decode()


# --- phases -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role,status", [("applicant", 403), ("member", 403), ("coordinator", 302)])
def test_advancing_the_phase_is_for_coordinators(client, election, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.post(f"/elections/{election.year}/advance/", {"confirm": "yes"}).status_code == status


def test_visitor_cannot_advance(client, election):
    response = client.post(f"/elections/{election.year}/advance/", {"confirm": "yes"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    election.refresh_from_db()
    assert election.phase == Election.Phase.NOMINATION


# --- vote -------------------------------------------------------------------------------------------


def _vote_url(election, seat):
    return f"/elections/{election.year}/seats/{seat.pk}/vote/"


@pytest.mark.parametrize("role,status", [("applicant", 403), ("member", 200)])
def test_ballot_page_per_role(client, voting, central, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_vote_url(voting, central)).status_code == status


def test_visitor_is_sent_to_sign_in_to_vote(client, voting, central):
    assert client.get(_vote_url(voting, central)).status_code == 302


def test_member_votes_through_the_page(client, voting, central, member):
    client.force_login(member)
    choice = central.nominations.first()
    response = client.post(_vote_url(voting, central), {"choice": str(choice.pk), "confirm": "yes"})
    assert response.status_code == 200 and 'data-testid="receipt-code"' in response.content.decode()
    assert Participation.objects.filter(member=member, seat=central).exists()


def test_second_vote_through_the_page_is_409(client, voting, central, member):
    client.force_login(member)
    client.post(_vote_url(voting, central), {"choice": "abstain", "confirm": "yes"})
    response = client.post(_vote_url(voting, central), {"choice": "abstain", "confirm": "yes"})
    assert response.status_code == 409
    assert escape(str(messages.ALREADY_VOTED)) in response.content.decode()
    assert Participation.objects.count() == 1


def test_invalid_choice_is_400(client, voting, central, member):
    client.force_login(member)
    response = client.post(_vote_url(voting, central), {"choice": "999999"})
    assert response.status_code == 400
    assert escape(str(messages.CHOICE_INVALID)) in response.content.decode()


def test_vote_before_voting_opens_is_refused(client, election, central, member):
    client.force_login(member)
    response = client.post(_vote_url(election, central), {"choice": "abstain"})
    assert response.status_code == 400
    assert escape(str(messages.VOTING_NOT_OPEN)) in response.content.decode()


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [10, 1000])
def test_election_list_query_count(client, django_assert_max_num_queries, rows):
    Election.objects.bulk_create(ElectionFactory.build(year=1000 + i) for i in range(rows // 10))
    with django_assert_max_num_queries(2):
        assert client.get("/elections/").status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_election_page_during_nominations_query_count(
    client, election, central, member, django_assert_max_num_queries, rows
):
    _users(rows)
    NominationFactory.create_batch(3, seat=central)
    client.force_login(member)
    with django_assert_max_num_queries(14):
        assert client.get(election.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_election_page_with_results_query_count(
    client, voting, central, local, coordinator, django_assert_max_num_queries, rows
):
    a = central.nominations.first()
    bulk_votes(central, [a] * rows)
    bulk_votes(local, [None] * (rows // 2))
    services.election_advance(election=voting, actor=coordinator, now=voting.voting_close_at)
    client.force_login(coordinator)
    # 11: the navbar asks once whether a staff user is a coordinator (Insights link).
    with django_assert_max_num_queries(12):
        assert client.get(voting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_ballot_page_query_count(client, voting, central, member, django_assert_max_num_queries, rows):
    bulk_votes(central, [None] * rows)
    client.force_login(member)
    with django_assert_max_num_queries(7):
        assert client.get(_vote_url(voting, central)).status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_coordinator_list_query_count(client, django_assert_max_num_queries, rows):
    from tests.factories import CoordinatorTermFactory, SeatFactory

    for i in range(rows // 100 + 2):
        CoordinatorTermFactory(seat=SeatFactory(election=ElectionFactory(year=1900 + i)))
    with django_assert_max_num_queries(4):
        assert client.get("/coordinators/").status_code == 200


# --- ties ---------------------------------------------------------------------------------------


@pytest.fixture
def tied(voting, central, coordinator):
    a, b = central.nominations.all()
    bulk_votes(central, [a, b])
    services.election_advance(election=voting, actor=coordinator, now=voting.voting_close_at)
    return a, b


@pytest.mark.parametrize("role,status", [("member", 403), ("coordinator", 302)])
def test_recording_lots_is_for_coordinators(client, voting, central, tied, request, role, status):
    client.force_login(request.getfixturevalue(role))
    prefix = f"seat{central.pk}"
    response = client.post(
        f"/elections/{voting.year}/seats/{central.pk}/lots/",
        {f"{prefix}-winner": tied[1].pk, f"{prefix}-note": "Даргын өмнө татсан"},
    )
    assert response.status_code == status
    voting.refresh_from_db()
    assert (voting.phase == Election.Phase.PUBLISHED) is (status == 302)


def test_tie_form_is_shown_to_coordinators(client, voting, central, tied, coordinator):
    client.force_login(coordinator)
    page = client.get(voting.get_absolute_url()).content.decode()
    assert f'name="seat{central.pk}-winner"' in page


def test_runoff_through_the_page(client, voting, central, tied, coordinator):
    Election.objects.filter(pk=voting.pk).update(tie_rule=Election.TieRule.RUNOFF)
    client.force_login(coordinator)
    response = client.post(
        f"/elections/{voting.year}/seats/{central.pk}/runoff/", {"closes_at": "2099-01-01T12:00"}
    )
    assert response.status_code == 302
    voting.refresh_from_db()
    assert voting.phase == Election.Phase.VOTING and voting.round == 2


def test_runoff_in_the_past_is_400(client, voting, central, tied, coordinator):
    Election.objects.filter(pk=voting.pk).update(tie_rule=Election.TieRule.RUNOFF)
    client.force_login(coordinator)
    response = client.post(
        f"/elections/{voting.year}/seats/{central.pk}/runoff/", {"closes_at": "2000-01-01T12:00"}
    )
    assert response.status_code == 400
    assert escape(str(messages.RUNOFF_CLOSE_INVALID)) in response.content.decode()


def test_runoff_with_a_month_first_date_is_400_naming_the_pages_format(
    client, voting, central, tied, coordinator
):
    from django.conf import settings
    from django.utils import translation

    from cop_portal.dates import datetime_invalid

    Election.objects.filter(pk=voting.pk).update(tie_rule=Election.TieRule.RUNOFF)
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/elections/{voting.year}/seats/{central.pk}/runoff/", {"closes_at": "12/31/2099 12:00"}
    )
    assert response.status_code == 400
    with translation.override("en"):
        assert escape(datetime_invalid()) in response.content.decode()
    voting.refresh_from_db()
    assert voting.round == 1
    # The English page's way is read.
    response = client.post(
        f"/elections/{voting.year}/seats/{central.pk}/runoff/", {"closes_at": "31/12/2099 12:00"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path", ["/elections/99999999999999999999/", "/elections/{year}/seats/99999999999999999999/vote/"]
)
def test_out_of_range_numbers_are_404_not_500(client, election, member, path):
    client.force_login(member)
    assert client.get(path.format(year=election.year)).status_code == 404


@pytest.mark.parametrize("rows", [10, 1000])
def test_nomination_page_query_count(client, election, member, django_assert_max_num_queries, rows):
    _users(rows)
    client.force_login(member)
    with django_assert_max_num_queries(10):
        assert client.get(f"/elections/{election.year}/nominate/").status_code == 200
