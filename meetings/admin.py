"""Coordinators' back office for meetings, the convention and site visits.

Every action goes through the services, so permissions, locking, SEQUENCE bumps and
e-mails are the same as on the public pages.
"""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    AgendaItem,
    Attendance,
    ConventionReport,
    FollowUpAction,
    JointPlanItem,
    Material,
    Meeting,
    Registration,
    SiteVisit,
    SiteVisitOutcome,
    SiteVisitPhoto,
)

PUBLISHED_N = _("%(n)s meeting(s) published.")
CANCELLED_N = _("%(n)s meeting(s) cancelled; %(people)s registrant(s) will be told by e-mail.")
DUPLICATED_N = _("%(n)s draft copy(ies) created; review and publish them.")
SCHEDULED_N = _("%(n)s draft meeting(s) scheduled; skipped dates that already had a meeting: %(skipped)s.")
MARKED_N = _("%(n)s attendance record(s) added.")
REVIEWED_N = _("%(n)s report(s) reviewed.")
CHOOSE_ONE = _("Choose exactly one meeting for this action.")

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
NTH_CHOICES = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))]


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered or waitlisted, and shown on the meeting page."),
    )


class SeriesForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many months"), min_value=1, max_value=services.SERIES_MAX, initial=6
    )
    nth = forms.TypedChoiceField(label=_("Which week"), choices=NTH_CHOICES, coerce=int)
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=WEEKDAY_CHOICES, coerce=int)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "file", "members_only"]


class JointPlanItemInline(admin.TabularInline):
    model = JointPlanItem
    extra = 0


class DateFilter(admin.SimpleListFilter):
    title = _("date")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past")), ("this_year", _("This year"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gt=now)
        if self.value() == "past":
            return queryset.filter(ends_at__lte=now)
        if self.value() == "this_year":
            return queryset.filter(starts_at__year=timezone.localtime(now).year)
        return queryset


