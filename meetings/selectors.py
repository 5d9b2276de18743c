"""Reads about meetings, with the joins the pages need (query counts stay fixed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Attendance, ConventionReport, JointPlanItem, Material, Meeting, Registration, SiteVisit


def meeting_list_public(
    *,
    when: str = "upcoming",
    format: str = "",
    mode: str = "",
    province: str = "",
    community: str = "",
    organisation: str = "",
    now: dt.datetime | None = None,
) -> QuerySet[Meeting]:
    """Published and cancelled meetings (never drafts), filtered; upcoming soonest first,
    past latest first. Filters take the values of the list's form (slugs and choices)."""
    now = now or timezone.now()
    qs = Meeting.objects.exclude(status=Meeting.Status.DRAFT).select_related(
        "community", "host_organisation", "site_visit"
    )
    qs = qs.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED))
    )
    if when == "past":
        qs = qs.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    else:
        qs = qs.filter(ends_at__gt=now).order_by("starts_at", "id")
    if format:
        qs = qs.filter(format=format)
    if mode:
        qs = qs.filter(mode=mode)
    if province:
        qs = qs.filter(province=province)
    if community:
        qs = qs.filter(community__slug=community)
    if organisation:
        qs = qs.filter(host_organisation__slug=organisation)
    return qs


def meeting_list_upcoming(*, limit: int = 5) -> list[Meeting]:
    """The next published meetings, for the home page (one query)."""
    return list(
        Meeting.objects.filter(status=Meeting.Status.PUBLISHED, ends_at__gt=timezone.now())
        .select_related("community", "host_organisation")
        .order_by("starts_at", "id")[:limit]
    )


def meeting_get_public(*, pk: int, viewer=None) -> Meeting | None:
    """A meeting with agenda, materials and counts; drafts only for coordinators."""
    qs = Meeting.objects.select_related("community", "host_organisation", "site_visit").prefetch_related(
        "agenda_items__speaker_organisation",
        Prefetch("materials", queryset=Material.objects.order_by("created_at", "id")),
    )
    qs = qs.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED), distinct=True
        ),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED), distinct=True
        ),
        attendance_count=Count("attendances", distinct=True),
    )
    meeting = qs.filter(pk=pk).first()
    if meeting is None:
        return None
    if meeting.status == Meeting.Status.DRAFT and not (
        viewer and viewer.is_authenticated and viewer.is_coordinator
    ):
        return None
    return meeting


def registration_get(*, meeting: Meeting, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(meeting=meeting, user=user).first()


def registration_waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not waitlisted."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        meeting_id=registration.meeting_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def registration_list_for_user(*, user) -> QuerySet[Registration]:
    """The user's registrations, upcoming first then past, with their meetings."""
    return (
        Registration.objects.filter(user=user)
        .select_related("meeting__community", "meeting__host_organisation")
        .order_by("-meeting__starts_at", "-id")
    )


def registration_list_for_sheet(*, meeting: Meeting) -> QuerySet[Registration]:
    """Registrants of ``meeting`` (not cancelled) with whether they were recorded present."""
    present = Attendance.objects.filter(meeting=meeting, user_id=OuterRef("user_id"))
    return (
        meeting.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user__organisation")
        .annotate(is_present=Exists(present))
        .order_by("status", "user__full_name", "user__email")
    )


def attendance_list_walk_ins(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.filter(is_walk_in=True).select_related("organisation", "user")


def meeting_list_calendar(*, user=None) -> QuerySet[Meeting]:
    """Meetings of the public feed (published and cancelled), or of ``user``'s feed (those
    they registered for or are waitlisted on, with cancelled ones kept so calendars drop them)."""
    qs = Meeting.objects.exclude(status=Meeting.Status.DRAFT).select_related("community", "host_organisation")
    if user is not None:
        qs = qs.filter(registrations__user=user).exclude(registrations__status=Registration.Status.CANCELLED)
    # A year of history keeps the feed small for calendar apps polling it.
    return (
        qs.filter(ends_at__gte=timezone.now() - dt.timedelta(days=365)).order_by("starts_at", "id").distinct()
    )


def visit_list(*, when: str = "", now: dt.datetime | None = None) -> QuerySet[SiteVisit]:
    """Site visits of published or past meetings, latest first."""
    now = now or timezone.now()
    qs = (
        SiteVisit.objects.exclude(meeting__status=Meeting.Status.DRAFT)
        .select_related("meeting__host_organisation", "meeting__community")
        .prefetch_related("counted_outcomes")
        .annotate(participant_count=Count("meeting__attendances", distinct=True))
        .order_by("-meeting__starts_at", "-id")
    )
    if when == "upcoming":
        qs = qs.filter(meeting__ends_at__gt=now)
    elif when == "past":
        qs = qs.filter(meeting__ends_at__lte=now)
    return qs


def visit_list_latest(*, limit: int = 3) -> list[SiteVisit]:
    """The latest visits for the home page (one query)."""
    return list(
        SiteVisit.objects.exclude(meeting__status=Meeting.Status.DRAFT)
        .select_related("meeting__host_organisation")
        .order_by("-meeting__starts_at", "-id")[:limit]
    )


def visit_get(*, pk: int) -> SiteVisit | None:
    return (
        SiteVisit.objects.exclude(meeting__status=Meeting.Status.DRAFT)
        .select_related("meeting__host_organisation", "meeting__community")
        .prefetch_related(
            "counted_outcomes",
            "photos",
            "follow_up_actions__owner",
            "follow_up_actions__owner_organisation",
        )
        .filter(pk=pk)
        .first()
    )


def visit_participants(*, visit: SiteVisit) -> QuerySet[Attendance]:
    return visit.meeting.attendances.select_related("organisation").order_by(
        "organisation__name_mn", "full_name"
    )


def convention_get(*, year: int) -> Meeting | None:
    """The year's convention (published or past), with its programme, accepted reports and joint plan."""
    return (
        Meeting.objects.filter(format=Meeting.Format.CONVENTION, starts_at__year=year)
        .exclude(status=Meeting.Status.DRAFT)
        .select_related("community", "host_organisation")
        .prefetch_related(
            "agenda_items__speaker_organisation",
            Prefetch(
                "progress_reports",
                queryset=ConventionReport.objects.filter(
                    status=ConventionReport.Status.ACCEPTED
                ).select_related("organisation"),
                to_attr="accepted_reports",
            ),
            Prefetch(
                "joint_plan_items",
                queryset=JointPlanItem.objects.select_related("lead_organisation"),
            ),
        )
        .order_by("starts_at")
        .first()
    )


def convention_years() -> list[int]:
    return sorted(
        {
            d.year
            for d in Meeting.objects.filter(format=Meeting.Format.CONVENTION)
            .exclude(status=Meeting.Status.DRAFT)
            .dates("starts_at", "year")
        },
        reverse=True,
    )


# --- a member's participation record (read by insights) ---------------------------------------


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


def proposal_list_accepted_of(*, user):
    from .proposals.models import Proposal

    return Proposal.objects.filter(proposer=user, status=Proposal.Status.ACCEPTED).order_by("answered_at")
