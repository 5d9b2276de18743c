"""The audit trail in the back office: read-only for everyone, filters, CSV export."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .audit import AuditEvent
from .csv import csv_response


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "content_type", "object_repr"]
    list_filter = [("actor", admin.RelatedOnlyFieldListFilter), "content_type", "action", "at"]
    search_fields = ["actor_label", "object_repr", "action", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    actions = ["export_csv"]
    fields = ["at", "actor", "actor_label", "action", "content_type", "object_id", "object_repr", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Download the selected events as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response, writer = csv_response("audit-trail.csv")
        writer.writerow(["at", "actor", "action", "object type", "object id", "object", "changes"])
        for event in queryset.select_related("content_type"):
            writer.writerow(
                [
                    event.at.isoformat(),
                    event.actor_label,
                    event.action,
                    event.content_type.model if event.content_type else "",
                    event.object_id,
                    event.object_repr,
                    event.changes,
                ]
            )
        return response
