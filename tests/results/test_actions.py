"""Actions: created by coordinators or contacts, progress recorded by owners as a timeline."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cop_portal.audit import AuditEvent
from results import services
from results.models import Action
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_contact_creates_actions_for_own_organisation_only(contact, outsider):
    action = services.action_create(
        actor=contact, title="Бодлого батлах", organisations=[contact.organisation]
    )
    assert list(action.organisations.all()) == [contact.organisation]
    with pytest.raises(PermissionDenied):
        services.action_create(actor=contact, title="x", organisations=[outsider.organisation])


def test_owner_records_progress_as_a_dated_update(colleague):
    action = ActionFactory(owner=colleague)
    services.action_progress_record(
        action=action, actor=colleague, status="in_progress", progress=30, note="Эхэлсэн"
    )
    services.action_progress_record(
        action=action, actor=colleague, status="done", progress=80, note="Дууссан"
    )
    action.refresh_from_db()
    assert (action.status, action.progress, action.done_on) == (Action.Status.DONE, 100, timezone.localdate())
    assert list(action.updates.values_list("progress", flat=True)) == [100, 30]
    assert AuditEvent.objects.filter(action="action.update", object_id=str(action.pk)).count() == 2


def test_dropping_needs_a_reason(colleague):
    action = ActionFactory(owner=colleague)
    with pytest.raises(ValidationError) as error:
        services.action_progress_record(action=action, actor=colleague, status="dropped", progress=0)
    assert str(services.ERROR_DROPPED_REASON) in error.value.messages


def test_another_organisations_member_cannot_update(outsider, colleague):
    action = ActionFactory(owner=colleague)
    with pytest.raises(PermissionDenied):
        services.action_progress_record(action=action, actor=outsider, status="in_progress", progress=10)


def test_contact_adds_an_action_for_an_audit_gap_on_the_site(client, contact, colleague):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    indicator_id = audit.ratings.first().indicator_id
    client.force_login(contact)
    url = f"/organisations/{contact.organisation.slug}/actions/new/"
    assert client.get(f"{url}?audit={audit.pk}&indicator={indicator_id}").status_code == 200
    response = client.post(
        url,
        {"title": "Журам батлах", "owner": colleague.pk, "due_on": "2026-12-31", "audit": audit.pk,
         "indicator": indicator_id},
    )  # fmt: skip
    action = Action.objects.get(title="Журам батлах")
    assert response.status_code == 302 and response["Location"] == f"/actions/{action.pk}/"
    assert (action.source, action.owner, action.audit_id) == (Action.Source.AUDIT, colleague, audit.pk)
    assert AuditEvent.objects.filter(action="action.create", object_id=str(action.pk)).exists()


def test_action_cannot_point_at_another_organisations_audit(contact, coordinator, outsider):
    other = services.audit_create(organisation=outsider.organisation, year=2025, actor=coordinator)
    with pytest.raises(ValidationError):
        services.action_create(
            actor=coordinator, title="x", organisations=[contact.organisation], audit=other
        )
