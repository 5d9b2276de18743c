"""Reminders through the one outbox, each exactly once per (kind, recipient, key):

* an action's owner, a week before its due date (key: the action and its due date, so a new
  due date reminds again);
* an owner of overdue actions, at most once a week (key: the ISO week), listing them;
* an organisation's contacts, once a month (key: the month), its overdue actions;
* coordinators and the named peer reviewer, once per submission of an audit.

``results_reminders_create_due`` is called by the outbox's periodic scan (registered in
``results/notices.py``); each part asks the outbox which recipients already have the e-mail,
so a scan that finds nothing new writes nothing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from members.selectors import contacts_of_organisations, coordinators, user_get_active
from notices.selectors import recipients_without
from notices.services import notify

from ..models import Action, Audit

DUE_SOON_DAYS = 7
LISTED = 20


def _url(name: str, **kwargs) -> str:
    return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def _row(action: Action) -> dict:
    return {
        "title": action.title,
        "title_en": action.title_en,
        "due_on": action.due_on.isoformat() if action.due_on else "",
        "progress": action.progress,
        "url": _url("results:action-detail", pk=action.pk),
    }


def actions_due_soon(*, now) -> int:
    """Owners of open actions due in the coming week: one e-mail per action and due date."""
    today = timezone.localdate(now)
    soon = Action.objects.filter(
        status__in=Action.OPEN,
        owner__isnull=False,
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(DUE_SOON_DAYS),
    )
    created = 0
    for action in soon.only("id", "title", "title_en", "due_on", "progress", "owner_id"):
        key = f"action:{action.pk}:due:{action.due_on:%Y-%m-%d}"
        owner = recipients_without(
            Action.objects.filter(pk=action.pk).values(user_id=F("owner_id")), kind="action_due", key=key
        )
        created += notify(
            "action_due", recipients=owner.values_list("user_id", flat=True), key=key,
            context={"action": _row(action)}, now=now,
        )  # fmt: skip
    return created


def actions_overdue(*, now) -> int:
    """Each owner of overdue actions, at most once a week, with the list of them."""
    today = timezone.localdate(now)
    year, week, _day = today.isocalendar()
    key = f"overdue:{year}-W{week:02d}"
    overdue = Action.objects.filter(status__in=Action.OPEN, owner__isnull=False, due_on__lt=today)
    owners = recipients_without(
        overdue.values(user_id=F("owner_id")).distinct(), kind="actions_overdue", key=key
    ).values_list("user_id", flat=True)

    def context_for(user_id: int) -> dict:
        rows = overdue.filter(owner_id=user_id).order_by("due_on", "id")
        return {
            "actions": [_row(a) for a in rows[:LISTED]],
            "count": rows.count(),
            "url": _url("results:action-list"),
        }

    return notify("actions_overdue", recipients=list(owners), key=key, context_for=context_for, now=now)


def organisation_overdue_digest(*, now) -> int:
    """The contacts of each organisation with overdue actions, once a month."""
    today = timezone.localdate(now)
    key = f"organisation-overdue:{today:%Y-%m}"
    overdue = Action.objects.filter(status__in=Action.OPEN, due_on__lt=today)
    org_ids = set(overdue.values_list("organisations", flat=True)) - {None}
    contacts = recipients_without(
        contacts_of_organisations(organisation_ids=org_ids).values(user_id=F("pk")),
        kind="organisation_overdue",
        key=key,
    ).values_list("user_id", flat=True)

    def context_for(user_id: int) -> dict:
        organisation_id = user_get_active(pk=user_id).organisation_id
        rows = overdue.filter(organisations=organisation_id).select_related("owner").order_by("due_on", "id")
        return {
            "actions": [
                {**_row(a), "owner": a.owner.get_full_name() if a.owner else ""} for a in rows[:LISTED]
            ],
            "count": rows.count(),
            "month": f"{today:%Y-%m}",
            "url": _url("results:action-list") + "?scope=overdue",
        }

    return notify(
        "organisation_overdue", recipients=list(contacts), key=key, context_for=context_for, now=now
    )


def audits_to_review(*, now) -> int:
    """Coordinators and the peer reviewer, once per submission of each submitted audit."""
    created = 0
    coordinator_ids = list(coordinators().values_list("pk", flat=True))
    for audit in Audit.objects.filter(status=Audit.Status.SUBMITTED).select_related("organisation"):
        key = f"audit:{audit.pk}:submitted:{audit.submitted_at:%Y%m%d%H%M%S}"
        recipients = [*coordinator_ids, *([audit.reviewer_id] if audit.reviewer_id else [])]
        created += notify(
            "audit_to_review",
            recipients=recipients,
            key=key,
            context={
                "organisation": audit.organisation.name_mn,
                "organisation_en": audit.organisation.name_en,
                "year": audit.year,
                "version": audit.version,
                "url": _url("results:audit-detail", pk=audit.pk),
            },
            now=now,
        )
    return created


def results_reminders_create_due(*, now=None) -> int:
    """Queue every results reminder that is due now (the outbox's scan calls this)."""
    now = now or timezone.now()
    return (
        actions_due_soon(now=now)
        + actions_overdue(now=now)
        + organisation_overdue_digest(now=now)
        + audits_to_review(now=now)
    )
