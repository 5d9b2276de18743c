"""Reads about meetings, with the joins the pages need (query counts stay fixed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cop_portal import disclosure
from cop_portal.filtering import given

from ..models import (
    Attendance,
    ConventionReport,
    Material,
    Meeting,
    Registration,
    SiteVisit,
)
from ..permissions import user_can_manage_meeting


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
    # No counts: the paginator's COUNT(*) reads meetings alone (see meeting_list_attach_counts).
    qs = Meeting.objects.exclude(status__in=Meeting.NOT_PUBLIC).select_related(
        "community", "host_organisation", "site_visit"
    )
    if when == "past":
        qs = qs.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    else:
        qs = qs.filter(ends_at__gt=now).order_by("starts_at", "id")
    return qs.filter(
        given(
            format=format,
            mode=mode,
            province=province,
            community__slug=community,
            host_organisation__slug=organisation,
        )
    )


def meeting_list_attach_counts(meetings) -> list[Meeting]:
    """Set ``confirmed_count`` on a page of meetings (one query over the registration index)."""
    meetings = list(meetings)
    confirmed = Registration.objects.filter(meeting__in=meetings, status=Registration.Status.CONFIRMED)
    counts = dict(confirmed.order_by().values_list("meeting_id").annotate(n=Count("id")))
    for meeting in meetings:
        meeting.confirmed_count = counts.get(meeting.pk, 0)
    return meetings


def _count_of(qs: QuerySet) -> Coalesce:
    """A correlated count of one meeting's ``qs`` (0 when empty); unlike joins, never multiplied."""
    return Coalesce(Subquery(qs.order_by().values("meeting_id").annotate(n=Count("id")).values("n")), 0)


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
    registrations = Registration.objects.filter(meeting=OuterRef("pk"))
    qs = qs.annotate(
        confirmed_count=_count_of(registrations.filter(status=Registration.Status.CONFIRMED)),
        waitlist_count=_count_of(registrations.filter(status=Registration.Status.WAITLISTED)),
        attendance_count=_count_of(Attendance.objects.filter(meeting=OuterRef("pk"))),
    )
    meeting = qs.filter(pk=pk).first()
    if meeting is None:
        return None
    # Drafts and meetings awaiting review are seen by those who run them.
    if meeting.status in Meeting.NOT_PUBLIC and not user_can_manage_meeting(viewer, meeting):
        return None
    return meeting


@dataclass(frozen=True)
class MeetingCounts:
    """The counts of people a meeting page shows; ``rounded`` when they are public figures."""

    taken: int
    waitlist: int
    attended: int
    rounded: bool


def meeting_seats_taken_public(meeting: Meeting) -> int:
    """Seats taken as the public lists show them: rounded like every public count (the same
    rounding as on the meeting's page), never above the capacity."""
    taken = disclosure.publish(("meeting", meeting.pk, "registered"), getattr(meeting, "confirmed_count", 0))
    return min(taken, meeting.capacity) if meeting.capacity else taken


def meeting_attended_public(meeting_id: int, attended: int) -> int:
    """A meeting's attendance as visitors read it, on its page and in the site visits' list."""
    return disclosure.publish(("meeting", meeting_id, "attended"), attended)


def meeting_counts_shown(meeting: Meeting, *, exact: bool) -> MeetingCounts:
    """Registrations, waitlist and attendance of a meeting read with ``meeting_get_public``:
    exact for those who may see them (``permissions.user_sees_exact_counts``), otherwise each
    rounded on its own by the public rule, so that no page gives a visitor an exact count
    the public figures hide (one meeting's attendance is a row of the public tables)."""
    taken = getattr(meeting, "confirmed_count", 0)
    waitlist = getattr(meeting, "waitlist_count", 0)
    attended = getattr(meeting, "attendance_count", 0)
    if exact:
        return MeetingCounts(taken, waitlist, attended, rounded=False)
    return MeetingCounts(
        taken=meeting_seats_taken_public(meeting),
        waitlist=disclosure.publish(("meeting", meeting.pk, "waitlisted"), waitlist),
        attended=meeting_attended_public(meeting.pk, attended),
        rounded=True,
    )


def meeting_seats_left(meeting: Meeting) -> int | None:
    """Free seats of a meeting read with ``confirmed_count`` (as ``meeting_get_public`` and
    ``meeting_list_public`` give it); None when the capacity is unlimited."""
    if meeting.capacity is None:
        return None
    return max(meeting.capacity - meeting.confirmed_count, 0)


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


def meeting_count_awaiting_review() -> int:
    """How many meetings wait for a coordinator to publish them (one query)."""
    return Meeting.objects.filter(status=Meeting.Status.REVIEW).count()


def meeting_waitlist_count(meeting: Meeting) -> int:
    """How many people wait for a seat of ``meeting`` (one query)."""
    return Registration.objects.filter(meeting=meeting, status=Registration.Status.WAITLISTED).count()


