"""Coordinators' back office for the CoPs (the network's tables, kept in ``members``):
approve, decline and close branches through the branch services; co-organisers and members
as inlines."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import admin_overrides
from cop_portal.pagecache import InvalidatesPagesAdmin
from members.admin import reason_action, run_decisions, scoped_to_organisation
from members.models import Community, CommunityMembership, CommunityOrganiser

from . import services


class CommunityMembershipInline(admin.TabularInline):
    model = CommunityMembership
    extra = 0
    autocomplete_fields = ["user"]


class CommunityOrganiserInline(admin.TabularInline):
    model = CommunityOrganiser
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["added_by", "added_at"]


@admin.register(Community)
class CommunityAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    formfield_overrides = admin_overrides()
    list_display = ["name_mn", "host_organisation", "parent", "status", "member_count", "created_at"]
    list_filter = ["status", "host_organisation__level"]
    list_select_related = ["host_organisation", "parent"]
    search_fields = ["name_mn", "name_en", "host_organisation__name_mn"]
    autocomplete_fields = ["host_organisation", "focal_person", "parent"]
    readonly_fields = ["status", "registered_by", "decided_by", "decided_at", "decision_reason"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CommunityOrganiserInline, CommunityMembershipInline]
    actions = ["approve", "decline", "close"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).annotate(_member_count=Count("memberships"))
        scope = scoped_to_organisation(request)
        return qs if scope is None else qs.filter(host_organisation_id=scope)

    @admin.display(description=_("members"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count

    def page_names(self, obj):
        # Meeting cards and the filters show branches' names.
        return (
            f"community:{obj.pk}",
            "community:all",
            f"organisation:{obj.host_organisation_id}",
            "organisation:all",
            "feed:all",
            "labels",
        )

    @admin.action(description=_("Approve the selected branch CoPs"))
    def approve(self, request, queryset):
        run_decisions(
            self, request, queryset, lambda c: services.branch_approve(community=c, actor=request.user)
        )

    @admin.action(description=_("Decline the selected branch CoPs (with a reason)"))
    def decline(self, request, queryset):
        return reason_action(
            self,
            request,
            queryset,
            title=_("Decline branch CoPs"),
            decide=lambda c, reason: services.branch_decline(community=c, actor=request.user, reason=reason),
        )

    @admin.action(description=_("Close the selected branch CoPs"))
    def close(self, request, queryset):
        run_decisions(
            self, request, queryset, lambda c: services.branch_close(community=c, actor=request.user)
        )
