"""Reads behind a member's participation record (the insights app shows it)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Attendance, ConventionReport, Meeting


def attendance_list_of(*, user) -> QuerySet[Attendance]:
    """Meetings ``user`` was recorded present at (never cancelled ones), oldest first."""
    return (
        Attendance.objects.filter(user=user)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__community", "meeting__host_organisation")
        .order_by("meeting__starts_at", "id")
    )


def attendance_get_for_certificate(*, pk: int) -> Attendance | None:
    """One attendance with the facts a certificate states."""
    return (
        Attendance.objects.filter(pk=pk, user__isnull=False)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting__community", "meeting__host_organisation", "user", "organisation")
        .first()
    )


def convention_report_list_submitted_by(*, user) -> QuerySet[ConventionReport]:
    return (
        ConventionReport.objects.filter(submitted_by=user, submitted_at__isnull=False)
        .select_related("convention", "organisation")
        .order_by("submitted_at")
    )


def meeting_list_organised_by(*, user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organiser=user, status=Meeting.Status.PUBLISHED).order_by("starts_at")
