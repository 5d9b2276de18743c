"""Every write of the reminders: queue deliveries, claim them, send them, report the stuck.

Exactly-once effect comes from the database, not from Celery: each e-mail is a ``Delivery``
row under a unique key; a sender claims due rows with ``SELECT ... FOR UPDATE SKIP LOCKED``
and sends them over one SMTP connection in small chunks, marking a chunk "handed over"
before sending it and "sent" right after. After a crash only the handed-over rows of the
dead claim have an unknown fate: they are reported, never resent blindly; the others go
back to the queue. (COP_REMINDER_CHUNK_SIZE=1 narrows that to one row at a write per row.)
"""

from __future__ import annotations

import logging
import smtplib
import threading
import uuid
from datetime import UTC, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal import emails

from ..models import Meeting, Registration
from .ics import meeting_ics
from .models import Delivery
from .selectors import delivery_count_due, delivery_list_stuck

logger = logging.getLogger(__name__)

TEMPLATE = "meetings/emails/delivery"
AGENDA_LINES = 8

ERROR_NOTHING_TO_RESEND = _("None of the selected e-mails had failed or got stuck.")
ERROR_MEETING_NOT_UPCOMING = _("Reminders can be sent only for published meetings that have not started.")
ERROR_UNKNOWN_KIND = _("Unknown kind of meeting e-mail.")
SKIP_MOVED = "meeting moved since the reminder was queued"
SKIP_CANCELLED = "meeting cancelled"
SKIP_STARTED = "meeting already started"
SKIP_NOT_REGISTERED = "registration no longer confirmed"
SKIP_MUTED = "recipient switched this kind of e-mail off or has no address"
SKIP_HAS_MINUTES = "minutes already uploaded"
STUCK_NOTE = "stuck in sending after a crash: it may or may not have gone out; not resent automatically"

# Errors after which the SMTP connection cannot be trusted for the next message. (SMTP
# errors are OSErrors too: a refused message is caught before these.)
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


# --- queueing --------------------------------------------------------------------------------


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
        from .tasks import reminders_send_due

        try:
            reminders_send_due.apply_async(ignore_result=True)
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


@transaction.atomic
def notice_enqueue(
    *, meeting_id: int, user_ids, kind: str, key: str = "", context: dict | None = None, actor=None
) -> int:
    """Queue a notice about a meeting to ``user_ids``; sent by the worker after commit.

    Writes rows only (the broker is asked in the background), so a request never blocks
    on Redis. Repeating a call with the same ``key`` queues nothing new. The default key
    makes a change notice once per calendar revision and a cancellation once per meeting.
    """
    if kind not in Delivery.Kind.values or kind == Delivery.Kind.REMINDER:
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
    logger.info("reminders: %s queued %s reminders for meeting %s now", actor, created, meeting.pk)
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
    logger.info("reminders: %s put %s failed or stuck e-mails back in the queue", actor, count)
    transaction.on_commit(_kick_sender)
    return count


# --- claiming and sending ---------------------------------------------------------------------


@transaction.atomic
def deliveries_claim(*, limit: int | None = None, now=None) -> tuple[uuid.UUID, list[int]]:
    """Claim up to ``limit`` due rows for this sender; concurrent senders get disjoint rows."""
    now = now or timezone.now()
    token = uuid.uuid4()
    ids = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[: limit or settings.COP_REMINDER_BATCH_SIZE]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING, claim_token=token, claimed_at=now
        )
    return token, ids


def _meeting_url(meeting: Meeting) -> str:
    try:
        return f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    except NoReverseMatch:
        return settings.SITE_URL


