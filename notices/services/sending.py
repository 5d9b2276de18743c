"""Claiming due deliveries and sending them over one SMTP connection per batch.

A sender claims due rows in one statement (``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP
LOCKED)``) and sends them in small chunks, marking a chunk "handed over" before sending it
and "sent" right after, in the same write that hands over the next chunk. After a crash
only the handed-over rows of the dead claim have an unknown fate: they are reported, never
resent blindly; the others go back to the queue. (COP_REMINDER_CHUNK_SIZE=1 narrows that to
one row at a write per row.) Messages go over SMTP as bytes compiled once per group
(``notices.wire``). Each kind's hooks (``registry.NoticeHooks``) say what a row needs from
its app: its subject, why to skip it, its context and attachments.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.utils import timezone

from .. import emails, registry, wire
from ..models import Delivery
from ..selectors import delivery_count_due, delivery_list_stuck
from .bounces import PARKED_NOTE, address_bounce_record, bouncing_among, permanent_refusal
from .queueing import deliveries_create_due

logger = logging.getLogger(__name__)

SKIP_MUTED = "recipient switched this kind of e-mail off or has no address"
SKIP_UNKNOWN_KIND = "no such kind of e-mail any more"
STUCK_NOTE = "stuck in sending after a crash: it may or may not have gone out; not resent automatically"

# Errors after which the SMTP connection cannot be trusted for the next message. (SMTP
# errors are OSErrors too: a refused message is caught before these.)
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)


@transaction.atomic
def _claim(*, limit: int | None = None, now=None) -> tuple[uuid.UUID, int]:
    """Claim up to ``limit`` due rows in one statement (``UPDATE … WHERE id IN (SELECT … FOR
    UPDATE SKIP LOCKED)``): concurrent senders get disjoint rows. Returns (token, rows)."""
    now = now or timezone.now()
    token = uuid.uuid4()
    due = (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values("id")[: limit or settings.COP_REMINDER_BATCH_SIZE]
    )
    claimed = Delivery.objects.filter(pk__in=due, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING, claim_token=token, claimed_at=now
    )
    return token, claimed


def deliveries_claim(*, limit: int | None = None, now=None) -> tuple[uuid.UUID, list[int]]:
    """Claim up to ``limit`` due rows for this sender; concurrent senders get disjoint rows."""
    token, claimed = _claim(limit=limit, now=now)
    if not claimed:
        return token, []
    return token, list(Delivery.objects.filter(claim_token=token).order_by("id").values_list("id", flat=True))


def _address(row: Delivery, kind: registry.NoticeKind) -> str:
    if kind.address_from:
        return (row.context or {}).get(kind.address_from, "")
    return row.user.email


def _skip_reason(row: Delivery, kind: registry.NoticeKind | None, now) -> str:
    if kind is None:
        return SKIP_UNKNOWN_KIND
    if not _address(row, kind) or not (kind.address_from or emails.wants(row.user, kind.category)):
        return SKIP_MUTED
    return kind.hooks.skip(row, now=now)


def _message_args(row: Delivery, kind: registry.NoticeKind, cache: dict) -> dict:
    hooks = kind.hooks
    return {
        "user": row.user,
        "to": _address(row, kind),
        "context": hooks.context(row, cache),
        "kind": kind.category,
        # lazy: rendered in the recipient's language
        "kind_label": registry.categories().get(kind.category, "") if kind.category else "",
        "attachments": hooks.attachments(row, cache),
        "headers": {"X-Cop-Delivery": str(row.pk)},
    }


def _build(row: Delivery, kind: registry.NoticeKind, *, connection, cache: dict):
    merge = ((kind.name, *kind.hooks.group(row)), cache)
    return emails.build(kind.template, **_message_args(row, kind, cache), connection=connection, merge=merge)


def _wire(row: Delivery, kind: registry.NoticeKind, *, cache: dict) -> wire.Wire:
    """``_build``'s message as the bytes for an SMTP connection (``notices.wire``)."""
    group = (kind.name, *kind.hooks.group(row))
    return wire.build_wire(kind.template, **_message_args(row, kind, cache), group=group, cache=cache)


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


