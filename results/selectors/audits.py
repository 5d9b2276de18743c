"""Reads of the framework and the audits."""

from __future__ import annotations

from django.db.models import Q

from ..models import (
    Audit,
    AuditRating,
    Framework,
    Indicator,
    MeasureValue,
)


def framework_current() -> Framework | None:
    return Framework.objects.filter(is_current=True).first()


def framework_indicators(framework_id: int) -> list[Indicator]:
    return list(
        Indicator.objects.filter(area__framework_id=framework_id)
        .select_related("area")
        .order_by("area__position", "position", "id")
    )


def audit_get(*, pk: int) -> Audit | None:
    return (
        Audit.objects.select_related(
            "organisation", "framework", "lead", "reviewer", "reviewed_by", "corrects"
        )
        .filter(pk=pk)
        .first()
    )


def audit_ratings(audit: Audit) -> list[AuditRating]:
    return list(
        audit.ratings.select_related("indicator__area").order_by(
            "indicator__area__position", "indicator__position"
        )
    )


def audit_measures(audit: Audit) -> list[MeasureValue]:
    return list(audit.measures.select_related("measure").order_by("measure__position"))


def audit_list_for_organisation(organisation) -> list[Audit]:
    return list(
        Audit.objects.filter(organisation=organisation)
        .select_related("reviewer", "lead")
        .order_by("-year", "-version")
    )


def audit_list_awaiting_review(user) -> list[Audit]:
    """Submitted audits this user may review: all for coordinators, theirs for a peer reviewer."""
    audits = Audit.objects.filter(status=Audit.Status.SUBMITTED).select_related("organisation")
    if not user.is_coordinator:
        audits = audits.filter(reviewer=user)
    return list(audits.order_by("submitted_at"))


def audit_list_for_user(user) -> list[Audit]:
    """Audits in progress the user records (as contact or lead)."""
    scope = Q(lead=user)
    if user.is_organisation_contact and user.organisation_id:
        scope |= Q(organisation_id=user.organisation_id)
    return list(
        Audit.objects.filter(scope, status__in=Audit.IN_PROGRESS)
        .select_related("organisation")
        .order_by("-year")
    )


def evidence_get(*, pk: int) -> AuditRating | None:
    return AuditRating.objects.select_related("audit").filter(pk=pk).first()


def audit_latest_accepted(*, organisation_id: int, up_to_year: int) -> Audit | None:
    return (
        Audit.objects.filter(
            organisation_id=organisation_id, status=Audit.Status.ACCEPTED, year__lte=up_to_year
        )
        .order_by("-year")
        .first()
    )