def _skip_reason(row: Delivery, confirmed: set[tuple[int, int]], now) -> str:
    meeting, kind = row.meeting, row.kind
    if not emails.wants(row.user, row.email_kind) or not row.user.email:
        return SKIP_MUTED
    if kind == Delivery.Kind.MINUTES:
        has_minutes = meeting.minutes_mn or meeting.minutes_en or meeting.minutes_published_at
        return SKIP_HAS_MINUTES if has_minutes else ""
    if kind != Delivery.Kind.CANCELLED and meeting.status == Meeting.Status.CANCELLED:
        return SKIP_CANCELLED
    if kind == Delivery.Kind.REMINDER:
        if meeting.starts_at != row.meeting_starts_at:
            return SKIP_MOVED
        if meeting.starts_at <= now:
            return SKIP_STARTED
    needs_seat = kind in (Delivery.Kind.REMINDER, Delivery.Kind.CONFIRMED, Delivery.Kind.PROMOTED)
    if needs_seat and (row.meeting_id, row.user_id) not in confirmed:
        return SKIP_NOT_REGISTERED
    return ""


def _build(row: Delivery, *, connection, cache: dict):
    meeting = row.meeting
    if meeting.pk not in cache:
        agenda = [item.title_mn for item in meeting.agenda_items.all()[:AGENDA_LINES]]
        url = _meeting_url(meeting)
        cache[meeting.pk] = (url, meeting_ics(meeting, url=url, agenda=agenda))
    url, ics = cache[meeting.pk]
    context = {
        "meeting": meeting,
        "delivery_kind": row.kind,
        "offset_hours": row.offset_hours,
        "meeting_url": url,
        "agenda_items": list(meeting.agenda_items.all()[:AGENDA_LINES]),
        "show_online_link": meeting.has_online_part and row.kind != Delivery.Kind.CANCELLED,
        **(row.context or {}),
    }
    attachment = emails.Attachment("meeting.ics", ics, "text/calendar")
    return emails.build(
        TEMPLATE,
        user=row.user,
        context=context,
        kind=row.email_kind,
        attachments=[attachment],
        headers={"X-Cop-Delivery": str(row.pk)},
        connection=connection,
    )


def _fail(row: Delivery, token, error: str, *, now) -> None:
    attempts = row.attempts + 1
    if attempts >= settings.COP_REMINDER_MAX_ATTEMPTS:
        changes = {"status": Delivery.Status.FAILED}
    else:
        backoff = settings.COP_REMINDER_RETRY_BACKOFF_SECONDS * 2 ** (attempts - 1)
        changes = {
            "status": Delivery.Status.PENDING,
            "next_attempt_at": now + timedelta(seconds=min(backoff, 3600)),
        }
    Delivery.objects.filter(pk=row.pk, claim_token=token).update(
        attempts=attempts, last_error=error[:2000], claim_token=None, handed_over_at=None, **changes
    )


def _release(rows, token) -> None:
    """Rows of this claim never attempted go back to the queue as they were."""
    Delivery.objects.filter(pk__in=[r.pk for r in rows], claim_token=token).update(
        status=Delivery.Status.PENDING, claim_token=None, claimed_at=None, handed_over_at=None
    )


