"""Convention progress reports and the joint plan."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import (
    ConventionReport,
    JointPlanItem,
)
from ._common import (
    REVIEWED_N,
)


@admin.register(ConventionReport)
class ConventionReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "convention", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "convention"]
    list_select_related = ["organisation", "convention"]
    # Listed so that the review fields (from cop_portal.models.Review) stay after the report.
    fields = [
        "convention",
        "organisation",
        "achievements",
        "indicators_reached",
        "indicators_reached_count",
        "indicators_planned_count",
        "challenges",
        "next_year_plan",
        "status",
        "review_notes",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    readonly_fields = ["submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    actions = ["accept", "return_for_changes"]

    @admin.action(description=_("Accept selected reports"), permissions=["change"])
    def accept(self, request, queryset):
        for report in queryset:
            services.convention_report_review(report=report, actor=request.user, accept=True)
        self.message_user(request, REVIEWED_N % {"n": queryset.count()}, messages.SUCCESS)

    @admin.action(description=_("Return selected reports for changes"), permissions=["change"])
    def return_for_changes(self, request, queryset):
        for report in queryset:
            services.convention_report_review(report=report, actor=request.user, accept=False)
        self.message_user(request, REVIEWED_N % {"n": queryset.count()}, messages.SUCCESS)


@admin.register(JointPlanItem)
class JointPlanItemAdmin(admin.ModelAdmin):
    list_display = ["action_mn", "convention", "lead_organisation", "due_on", "status"]
    list_filter = ["status", "convention"]
    list_editable = ["status"]
