"""Convention progress reports and the joint plan.

A report's status and review notes change only through the review actions, which call
``services.convention_report_review``: it refuses drafts, and a return needs notes (asked
for on an intermediate page)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from cop_portal.errors import error_text
from cop_portal.pagecache import InvalidatesPagesAdmin

from .. import services
from ..models import (
    ConventionReport,
)
from ._common import (
    REVIEWED_N,
)


class ReturnNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("What to change"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown to the report's writer, who edits the report and submits it again."),
    )


@admin.register(ConventionReport)
class ConventionReportAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    def page_names(self, obj):
        return (f"meeting:{obj.convention_id}",)

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
    readonly_fields = ["status", "review_notes", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    actions = ["accept", "return_for_changes"]

    def _review(self, request, queryset, *, accept: bool, notes: str = "") -> None:
        done = 0
        for report in queryset:
            try:
                services.convention_report_review(
                    report=report, actor=request.user, accept=accept, notes=notes
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{report}: {error_text(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, REVIEWED_N % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Accept selected reports"), permissions=["change"])
    def accept(self, request, queryset):
        self._review(request, queryset, accept=True)

    @admin.action(description=_("Return selected reports for changes"), permissions=["change"])
    def return_for_changes(self, request, queryset):
        form = ReturnNotesForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._review(request, queryset, accept=False, notes=form.cleaned_data["notes"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return reports for changes"),
            "form": form,
            "queryset": queryset.select_related("organisation", "convention"),
            "opts": self.model._meta,
            "action": "return_for_changes",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/conventionreport/return_form.html", context)