def deliveries_send_batch(*, token: uuid.UUID) -> tuple[int, bool]:
    """Send the rows of claim ``token`` over one SMTP connection.

    Returns (messages sent, whether the SMTP server was usable). Rows are marked "handed
    over" a chunk at a time before sending and "sent" right after (see the module docstring).
    """
    now = timezone.now()
    rows = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
        .select_related("meeting", "user")
        .prefetch_related("meeting__agenda_items")
        .order_by("id")
    )
    if not rows:
        return 0, True
    pairs = Registration.objects.filter(
        meeting_id__in={r.meeting_id for r in rows},
        user_id__in={r.user_id for r in rows},
        status=Registration.Status.CONFIRMED,
    ).values_list("meeting_id", "user_id")
    confirmed = set(pairs)
    skipped: dict[str, list[int]] = {}
    to_send = []
    for row in rows:
        reason = _skip_reason(row, confirmed, now)
        if reason:
            skipped.setdefault(reason, []).append(row.pk)
        else:
            to_send.append(row)
    for reason, ids in skipped.items():
        Delivery.objects.filter(pk__in=ids, claim_token=token).update(
            status=Delivery.Status.SKIPPED, last_error=reason, claim_token=None
        )
    if not to_send:
        return 0, True
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:  # refused, timed out, bad login: the batch waits
        for row in to_send:
            _fail(row, token, f"cannot connect to the mail server: {exc!r}", now=now)
        logger.warning("reminders: mail server unavailable: %r", exc)
        return 0, False
    sent = 0
    cache: dict = {}
    chunk_size = max(1, settings.COP_REMINDER_CHUNK_SIZE)
    try:
        for start in range(0, len(to_send), chunk_size):
            chunk = to_send[start : start + chunk_size]
            # Written before the hand-over: after a crash, these rows and only these may
            # have reached the mail server.
            Delivery.objects.filter(pk__in=[r.pk for r in chunk], claim_token=token).update(
                handed_over_at=timezone.now()
            )
            accepted: list[int] = []
            for index, row in enumerate(chunk):
                error, lost = _send_one(row, connection=connection, cache=cache)
                if not error:
                    accepted.append(row.pk)
                    continue
                _fail(row, token, error, now=now)
                if lost:
                    sent += _mark_sent(accepted, token)
                    _release(chunk[index + 1 :] + to_send[start + chunk_size :], token)
                    logger.warning("reminders: lost the mail server mid-batch: %s", error)
                    return sent, False
            sent += _mark_sent(accepted, token)
    finally:
        connection.close()
    return sent, True


def _send_one(row: Delivery, *, connection, cache: dict) -> tuple[str, bool]:
    """Hand one message to the mail server: ("", False) when accepted, else (error, lost)."""
    try:
        message = _build(row, connection=connection, cache=cache)
        if connection.send_messages([message]) != 1:
            return "the mail backend did not accept the message", False
    except CONNECTION_ERRORS as exc:
        return repr(exc), True
    except smtplib.SMTPException as exc:  # this message refused; the next may pass
        return repr(exc), False
    except OSError as exc:  # socket trouble
        return repr(exc), True
    return "", False


def _mark_sent(ids: list[int], token) -> int:
    if not ids:
        return 0
    return Delivery.objects.filter(pk__in=ids, claim_token=token).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def reminders_send_due(*, time_budget: float = 60.0) -> int:
    """Claim and send due rows batch after batch until none is due or the budget is spent."""
    started = timezone.now()
    sent = 0
    while (timezone.now() - started).total_seconds() < time_budget:
        token, ids = deliveries_claim()
        if not ids:
            break
        batch_sent, server_ok = deliveries_send_batch(token=token)
        sent += batch_sent
        if not server_ok:
            break
    return sent


@transaction.atomic
def deliveries_release_stuck(*, now=None) -> int:
    """Report rows stuck in "sending"; put back the rows of a dead claim that never went out.

    A sender marks each small chunk "handed over" before giving it to the mail server, so
    the rows of a dead claim without that mark provably never left: they go back to the
    queue. The marked ones may or may not have gone out: they stay reported (admin filter
    "stuck", this log line) until a coordinator resends them.
    """
    stuck = delivery_list_stuck(now=now).select_for_update(skip_locked=True)
    released = stuck.filter(handed_over_at__isnull=True).update(
        status=Delivery.Status.PENDING, claim_token=None, claimed_at=None
    )
    ambiguous = list(
        stuck.filter(handed_over_at__isnull=False).exclude(last_error=STUCK_NOTE).values_list("id", flat=True)
    )
    if ambiguous:
        Delivery.objects.filter(pk__in=ambiguous).update(last_error=STUCK_NOTE)
        logger.error(
            "reminders: %s e-mails stuck in sending after a crash (ids %s); see the admin filter",
            len(ambiguous),
            ambiguous[:50],
        )
    return released


def reminders_scan(*, now=None) -> int:
    """The periodic step: queue what fell due, recover dead claims; returns rows due to send."""
    deliveries_create_due(now=now)
    deliveries_release_stuck(now=now)
    return delivery_count_due(now=now)
