"""Queueing the reminders' e-mails: one ``Delivery`` row per e-mail under a unique key.

Exactly-once effect comes from the database, not from Celery: rows are unique per
(meeting, member, kind, key), so a scan or a notice repeated by a retry queues nothing new.
The rows are then claimed and sent by ``sending``; writes here only ask a worker to start
(by task name, without waiting for the broker) once they commit.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from members.models import CommunityMembership, User

from ...models import Delivery, Meeting, Registration
from ..selectors import delivery_list_stuck

logger = logging.getLogger(__name__)

# By name: ``tasks`` imports these services, so importing ``tasks`` here would make a cycle.
SEND_DUE_TASK = "meetings.reminders.tasks.reminders_send_due"

ERROR_NOTHING_TO_RESEND = _("None of the selected e-mails had failed or got stuck.")
ERROR_MEETING_NOT_UPCOMING = _("Reminders can be sent only for published meetings that have not started.")
ERROR_UNKNOWN_KIND = _("Unknown kind of meeting e-mail.")


def reminder_offsets(meeting: Meeting) -> list[int]:
    """The meeting's offsets in hours before the start (largest first), else the site default."""
    raw = meeting.reminder_offsets_hours or settings.COP_REMINDER_OFFSETS_HOURS
    return sorted({int(h) for h in raw if int(h) > 0}, reverse=True)


def reminder_key(offset_hours: int | str, starts_at) -> str:
    return f"{offset_hours}h@{starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _kick_sender() -> None:
    """Ask a worker to send now, without ever making the caller wait for the broker.

    Publishing happens in a daemon thread: a request returns at once even when Redis is down
    (kombu can block on connect); the periodic scan sends the rows anyway when it is back.
    """

    def publish():
        try:
            current_app.send_task(SEND_DUE_TASK, ignore_result=True)
        except Exception:  # broker down: the scan catches up
            logger.warning(
                "reminders: could not reach the broker; the periodic scan will send", exc_info=True
            )

    threading.Thread(target=publish, name="reminders-kick", daemon=True).start()


def _rows_for(meeting: Meeting, user_ids, *, kind: str, key: str, now, offset=None, context=None):
    return [
        Delivery(
            meeting=meeting,
            user_id=user_id,
            kind=kind,
            key=key,
            offset_hours=offset,
            meeting_starts_at=meeting.starts_at,
            meeting_sequence=meeting.sequence,
            context=context or {},
            due_at=now,
            next_attempt_at=now,
        )
        for user_id in user_ids
    ]


def _missing_user_ids(meeting: Meeting, user_ids_qs, *, kind: str, key: str):
    """Exclude users who already have this row: keeps the every-minute scan cheap."""
    existing = Delivery.objects.filter(meeting=meeting, user=OuterRef("user_id"), kind=kind, key=key)
    return user_ids_qs.filter(~Exists(existing))


# Producers of due deliveries that live in apps above meetings (the feedback app's requests
# for feedback), registered from their ``AppConfig.ready()`` so that meetings never imports
# them. Each scan calls ``producer(now=…)``, which returns unsaved rows (``delivery_rows_missing``);
# the scan inserts them under the same unique key as every other row, so exactly once holds.
_DUE_PRODUCERS: list = []


def register_due_producer(producer) -> None:
    """Let every scan (``deliveries_create_due``) queue what ``producer`` finds due; a second
    registration of the same producer changes nothing."""
    if producer not in _DUE_PRODUCERS:
        _DUE_PRODUCERS.append(producer)


def delivery_rows_missing(
    meeting: Meeting, user_ids_qs, *, kind: str, key: str, now, context_for=None
) -> list[Delivery]:
    """Unsaved rows of ``kind`` and ``key`` about ``meeting`` for the users of ``user_ids_qs``
    (a queryset with ``user_id``) who have none yet, each with ``context_for(user_id)``."""
    user_ids = _missing_user_ids(meeting, user_ids_qs, kind=kind, key=key).values_list("user_id", flat=True)
    return [
        row
        for user_id in user_ids
        for row in _rows_for(
            meeting,
            [user_id],
            kind=kind,
            key=key,
            now=now,
            context=context_for(user_id) if context_for else None,
        )
    ]


@transaction.atomic
def deliveries_create_due(*, now=None) -> int:
    """Queue the reminders and minutes reminders that are due; idempotent (unique key).

    Only the latest due offset is queued, and only for members confirmed before it fell
    due: a member who registers two days ahead gets the confirmation and the 1-day
    reminder, not a late 7-day one.
    """
    now = now or timezone.now()
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
        key = reminder_key(offset, meeting.starts_at)
        registrations = Registration.objects.filter(
            meeting=meeting, status=Registration.Status.CONFIRMED
        ).filter(Q(confirmed_at__lte=due_at) | Q(confirmed_at__isnull=True, created_at__lte=due_at))
        user_ids = _missing_user_ids(meeting, registrations, kind=Delivery.Kind.REMINDER, key=key)
        rows = _rows_for(
            meeting,
            user_ids.values_list("user_id", flat=True),
            kind=Delivery.Kind.REMINDER,
            key=key,
            now=now,
            offset=offset,
        )
        created += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000))
    created += _minutes_reminders_create(now=now)
    for producer in _DUE_PRODUCERS:
        rows = producer(now=now)
        created += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000))
    created += _branch_announcements_create(now=now)
    return created


