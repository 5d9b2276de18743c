"""Back office of the outbox: every e-mail with its status; resend the failed or stuck."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import BouncingAddress, Delivery
from .services.bounces import address_bounce_clear


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

    @admin.action(description=_("Resend the selected failed, held or stuck e-mails"), permissions=["change"])
    def resend_failed(self, request, queryset):
        try:
            count = services.deliveries_resend(deliveries=list(queryset), actor=request.user)
        except ValueError as exc:
            self.message_user(request, str(exc), messages.WARNING)
            return
        self.message_user(
            request, ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count
        )


@admin.register(BouncingAddress)
class BouncingAddressAdmin(admin.ModelAdmin):
    """The addresses mail servers refuse: coordinators see whom to contact another way."""

    list_display = ["email", "user", "code", "reason", "bounced_at", "refusals"]
    search_fields = ["email", "user__full_name"]
    list_select_related = ["user"]
    date_hierarchy = "bounced_at"
    actions = ["clear"]
    readonly_fields = [f.name for f in BouncingAddress._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # clearing goes through the action: it releases the held e-mails

    @admin.action(
        description=_("The selected addresses work again: send their held e-mails"), permissions=["change"]
    )
    def clear(self, request, queryset):
        released = sum(address_bounce_clear(email=row.email, actor=request.user) for row in list(queryset))
        self.message_user(
            request,
            ngettext("%d held e-mail queued again.", "%d held e-mails queued again.", released) % released,
        )