def _write_registrations_csv(meetings) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registrations-attendance.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 (Mongolian Cyrillic) correctly with a BOM.
    writer = csv.writer(response)
    writer.writerow(
        [
            "meeting_id",
            "meeting",
            "starts_at",
            "format",
            "person",
            "email",
            "organisation",
            "level",
            "gender",
            "registration_status",
            "registered_at",
            "attended",
            "walk_in",
        ]
    )
    meeting_ids = [m.pk for m in meetings]
    attendances = list(
        Attendance.objects.filter(meeting_id__in=meeting_ids).select_related("organisation").order_by("id")
    )
    by_user = {(a.meeting_id, a.user_id): a for a in attendances if a.user_id is not None}
    seen = set()
    registrations = (
        Registration.objects.filter(meeting_id__in=meeting_ids)
        .select_related("meeting", "user__organisation")
        .order_by("meeting__starts_at", "queued_at", "id")
    )
    for r in registrations:
        seen.add((r.meeting_id, r.user_id))
        org = r.user.organisation
        writer.writerow(
            [
                r.meeting_id,
                r.meeting.title,
                timezone.localtime(r.meeting.starts_at).isoformat(),
                r.meeting.format,
                r.user.get_full_name(),
                r.user.email,
                org.name if org else "",
                org.level if org else "",
                r.user.gender,
                r.status,
                timezone.localtime(r.queued_at).isoformat(),
                "yes" if (r.meeting_id, r.user_id) in by_user else "no",
                "",
            ]
        )
    meetings_by_id = {m.pk: m for m in meetings}
    # People present without a registration: walk-ins, members or guests.
    for att in attendances:
        if att.user_id is not None and (att.meeting_id, att.user_id) in seen:
            continue
        meeting = meetings_by_id[att.meeting_id]
        writer.writerow(
            [
                att.meeting_id,
                meeting.title,
                timezone.localtime(meeting.starts_at).isoformat(),
                meeting.format,
                att.full_name,
                "",
                att.organisation.name if att.organisation else "",
                att.organisation.level if att.organisation else "",
                att.gender,
                "",
                "",
                "yes",
                "yes" if att.is_walk_in else "",
            ]
        )
    return response


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
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

    def get_inlines(self, request, obj):
        if obj is not None and obj.format == Meeting.Format.CONVENTION:
            return [*self.inlines, JointPlanItemInline]
        return self.inlines

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

    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Material) and instance.uploaded_by_id is None:
                instance.uploaded_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def _run(self, request, queryset, fn, message):
        done = 0
        for meeting in queryset:
            try:
                if fn(meeting):
                    done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{meeting}: {_error_text(error)}", messages.ERROR)
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
                    self.message_user(request, f"{meeting}: {_error_text(error)}", messages.ERROR)
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
                self.message_user(request, _error_text(error), messages.ERROR)
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
                self.message_user(request, f"{meeting}: {_error_text(error)}", messages.ERROR)
        self.message_user(request, MARKED_N % {"n": total}, messages.SUCCESS)

    @admin.action(description=_("Export registrations and attendance as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return _write_registrations_csv(list(queryset))

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


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "meeting", "status", "queued_at", "promoted_at"]
    list_filter = ["status", "meeting__format", "meeting__community"]
    search_fields = ["user__full_name", "user__email", "meeting__title_mn"]
    list_select_related = ["user", "meeting"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["queued_at", "confirmed_at", "promoted_at", "cancelled_at"]
    actions = ["mark_attended", "cancel_registrations"]

    def has_add_permission(self, request):
        # Seats are given by the services (capacity and waitlist), not typed in.
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_("Mark selected registrants as attended"), permissions=["view"])
    def mark_attended(self, request, queryset):
        total = 0
        by_meeting: dict[int, list[Registration]] = {}
        for registration in queryset.select_related("meeting", "user"):
            by_meeting.setdefault(registration.meeting_id, []).append(registration)
        for registrations in by_meeting.values():
            meeting = registrations[0].meeting
            try:
                total += services.attendance_mark(
                    meeting=meeting, registrations=registrations, actor=request.user
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{meeting}: {_error_text(error)}", messages.ERROR)
        self.message_user(request, MARKED_N % {"n": total}, messages.SUCCESS)

    @admin.action(
        description=_("Cancel selected registrations (promotes the waitlist)"), permissions=["view"]
    )
    def cancel_registrations(self, request, queryset):
        for registration in queryset:
            services.rsvp_cancel(registration=registration, actor=request.user)
        self.message_user(
            request,
            ngettext("%(n)s registration processed.", "%(n)s registrations processed.", queryset.count())
            % {"n": queryset.count()},
            messages.SUCCESS,
        )


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["full_name", "meeting", "organisation", "gender", "is_walk_in", "joined_online"]
    list_filter = ["is_walk_in", "joined_online", "gender", "meeting__format", "organisation__level"]
    search_fields = ["full_name", "meeting__title_mn"]
    list_select_related = ["meeting", "organisation"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["registration", "recorded_by"]


@admin.register(ConventionReport)
class ConventionReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "convention", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "convention"]
    list_select_related = ["organisation", "convention"]
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


class SiteVisitOutcomeInline(admin.TabularInline):
    model = SiteVisitOutcome
    extra = 0


class FollowUpActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    raw_id_fields = ["owner"]


class SiteVisitPhotoInline(admin.TabularInline):
    model = SiteVisitPhoto
    extra = 0
    fields = ["image", "caption"]


@admin.register(SiteVisit)
class SiteVisitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "visit_date", "host", "place"]
    list_select_related = ["meeting__host_organisation"]
    search_fields = ["meeting__title_mn", "place"]
    autocomplete_fields = ["meeting"]
    inlines = [SiteVisitOutcomeInline, FollowUpActionInline, SiteVisitPhotoInline]
    actions = ["export_participants_csv"]

    @admin.display(description=_("date"), ordering="meeting__starts_at")
    def visit_date(self, obj):
        return timezone.localtime(obj.meeting.starts_at).date()

    @admin.display(description=_("host organisation"))
    def host(self, obj):
        return obj.meeting.host_organisation

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, SiteVisitPhoto) and instance.uploaded_by_id is None:
                instance.uploaded_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()

    @admin.action(description=_("Export participants and registrations as CSV"), permissions=["view"])
    def export_participants_csv(self, request, queryset):
        return _write_registrations_csv([v.meeting for v in queryset.select_related("meeting")])
