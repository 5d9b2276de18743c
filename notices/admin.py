"""Back office of the outbox: every e-mail with its status; resend the failed or stuck."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery


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
    list_display = ["kind", "user", "subject_type", "subject_id", "status", "due_at", "attempts", "sent_at"]
    list_filter = ["status", "kind", StuckFilter, "due_at"]
    search_fields = ["user__email", "user__full_name", "key"]
    list_select_related = ["user", "subject_type"]
    date_hierarchy = "due_at"
    actions = ["resend_failed"]
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
