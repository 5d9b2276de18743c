"""The audit's life: opened for a year, recorded (a draft can be saved and resumed), submitted,
accepted or returned with notes, corrected by a new version once accepted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from members.permissions import user_is_member

from .. import permissions
from ..models import Audit, AuditRating, Framework, MeasureValue

ERROR_CANNOT_START = _("Only the organisation's contact or a coordinator can open its gender audit.")
ERROR_ALREADY_OPEN = _("This organisation already has a gender audit for that year: open it to continue.")
ERROR_NO_FRAMEWORK = _("No indicator framework is current: a coordinator marks one as current first.")
ERROR_CANNOT_EDIT = _(
    "Only the organisation's contact or its audit lead can change a draft or returned audit."
)
ERROR_UNRATED = _("Rate every indicator before submitting (choose “not applicable” where it does not apply).")
ERROR_CANNOT_REVIEW = _("Only a coordinator or the audit's peer reviewer can review a submitted audit.")
ERROR_RETURN_NOTES = _("Say what should change: the audit lead will read your notes.")
ERROR_CANNOT_CORRECT = _(
    "Only an accepted audit can be corrected, by its organisation's contact or a coordinator."
)
ERROR_CORRECTION_REASON = _("Give the reason for the correction.")
ERROR_LEAD_NOT_OF_ORGANISATION = _("The audit lead must be an approved member of the organisation.")
ERROR_REVIEWER_OWN_ORGANISATION = _("The peer reviewer must be an approved member of another organisation.")

HEADER_FIELDS = (
    "method",
    "period_start",
    "period_end",
    "participants_women",
    "participants_men",
    "participants_other",
    "findings",
    "recommendations",
    "publish_scorecard",
)


# The signed-in lists of audits (the actions page's, an organisation's results page): every
# write below drops them.
AUDITS = "audits"


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked(audit: Audit) -> Audit:
    return Audit.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=audit.pk)


def _fill_rows(audit: Audit, source: Audit | None = None) -> None:
    """One rating row per indicator and one value row per measure of the audit's framework,
    copied from ``source`` (the corrected version) when given."""
    old_ratings = {r.indicator_id: r for r in source.ratings.all()} if source else {}
    old_values = {v.measure_id: v for v in source.measures.all()} if source else {}
    indicators = [
        i.pk for area in audit.framework.areas.prefetch_related("indicators") for i in area.indicators.all()
    ]
    ratings = []
    for indicator_id in indicators:
        old = old_ratings.get(indicator_id)
        ratings.append(
            AuditRating(
                audit=audit,
                indicator_id=indicator_id,
                level=old.level if old else None,
                evidence=old.evidence if old else "",
                evidence_file=old.evidence_file.name if old and old.evidence_file else "",
            )
        )
    AuditRating.objects.bulk_create(ratings)
    values = []
    for measure_id in audit.framework.measures.values_list("pk", flat=True):
        old = old_values.get(measure_id)
        values.append(
            MeasureValue(
                audit=audit,
                measure_id=measure_id,
                actual=old.actual if old else None,
                baseline=old.baseline if old else None,
                target=old.target if old else None,
            )
        )
    MeasureValue.objects.bulk_create(values)


@transaction.atomic
def audit_create(*, organisation, year: int, actor, lead=None) -> Audit:
    """Open the organisation's audit for ``year`` on the current framework, one row per indicator."""
    _require(permissions.user_can_start_audit(actor, organisation), ERROR_CANNOT_START)
    framework = Framework.objects.filter(is_current=True).first()
    if framework is None:
        raise ValidationError(ERROR_NO_FRAMEWORK)
    if Audit.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError(ERROR_ALREADY_OPEN)
    if lead is not None and not (user_is_member(lead) and lead.organisation_id == organisation.pk):
        raise ValidationError(ERROR_LEAD_NOT_OF_ORGANISATION)
    audit = Audit(organisation=organisation, year=year, framework=framework, lead=lead, created_by=actor)
    audit.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            audit.save()
    except IntegrityError as exc:  # a second tab opened the same year at the same moment
        raise ValidationError(ERROR_ALREADY_OPEN) from exc
    _fill_rows(audit)
    invalidate(AUDITS)
    audit_record(actor=actor, action="audit.create", obj=audit, changes={"year": year})
    return audit


