"""Coordinator terms: the coordinators' group and staff access follow the dates of the terms."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.services import coordinator_group_sync

from ..models import CoordinatorTerm


@transaction.atomic
def coordinator_terms_sync(*, today: dt.date | None = None) -> dict[str, int]:
    """Grant the group and staff to holders of a current term; remove both from members whose
    terms ended (unless another term is current or they are superusers). Idempotent.

    People who never held a term (e.g. appointed by hand to start the portal) are left alone.
    """
    today = today or timezone.localdate()
    User = get_user_model()
    group = coordinator_group_sync()
    terms = CoordinatorTerm.objects.all()
    current = set(terms.filter(starts_on__lte=today, ends_on__gte=today).values_list("member_id", flat=True))
    ended = set(terms.filter(ends_on__lt=today).values_list("member_id", flat=True)) - current
    in_group = set(group.user_set.values_list("pk", flat=True))

    grant_group = current - in_group
    grant_staff = set(User.objects.filter(pk__in=current, is_staff=False).values_list("pk", flat=True))
    group.user_set.add(*grant_group)
    User.objects.filter(pk__in=grant_staff).update(is_staff=True)

    revocable = set(User.objects.filter(pk__in=ended, is_superuser=False).values_list("pk", flat=True))
    revoke_group = revocable & in_group
    revoke_staff = set(User.objects.filter(pk__in=revocable, is_staff=True).values_list("pk", flat=True))
    group.user_set.remove(*revoke_group)
    User.objects.filter(pk__in=revoke_staff).update(is_staff=False)
    return {"granted": len(grant_group | grant_staff), "revoked": len(revoke_group | revoke_staff)}