def registration_list_for_user(*, user, past: bool, now: dt.datetime | None = None) -> QuerySet[Registration]:
    """The user's registrations for meetings not yet over (soonest first) or over (latest first, with
    ``attended``); cancelled ones included."""
    qs = Registration.objects.filter(user=user).exclude(meeting__status__in=Meeting.NOT_PUBLIC)
    qs = qs.select_related("meeting__community", "meeting__host_organisation")
    if not past:
        return qs.filter(meeting__ends_at__gt=now or timezone.now()).order_by("meeting__starts_at", "id")
    came = Attendance.objects.filter(meeting_id=OuterRef("meeting_id"), user=user)
    qs = qs.filter(meeting__ends_at__lte=now or timezone.now()).annotate(attended=Exists(came))
    return qs.order_by("-meeting__starts_at", "-id")


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
    qs = Meeting.objects.exclude(status__in=Meeting.NOT_PUBLIC).select_related(
        "community", "host_organisation"
    )
    if user is not None:
        # The user's own registration must be live (others' cancellations do not matter).
        mine = Registration.objects.filter(meeting=OuterRef("pk"), user=user)
        qs = qs.filter(Exists(mine.exclude(status=Registration.Status.CANCELLED)))
    # The window: 12 months back and everything ahead keeps the feed small for calendar apps.
    return qs.filter(ends_at__gte=timezone.now() - dt.timedelta(days=365)).order_by("starts_at", "id")


def user_get_by_calendar_token(*, token: str):
    """The active member whose secret feed link holds ``token``, or None (unknown or revoked)."""
    return get_user_model().objects.filter(calendar_token=token, is_active=True).first()


def registration_meeting_ids_confirmed(*, user, meetings) -> frozenset[int]:
    """Which of ``meetings`` ``user`` holds a confirmed seat for (one query)."""
    return frozenset(
        Registration.objects.filter(
            user=user, meeting__in=meetings, status=Registration.Status.CONFIRMED
        ).values_list("meeting_id", flat=True)
    )


def registration_list_for_export(*, meeting_ids) -> QuerySet[Registration]:
    """Registrations of the meetings, with meeting, member and organisation, for the CSV export."""
    return (
        Registration.objects.filter(meeting_id__in=meeting_ids)
        .select_related("meeting", "user__organisation")
        .order_by("meeting__starts_at", "queued_at", "id")
    )


def attendance_list_for_export(*, meeting_ids) -> QuerySet[Attendance]:
    """Everyone recorded present at the meetings (walk-ins too), for the CSV export."""
    return Attendance.objects.filter(meeting_id__in=meeting_ids).select_related("organisation").order_by("id")


def visit_list(*, when: str = "", now: dt.datetime | None = None) -> QuerySet[SiteVisit]:
    """Site visits of published or past meetings, latest first."""
    now = now or timezone.now()
    qs = (
        SiteVisit.objects.exclude(meeting__status__in=Meeting.NOT_PUBLIC)
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


def visit_list_latest(*, limit: int = 3, now: dt.datetime | None = None) -> list[SiteVisit]:
    """The latest visits that have taken place, for the home page (one query); planned ones are not "recent"."""
    return list(
        SiteVisit.objects.exclude(meeting__status__in=[*Meeting.NOT_PUBLIC, Meeting.Status.CANCELLED])
        .filter(meeting__starts_at__lte=now or timezone.now())
        .select_related("meeting__host_organisation")
        .order_by("-meeting__starts_at", "-id")[:limit]
    )


def visit_get(*, pk: int) -> SiteVisit | None:
    return (
        SiteVisit.objects.exclude(meeting__status__in=Meeting.NOT_PUBLIC)
        .select_related("meeting__host_organisation", "meeting__community")
        .prefetch_related(
            "counted_outcomes",
            "photos",
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
        .exclude(status__in=Meeting.NOT_PUBLIC)
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
        )
        .order_by("starts_at")
        .first()
    )


def convention_list():
    """Every convention held or announced (no drafts), the latest first."""
    qs = Meeting.objects.filter(format=Meeting.Format.CONVENTION).exclude(status__in=Meeting.NOT_PUBLIC)
    return qs.select_related("host_organisation").order_by("-starts_at", "-id")


def convention_report_get(*, convention: Meeting, organisation_id: int | None) -> ConventionReport | None:
    """The organisation's progress report for this convention, if it has started one."""
    if organisation_id is None:
        return None
    return ConventionReport.objects.filter(convention=convention, organisation_id=organisation_id).first()


def convention_report_for(
    *, convention: Meeting | None, year: int, organisation_id: int | None
) -> ConventionReport | None:
    """The organisation's report for ``year``: the convention's, else a draft written before the
    convention was scheduled (one query)."""
    if organisation_id is None:
        return None
    early = Q(convention__isnull=True, year=year)
    match = early | Q(convention=convention) if convention is not None else early
    return (
        ConventionReport.objects.filter(match, organisation_id=organisation_id)
        .order_by(F("convention").asc(nulls_last=True))
        .first()
    )


def convention_years() -> list[int]:
    return sorted(
        {
            d.year
            for d in Meeting.objects.filter(format=Meeting.Format.CONVENTION)
            .exclude(status__in=Meeting.NOT_PUBLIC)
            .dates("starts_at", "year")
        },
        reverse=True,
    )