def _minutes_reminders_create(*, now) -> int:
    """The organiser of a meeting that ended N days ago without minutes gets one reminder.

    A week-long window, so that turning the feature on never mails about old meetings.
    """
    after = timedelta(days=settings.COP_REMINDER_MINUTES_AFTER_DAYS)
    key = f"after-{settings.COP_REMINDER_MINUTES_AFTER_DAYS}d"
    existing = Delivery.objects.filter(meeting=OuterRef("pk"), kind=Delivery.Kind.MINUTES, key=key)
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED,
        organiser__isnull=False,
        ends_at__lte=now - after,
        ends_at__gt=now - after - timedelta(days=7),
        minutes_published_at__isnull=True,
        minutes_mn="",
        minutes_en="",
    ).filter(~Exists(existing))
    rows = []
    for meeting in meetings:
        rows += _rows_for(meeting, [meeting.organiser_id], kind=Delivery.Kind.MINUTES, key=key, now=now)
    return len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))


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


def _announce_rows(meeting: Meeting, *, now) -> list[Delivery]:
    """One row per follower (approved, active members) of the meeting's branch or of a branch
    above it (never the root CoP's) who has none: a person following both hears once, as a
    follower of the nearest branch they follow."""
    chain = _branch_chain(meeting.community)
    followers = CommunityMembership.objects.filter(
        community_id__in=[c.pk for c in chain], user__status=User.Status.APPROVED, user__is_active=True
    )
    missing = _missing_user_ids(meeting, followers, kind=Delivery.Kind.ANNOUNCED, key=ANNOUNCE_KEY)
    level = {c.pk: i for i, c in enumerate(chain)}
    nearest: dict[int, int] = {}
    for user_id, community_id in missing.values_list("user_id", "community_id"):
        if user_id not in nearest or level[community_id] < level[nearest[user_id]]:
            nearest[user_id] = community_id
    by_pk = {c.pk: c for c in chain}
    community = meeting.community
    rows = []
    for user_id, followed_id in sorted(nearest.items()):
        # Both names travel with the row: the e-mail is written in each recipient's language
        # without reading the branch again per message.
        context = {"community_mn": community.name_mn, "community_en": community.name_en}
        if followed_id != community.pk:
            followed = by_pk[followed_id]
            context |= {"followed_mn": followed.name_mn, "followed_en": followed.name_en}
        rows += _rows_for(
            meeting, [user_id], kind=Delivery.Kind.ANNOUNCED, key=ANNOUNCE_KEY, now=now, context=context
        )
    return rows


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
    rows = _announce_rows(meeting, now=now)
    created = len(Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000))
    if created:
        transaction.on_commit(_kick_sender)
    return created


def _branch_announcements_create(*, now) -> int:
    """The scan's catch-up: branch meetings published in the last two days and still ahead."""
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PUBLISHED,
        community__parent__isnull=False,
        published_at__gt=now - ANNOUNCE_WINDOW,
        starts_at__gt=now,
    ).select_related("community__parent")
    rows = []
    for meeting in meetings:
        rows += _announce_rows(meeting, now=now)
    return len(Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000))


@transaction.atomic
def notice_enqueue(
    *, meeting_id: int, user_ids, kind: str, key: str = "", context: dict | None = None, actor=None
) -> int:
    """Queue a notice about a meeting to ``user_ids``; sent by the worker after commit.

    Writes rows only (the broker is asked in the background), so a request never blocks
    on Redis. Repeating a call with the same ``key`` queues nothing new. The default key
    makes a change notice once per calendar revision and a cancellation once per meeting.
    """
    if kind not in Delivery.Kind.values or kind in (
        Delivery.Kind.REMINDER,
        Delivery.Kind.FEEDBACK,
        Delivery.Kind.ANNOUNCED,
    ):
        raise ValueError(ERROR_UNKNOWN_KIND)
    meeting = Meeting.objects.get(pk=meeting_id)
    now = timezone.now()
    if not key:
        key = {
            Delivery.Kind.CHANGED: f"seq-{meeting.sequence}",
            Delivery.Kind.CANCELLED: "cancelled",
        }.get(kind) or now.strftime("%Y%m%dT%H%M%S.%f")
    rows = _rows_for(meeting, list(user_ids), kind=kind, key=key, now=now, context=context)
    created = len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
    transaction.on_commit(_kick_sender)
    return created


@transaction.atomic
def meeting_reminders_send_now(*, meeting: Meeting, actor) -> int:
    """Queue a reminder now to every confirmed member of an upcoming meeting."""
    if meeting.status != Meeting.Status.PUBLISHED or meeting.starts_at <= timezone.now():
        raise ValueError(ERROR_MEETING_NOT_UPCOMING)
    now = timezone.now()
    key = reminder_key(f"now{now:%Y%m%d%H%M%S}", meeting.starts_at)
    user_ids = Registration.objects.filter(meeting=meeting, status=Registration.Status.CONFIRMED).values_list(
        "user_id", flat=True
    )
    rows = _rows_for(meeting, user_ids, kind=Delivery.Kind.REMINDER, key=key, now=now)
    created = len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
    audit_record(actor=actor, action="meeting.reminders_send_now", obj=meeting, changes={"queued": created})
    transaction.on_commit(_kick_sender)
    return created


@transaction.atomic
def deliveries_resend(*, deliveries, actor) -> int:
    """Put failed (and reported-stuck) rows back in the queue, with fresh attempts."""
    stuck = delivery_list_stuck().values("pk")
    count = (
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries])
        .filter(Q(status=Delivery.Status.FAILED) | Q(pk__in=stuck))
        .update(
            status=Delivery.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claim_token=None,
            claimed_at=None,
            handed_over_at=None,
        )
    )
    if not count:
        raise ValueError(ERROR_NOTHING_TO_RESEND)
    audit_record(
        actor=actor,
        action="delivery.resend",
        changes={"deliveries": sorted(d.pk for d in deliveries), "requeued": count},
        covers=deliveries,
    )
    transaction.on_commit(_kick_sender)
    return count
