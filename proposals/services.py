"""Every write about proposals: one function per state change, an explicit actor, one
transaction each. Answers are e-mailed after commit, once per answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from meetings.models import Meeting, SiteVisit
from meetings.services.review import review_requested
from members.models import Community
from members.permissions import user_meetings_need_review
from notices.services import notify

from . import permissions, selectors
from .models import Proposal, ProposalEvent, ProposalSupport

ERROR_NOT_MEMBER = _("Only approved members can make and support proposals.")
ERROR_DAILY_LIMIT = _("You have opened %(limit)s proposals in the last 24 hours: please try again tomorrow.")
ERROR_CANNOT_SUPPORT = _("This proposal cannot be supported: it is yours, answered or hidden.")
ERROR_ALREADY_SUPPORTED = _("You already support this proposal.")
ERROR_NOT_SUPPORTED = _("You do not support this proposal.")
ERROR_CANNOT_ANSWER = _(
    "Only coordinators, or the focal person of the branch it is addressed to, can answer."
)
ERROR_ANSWER_STATUS = _("Choose an answer: under consideration, accepted or not taken up.")
ERROR_ANSWER_REASON = _("Say why the proposal is not taken up: the proposer and supporters will read it.")
ERROR_CANNOT_HIDE = _("Only coordinators can hide or show proposals.")
ERROR_HIDE_REASON = _("Give the reason for hiding the proposal.")
ERROR_ALREADY_HIDDEN = _("This proposal is already hidden.")
ERROR_NOT_HIDDEN = _("This proposal is not hidden.")
ERROR_BRANCH_NOT_APPROVED = _("Proposals can be addressed only to an approved branch CoP.")
ERROR_CANNOT_EDIT = _("Only the proposer can edit a proposal, and only until it is answered or hidden.")

EMAIL_KIND = "proposal"  # the preference category of its e-mail (proposals/notices.py)


# The signed-in lists and records that show proposals (/proposals/, the participation record):
# every write below drops them.
PROPOSALS = "proposals"


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def proposal_create(
    *,
    actor,
    title: str,
    description: str,
    kind: str = Proposal.Kind.TOPIC,
    community: Community | None = None,
    meeting_format: str = "",
    suggested_expert: str = "",
    host_organisation=None,
    province: str = "",
) -> Proposal:
    """Open a proposal for ``actor``; at most COP_PROPOSALS_PER_DAY in any 24 hours."""
    _require(permissions.user_can_propose(actor), ERROR_NOT_MEMBER)
    # Locking the proposer's row serialises their submissions, so two at once cannot both
    # pass the daily limit.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    limit = settings.COP_PROPOSALS_PER_DAY
    if selectors.proposal_count_recent(user=actor) >= limit:
        raise ValidationError(ERROR_DAILY_LIMIT, params={"limit": limit})
    if community is not None and community.status != Community.Status.APPROVED:
        raise ValidationError(ERROR_BRANCH_NOT_APPROVED)
    proposal = Proposal(
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        community=community,
        proposer=actor,
        meeting_format=meeting_format,
        suggested_expert=suggested_expert.strip(),
        host_organisation=host_organisation,
        province=province,
    )
    proposal.full_clean()
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal, action=ProposalEvent.Action.CREATED, status=proposal.status, actor=actor
    )
    invalidate(PROPOSALS)
    return proposal


@transaction.atomic
def proposal_edit(
    *, proposal: Proposal, actor, title: str, description: str, kind: str, community: Community | None = None
) -> bool:
    """The proposer changes title, description, kind or branch while the proposal has no answer
    and is not hidden; the history records the edit with the previous title and description.
    Returns whether anything changed (saving the same text twice records nothing)."""
    locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    _require(permissions.user_can_edit_proposal(actor, locked), ERROR_CANNOT_EDIT)
    community_id = community.pk if community is not None else None
    if community_id not in (None, locked.community_id) and community.status != Community.Status.APPROVED:
        raise ValidationError(ERROR_BRANCH_NOT_APPROVED)
    before = {"title": locked.title, "description": locked.description}
    wanted = (title.strip(), description.strip(), kind, community_id)
    if (locked.title, locked.description, locked.kind, locked.community_id) == wanted:
        return False
    locked.title, locked.description, locked.kind = wanted[:3]
    locked.community = community
    locked.full_clean()
    locked.save()
    wording_changed = before != {"title": locked.title, "description": locked.description}
    ProposalEvent.objects.create(
        proposal=locked,
        action=ProposalEvent.Action.EDITED,
        status=locked.status,
        note=f"{before['title']}\n{before['description']}" if wording_changed else "",
        actor=actor,
    )
    invalidate(PROPOSALS)
    proposal.refresh_from_db()
    return True


def proposal_support(*, proposal: Proposal, actor) -> ProposalSupport:
    """Add ``actor``'s support; a second support (even a concurrent one) is refused by the
    database constraint proposal_support_one_per_member."""
    _require(permissions.user_can_support_proposal(actor, proposal), ERROR_CANNOT_SUPPORT)
    try:
        with transaction.atomic():
            support = ProposalSupport.objects.create(proposal=proposal, user=actor)
    except IntegrityError as exc:
        raise ValidationError(ERROR_ALREADY_SUPPORTED) from exc
    invalidate(PROPOSALS)
    return support


@transaction.atomic
def proposal_support_withdraw(*, proposal: Proposal, actor) -> None:
    """Withdraw ``actor``'s support (allowed while the proposal is open or considered)."""
    _require(permissions.user_can_support_proposal(actor, proposal), ERROR_CANNOT_SUPPORT)
    deleted, _details = ProposalSupport.objects.filter(proposal=proposal, user=actor).delete()
    if not deleted:
        raise ValidationError(ERROR_NOT_SUPPORTED)
    invalidate(PROPOSALS)


