"""Progress reports to the annual convention: written by the organisation contact (or the
focal person of a branch the organisation hosts), submitted, then accepted or returned with
notes by a coordinator. Every step is audited; coordinators hear of each submission and the
writer of each review."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from members import selectors as members_selectors
from notices.services import notify

from ..models import ConventionReport, Meeting
from ..selectors import user_may_report_progress
from ._common import (
    ERROR_REPORT_ACCEPT_STATUS,
    ERROR_REPORT_DUPLICATE,
    ERROR_REPORT_LOCKED,
    ERROR_REPORT_NOT_CONTACT,
    ERROR_REPORT_NOT_CONVENTION,
    ERROR_REPORT_NOT_SCHEDULED,
    ERROR_REPORT_RETURN_NOTES,
    ERROR_REPORT_RETURN_STATUS,
    _require_coordinator,
)


def _context(report: ConventionReport) -> dict:
    organisation = report.organisation
    year = timezone.localtime(report.convention.starts_at).year
    return {
        "organisation_mn": organisation.name_mn,
        "organisation_en": organisation.name_en,
        "year": year,
        "review_notes": report.review_notes,
        "accepted": report.status == ConventionReport.Status.ACCEPTED,
    }


@transaction.atomic
def convention_report_save(
    *, convention: Meeting | None, actor, submit: bool, year: int | None = None, **fields
) -> ConventionReport:
    """Create or update the progress report of the actor's organisation; ``submit`` sends
    it to the coordinators for review (a returned report is edited and submitted again).

    Before the year's convention is scheduled (``convention=None``, ``year`` given) a draft can
    be written; saved again once the convention exists, it is attached to it."""
    if convention is not None and convention.format != Meeting.Format.CONVENTION:
        raise ValidationError(ERROR_REPORT_NOT_CONVENTION)
    if convention is None and (year is None or submit):
        raise ValidationError(ERROR_REPORT_NOT_SCHEDULED)
    if not user_may_report_progress(actor):
        raise PermissionDenied(ERROR_REPORT_NOT_CONTACT)
    year = timezone.localtime(convention.starts_at).year if convention is not None else year
    mine = ConventionReport.objects.select_for_update(of=("self",)).filter(
        organisation_id=actor.organisation_id
    )
    report = (
        (mine.filter(convention=convention).first() if convention is not None else None)
        or mine.filter(convention__isnull=True, year=year).first()
        or ConventionReport(convention=convention, year=year, organisation_id=actor.organisation_id)
    )
    if report.convention_id is None and convention is not None:
        report.convention = convention  # the early draft joins the convention now scheduled
    if report.status == ConventionReport.Status.ACCEPTED:
        raise ValidationError(ERROR_REPORT_LOCKED)
    created = report.pk is None
    changes = {
        name: [getattr(report, name), value]
        for name, value in fields.items()
        if getattr(report, name) != value
    }
    for name, value in fields.items():
        setattr(report, name, value)
    if submit:
        changes["status"] = [report.status, ConventionReport.Status.SUBMITTED]
        report.status = ConventionReport.Status.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = timezone.now()
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError(ERROR_REPORT_DUPLICATE) from exc
    action = "convention_report.submit" if submit else "convention_report.save"
    audit_record(actor=actor, action=action, obj=report, changes={**changes, "created": created})
    if convention is not None:  # an early draft is on no public page
        invalidate(f"meeting:{convention.pk}")
    if submit:
        invalidate(f"member:{actor.pk}")  # the reports on their participation record
        context = {
            **_context(report),
            "url": f"{settings.SITE_URL}{reverse('admin:meetings_conventionreport_change', args=[report.pk])}",
        }
        notify(
            "convention_report_submitted",
            recipients=members_selectors.coordinators().values_list("pk", flat=True),
            key=f"convention-report-{report.pk}:submitted@{report.submitted_at.isoformat()}",
            context=context,
        )
    return report


@transaction.atomic
def convention_report_review(
    *, report: ConventionReport, actor, accept: bool, notes: str = ""
) -> ConventionReport:
    """Accept a submitted report, or return it to its writer with notes (required: they say
    what to change). Drafts, returned and accepted reports are not reviewed."""
    _require_coordinator(actor)
    notes = (notes or "").strip()
    locked = (
        ConventionReport.objects.select_for_update(of=("self",))
        .select_related("organisation", "convention")
        .get(pk=report.pk)
    )
    if locked.status != ConventionReport.Status.SUBMITTED:
        raise ValidationError(ERROR_REPORT_ACCEPT_STATUS if accept else ERROR_REPORT_RETURN_STATUS)
    if not accept and not notes:
        raise ValidationError(ERROR_REPORT_RETURN_NOTES)
    before = locked.status
    locked.status = ConventionReport.Status.ACCEPTED if accept else ConventionReport.Status.RETURNED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_notes = notes
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_notes", "updated_at"])
    audit_record(
        actor=actor,
        action="convention_report.accept" if accept else "convention_report.return",
        obj=locked,
        changes={"status": [before, locked.status], "review_notes": notes},
    )
    invalidate(f"meeting:{locked.convention_id}")
    if locked.submitted_by_id is not None:
        year = timezone.localtime(locked.convention.starts_at).year
        context = {
            **_context(locked),
            "url": f"{settings.SITE_URL}{reverse('meetings:convention-report', kwargs={'year': year})}",
        }
        notify(
            "convention_report_reviewed",
            recipients=[locked.submitted_by_id],
            key=f"convention-report-{locked.pk}:reviewed@{locked.reviewed_at.isoformat()}",
            context=context,
        )
    return locked
