"""Reads of the branch management pages: the branch, its meetings with their counts, its
co-organisers, and one meeting's registrations, waitlist, materials and CSV rows. Names
follow the directory's rule: a person's name and organisation; their e-mail only where they
chose to show it; never their gender."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from meetings.models import Material, Meeting, Registration
from members.models import Community, CommunityOrganiser, User

WHEN_CHOICES = ("upcoming", "past", "review")
STATUSES = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED, Registration.Status.CANCELLED)


def branch_get(*, slug: str) -> Community | None:
    """A branch CoP (never the root CoP) with what the permission check reads."""
    return (
        Community.objects.select_related("parent", "focal_person", "host_organisation")
        .filter(slug=slug, parent__isnull=False)
        .first()
    )


def branch_meetings(*, community: Community, when: str = "upcoming") -> QuerySet[Meeting]:
    """Every meeting of the branch whatever its status: those not over yet (soonest first),
    those over (latest first), or those awaiting review."""
    qs = Meeting.objects.filter(community=community)
    if when == "review":
        return qs.filter(status=Meeting.Status.REVIEW).order_by("starts_at", "id")
    if when == "past":
        return qs.filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-id")
    return qs.filter(ends_at__gt=timezone.now()).order_by("starts_at", "id")


def branch_meetings_attach_counts(meetings) -> list[Meeting]:
    """Set ``confirmed_count`` and ``waitlist_count`` on a page of meetings (one query)."""
    meetings = list(meetings)
    rows = (
        Registration.objects.filter(meeting__in=meetings)
        .exclude(status=Registration.Status.CANCELLED)
        .order_by()
        .values_list("meeting_id", "status")
        .annotate(n=Count("id"))
    )
    counts = {(meeting_id, status): n for meeting_id, status, n in rows}
    for meeting in meetings:
        meeting.confirmed_count = counts.get((meeting.pk, Registration.Status.CONFIRMED), 0)
        meeting.waitlist_count = counts.get((meeting.pk, Registration.Status.WAITLISTED), 0)
    return meetings


def branch_review_count(*, community: Community) -> int:
    return Meeting.objects.filter(community=community, status=Meeting.Status.REVIEW).count()


def branch_organisers(*, community: Community) -> QuerySet[CommunityOrganiser]:
    return community.organisers.select_related("user__organisation").order_by("added_at", "id")


def branch_meeting_twins(*, community: Community, title: str, starts_at) -> list[Meeting]:
    """The branch's meetings (not cancelled) with the same title or the same start as a meeting
    about to be created: a warning before a duplicate (one query, at most three)."""
    return list(
        Meeting.objects.filter(community=community)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(Q(title_mn__iexact=(title or "").strip()) | Q(starts_at=starts_at))
        .order_by("-starts_at")[:3]
    )


def branch_organiser_candidates(*, community: Community) -> QuerySet[User]:
    """The branch's approved members who could become co-organisers (not the focal person,
    not one already), by name; one query, for the settings page's list."""
    return (
        User.objects.filter(
            community_memberships__community=community, status=User.Status.APPROVED, is_active=True
        )
        .exclude(pk=community.focal_person_id or 0)
        .exclude(organised_communities__community=community)
        .select_related("organisation")
        .order_by("full_name", "email")
    )


def sheet_meeting_get(*, slug: str, pk: int) -> Meeting | None:
    """The meeting ``pk`` if it belongs to the CoP ``slug`` (another CoP's slug finds nothing)."""
    return (
        Meeting.objects.select_related("community__parent", "host_organisation")
        .filter(pk=pk, community__slug=slug)
        .first()
    )


def registration_counts(*, meeting: Meeting) -> dict[str, int]:
    """How many registrations are in each status, in one query."""
    counts = Registration.objects.filter(meeting=meeting).aggregate(
        **{status.value: Count("id", filter=Q(status=status)) for status in STATUSES}
    )
    return {status.value: counts[status.value] or 0 for status in STATUSES}


def registration_list_by_status(*, meeting: Meeting, status: str) -> QuerySet[Registration]:
    """Registrations of one status in queue order (the waitlist's order is first come, first served)."""
    return (
        Registration.objects.filter(meeting=meeting, status=status)
        .select_related("user__organisation")
        .order_by("queued_at", "id")
    )


def material_list(*, meeting: Meeting) -> QuerySet[Material]:
    return Material.objects.filter(meeting=meeting).select_related("uploaded_by").order_by("created_at", "id")
