"""Queueing e-mails: one ``Delivery`` row per e-mail under a unique (kind, recipient, key).

Exactly-once effect comes from the database, not from Celery: a call repeated by a retry,
a second click or a scan running twice queues nothing new. The rows are claimed and sent by
``sending``; writes here only ask a worker to start (by task name, without waiting for the
broker) once they commit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record

from .. import registry
from ..models import Delivery
from ..selectors import delivery_list_stuck

logger = logging.getLogger(__name__)

# By name: ``tasks`` imports these services, so importing ``tasks`` here would make a cycle.
SEND_DUE_TASK = "notices.tasks.notices_send_due"

ERROR_NOTHING_TO_RESEND = _("None of the selected e-mails had failed, was held or got stuck.")


def _kick_sender() -> None:
    """Ask a worker to send now, without ever making the caller wait for the broker.

    Publishing happens in a daemon thread: a request returns at once even when Redis is down
    (kombu can block on connect); the periodic scan sends the rows anyway when it is back.
    With ``task_always_eager`` (tasks run in-process) the due rows are sent right here.
    """
    if current_app.conf.task_always_eager:
        current_app.tasks[SEND_DUE_TASK].apply()
        return

    def publish():
        try:
            current_app.send_task(SEND_DUE_TASK, ignore_result=True)
        except Exception:  # broker down: the scan catches up
            logger.warning("notices: could not reach the broker; the periodic scan will send", exc_info=True)

    threading.Thread(target=publish, name="notices-kick", daemon=True).start()


@transaction.atomic(savepoint=False)  # one statement's worth of writes: no savepoint needed
def notify(
    kind: str,
    *,
    recipients: Iterable[int],
    key: str,
    context: dict | None = None,
    context_for: Callable[[int], dict] | None = None,
    about=None,
    now=None,
) -> int:
    """Queue the e-mail ``kind`` to each user id of ``recipients``, once per (kind, recipient,
    key); a worker sends it after commit. Returns how many rows it offered.

    ``context`` (JSON) goes to the templates, merged with ``context_for(user_id)`` when
    given; ``about`` is the object the e-mail is about, when its kind reads it again while
    sending. Never blocks on the broker.

    Rows that exist already are left as they are (the unique constraint decides, also
    between concurrent calls); the count includes them, so a caller that needs "new only"
    (a periodic scan) passes the recipients ``notices.selectors.recipients_without`` left.
    """
    registry.kind(kind)  # an unknown kind is a programming error, raised here and not later
    if not key:
        raise ValueError("an e-mail needs a key: it is what makes it exactly once")
    now = now or timezone.now()
    subject = {}
    if about is not None:
        subject = {"subject_type": ContentType.objects.get_for_model(about), "subject_id": about.pk}
    user_ids = [user_id for user_id in dict.fromkeys(recipients) if user_id is not None]
    fields = {"kind": kind, "key": key, "due_at": now, "next_attempt_at": now, **subject}
    if context_for is None and connection.vendor == "postgresql" and len(user_ids) > 1:
        offered = _insert_for_each(Delivery(context=context or {}, **fields), user_ids)
    else:
        rows = [
            Delivery(
                user_id=user_id,
                context={**(context or {}), **(context_for(user_id) if context_for else {})},
                **fields,
            )
            for user_id in user_ids
        ]
        offered = len(Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000))
    if offered:
        transaction.on_commit(_kick_sender)
    return offered


def _insert_for_each(row: Delivery, user_ids: list[int]) -> int:
    """``row`` once per user of ``user_ids`` but for those who have it already, in one
    statement (``INSERT … SELECT … FROM unnest(ids) ON CONFLICT DO NOTHING``): what
    ``bulk_create(ignore_conflicts=True)`` does, without making and quoting 10,000 rows in
    Python when a reminder goes to a large meeting. Returns ``len(user_ids)``, as
    ``notify`` counts."""
    columns, values, params = [], [], []
    for field in Delivery._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname == "user_id":
            values.append("u.id")
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(field.pre_save(row, add=True), connection))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(Delivery._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM unnest(%s::bigint[]) AS u(id) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, user_ids])
    return len(user_ids)


@transaction.atomic
def deliveries_create_due(*, now=None) -> int:
    """Queue what the apps' registered producers find due (reminders, requests for
    feedback, announcements …); idempotent, since every row is unique per key."""
    now = now or timezone.now()
    return sum(producer(now=now) or 0 for producer in registry.due_producers())


@transaction.atomic
def deliveries_resend(*, deliveries, actor) -> int:
    """Put failed, parked (held for a bouncing address) and reported-stuck rows back in the
    queue, with fresh attempts. A parked row whose address still bounces is held again."""
    stuck = delivery_list_stuck().values("pk")
    count = (
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries])
        .filter(Q(status__in=[Delivery.Status.FAILED, Delivery.Status.PARKED]) | Q(pk__in=stuck))
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