def _prepare(rows: list[Delivery]) -> dict[str, registry.NoticeKind | None]:
    """Each kind's hooks load what its rows need, once per batch."""
    known = registry.kinds()
    by_kind: dict[str, list[Delivery]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    for name, group in by_kind.items():
        if name in known:
            known[name].hooks.prepare(group)
    return {name: known.get(name) for name in by_kind}


def deliveries_build(rows: list[Delivery], *, connection=None, cache: dict | None = None) -> list:
    """The messages of ``rows`` (with ``user``) exactly as the sender hands them over,
    rendered with one merge cache: previews and tests."""
    kinds = _prepare(rows)
    cache = {} if cache is None else cache
    return [_build(row, kinds[row.kind], connection=connection, cache=cache) for row in rows]


def deliveries_send_batch(*, token: uuid.UUID) -> tuple[int, bool]:
    """Send the rows of claim ``token`` over one SMTP connection.

    Returns (messages sent, whether the SMTP server was usable). Rows are marked "handed
    over" a chunk at a time before sending and "sent" right after, with the hand-over of
    the next chunk (see the module docstring).
    """
    now = timezone.now()
    rows = list(
        Delivery.objects.filter(claim_token=token, status=Delivery.Status.SENDING)
        .select_related("user")
        .order_by("id")
    )
    if not rows:
        return 0, True
    kinds = _prepare(rows)
    skipped: dict[str, list[int]] = {}
    to_send = []
    for row in rows:
        reason = _skip_reason(row, kinds[row.kind], now)
        if reason:
            skipped.setdefault(reason, []).append(row.pk)
        else:
            to_send.append(row)
    for reason, ids in skipped.items():
        Delivery.objects.filter(pk__in=ids, claim_token=token).update(
            status=Delivery.Status.SKIPPED, last_error=reason, claim_token=None
        )
    skipped_ids = {pk for ids in skipped.values() for pk in ids}
    _forget([row for row in rows if row.pk in skipped_ids], kinds)
    bouncing = bouncing_among(
        _address(row, kinds[row.kind]) for row in to_send if _bounce_held(kinds[row.kind])
    )
    to_send = [row for row in to_send if not _park_if_bouncing(row, kinds[row.kind], bouncing, token)]
    if not to_send:
        return 0, True
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:  # refused, timed out, bad login: the batch waits
        for row in to_send:
            _fail(row, token, f"cannot connect to the mail server: {exc!r}", now=now)
        logger.warning("notices: mail server unavailable: %r", exc)
        return 0, False
    sent = 0
    cache: dict = {}
    chunk_size = max(1, settings.COP_REMINDER_CHUNK_SIZE)
    accepted: list[int] = []  # of the chunk before, not yet marked sent
    previous: list[Delivery] = []
    try:
        for start in range(0, len(to_send), chunk_size):
            chunk = to_send[start : start + chunk_size]
            # Written before the hand-over: after a crash, these rows and only these may
            # have reached the mail server. The same write marks the chunk before sent.
            marked, ours = _next_chunk(token, sent=accepted, chunk=[r.pk for r in chunk])
            sent += marked
            _forget(_of(previous, accepted), kinds)
            chunk = [row for row in chunk if row.pk in ours]  # a claim timed out: not ours now
            accepted, previous = [], chunk
            for index, row in enumerate(chunk):
                if _park_if_bouncing(row, kinds[row.kind], bouncing, token):
                    continue  # an earlier row of this batch found the address bouncing
                error, lost, refused = _send_one(row, kinds[row.kind], connection=connection, cache=cache)
                if not error:
                    accepted.append(row.pk)
                    continue
                if refused:
                    _bounce(row, kinds[row.kind], token, error, refused, bouncing)
                    continue
                _fail(row, token, error, now=now)
                if lost:
                    sent += _mark_sent(accepted, token)
                    _forget(_of(chunk, accepted), kinds)
                    _release(chunk[index + 1 :] + to_send[start + chunk_size :], token)
                    logger.warning("notices: lost the mail server mid-batch: %s", error)
                    return sent, False
        sent += _mark_sent(accepted, token)
        _forget(_of(previous, accepted), kinds)
    finally:
        connection.close()
    return sent, True


def _next_chunk(token, *, sent: list[int], chunk: list[int]) -> tuple[int, set[int]]:
    """One write between two chunks: the rows of the chunk before that the mail server
    accepted are sent, the rows of the next chunk handed over. Returns (rows marked sent,
    ids of the next chunk still claimed by ``token``)."""
    now = timezone.now()
    done = Q(pk__in=sent)
    changed = Delivery.objects.filter(pk__in=[*sent, *chunk], claim_token=token).update(
        status=Case(When(done, then=Value(Delivery.Status.SENT)), default=F("status")),
        sent_at=Case(When(done, then=Value(now)), default=F("sent_at")),
        last_error=Case(When(done, then=Value("", output_field=TextField())), default=F("last_error")),
        handed_over_at=Case(When(done, then=F("handed_over_at")), default=Value(now)),
    )
    if changed == len(sent) + len(chunk):
        return len(sent), set(chunk)
    # Some rows of the next chunk were claimed so long ago that the scan put them back in
    # the queue (rows already handed over never are): only the others are still ours.
    ours = set(
        Delivery.objects.filter(pk__in=chunk, claim_token=token, status=Delivery.Status.SENDING).values_list(
            "pk", flat=True
        )
    )
    return changed - len(ours), ours


def _send_one(row: Delivery, kind, *, connection, cache: dict) -> tuple[str, bool, int | None]:
    """Hand one message to the mail server: ("", False, None) when accepted, else (error,
    lost, the SMTP code of a permanent refusal of the address or None)."""
    try:
        if isinstance(connection, SmtpBackend) and connection.connection is not None:
            message = _wire(row, kind, cache=cache)
            # What Django's backend does with a message, minus building it again.
            connection.connection.sendmail(message.from_addr, message.recipients, message.data)
        elif connection.send_messages([_build(row, kind, connection=connection, cache=cache)]) != 1:
            return "the mail backend did not accept the message", False, None
    except CONNECTION_ERRORS as exc:
        return repr(exc), True, None
    except smtplib.SMTPException as exc:  # this message refused; the next may pass
        return repr(exc), False, permanent_refusal(exc)
    except OSError as exc:  # socket trouble
        return repr(exc), True, None
    return "", False, None


def _bounce_held(kind) -> bool:
    """Account e-mail (a kind without a category, e.g. an invitation) still goes to a
    bouncing address: it may be how the member fixes it."""
    return kind is not None and kind.category is not None


def _park_if_bouncing(row: Delivery, kind, bouncing: set[str], token) -> bool:
    if not _bounce_held(kind) or _address(row, kind).strip().lower() not in bouncing:
        return False
    Delivery.objects.filter(pk=row.pk, claim_token=token).update(
        status=Delivery.Status.PARKED, last_error=PARKED_NOTE, claim_token=None, handed_over_at=None
    )
    return True


def _bounce(row: Delivery, kind, token, error: str, code: int, bouncing: set[str]) -> None:
    """A permanent refusal: this e-mail failed for good (no retry can pass) and the address
    is recorded as bouncing; the rest of the batch to it is held."""
    logger.warning("notices: delivery %s refused for good (%s); the address is now bouncing", row.pk, code)
    Delivery.objects.filter(pk=row.pk, claim_token=token).update(
        status=Delivery.Status.FAILED,
        attempts=row.attempts + 1,
        last_error=error[:2000],
        claim_token=None,
        handed_over_at=None,
    )
    address = _address(row, kind)
    bouncing.add(address.strip().lower())
    if kind is not None and kind.address_from:
        return  # an address kept only for this e-mail (an erased account's): nothing to record
    address_bounce_record(email=address, user_id=row.user_id, code=code, reason=error)


def _of(rows: list[Delivery], ids: list[int]) -> list[Delivery]:
    wanted = set(ids)
    return [row for row in rows if row.pk in wanted]


def _forget(rows: list[Delivery], kinds: dict) -> None:
    """Empty the context of rows whose kind keeps personal data only until it is sent."""
    ids = [row.pk for row in rows if kinds.get(row.kind) and kinds[row.kind].forget_context]
    if ids:
        Delivery.objects.filter(pk__in=ids).update(context={})


def _mark_sent(ids: list[int], token) -> int:
    if not ids:
        return 0
    return Delivery.objects.filter(pk__in=ids, claim_token=token).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def notices_send_due(*, time_budget: float = 60.0) -> int:
    """Claim and send due rows batch after batch until none is due or the budget is spent."""
    started = timezone.now()
    sent = 0
    while (timezone.now() - started).total_seconds() < time_budget:
        token, claimed = _claim()
        if not claimed:
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
            "notices: %s e-mails stuck in sending after a crash (ids %s); see the admin filter",
            len(ambiguous),
            ambiguous[:50],
        )
    return released


def notices_scan(*, now=None) -> int:
    """The periodic step: queue what fell due, recover dead claims; returns rows due to send."""
    deliveries_create_due(now=now)
    deliveries_release_stuck(now=now)
    return delivery_count_due(now=now)
