"""Back office of the meetings' e-mails: per-meeting counts and "send reminders now" (the
e-mails themselves are the outbox's, ``notices/admin.py``)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import MeetingDeliverySummary
from . import selectors, services


def _send_now(model_admin, request, meetings):
    for meeting in meetings:
        try:
            count = services.meeting_reminders_send_now(meeting=meeting, actor=request.user)
        except ValueError as exc:
            model_admin.message_user(request, f"{meeting}: {exc}", messages.WARNING)
            continue
        model_admin.message_user(
            request,
            ngettext(
                "%(meeting)s: %(count)d reminder queued.", "%(meeting)s: %(count)d reminders queued.", count
            )
            % {"meeting": meeting, "count": count},
        )


@admin.register(MeetingDeliverySummary)
class MeetingDeliverySummaryAdmin(admin.ModelAdmin):
    list_display = ["title_mn", "starts_at", "status", "sent", "failed", "waiting", "skipped"]
    list_filter = ["status"]
    search_fields = ["title_mn", "title_en"]
    actions = ["send_reminders_now"]

    def get_queryset(self, request):
        return selectors.meeting_delivery_summary_list()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Read-only summary; the action checks the permission on deliveries.
        return obj is None and request.user.has_perm("notices.change_delivery")

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("notices.view_delivery")

    @admin.display(description=_("sent"), ordering="deliveries_sent")
    def sent(self, obj):
        return obj.deliveries_sent

    @admin.display(description=_("failed"), ordering="deliveries_failed")
    def failed(self, obj):
        return obj.deliveries_failed

    @admin.display(description=_("waiting"), ordering="deliveries_waiting")
    def waiting(self, obj):
        return obj.deliveries_waiting

    @admin.display(description=_("skipped"), ordering="deliveries_skipped")
    def skipped(self, obj):
        return obj.deliveries_skipped

    @admin.action(description=_("Send reminders for these meetings now"), permissions=["change"])
    def send_reminders_now(self, request, queryset):
        _send_now(self, request, list(queryset))
