"""What the meetings app knows that the library indexes: visits' good practices, materials,
minutes, accepted convention reports and joint plans. Each read returns only what the
public pages show (never drafts), with the joins the index needs."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import AgendaItem, ConventionReport, JointPlanItem, Material, Meeting, SiteVisit


def visit_list_for_library() -> QuerySet[SiteVisit]:
    """Visits of published or past meetings (cancelled ones too: what was planned still teaches)."""
    return (
        SiteVisit.objects.exclude(meeting__status__in=Meeting.NOT_PUBLIC)
        .select_related("meeting__host_organisation")
        .prefetch_related("counted_outcomes")
    )


def material_list_for_library() -> QuerySet[Material]:
    """Materials of meetings the public pages show; ``members_only`` says who may read each."""
    return Material.objects.exclude(meeting__status__in=Meeting.NOT_PUBLIC).select_related(
        "meeting__host_organisation"
    )


def meeting_list_with_minutes() -> QuerySet[Meeting]:
    """Meetings the public pages show whose minutes are written."""
    return (
        Meeting.objects.exclude(status__in=Meeting.NOT_PUBLIC)
        .exclude(minutes_mn="", minutes_en="")
        .select_related("host_organisation")
    )


def convention_report_list_accepted() -> QuerySet[ConventionReport]:
    """Accepted progress reports (the convention page shows them)."""
    return (
        ConventionReport.objects.filter(status=ConventionReport.Status.ACCEPTED)
        .exclude(convention__status__in=Meeting.NOT_PUBLIC)
        .select_related("convention", "organisation")
    )


def joint_plan_item_list() -> QuerySet[JointPlanItem]:
    """Actions of the joint plans of conventions the public pages show."""
    return JointPlanItem.objects.exclude(convention__status__in=Meeting.NOT_PUBLIC).select_related(
        "convention", "lead_organisation"
    )


def agenda_item_list_for_speakers(*, names) -> QuerySet[AgendaItem]:
    """Sessions of public meetings given by people of these names (spelt as in the agenda),
    latest first: the experts' roster shows what each has given."""
    names = [n for n in names if n]
    return (
        AgendaItem.objects.filter(speaker__in=names)
        .exclude(meeting__status__in=Meeting.NOT_PUBLIC)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position", "id")
    )
