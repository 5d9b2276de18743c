"""Every write about feedback: giving (or editing) one's answer, turning wanted topics
into a proposal, and the requests for feedback the outbox's scan queues."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from meetings.models import Attendance, Meeting
from meetings.reminders.services import meeting_key
from members.permissions import user_can_act_for
from notices.selectors import recipients_without
from notices.services import notify
from proposals.models import Proposal, ProposalEvent

from .models import Feedback
from .permissions import user_can_give_feedback, user_can_turn_feedback_into_proposal
from .tokens import feedback_url

EDITABLE_DAYS = 14
OPEN_DAYS = 14

ERROR_NOT_PRESENT = _("Only people recorded as present at this meeting can give feedback on it.")
ERROR_NOT_ENDED = _("Feedback opens when the meeting has ended.")
ERROR_CLOSED = _("Feedback on this meeting is closed.")
ERROR_LOCKED = _("Your answer can no longer be changed: answers are editable for 14 days.")
ERROR_NOT_YOURS = _("You can give only your own feedback.")
ERROR_NO_TOPICS = _("This answer names no topics to propose.")
ERROR_CANNOT_PROPOSE = _("Only coordinators and the meeting's organiser can turn feedback into proposals.")


def feedback_check_open(*, meeting: Meeting, user, now=None) -> Feedback | None:
    """Raise if ``user`` may not give feedback on ``meeting`` now; return their answer if any."""
    now = now or timezone.now()
    if not user_can_give_feedback(user, meeting):
        raise PermissionDenied(ERROR_NOT_PRESENT)
    if meeting.ends_at > now:
        raise ValidationError(ERROR_NOT_ENDED)
    existing = Feedback.objects.filter(meeting=meeting, user=user).first()
    if existing is not None:
        if existing.created_at < now - dt.timedelta(days=EDITABLE_DAYS):
            raise ValidationError(ERROR_LOCKED)
    elif meeting.ends_at < now - dt.timedelta(days=OPEN_DAYS):
        raise ValidationError(ERROR_CLOSED)
    return existing


@transaction.atomic
def feedback_save(
    *,
    meeting: Meeting,
    user,
    actor,
    usefulness: int,
    what_worked: str = "",
    what_to_change: str = "",
    topics_wanted: str = "",
) -> Feedback:
    """Give or edit ``user``'s one answer about ``meeting`` (constraint feedback_one_per_person)."""
    if not user_can_act_for(actor, user):
        raise PermissionDenied(ERROR_NOT_YOURS)
    existing = feedback_check_open(meeting=meeting, user=user)
    # The member's home lists the answers they still owe.
    invalidate(f"member:{user.pk}")
    values = {
        "usefulness": usefulness,
        "what_worked": what_worked.strip(),
        "what_to_change": what_to_change.strip(),
        "topics_wanted": topics_wanted.strip(),
    }
    if existing is None:
        organisation = user.organisation
        feedback = Feedback(
            meeting=meeting,
            user=user,
            gender=user.gender,
            level=organisation.level if organisation else "",
            **values,
        )
        feedback.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                feedback.save()
            return feedback
        except IntegrityError:  # a second tab won the race: edit that answer instead
            existing = Feedback.objects.get(meeting=meeting, user=user)
    for field, value in values.items():
        setattr(existing, field, value)
    existing.full_clean(validate_constraints=False)
    existing.save()
    return existing


@transaction.atomic
def feedback_topics_to_proposal(*, feedback: Feedback, actor) -> Proposal:
    """Open a proposal (a topic, by the person who wanted it) from an answer's "topics
    wanted"; once per answer, so a double click makes one proposal."""
    locked = (
        Feedback.objects.select_for_update(of=("self",)).select_related("meeting", "user").get(pk=feedback.pk)
    )
    if not user_can_turn_feedback_into_proposal(actor, locked.meeting):
        raise PermissionDenied(ERROR_CANNOT_PROPOSE)
    if locked.proposal_id:
        return locked.proposal
    topics = locked.topics_wanted.strip()
    if not topics:
        raise ValidationError(ERROR_NO_TOPICS)
    first_line = topics.splitlines()[0]
    proposal = Proposal(
        title=first_line[:157] + ("…" if len(first_line) > 157 else ""),
        description=topics,
        kind=Proposal.Kind.TOPIC,
        proposer=locked.user,
        community=locked.meeting.community if not locked.meeting.community.is_root else None,
    )
    proposal.full_clean()
    proposal.save()
    ProposalEvent.objects.create(
        proposal=proposal,
        action=ProposalEvent.Action.CREATED,
        status=proposal.status,
        note=str(locked.meeting),
        meeting=locked.meeting,
        actor=actor,
    )
    locked.proposal = proposal
    locked.save(update_fields=["proposal", "updated_at"])
    audit_record(
        actor=actor,
        action="feedback.to_proposal",
        obj=proposal,
        changes={"feedback": locked.pk, "meeting": locked.meeting_id},
    )
    feedback.refresh_from_db()
    return proposal


def feedback_requests_create_due(*, now) -> int:
    """Each person recorded as present at a meeting that has ended gets one request for
    feedback (once per meeting). A two-day window, so that turning the feature on never
    mails about old meetings; the link in the e-mail is signed per person. The outbox's
    scan calls this (registered in ``feedback/notices.py``)."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED, ends_at__lte=now, ends_at__gt=now - dt.timedelta(days=2)
    ).only("id", "starts_at", "sequence")
    created = 0
    for meeting in meetings:
        key = meeting_key(meeting.pk, "feedback")
        present = recipients_without(
            Attendance.objects.filter(meeting=meeting, user__isnull=False), kind="feedback_request", key=key
        )
        created += notify(
            "feedback_request",
            recipients=present.values_list("user_id", flat=True),
            key=key,
            about=meeting,
            context_for=lambda user_id, meeting_id=meeting.pk: {
                "feedback_url": feedback_url(meeting_id, user_id)
            },
            now=now,
        )
    return created
