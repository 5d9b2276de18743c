"""The review a branch may ask for before its meetings go public (submitting, publishing and
the coordinators' and focal person's e-mails), who may write a meeting (coordinators
anywhere, a branch's people in their branch) and what an edit changed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import AuditEvent, audit_record
from cop_portal.pagecache import invalidate
from members.selectors import coordinators
from notices.services import notify

from .. import permissions
from ..models import Meeting

ERROR_NOT_RUNNER = _(
    "Only coordinators and the people who run this branch CoP (its focal person and co-organisers) "
    "can change its meetings."
)
# Fields an audit record lists when a meeting is changed.
AUDITED_FIELDS = (
    "title_mn",
    "title_en",
    "description_mn",
    "description_en",
    "format",
    "community_id",
    "host_organisation_id",
    "organiser_id",
    "starts_at",
    "ends_at",
    "mode",
    "venue",
    "province",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "status",
    "cancellation_reason",
)


def _require_runs(actor, community) -> None:
    """Refuse unless ``actor`` runs the meetings of ``community`` (a meeting's or a new one's)."""
    if not permissions.user_can_run_meetings_of(actor, community):
        raise PermissionDenied(ERROR_NOT_RUNNER)


def community_of(meeting: Meeting):
    return meeting.community if meeting.community_id else None


def changes_of(previous: Meeting | None, meeting: Meeting) -> dict:
    """field -> [old, new] of the audited fields (every set field for a new meeting)."""
    if previous is None:
        return {
            f: [None, getattr(meeting, f)] for f in AUDITED_FIELDS if getattr(meeting, f) not in (None, "")
        }
    return {
        f: [getattr(previous, f), getattr(meeting, f)]
        for f in AUDITED_FIELDS
        if getattr(previous, f) != getattr(meeting, f)
    }


def hold_for_review(meeting: Meeting, previous: Meeting | None, actor) -> bool:
    """A save that would publish a meeting of a branch under review submits it instead; True
    when the meeting has just been submitted (the coordinators are then told)."""
    was = previous.status if previous is not None else None
    publishing = meeting.status == Meeting.Status.PUBLISHED and was != Meeting.Status.PUBLISHED
    if publishing and permissions.user_meeting_publish_needs_review(actor, meeting):
        meeting.status = Meeting.Status.REVIEW
    return meeting.status == Meeting.Status.REVIEW and was != Meeting.Status.REVIEW


def submit_for_review(locked: Meeting, actor) -> bool:
    """Put a draft into "awaiting review" and tell the coordinators; False if it already was."""
    if locked.status == Meeting.Status.REVIEW:
        return False
    old = locked.status
    locked.status = Meeting.Status.REVIEW
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="meeting.submit_for_review", obj=locked, changes={"status": [old, locked.status]}
    )
    invalidate(f"meeting:{locked.pk}", "feed:all", "seats", "insights")
    review_requested(locked, actor)
    return True


def review_requested(meeting: Meeting, actor) -> None:
    """E-mail every coordinator (after commit) that a branch meeting waits for them."""
    community = meeting.community
    path = reverse("branches:branch-manage", kwargs={"slug": community.slug})
    context = {
        "title": meeting.title_mn,
        "title_en": meeting.title_en,
        "community_mn": community.name_mn,
        "community_en": community.name_en,
        "submitted_by": actor.get_full_name(),
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
        "url": f"{settings.SITE_URL}{path}?when=review",
    }
    notify(
        "meeting_review",
        recipients=coordinators().values_list("pk", flat=True),
        key=f"meeting-{meeting.pk}:review@{timezone.now().isoformat()}",
        context=context,
    )


def _submitter_id(meeting: Meeting) -> int | None:
    """Who last put ``meeting`` into "awaiting review", read from its audit trail (the
    organiser when the trail does not say)."""
    from django.contrib.contenttypes.models import ContentType

    events = (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting), object_id=str(meeting.pk)
        )
        .order_by("-at", "-id")
        .values_list("actor_id", "changes")[:50]
    )
    for actor_id, changes in events:
        status = (changes or {}).get("status") if isinstance(changes, dict) else None
        if isinstance(status, list) and len(status) == 2 and status[1] == Meeting.Status.REVIEW:
            return actor_id
    return meeting.organiser_id


def review_published(meeting: Meeting, actor) -> None:
    """A meeting that waited for review is published: its branch's focal person and whoever
    submitted it hear so (once each, after commit, in their own language)."""
    community = meeting.community
    recipients = {community.focal_person_id, _submitter_id(meeting)} - {None, actor.pk}
    if not recipients:
        return
    context = {
        "title": meeting.title_mn,
        "title_en": meeting.title_en,
        "community_mn": community.name_mn,
        "community_en": community.name_en,
        "published_by": actor.get_full_name(),
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
        "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
    }
    notify(
        "meeting_review_published",
        recipients=sorted(recipients),
        key=f"meeting-{meeting.pk}:published-after-review@{timezone.now().isoformat()}",
        context=context,
    )