@transaction.atomic
def audit_name_lead(*, audit: Audit, actor, lead) -> Audit:
    """The contact names (or clears, with ``None``) the member who records the audit."""
    locked = _locked(audit)
    _require(permissions.user_can_name_audit_lead(actor, locked), ERROR_CANNOT_START)
    if lead is not None and not (user_is_member(lead) and lead.organisation_id == locked.organisation_id):
        raise ValidationError(ERROR_LEAD_NOT_OF_ORGANISATION)
    before = locked.lead_id
    locked.lead = lead
    locked.save(update_fields=["lead", "updated_at"])
    invalidate(AUDITS)
    audit_record(
        actor=actor, action="audit.name_lead", obj=locked, changes={"lead": [before, locked.lead_id]}
    )
    return locked


@transaction.atomic
def audit_save(*, audit: Audit, actor, header: dict, ratings: dict, measures: dict) -> list[str]:
    """Save a draft: the header fields, ``ratings`` {indicator id: {"level", "evidence",
    "evidence_file"?}} and ``measures`` {measure id: {"actual", "baseline", "target"}}.
    Returns the names of what changed (nothing changed: nothing recorded)."""
    locked = _locked(audit)
    _require(permissions.user_can_edit_audit(actor, locked), ERROR_CANNOT_EDIT)
    changed = []
    for name in HEADER_FIELDS:
        if name in header and getattr(locked, name) != header[name]:
            setattr(locked, name, header[name])
            changed.append(name)
    if changed:
        locked.full_clean(validate_constraints=False)
        locked.save()
    for rating in locked.ratings.select_related("indicator").filter(indicator_id__in=ratings):
        wanted = ratings[rating.indicator_id]
        fields = []
        for name in ("level", "evidence"):
            if name in wanted and getattr(rating, name) != wanted[name]:
                setattr(rating, name, wanted[name])
                fields.append(name)
        if wanted.get("evidence_file"):
            rating.evidence_file = wanted["evidence_file"]
            fields.append("evidence_file")
        if fields:
            rating.full_clean()
            rating.save(update_fields=fields)
            changed.append(f"rating:{rating.indicator.code}")
    for value in locked.measures.select_related("measure").filter(measure_id__in=measures):
        wanted = measures[value.measure_id]
        fields = [
            n for n in ("actual", "baseline", "target") if n in wanted and getattr(value, n) != wanted[n]
        ]
        for name in fields:
            setattr(value, name, wanted[name])
        if fields:
            value.save(update_fields=fields)
            changed.append(f"measure:{value.measure.code}")
    if changed:
        invalidate(AUDITS)
        audit_record(actor=actor, action="audit.save", obj=locked, changes={"fields": changed})
    return changed


@transaction.atomic
def audit_submit(*, audit: Audit, actor) -> Audit:
    """Submit for review once every indicator carries a rating."""
    locked = _locked(audit)
    _require(permissions.user_can_edit_audit(actor, locked), ERROR_CANNOT_EDIT)
    if locked.ratings.filter(level__isnull=True).exists():
        raise ValidationError(ERROR_UNRATED)
    before = locked.status
    locked.status = Audit.Status.SUBMITTED
    locked.submitted_by = actor
    locked.submitted_at = timezone.now()
    locked.save()
    invalidate(AUDITS)
    audit_record(actor=actor, action="audit.submit", obj=locked, changes={"status": [before, locked.status]})
    return locked


