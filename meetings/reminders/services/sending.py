"""Claiming due deliveries and sending them over one SMTP connection per batch.

A sender claims due rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` and sends them in small
chunks, marking a chunk "handed over" before sending it and "sent" right after. After a
crash only the handed-over rows of the dead claim have an unknown fate: they are reported,
never resent blindly; the others go back to the queue. (COP_REMINDER_CHUNK_SIZE=1 narrows
that to one row at a write per row.)
"""

from __future__ import annotations

import copy
import json
import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone

from cop_portal import emails

from ...ical import meeting_ics
from ...models import Delivery, Meeting, Registration
from ..selectors import delivery_count_due, delivery_list_stuck
from .queueing import deliveries_create_due

logger = logging.getLogger(__name__)

TEMPLATE = "meetings/emails/delivery"
AGENDA_LINES = 8
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
    if kind == Delivery.Kind.FEEDBACK:
        return SKIP_CANCELLED if meeting.status == Meeting.Status.CANCELLED else ""
    if kind == Delivery.Kind.MINUTES:
        has_minutes = meeting.minutes_mn or meeting.minutes_en or meeting.minutes_published_at
        return SKIP_HAS_MINUTES if has_minutes else ""
    if kind != Delivery.Kind.CANCELLED and meeting.status == Meeting.Status.CANCELLED:
        return SKIP_CANCELLED
    if kind == Delivery.Kind.ANNOUNCED:
        return SKIP_STARTED if meeting.starts_at <= now else ""
    if kind == Delivery.Kind.REMINDER:
        if meeting.starts_at != row.meeting_starts_at:
            return SKIP_MOVED
        if meeting.starts_at <= now:
            return SKIP_STARTED
    needs_seat = kind in (Delivery.Kind.REMINDER, Delivery.Kind.CONFIRMED, Delivery.Kind.PROMOTED)
    if needs_seat and (row.meeting_id, row.user_id) not in confirmed:
        return SKIP_NOT_REGISTERED
    return ""


def _with_link(row: Delivery) -> bool:
    """The online link goes only to confirmed registrants (as on the page and in the feeds):
    a "changed" notice also reaches the waitlist, a cancelled meeting has no link, and a request
    for feedback is about a meeting that is over."""
    return (
        getattr(row, "seat_confirmed", False)
        and row.meeting.has_online_part
        and row.kind not in (Delivery.Kind.CANCELLED, Delivery.Kind.FEEDBACK)
    )


def _meeting_parts(meeting: Meeting, cache: dict, *, with_link: bool) -> tuple[str, str]:
    """The meeting's URL and calendar file (with or without the online link), made once per batch."""
    parts = cache.setdefault("meeting_parts", {})  # the mail merge keys its own entries by tuple
    key = (meeting.pk, with_link)
    if key not in parts:
        agenda = [item.title_mn for item in meeting.agenda_items.all()[:AGENDA_LINES]]
        url = _meeting_url(meeting)
        shown = meeting if with_link else copy.copy(meeting)
        if not with_link:
            shown.online_url = ""  # neither the location nor the description may carry it
        parts[key] = (url, meeting_ics(shown, url=url, agenda=agenda))
    return parts[key]


def _context(row: Delivery, cache: dict) -> dict:
    meeting = row.meeting
    url, _ics = _meeting_parts(meeting, cache, with_link=_with_link(row))
    return {
        "meeting": meeting,
        "delivery_kind": row.kind,
        "offset_hours": row.offset_hours,
        "meeting_url": url,
        "agenda_items": list(meeting.agenda_items.all()[:AGENDA_LINES]),
        "show_online_link": _with_link(row),
        **(row.context or {}),
    }


def _build(row: Delivery, *, connection, cache: dict):
    _url, ics = _meeting_parts(row.meeting, cache, with_link=_with_link(row))
    # A request for feedback is about a past meeting: no calendar file.
    attachments = (
        [] if row.kind == Delivery.Kind.FEEDBACK else [emails.Attachment("meeting.ics", ics, "text/calendar")]
    )
    # Same meeting, kind, offset, notice details and link: the same e-mail but for the recipient.
    group = (
        row.meeting_id,
        row.kind,
        row.offset_hours,
        json.dumps(row.context, sort_keys=True),
        _with_link(row),
    )
    return emails.build(
        TEMPLATE,
        user=row.user,
        context=_context(row, cache),
        kind=row.email_kind,
        attachments=attachments,
        headers={"X-Cop-Delivery": str(row.pk)},
        connection=connection,
        merge=(group, cache),
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
        row.seat_confirmed = (row.meeting_id, row.user_id) in confirmed
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
