"""Reminders through the outbox, each exactly once: owners a week before the due date and
(at most weekly) when overdue, contacts a monthly list of their organisation's overdue actions,
coordinators and the peer reviewer an audit awaiting review; in the recipient's language."""

import datetime as dt

import pytest
from django.utils import timezone

from notices import services as outbox
from notices.models import Delivery
from results import services
from results.models import Level
from results.services.reminders import results_reminders_create_due
from tests.factories import ActionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _kinds(kind):
    return list(Delivery.objects.filter(kind=kind).values_list("user_id", "key"))


def test_owner_is_reminded_once_a_week_before_the_due_date_in_their_language(mailoutbox):
    owner = UserFactory(preferred_language="en")
    action = ActionFactory(
        owner=owner, title_en="Adopt the policy", due_on=timezone.localdate() + dt.timedelta(days=5)
    )
    results_reminders_create_due()
    results_reminders_create_due()
    assert _kinds("action_due") == [(owner.pk, f"action:{action.pk}:due:{action.due_on:%Y-%m-%d}")]
    assert outbox.notices_send_due() == 1
    assert mailoutbox[0].to == [owner.email] and "Adopt the policy" in mailoutbox[0].subject
    assert f"/actions/{action.pk}/" in mailoutbox[0].body


def test_overdue_owner_is_reminded_at_most_weekly():
    owner = UserFactory()
    ActionFactory(owner=owner, due_on=timezone.localdate() - dt.timedelta(days=3))
    ActionFactory(owner=owner, due_on=timezone.localdate() - dt.timedelta(days=30))
    now = timezone.now()
    results_reminders_create_due(now=now)
    results_reminders_create_due(now=now + dt.timedelta(hours=1))
    rows = Delivery.objects.filter(kind="actions_overdue")
    assert rows.count() == 1 and len(rows.get().context["actions"]) == 2
    results_reminders_create_due(now=now + dt.timedelta(days=7))
    assert Delivery.objects.filter(kind="actions_overdue").count() == 2


def test_done_actions_remind_nobody(colleague):
    action = ActionFactory(owner=colleague, due_on=timezone.localdate() - dt.timedelta(days=3))
    services.action_progress_record(action=action, actor=colleague, status="done", progress=100)
    results_reminders_create_due()
    assert not Delivery.objects.filter(kind__in=["actions_overdue", "organisation_overdue"]).exists()


def test_contacts_get_a_monthly_list_of_their_organisations_overdue_actions(contact, colleague, outsider):
    ActionFactory(
        owner=colleague, organisations=[contact.organisation], due_on=timezone.localdate() - dt.timedelta(1)
    )
    ActionFactory(
        owner=outsider, organisations=[outsider.organisation], due_on=timezone.localdate() + dt.timedelta(60)
    )
    results_reminders_create_due()
    results_reminders_create_due()
    rows = Delivery.objects.filter(kind="organisation_overdue")
    assert list(rows.values_list("user_id", flat=True)) == [contact.pk]
    assert rows.get().key == f"organisation-overdue:{timezone.localdate():%Y-%m}"


def test_coordinators_and_the_peer_reviewer_hear_of_a_submitted_audit_once(contact, coordinator, outsider):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    services.audit_name_reviewer(audit=audit, actor=coordinator, reviewer=outsider)
    ratings = {r.indicator_id: {"level": Level.MEETS} for r in audit.ratings.all()}
    services.audit_save(audit=audit, actor=contact, header={}, ratings=ratings, measures={})
    services.audit_submit(audit=audit, actor=contact)
    results_reminders_create_due()
    results_reminders_create_due()
    assert sorted(u for u, _k in _kinds("audit_to_review")) == sorted([coordinator.pk, outsider.pk])


def test_the_outbox_scan_queues_the_results_reminders():
    owner = UserFactory()
    ActionFactory(owner=owner, due_on=timezone.localdate() - dt.timedelta(days=3))
    outbox.deliveries_create_due()
    assert Delivery.objects.filter(kind="actions_overdue", user=owner).exists()


def test_a_mongolian_owner_reads_the_overdue_reminder_in_mongolian(mailoutbox):
    owner = UserFactory(preferred_language="mn")
    ActionFactory(owner=owner, title="Журам батлах", due_on=timezone.localdate() - dt.timedelta(days=3))
    results_reminders_create_due()
    outbox.notices_send_due()
    assert (
        mailoutbox[0].subject == "Таны 1 арга хэмжээний хугацаа хэтэрсэн"
        and "Журам батлах" in mailoutbox[0].body
    )
