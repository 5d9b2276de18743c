"""Proposals' services: the daily limit, one support per member, answers e-mailed once, hiding."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from meetings.models import Meeting
from proposals import services
from proposals.models import Proposal, ProposalEvent, ProposalSupport
from tests.factories import ApplicantFactory, ProposalFactory, ProposalSupportFactory, UserFactory

pytestmark = pytest.mark.django_db


def _create(actor, **extra):
    return services.proposal_create(actor=actor, title="Эмэгтэй манлайлал", description="Тайлбар", **extra)


def test_proposal_create_records_history(member):
    proposal = _create(member)
    assert proposal.status == Proposal.Status.OPEN
    assert list(proposal.events.values_list("action", flat=True)) == [ProposalEvent.Action.CREATED]


def test_proposal_create_refuses_applicants():
    with pytest.raises(PermissionDenied):
        _create(ApplicantFactory())


def test_proposal_create_stops_at_the_daily_limit(member, settings):
    settings.COP_PROPOSALS_PER_DAY = 2
    _create(member)
    _create(member)
    with pytest.raises(ValidationError) as error:
        _create(member)
    assert "2" in error.value.messages[0]
    assert Proposal.objects.filter(proposer=member).count() == 2


def test_proposal_create_limit_counts_only_the_last_24_hours(member, settings):
    settings.COP_PROPOSALS_PER_DAY = 1
    old = ProposalFactory(proposer=member)
    Proposal.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    assert _create(member).pk


def test_proposal_support_once_per_member(member, proposal):
    services.proposal_support(proposal=proposal, actor=member)
    with pytest.raises(ValidationError) as error:
        services.proposal_support(proposal=proposal, actor=member)
    assert error.value.messages == [str(services.ERROR_ALREADY_SUPPORTED)]
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1


def test_proposal_support_refuses_the_proposer(proposal):
    with pytest.raises(PermissionDenied):
        services.proposal_support(proposal=proposal, actor=proposal.proposer)


def test_proposal_support_withdraw_deletes_the_support(member, proposal):
    services.proposal_support(proposal=proposal, actor=member)
    services.proposal_support_withdraw(proposal=proposal, actor=member)
    assert not ProposalSupport.objects.exists()
    with pytest.raises(ValidationError):
        services.proposal_support_withdraw(proposal=proposal, actor=member)


def test_proposal_answer_emails_proposer_and_supporters_once_in_their_language(
    coordinator, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    english = ProposalSupportFactory(proposal=proposal, user=UserFactory(preferred_language="en")).user
    with django_capture_on_commit_callbacks(execute=True):
        assert services.proposal_answer(
            proposal=proposal,
            actor=coordinator,
            status=Proposal.Status.CONSIDERING,
            answer="Дараагийн уулзалтад",
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert not services.proposal_answer(
            proposal=proposal,
            actor=coordinator,
            status=Proposal.Status.CONSIDERING,
            answer="Дараагийн уулзалтад",
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([proposal.proposer.email, english.email])
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "Answer to the proposal" in by_address[english.email].subject
    with translation.override("mn"):
        expected = gettext("Answer to the proposal “%(title)s”") % {"title": proposal.title}
    assert by_address[proposal.proposer.email].subject == expected
    assert "List-Unsubscribe" in by_address[english.email].extra_headers


def test_proposal_answer_skips_members_who_switched_the_kind_off(
    coordinator, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    proposal.proposer.muted_email_kinds = [services.EMAIL_KIND]
    proposal.proposer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(proposal=proposal, actor=coordinator, status=Proposal.Status.CONSIDERING)
    assert mailoutbox == []


def test_proposal_answer_not_taken_up_needs_a_reason(coordinator, proposal):
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(proposal=proposal, actor=coordinator, status=Proposal.Status.NOT_TAKEN_UP)
    assert error.value.messages == [str(services.ERROR_ANSWER_REASON)]


def test_proposal_answer_by_the_branch_focal_person_only_for_their_branch(focal, branch, member):
    mine = ProposalFactory(community=branch)
    other = ProposalFactory()
    services.proposal_answer(proposal=mine, actor=focal, status=Proposal.Status.CONSIDERING)
    with pytest.raises(PermissionDenied):
        services.proposal_answer(proposal=other, actor=focal, status=Proposal.Status.CONSIDERING)
    with pytest.raises(PermissionDenied):
        services.proposal_answer(proposal=mine, actor=member, status=Proposal.Status.CONSIDERING)


def test_proposal_accept_with_meeting_creates_a_prefilled_visit(coordinator, root):
    proposal = ProposalFactory(kind=Proposal.Kind.SITE_VISIT, province="dornogovi")
    start = timezone.now() + dt.timedelta(days=10)
    meeting = services.proposal_accept_with_meeting(
        proposal=proposal,
        actor=coordinator,
        title_mn=proposal.title,
        format=Meeting.Format.SITE_VISIT,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.meeting == meeting
    assert meeting.site_visit.purpose_mn == proposal.description
    assert meeting.province == "dornogovi" and meeting.community == root
    assert meeting.status == Meeting.Status.PUBLISHED


def test_proposal_hide_needs_a_reason_and_a_coordinator(coordinator, member, proposal):
    with pytest.raises(PermissionDenied):
        services.proposal_hide(proposal=proposal, actor=member, reason="spam")
    with pytest.raises(ValidationError):
        services.proposal_hide(proposal=proposal, actor=coordinator, reason=" ")
    services.proposal_hide(proposal=proposal, actor=coordinator, reason="Зар сурталчилгаа")
    assert proposal.is_hidden and proposal.hidden_by == coordinator
    assert proposal.events.filter(action=ProposalEvent.Action.HIDDEN, actor=coordinator).exists()
    services.proposal_show(proposal=proposal, actor=coordinator)
    assert not proposal.is_hidden


def test_hidden_proposal_cannot_be_supported(coordinator, member, proposal):
    services.proposal_hide(proposal=proposal, actor=coordinator, reason="Давхардсан")
    with pytest.raises(PermissionDenied):
        services.proposal_support(proposal=proposal, actor=member)
