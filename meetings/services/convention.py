"""Progress reports to the annual convention."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cop_portal.audit import audit_record

from ..models import ConventionReport, Meeting
from ..permissions import user_can_report_progress
from ._common import (
    ERROR_REPORT_DUPLICATE,
    ERROR_REPORT_LOCKED,
    ERROR_REPORT_NOT_CONTACT,
    ERROR_REPORT_NOT_CONVENTION,
    _require_coordinator,
)


@transaction.atomic
def convention_report_save(*, convention: Meeting, actor, submit: bool, **fields) -> ConventionReport:
    """Create or update the progress report of the actor's organisation; ``submit`` sends
    it to the coordinators for review."""
    if convention.format != Meeting.Format.CONVENTION:
        raise ValidationError(ERROR_REPORT_NOT_CONVENTION)
    if not user_can_report_progress(actor):
        raise PermissionDenied(ERROR_REPORT_NOT_CONTACT)
    report = (
        ConventionReport.objects.select_for_update()
        .filter(convention=convention, organisation_id=actor.organisation_id)
        .first()
    ) or ConventionReport(convention=convention, organisation_id=actor.organisation_id)
    if report.status == ConventionReport.Status.ACCEPTED:
        raise ValidationError(ERROR_REPORT_LOCKED)
    created, previous_status = report.pk is None, report.status
    changes = {}
    for name, value in fields.items():
        old = getattr(report, name, None)
        if created or old != value:
            changes[name] = [None if created else old, value]
        setattr(report, name, value)
    if submit:
        report.status = ConventionReport.Status.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = timezone.now()
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError(ERROR_REPORT_DUPLICATE) from exc
    if previous_status != report.status:
        changes["status"] = [None if created else previous_status, report.status]
    audit_record(
        actor=actor,
        action="convention_report.submit" if submit else "convention_report.save",
        obj=report,
        changes=changes,
    )
    return report


@transaction.atomic
def convention_report_review(
    *, report: ConventionReport, actor, accept: bool, notes: str = ""
) -> ConventionReport:
    """Accept a submitted report, or return it to the organisation with notes."""
    _require_coordinator(actor)
    locked = ConventionReport.objects.select_for_update().get(pk=report.pk)
    locked.status = ConventionReport.Status.ACCEPTED if accept else ConventionReport.Status.RETURNED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_notes = notes
    locked.save()
    return locked