@transaction.atomic
def audit_name_reviewer(*, audit: Audit, actor, reviewer) -> Audit:
    """A coordinator names a peer reviewer from another organisation (or clears it)."""
    locked = _locked(audit)
    _require(permissions.user_can_name_reviewer(actor), ERROR_CANNOT_REVIEW)
    if reviewer is not None and not (
        user_is_member(reviewer)
        and reviewer.organisation_id
        and reviewer.organisation_id != locked.organisation_id
    ):
        raise ValidationError(ERROR_REVIEWER_OWN_ORGANISATION)
    before = locked.reviewer_id
    locked.reviewer = reviewer
    locked.save(update_fields=["reviewer", "updated_at"])
    invalidate(AUDITS)
    audit_record(
        actor=actor,
        action="audit.name_reviewer",
        obj=locked,
        changes={"reviewer": [before, locked.reviewer_id]},
    )
    return locked


@transaction.atomic
def audit_accept(*, audit: Audit, actor, notes: str = "") -> Audit:
    """Accept: the audit is frozen; the version it corrects, if any, is replaced."""
    locked = _locked(audit)
    _require(permissions.user_can_review_audit(actor, locked), ERROR_CANNOT_REVIEW)
    if locked.corrects_id:
        # The replaced version leaves "accepted" first: one accepted audit per organisation and year.
        Audit.objects.filter(pk=locked.corrects_id).update(
            status=Audit.Status.SUPERSEDED, updated_at=timezone.now()
        )
    locked.status = Audit.Status.ACCEPTED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_notes = notes.strip()
    locked.save()
    # An accepted audit (and the version it replaces) changes the public results.
    invalidate("results", f"organisation:{locked.organisation_id}")
    invalidate(AUDITS)
    audit_record(
        actor=actor,
        action="audit.accept",
        obj=locked,
        changes={"status": [Audit.Status.SUBMITTED, locked.status], "notes": locked.review_notes},
    )
    return locked


@transaction.atomic
def audit_return(*, audit: Audit, actor, notes: str) -> Audit:
    """Return for changes with notes the audit lead reads."""
    locked = _locked(audit)
    _require(permissions.user_can_review_audit(actor, locked), ERROR_CANNOT_REVIEW)
    if not notes.strip():
        raise ValidationError(ERROR_RETURN_NOTES)
    locked.status = Audit.Status.RETURNED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_notes = notes.strip()
    locked.save()
    invalidate(AUDITS)
    audit_record(
        actor=actor,
        action="audit.return",
        obj=locked,
        changes={"status": [Audit.Status.SUBMITTED, locked.status], "notes": locked.review_notes},
    )
    return locked


@transaction.atomic
def audit_correct(*, audit: Audit, actor, reason: str) -> Audit:
    """Open a correction of an accepted audit: a new draft version, same framework, its content
    copied, with the reason; the accepted version stays as it was until the correction is accepted."""
    locked = _locked(audit)
    _require(permissions.user_can_correct_audit(actor, locked), ERROR_CANNOT_CORRECT)
    if not reason.strip():
        raise ValidationError(ERROR_CORRECTION_REASON)
    version = Audit.objects.filter(organisation=locked.organisation, year=locked.year).aggregate(
        v=Max("version")
    )["v"]
    copy = Audit(
        organisation=locked.organisation,
        year=locked.year,
        version=version + 1,
        framework=locked.framework,
        lead=locked.lead,
        reviewer=locked.reviewer,
        corrects=locked,
        correction_reason=reason.strip(),
        created_by=actor,
        **{name: getattr(locked, name) for name in HEADER_FIELDS},
    )
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError as exc:
        raise ValidationError(ERROR_ALREADY_OPEN) from exc
    _fill_rows(copy, source=locked)
    invalidate(AUDITS)
    audit_record(
        actor=actor, action="audit.correct", obj=copy, changes={"corrects": locked.pk, "reason": reason}
    )
    return copy
