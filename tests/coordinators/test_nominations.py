import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from coordinators import messages, services
from coordinators.models import Election, Nomination
from cop_portal import pagecache
from members.models import Level
from tests.factories import CoordinatorTermFactory, ElectionFactory, SeatFactory, local_member

pytestmark = pytest.mark.django_db


def test_self_nomination_makes_a_candidate_at_once(central, member):
    nomination = services.nomination_create(seat=central, nominee=member, actor=member, statement="Бэлэн")
    assert nomination.status == Nomination.Status.ACCEPTED
    assert nomination.statement == "Бэлэн"


def test_nominating_a_colleague_asks_them_and_queues_an_email(
    central, member, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    colleague = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        nomination = services.nomination_create(seat=central, nominee=colleague, actor=member)
    assert nomination.status == Nomination.Status.PROPOSED
    # One e-mail queued after commit (beside it, the election's cached pages are dropped).
    assert len([c for c in callbacks if getattr(c, "func", None) is not pagecache._bump]) == 1


def test_nominee_accepts_with_a_statement(central, member):
    from tests.factories import UserFactory

    colleague = UserFactory()
    nomination = services.nomination_create(seat=central, nominee=colleague, actor=member)
    services.nomination_accept(nomination=nomination, actor=colleague, statement="Сургалтыг өргөжүүлнэ")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.statement) == (Nomination.Status.ACCEPTED, "Сургалтыг өргөжүүлнэ")


def test_only_the_nominee_can_accept(central, member):
    from tests.factories import UserFactory

    nomination = services.nomination_create(seat=central, nominee=UserFactory(), actor=member)
    with pytest.raises(ValidationError) as exc:
        services.nomination_accept(nomination=nomination, actor=member)
    assert exc.value.messages == [str(messages.NOMINATION_NOT_YOURS)]


def test_accepting_after_nominations_close_is_refused(election, central, member):
    from tests.factories import UserFactory

    colleague = UserFactory()
    nomination = services.nomination_create(seat=central, nominee=colleague, actor=member)
    services.election_advance(election=election, actor=None)
    with pytest.raises(ValidationError) as exc:
        services.nomination_accept(nomination=nomination, actor=colleague)
    assert exc.value.messages == [str(messages.NOMINATIONS_NOT_OPEN)]


def test_candidate_must_be_of_the_seats_level(local, member):
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(seat=local, nominee=member, actor=member)
    assert exc.value.messages == [str(messages.NOMINEE_WRONG_LEVEL) % {"level": Level.LOCAL.label}]


def test_local_member_may_stand_for_the_local_seat(local):
    person = local_member()
    assert services.nomination_refusals(seat=local, nominee=person) == []


def test_applicant_cannot_stand(central, member, applicant):
    reasons = services.nomination_refusals(seat=central, nominee=applicant)
    assert str(messages.NOMINEE_NOT_MEMBER) in reasons


def test_applicant_cannot_nominate(central, applicant, member):
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(seat=central, nominee=member, actor=applicant)
    assert exc.value.messages == [str(messages.NOMINATOR_NOT_MEMBER)]


def test_rotation_refuses_last_terms_holder_for_the_same_seat(election, central, member):
    previous = SeatFactory(
        election=ElectionFactory(year=election.year - 1, phase="published"), code="central"
    )
    CoordinatorTermFactory(seat=previous, member=member)
    reasons = services.nomination_refusals(seat=central, nominee=member)
    assert reasons == [str(messages.NOMINEE_ROTATION) % {"count": 1}]


def test_rotation_does_not_apply_to_another_seat(election, member):
    previous = SeatFactory(election=ElectionFactory(year=election.year - 1, phase="published"), code="local")
    CoordinatorTermFactory(seat=previous, member=member)
    other = SeatFactory(election=election, code="central-2", level=Level.CENTRAL)
    SeatFactory(election=previous.election, code="central-2", level=Level.CENTRAL)
    assert services.nomination_refusals(seat=other, nominee=member) == []


def test_rotation_allows_standing_again_after_a_gap(election, central, member):
    two_years_ago = SeatFactory(
        election=ElectionFactory(year=election.year - 2, phase="published"), code="central"
    )
    SeatFactory(election=ElectionFactory(year=election.year - 1, phase="published"), code="central")
    CoordinatorTermFactory(seat=two_years_ago, member=member)
    assert services.nomination_refusals(seat=central, nominee=member) == []


def test_max_consecutive_terms_is_a_setting(settings, election, central, member):
    settings.COP_MAX_CONSECUTIVE_TERMS = 2
    previous = SeatFactory(
        election=ElectionFactory(year=election.year - 1, phase="published"), code="central"
    )
    CoordinatorTermFactory(seat=previous, member=member)
    assert services.nomination_refusals(seat=central, nominee=member) == []


def test_a_second_active_nomination_for_the_same_seat_is_refused(central, member):
    services.nomination_create(seat=central, nominee=member, actor=member)
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(seat=central, nominee=member, actor=member)
    assert str(messages.NOMINEE_ALREADY) in exc.value.messages


def test_nominations_are_refused_outside_the_nomination_phase(election, central, member):
    Election.objects.filter(pk=election.pk).update(phase=Election.Phase.VOTING)
    with pytest.raises(ValidationError) as exc:
        services.nomination_create(seat=central, nominee=member, actor=member)
    assert exc.value.messages == [str(messages.NOMINATIONS_NOT_OPEN)]


def test_coordinator_withdraws_a_nomination_with_a_reason(central, member, coordinator):
    nomination = services.nomination_create(seat=central, nominee=member, actor=member)
    services.nomination_withdraw(nomination=nomination, actor=coordinator, reason="Left the civil service")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WITHDRAWN
    assert (nomination.withdrawn_by, nomination.withdrawal_reason) == (coordinator, "Left the civil service")


def test_withdrawal_needs_a_reason(central, member, coordinator):
    nomination = services.nomination_create(seat=central, nominee=member, actor=member)
    with pytest.raises(ValidationError) as exc:
        services.nomination_withdraw(nomination=nomination, actor=coordinator, reason="  ")
    assert exc.value.messages == [str(messages.WITHDRAWAL_REASON_REQUIRED)]


def test_nomination_form_explains_a_refusal(client, election, local, member):
    client.force_login(member)
    response = client.post(
        f"/elections/{election.year}/nominate/", {"seat": local.pk, "nominee": "", "statement": ""}
    )
    assert response.status_code == 400
    assert (
        escape(str(messages.NOMINEE_WRONG_LEVEL) % {"level": Level.LOCAL.label}) in response.content.decode()
    )
    assert not Nomination.objects.exists()


def test_nominee_declines(central, member):
    from tests.factories import UserFactory

    colleague = UserFactory()
    nomination = services.nomination_create(seat=central, nominee=colleague, actor=member)
    services.nomination_decline(nomination=nomination, actor=colleague)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DECLINED
