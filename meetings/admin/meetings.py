"""Meetings: inlines, filters and the actions (publish, cancel, duplicate, series, attendance, CSV)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import admin_overrides
from cop_portal.errors import error_text
from cop_portal.pagecache import InvalidatesPagesAdmin

from .. import permissions, services
from ..exports import registrations_csv
from ..forms import CancelForm, SeriesForm
from ..models import (
    Meeting,
    Registration,
)
from ._common import (
    CANCELLED_N,
    CHOOSE_ONE,
    DUPLICATED_N,
    MARKED_N,
    PUBLISHED_N,
    SCHEDULED_N,
    AgendaItemInline,
    DateFilter,
    MaterialInline,
)
from ._offsets import MeetingAdminForm


@admin.register(Meeting)
class MeetingAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    form = MeetingAdminForm
    ordering = ["-starts_at"]  # the next and latest meetings first, not the 2019 ones
    # An online link typed without a scheme is an https one (and Django 6's default).
    formfield_overrides = {**admin_overrides(), models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title_mn",
        "starts_at",
        "format",
        "mode",
        "status",
        "community",
        "capacity",
        "confirmed",
        "attended",
    ]
    list_filter = ["format", "status", "mode", "community", DateFilter, "province"]
    search_fields = ["title_mn", "title_en", "venue"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["organiser"]
    readonly_fields = ["sequence", "published_at", "cancelled_at", "series_origin", "attendance_sheet_link"]
    inlines = [AgendaItemInline, MaterialInline]
    actions = [
        "publish",
        "cancel_with_notice",
        "duplicate",
        "schedule_series",
        "mark_confirmed_attended",
        "export_csv",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title_mn",
                    "title_en",
                    "format",
                    "community",
                    "host_organisation",
                    "organiser",
                    "status",
                ]
            },
        ),
        (
            _("Time and place"),
            {"fields": ["starts_at", "ends_at", "mode", "venue", "province", "online_url"]},
        ),
        (_("Registration"), {"fields": ["capacity", "registration_opens_at", "registration_closes_at"]}),
        (
            _("Description and minutes"),
            {
                "fields": [
                    "description_mn",
                    "description_en",
                    "minutes_mn",
                    "minutes_en",
                    "minutes_published_at",
                ]
            },
        ),
        (_("Reminders"), {"fields": ["reminders_enabled", "reminder_offsets_hours", "reminder_message"]}),
        (
            _("Record"),
            {
                "fields": [
                    "sequence",
                    "published_at",
                    "cancelled_at",
                    "cancellation_reason",
                    "series_origin",
                    "attendance_sheet_link",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("community")
            .annotate(
                n_confirmed=Count(
                    "registrations",
                    filter=Q(registrations__status=Registration.Status.CONFIRMED),
                    distinct=True,
                ),
                n_attended=Count("attendances", distinct=True),
            )
        )

    @admin.display(description=_("confirmed"), ordering="n_confirmed")
    def confirmed(self, obj):
        return obj.n_confirmed

    @admin.display(description=_("attended"), ordering="n_attended")
    def attended(self, obj):
        return obj.n_attended

    @admin.display(description=_("attendance sheet"))
    def attendance_sheet_link(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("meetings:attendance-sheet", args=[obj.pk]),
            _("Open the attendance sheet"),
        )

    def page_names(self, obj):
        return (f"meeting:{obj.pk}", "feed:all", "seats", "insights")

    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        services.meeting_children_save(
            meeting=form.instance, actor=request.user, saved=saved, deleted=formset.deleted_objects
        )
        formset.save_m2m()

    def _run(self, request, queryset, fn, message):
        done = 0
        for meeting in queryset:
            try:
                if fn(meeting):
                    done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{meeting}: {error_text(error)}", messages.ERROR)
        if done:
            self.message_user(request, message % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Publish selected meetings"), permissions=["change"])
    def publish(self, request, queryset):
        self._run(
            request, queryset, lambda m: services.meeting_publish(meeting=m, actor=request.user), PUBLISHED_N
        )

    @admin.action(description=_("Cancel selected meetings and notify registrants"), permissions=["change"])
    def cancel_with_notice(self, request, queryset):
        form = CancelForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = people = 0
            for meeting in queryset:
                try:
                    people += services.meeting_cancel(
                        meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                    done += 1
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, f"{meeting}: {error_text(error)}", messages.ERROR)
            if done:
                self.message_user(request, CANCELLED_N % {"n": done, "people": people}, messages.SUCCESS)
            return None
        return self._intermediate(request, queryset, form, "cancel_with_notice", _("Cancel meetings"))

    @admin.action(description=_("Duplicate selected meetings (as drafts, a week later)"), permissions=["add"])
    def duplicate(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: services.meeting_duplicate(meeting=m, actor=request.user),
            DUPLICATED_N,
        )

    @admin.action(description=_("Schedule the next N monthly meetings by pattern"), permissions=["add"])
    def schedule_series(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, CHOOSE_ONE, messages.ERROR)
            return None
        meeting = queryset.get()
        weekday, nth = services.series_pattern(meeting)
        form = SeriesForm(
            request.POST if "apply" in request.POST else None, initial={"weekday": weekday, "nth": nth}
        )
        if form.is_bound and form.is_valid():
            try:
                created, skipped = services.meeting_schedule_series(
                    meeting=meeting,
                    actor=request.user,
                    count=form.cleaned_data["count"],
                    weekday=form.cleaned_data["weekday"],
                    nth=form.cleaned_data["nth"],
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.ERROR)
                return None
            self.message_user(
                request,
                SCHEDULED_N
                % {"n": len(created), "skipped": ", ".join(d.isoformat() for d in skipped) or "—"},
                messages.SUCCESS,
            )
            return None
        return self._intermediate(request, queryset, form, "schedule_series", _("Schedule a monthly series"))

    @admin.action(description=_("Mark all confirmed registrants as attended"), permissions=["change"])
    def mark_confirmed_attended(self, request, queryset):
        total = 0
        for meeting in queryset:
            regs = meeting.registrations.filter(status=Registration.Status.CONFIRMED).select_related("user")
            try:
                total += services.attendance_mark(meeting=meeting, registrations=regs, actor=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{meeting}: {error_text(error)}", messages.ERROR)
        self.message_user(request, MARKED_N % {"n": total}, messages.SUCCESS)

    @admin.action(description=_("Export registrations and attendance as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return registrations_csv(
            list(queryset),
            filename="registrations-attendance.csv",
            every_email=permissions.user_can_read_every_email(request.user),
        )

    def _intermediate(self, request, queryset, form, action, title):
        return TemplateResponse(
            request,
            "admin/meetings/meeting/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": action,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