def _notify_answer(proposal: Proposal, actor) -> None:
    context = {
        "title": proposal.title,
        "status": proposal.status,
        "answer": proposal.answer,
        "answered_by": actor.get_full_name(),
        "url": f"{settings.SITE_URL}{proposal.get_absolute_url()}",
        "meeting_url": f"{settings.SITE_URL}{proposal.meeting.get_absolute_url()}"
        if proposal.meeting_id
        else "",
    }
    notify(
        "proposal_answered",
        recipients=selectors.proposal_recipient_ids(proposal=proposal),
        key=f"proposal-{proposal.pk}:answer@{timezone.now().isoformat()}",
        context=context,
    )


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, actor, status: str, answer: str = "", meeting: Meeting | None = None
) -> bool:
    """Give the official answer. The proposer and supporters are e-mailed once per answer:
    repeating the same answer (a double click, a retried form) changes and sends nothing.
    Returns whether the answer changed."""
    locked = Proposal.objects.select_for_update(of=("self",)).select_related("community").get(pk=proposal.pk)
    changed = _answer(locked, actor=actor, status=status, answer=answer, meeting=meeting)
    proposal.refresh_from_db()
    return changed


def _answer(
    locked: Proposal,
    *,
    actor,
    status: str,
    answer: str,
    meeting: Meeting | None,
    audit_action="proposal.answer",
) -> bool:
    """Answer the locked proposal; the audit event says which way (answered, or accepted
    with a meeting made for it)."""
    _require(permissions.user_can_answer_proposal(actor, locked), ERROR_CANNOT_ANSWER)
    answerable = (Proposal.Status.CONSIDERING, Proposal.Status.ACCEPTED, Proposal.Status.NOT_TAKEN_UP)
    if status not in answerable:
        raise ValidationError(ERROR_ANSWER_STATUS)
    answer = answer.strip()
    if status == Proposal.Status.NOT_TAKEN_UP and not answer:
        raise ValidationError(ERROR_ANSWER_REASON)
    meeting_id = meeting.pk if meeting is not None else locked.meeting_id
    if (locked.status, locked.answer, locked.meeting_id) == (status, answer, meeting_id):
        return False
    changes = {"status": [locked.status, status], "answer": answer}
    if meeting_id != locked.meeting_id:
        changes["meeting"] = [locked.meeting_id, meeting_id]
    locked.status, locked.answer = status, answer
    locked.meeting_id = meeting_id
    locked.answered_by, locked.answered_at = actor, timezone.now()
    locked.full_clean()
    locked.save()
    ProposalEvent.objects.create(
        proposal=locked,
        action=ProposalEvent.Action.ANSWERED,
        status=status,
        note=answer,
        meeting_id=meeting_id,
        actor=actor,
    )
    audit_record(actor=actor, action=audit_action, obj=locked, changes=changes)
    invalidate(PROPOSALS)
    _notify_answer(locked, actor)
    return True


