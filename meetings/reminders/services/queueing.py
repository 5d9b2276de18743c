"""Queueing the meetings' e-mails through the outbox (``notices.services.notify``).

Every e-mail about a meeting has a key that starts with the meeting (``meeting_key``), so
"once per (kind, member, key)" is once per meeting: a reminder per offset and start time,
a change notice per calendar revision, a cancellation, an announcement. The scan
(``meeting_deliveries_create_due``, registered with the outbox in ``meetings/notices.py``)
queues what fell due; the outbox claims and sends the rows.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from members.models import CommunityMembership, User
from notices.selectors import recipients_without
from notices.services import notify

from ...models import Meeting, Registration

ERROR_MEETING_NOT_UPCOMING = _("Reminders can be sent only for published meetings that have not started.")
ERROR_UNKNOWN_KIND = _("Unknown kind of meeting e-mail.")

# The notices a meeting's services send (registered in ``meetings/notices.py``).
NOTICE_KINDS = ("meeting_confirmed", "meeting_promoted", "meeting_changed", "meeting_cancelled")


def reminder_offsets(meeting: Meeting) -> list[int]:
    """The meeting's offsets in hours before the start (largest first), else the site default."""
    raw = meeting.reminder_offsets_hours or settings.COP_REMINDER_OFFSETS_HOURS
    return sorted({int(h) for h in raw if int(h) > 0}, reverse=True)


def reminder_key(offset_hours: int | str, starts_at) -> str:
    return f"{offset_hours}h@{starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def meeting_key(meeting_id: int, key: str) -> str:
    """The outbox key of an e-mail about a meeting: unique per meeting and ``key``."""
    return f"meeting-{meeting_id}:{key}"


def _reminder_context(meeting: Meeting, offset) -> dict:
    # The start it was queued for: a reminder of a meeting moved since is skipped.
    return {"offset_hours": offset, "meeting_starts_at": meeting.starts_at.astimezone(UTC).isoformat()}


def meeting_deliveries_create_due(*, now) -> int:
    """Queue the reminders and minutes reminders that are due, and the announcements of
    branch meetings; idempotent (unique key).

    Only the latest due offset is queued, and only for members confirmed before it fell
    due: a member who registers two days ahead gets the confirmation and the 1-day
    reminder, not a late 7-day one.
    """
    created = 0
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED, reminders_enabled=True, starts_at__gt=now
    ).only("id", "starts_at", "sequence", "reminder_offsets_hours")
    for meeting in meetings:
        due = [h for h in reminder_offsets(meeting) if meeting.starts_at - timedelta(hours=h) <= now]
        if not due:
            continue
        offset = min(due)
        due_at = meeting.starts_at - timedelta(hours=offset)
        key = meeting_key(meeting.pk, reminder_key(offset, meeting.starts_at))
        registrations = Registration.objects.filter(
            meeting=meeting, status=Registration.Status.CONFIRMED
        ).filter(Q(confirmed_at__lte=due_at) | Q(confirmed_at__isnull=True, created_at__lte=due_at))
        user_ids = recipients_without(registrations, kind="meeting_reminder", key=key)
        created += notify(
            "meeting_reminder",
            recipients=user_ids.values_list("user_id", flat=True),
            key=key,
            about=meeting,
            context=_reminder_context(meeting, offset),
            now=now,
        )
    created += _minutes_reminders_create(now=now)
    created += _branch_announcements_create(now=now)
    return created


def _minutes_reminders_create(*, now) -> int:
    """The organiser of a meeting that ended N days ago without minutes gets one reminder.

    A week-long window, so that turning the feature on never mails about old meetings.
    """
    after = timedelta(days=settings.COP_REMINDER_MINUTES_AFTER_DAYS)
    key = f"after-{settings.COP_REMINDER_MINUTES_AFTER_DAYS}d"
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED,
        organiser__isnull=False,
        ends_at__lte=now - after,
        ends_at__gt=now - after - timedelta(days=7),
        minutes_published_at__isnull=True,
        minutes_mn="",
        minutes_en="",
    )
    created = 0
    for meeting in meetings:
        created += notify(
            "minutes_reminder",
            recipients=[meeting.organiser_id],
            key=meeting_key(meeting.pk, key),
            about=meeting,
            now=now,
        )
    return created


ANNOUNCE_KEY = "announce"
# How long after publication the scan still announces a branch meeting published without
# ``meeting_publish`` (e.g. saved as published in the back office); never old meetings.
ANNOUNCE_WINDOW = timedelta(days=2)


