"""Reads of the outbox: what is due, what is stuck, who has not had an e-mail yet."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import Delivery


def delivery_list_stuck(*, now=None) -> QuerySet[Delivery]:
    """Rows still "sending" longer than the timeout: a worker died while sending them."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.COP_REMINDER_SENDING_TIMEOUT_SECONDS)
    return Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff)


def delivery_count_due(*, now=None) -> int:
    now = now or timezone.now()
    return Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).count()


def recipients_without(user_ids_qs: QuerySet, *, kind: str, key: str) -> QuerySet:
    """``user_ids_qs`` (a queryset with ``user_id``) without the users who already have the
    e-mail ``kind``/``key``: keeps a periodic scan cheap."""
    existing = Delivery.objects.filter(kind=kind, key=key, user=OuterRef("user_id"))
    return user_ids_qs.filter(~Exists(existing))


def delivery_recipient_ids(*, kind: str, key: str) -> QuerySet:
    """Ids of the users who have the e-mail ``kind``/``key`` already (a subquery)."""
    return Delivery.objects.filter(kind=kind, key=key).values("user_id")


def delivery_list_about(obj) -> QuerySet[Delivery]:
    """The e-mails about ``obj`` (a meeting, an election …)."""
    from django.contrib.contenttypes.models import ContentType

    return Delivery.objects.filter(subject_type=ContentType.objects.get_for_model(obj), subject_id=obj.pk)
