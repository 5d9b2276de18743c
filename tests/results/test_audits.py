"""The audit's life in the services: open, record, submit, return, accept, correct; audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cop_portal.audit import AuditEvent
from results import services
from results.models import Audit, Level

pytestmark = pytest.mark.django_db


def _rate_all(audit, actor, level=Level.MEETS):
    ratings = {r.indicator_id: {"level": level, "evidence": "Тушаал"} for r in audit.ratings.all()}
    services.audit_save(audit=audit, actor=actor, header={}, ratings=ratings, measures={})


def test_seeded_framework_has_fifteen_indicators_in_both_languages(framework):
    indicators = [i for area in framework.areas.all() for i in area.indicators.all()]
    assert 12 <= len(indicators) <= 17
    assert all(i.name_mn and i.name_en and i.meets_mn and i.meets_en for i in indicators)


def test_audit_create_makes_one_rating_row_per_indicator(contact, framework):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    assert audit.ratings.count() == sum(a.indicators.count() for a in framework.areas.all())
    assert audit.measures.count() == framework.measures.count()
    assert AuditEvent.objects.filter(action="audit.create", object_id=str(audit.pk)).exists()


def test_audit_create_refuses_another_organisations_contact(contact, outsider):
    with pytest.raises(PermissionDenied):
        services.audit_create(organisation=contact.organisation, year=2025, actor=outsider)


def test_audit_create_refuses_a_second_audit_for_the_year(contact):
    services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    with pytest.raises(ValidationError) as error:
        services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    assert str(services.ERROR_ALREADY_OPEN) in error.value.messages


def test_submit_refuses_until_every_indicator_is_rated(contact):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    with pytest.raises(ValidationError) as error:
        services.audit_submit(audit=audit, actor=contact)
    assert str(services.ERROR_UNRATED) in error.value.messages


def test_named_lead_records_and_submits(contact, colleague):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    services.audit_name_lead(audit=audit, actor=contact, lead=colleague)
    _rate_all(audit, colleague)
    submitted = services.audit_submit(audit=audit, actor=colleague)
    assert submitted.status == Audit.Status.SUBMITTED


def test_lead_must_belong_to_the_organisation(contact, outsider):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    with pytest.raises(ValidationError):
        services.audit_name_lead(audit=audit, actor=contact, lead=outsider)


def test_return_then_accept_the_correction_freezes_it(contact, coordinator):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    _rate_all(audit, contact, Level.APPROACHES)
    services.audit_submit(audit=audit, actor=contact)
    with pytest.raises(ValidationError):
        services.audit_return(audit=audit, actor=coordinator, notes=" ")
    services.audit_return(audit=audit, actor=coordinator, notes="PI 8: нотлох баримт хавсаргана уу.")
    audit.refresh_from_db()
    assert audit.status == Audit.Status.RETURNED
    _rate_all(audit, contact, Level.MEETS)
    services.audit_submit(audit=audit, actor=contact)
    services.audit_accept(audit=audit, actor=coordinator)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.ACCEPTED
    with pytest.raises(PermissionDenied):
        _rate_all(audit, contact, Level.EXCEEDS)
    actions = list(AuditEvent.objects.filter(object_id=str(audit.pk)).values_list("action", flat=True))
    assert {"audit.submit", "audit.return", "audit.accept", "audit.save"} <= set(actions)


def test_peer_reviewer_of_another_organisation_reviews_only_that_audit(
    contact, coordinator, outsider, colleague
):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    with pytest.raises(ValidationError):
        services.audit_name_reviewer(audit=audit, actor=coordinator, reviewer=colleague)
    services.audit_name_reviewer(audit=audit, actor=coordinator, reviewer=outsider)
    _rate_all(audit, contact)
    services.audit_submit(audit=audit, actor=contact)
    other = services.audit_create(organisation=contact.organisation, year=2024, actor=contact)
    _rate_all(other, contact)
    services.audit_submit(audit=other, actor=contact)
    with pytest.raises(PermissionDenied):
        services.audit_accept(audit=other, actor=outsider)
    assert services.audit_accept(audit=audit, actor=outsider).status == Audit.Status.ACCEPTED


def test_correction_is_a_new_version_that_replaces_the_accepted_one_once_accepted(contact, coordinator):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    _rate_all(audit, contact, Level.MEETS)
    services.audit_submit(audit=audit, actor=contact)
    services.audit_accept(audit=audit, actor=coordinator)
    with pytest.raises(ValidationError):
        services.audit_correct(audit=audit, actor=contact, reason="")
    copy = services.audit_correct(audit=audit, actor=contact, reason="PI 7-ийн тоо буруу байсан.")
    assert (copy.version, copy.status, copy.corrects_id) == (2, Audit.Status.DRAFT, audit.pk)
    assert set(copy.ratings.values_list("level", flat=True)) == {Level.MEETS}
    _rate_all(copy, contact, Level.EXCEEDS)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.ACCEPTED
    assert set(audit.ratings.values_list("level", flat=True)) == {Level.MEETS}
    services.audit_submit(audit=copy, actor=contact)
    services.audit_accept(audit=copy, actor=coordinator)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.SUPERSEDED
    assert AuditEvent.objects.filter(action="audit.correct", object_id=str(copy.pk)).exists()


def test_new_framework_version_leaves_past_audits_alone(contact, coordinator, framework):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    copy = services.framework_new_version(framework=framework, actor=coordinator)
    indicator = copy.areas.first().indicators.first()
    indicator.name_en = "Changed"
    indicator.save()
    services.framework_make_current(framework=copy, actor=coordinator)
    assert audit.ratings.filter(indicator__name_en="Changed").count() == 0
    newer = services.audit_create(organisation=contact.organisation, year=2026, actor=contact)
    assert newer.framework_id == copy.pk and audit.framework_id == framework.pk