def _branch_chain(community) -> list:
    """The branch and every branch above it, nearest first, without the root CoP (one query
    per level above; branches are rarely more than two deep)."""
    chain = []
    node = community
    while node is not None and node.parent_id is not None:
        chain.append(node)
        node = node.parent
    return chain


def _announce(meeting: Meeting, *, now) -> int:
    """One e-mail per follower (approved, active members) of the meeting's branch or of a
    branch above it (never the root CoP's) who has none: a person following both hears
    once, as a follower of the nearest branch they follow."""
    chain = _branch_chain(meeting.community)
    key = meeting_key(meeting.pk, ANNOUNCE_KEY)
    followers = CommunityMembership.objects.filter(
        community_id__in=[c.pk for c in chain], user__status=User.Status.APPROVED, user__is_active=True
    )
    missing = recipients_without(followers, kind="branch_announcement", key=key)
    level = {c.pk: i for i, c in enumerate(chain)}
    nearest: dict[int, int] = {}
    for user_id, community_id in missing.values_list("user_id", "community_id"):
        if user_id not in nearest or level[community_id] < level[nearest[user_id]]:
            nearest[user_id] = community_id
    by_pk = {c.pk: c for c in chain}
    community = meeting.community

    def context_for(user_id: int) -> dict:
        # Both names travel with the row: the e-mail is written in each recipient's language
        # without reading the branch again per message.
        context = {"community_mn": community.name_mn, "community_en": community.name_en}
        followed_id = nearest[user_id]
        if followed_id != community.pk:
            followed = by_pk[followed_id]
            context |= {"followed_mn": followed.name_mn, "followed_en": followed.name_en}
        return context

    return notify(
        "branch_announcement",
        recipients=sorted(nearest),
        key=key,
        about=meeting,
        context_for=context_for,
        now=now,
    )


@transaction.atomic
def branch_announcement_enqueue(*, meeting_id: int) -> int:
    """Announce a newly published meeting of a branch CoP to the followers of the branch and
    of the branches above it (not the root CoP's), each person once.

    Once per meeting and follower (key "announce", unique): publishing again, a retried task
    or the scan below queue nothing new. The root CoP's meetings are not announced this way,
    nor drafts, cancelled meetings or meetings already over."""
    meeting = Meeting.objects.select_related("community__parent").get(pk=meeting_id)
    now = timezone.now()
    if (
        meeting.status != Meeting.Status.PUBLISHED
        or meeting.community.parent_id is None
        or meeting.ends_at <= now
    ):
        return 0
    return _announce(meeting, now=now)


def _branch_announcements_create(*, now) -> int:
    """The scan's catch-up: branch meetings published in the last two days and still ahead."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED,
        community__parent__isnull=False,
        published_at__gt=now - ANNOUNCE_WINDOW,
        starts_at__gt=now,
    ).select_related("community__parent")
    return sum(_announce(meeting, now=now) for meeting in meetings)


@transaction.atomic
def notice_enqueue(
    *, meeting_id: int, user_ids, kind: str, key: str = "", context: dict | None = None
) -> int:
    """Queue a notice about a meeting to ``user_ids``; sent by the worker after commit.

    Repeating a call with the same ``key`` queues nothing new. The default key makes a
    change notice once per calendar revision and a cancellation once per meeting.
    """
    if kind not in NOTICE_KINDS:
        raise ValueError(ERROR_UNKNOWN_KIND)
    meeting = Meeting.objects.get(pk=meeting_id)
    if not key:
        key = {
            "meeting_changed": f"seq-{meeting.sequence}",
            "meeting_cancelled": "cancelled",
        }.get(kind) or timezone.now().strftime("%Y%m%dT%H%M%S.%f")
    return notify(
        kind, recipients=list(user_ids), key=meeting_key(meeting.pk, key), about=meeting, context=context
    )


@transaction.atomic
def meeting_reminders_send_now(*, meeting: Meeting, actor) -> int:
    """Queue a reminder now to every confirmed member of an upcoming meeting."""
    if meeting.status != Meeting.Status.PUBLISHED or meeting.starts_at <= timezone.now():
        raise ValueError(ERROR_MEETING_NOT_UPCOMING)
    now = timezone.now()
    key = meeting_key(meeting.pk, reminder_key(f"now{now:%Y%m%d%H%M%S}", meeting.starts_at))
    user_ids = Registration.objects.filter(meeting=meeting, status=Registration.Status.CONFIRMED).values_list(
        "user_id", flat=True
    )
    created = notify(
        "meeting_reminder",
        recipients=user_ids,
        key=key,
        about=meeting,
        context=_reminder_context(meeting, None),
        now=now,
    )
    audit_record(actor=actor, action="meeting.reminders_send_now", obj=meeting, changes={"queued": created})
    return created
