"""The coordinators' monthly digest of quiet branch CoPs (no meeting held for three months).

Sent at most once per calendar month (Asia/Ulaanbaatar): the month's ``BranchDigest`` row is
written in the same transaction as the e-mails are queued, and its unique month makes any
second run (the beat firing twice, two workers, a manual call) send nothing. A month in
which no branch is quiet sends nothing and writes no row."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from members import selectors as members_selectors
from notices.services import notify

from .. import selectors
from ..models import BranchDigest

EMAIL_KIND = "branch_digest"
# The e-mail lists this many quiet branches; the network page has them all.
DIGEST_LISTED = 50


def _row(community) -> dict:
    host = community.host_organisation
    last = community.last_meeting_at
    return {
        "name_mn": community.name_mn,
        "name_en": community.name_en,
        "host_mn": host.name_mn if host else "",
        "host_en": host.name_en if host else "",
        "last": timezone.localdate(last).isoformat() if last else "",
    }


@transaction.atomic
def branch_digest_send(*, now: dt.datetime | None = None) -> int:
    """Queue this month's digest to every coordinator; return how many e-mails were queued
    (0 when already sent this month or when no branch is quiet)."""
    now = now or timezone.now()
    quiet = selectors.branch_inactive_list(now=now)
    if not quiet:
        return 0
    recipients = list(members_selectors.coordinators().values_list("pk", flat=True))
    month = timezone.localdate(now).replace(day=1)
    try:
        with transaction.atomic():
            BranchDigest.objects.create(
                month=month, sent_at=now, branch_count=len(quiet), recipient_count=len(recipients)
            )
    except IntegrityError:
        return 0
    context = {
        "month": month.strftime("%Y-%m"),
        "count": len(quiet),
        "branches": [_row(c) for c in quiet[:DIGEST_LISTED]],
        "more": max(len(quiet) - DIGEST_LISTED, 0),
        "months": selectors.INACTIVE_AFTER_MONTHS,
        "url": f"{settings.SITE_URL}{reverse('branches:network')}?quiet=1",
    }
    notify("branch_digest", recipients=recipients, key=f"branch-digest:{month:%Y-%m}", context=context)
    return len(recipients)
