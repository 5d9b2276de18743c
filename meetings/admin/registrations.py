"""Registrations and attendance."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cop_portal.errors import error_text
from cop_portal.pagecache import InvalidatesPagesAdmin

from .. import services
from ..models import (
    Attendance,
    Registration,
)
from ._common import (
    MARKED_N,
)


@admin.register(Registration)
class RegistrationAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    def page_names(self, obj):
        return (f"meeting:{obj.meeting_id}", "seats", f"member:{obj.user_id}")

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
                self.message_user(request, f"{meeting}: {error_text(error)}", messages.ERROR)
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
class AttendanceAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    def page_names(self, obj):
        return (f"meeting:{obj.meeting_id}", "insights")

    # No gender column or filter: coordinators see gender counted (insights), never per person.
    list_display = ["full_name", "meeting", "organisation", "is_walk_in", "joined_online"]
    list_filter = ["is_walk_in", "joined_online", "meeting__format", "organisation__level"]
    search_fields = ["full_name", "meeting__title_mn"]
    list_select_related = ["meeting", "organisation"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["meeting"]
    readonly_fields = ["registration", "recorded_by"]
