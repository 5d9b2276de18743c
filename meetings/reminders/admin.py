"""Back office of the reminders: every delivery with its status, and per-meeting counts."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Delivery, MeetingDeliverySummary
from . import selectors, services


class StuckFilter(admin.SimpleListFilter):
    title = _("stuck")
    parameter_name = "stuck"

    def lookups(self, request, model_admin):
        return [("yes", _("Stuck in sending after a crash"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            cutoff = timezone.now() - timedelta(seconds=settings.COP_REMINDER_SENDING_TIMEOUT_SECONDS)
            return queryset.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff)
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "kind", "offset_hours", "status", "due_at", "attempts", "sent_at"]
    list_filter = ["status", "kind", StuckFilter, "due_at"]
    search_fields = ["user__email", "user__full_name", "meeting__title_mn", "meeting__title_en"]
    list_select_related = ["meeting", "user"]
    date_hierarchy = "due_at"
    actions = ["resend_failed", "send_meeting_reminders_now"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Resend the selected failed or stuck e-mails"), permissions=["change"])
    def resend_failed(self, request, queryset):
        try:
            count = services.deliveries_resend(deliveries=list(queryset), actor=request.user)
        except ValueError as exc:
            self.message_user(request, str(exc), messages.WARNING)
            return
        self.message_user(
            request, ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count
        )

    @admin.action(description=_("Send reminders for these meetings now"), permissions=["change"])
    def send_meeting_reminders_now(self, request, queryset):
        meetings = {d.meeting for d in queryset.select_related("meeting")}
        _send_now(self, request, meetings)


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
        return obj is None and request.user.has_perm("meetings.change_delivery")

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("meetings.view_delivery")

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