@transaction.atomic
def proposal_accept_with_meeting(
    *,
    proposal: Proposal,
    actor,
    title_mn: str,
    format: str,
    starts_at,
    ends_at,
    venue: str = "",
    publish: bool = True,
    answer: str = "",
) -> Meeting:
    """Create the meeting (or site visit) a proposal became and accept the proposal with it."""
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("community", "host_organisation")
        .get(pk=proposal.pk)
    )
    _require(permissions.user_can_answer_proposal(actor, locked), ERROR_CANNOT_ANSWER)
    community = locked.community or Community.objects.filter(parent=None).first()
    now = timezone.now()
    # A branch that chose review has the coordinators publish its meetings.
    review = publish and user_meetings_need_review(actor, community)
    if review:
        publish = False
    meeting = Meeting(
        title_mn=title_mn.strip(),
        description_mn=locked.description,
        format=format,
        community=community,
        host_organisation=locked.host_organisation,
        organiser=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        province=locked.province,
        status=Meeting.Status.PUBLISHED
        if publish
        else Meeting.Status.REVIEW
        if review
        else Meeting.Status.DRAFT,
        published_at=now if publish else None,
    )
    meeting.full_clean()
    meeting.save()
    if review:
        review_requested(meeting, actor)
    if format == Meeting.Format.SITE_VISIT:
        SiteVisit.objects.create(meeting=meeting, purpose_mn=locked.description)
    invalidate(f"meeting:{meeting.pk}", "feed:all", "seats", "insights")
    _answer(
        locked,
        actor=actor,
        status=Proposal.Status.ACCEPTED,
        answer=answer,
        meeting=meeting,
        audit_action="proposal.accept_with_meeting",
    )
    proposal.refresh_from_db()
    return meeting


@transaction.atomic
def proposal_hide(*, proposal: Proposal, actor, reason: str) -> None:
    """Hide a proposal from the list and its page (coordinators only, with a reason)."""
    _require(permissions.user_can_hide_proposal(actor, proposal), ERROR_CANNOT_HIDE)
    reason = reason.strip()
    if not reason:
        raise ValidationError(ERROR_HIDE_REASON)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.is_hidden:
        raise ValidationError(ERROR_ALREADY_HIDDEN)
    locked.hidden_at, locked.hidden_reason, locked.hidden_by = timezone.now(), reason, actor
    locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    ProposalEvent.objects.create(
        proposal=locked, action=ProposalEvent.Action.HIDDEN, note=reason, actor=actor
    )
    audit_record(actor=actor, action="proposal.hide", obj=locked, changes={"reason": reason})
    invalidate(PROPOSALS)
    proposal.refresh_from_db()


@transaction.atomic
def proposal_show(*, proposal: Proposal, actor) -> None:
    """Show a hidden proposal again (coordinators only)."""
    _require(permissions.user_can_hide_proposal(actor, proposal), ERROR_CANNOT_HIDE)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not locked.is_hidden:
        raise ValidationError(ERROR_NOT_HIDDEN)
    locked.hidden_at, locked.hidden_reason, locked.hidden_by = None, "", None
    locked.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    ProposalEvent.objects.create(proposal=locked, action=ProposalEvent.Action.SHOWN, actor=actor)
    audit_record(actor=actor, action="proposal.show", obj=locked)
    invalidate(PROPOSALS)
    proposal.refresh_from_db()
