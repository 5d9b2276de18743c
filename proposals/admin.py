"""Back office of proposals: read-only lists to search and filter. Answers and hiding happen
on the proposal's page, through the services (history, e-mails)."""

from django.contrib import admin

from .models import Proposal, ProposalEvent, ProposalSupport


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    fields = ["created_at", "action", "status", "actor", "note", "meeting"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(_ReadOnly):
    list_display = ["title", "kind", "status", "community", "proposer", "created_at", "hidden_at"]
    list_filter = ["status", "kind", "community", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "description", "proposer__email", "proposer__full_name"]
    list_select_related = ["community", "proposer"]
    date_hierarchy = "created_at"
    inlines = [ProposalEventInline]


@admin.register(ProposalSupport)
class ProposalSupportAdmin(_ReadOnly):
    list_display = ["proposal", "user", "created_at"]
    search_fields = ["proposal__title", "user__email", "user__full_name"]
    list_select_related = ["proposal", "user"]
