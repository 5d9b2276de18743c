"""Back office of gender results: the indicator framework (editable until an audit uses a
version; then a new version is made), audits read-only (they move on the site, through the
services), actions managed by coordinators."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import admin_overrides
from cop_portal.pagecache import InvalidatesPagesAdmin

from . import services
from .models import Action, ActionUpdate, Area, Audit, AuditRating, Award, Framework, Indicator, Measure
from .services.actions import action_page_names

FRAMEWORK_IN_USE = _("Audits use this version: make a new version to change the indicators.")


def _in_use(framework) -> bool:
    return framework is not None and framework.pk is not None and framework.audits.exists()


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["position", "name_mn", "name_en"]
    show_change_link = True


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["position", "code", "name_mn", "name_en", "unit"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["version", "name_mn", "name_en", "is_current"]
    readonly_fields = ["is_current"]
    inlines = [AreaInline, MeasureInline]
    actions = ["new_version", "make_current"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _in_use(obj)

    @admin.action(description=_("Make a new version (a copy to edit)"), permissions=["add"])
    def new_version(self, request, queryset):
        for framework in queryset:
            copy = services.framework_new_version(framework=framework, actor=request.user)
            self.message_user(request, _("Version %(v)s created.") % {"v": copy.version}, messages.SUCCESS)

    @admin.action(description=_("Use for new audits"), permissions=["add"])
    def make_current(self, request, queryset):
        if queryset.count() == 1:
            services.framework_make_current(framework=queryset.get(), actor=request.user)


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name_mn", "name_en", "framework", "position"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    inlines = [IndicatorInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _in_use(getattr(obj, "framework", None))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _in_use(getattr(obj, "framework", None))


class RatingInline(admin.TabularInline):
    model = AuditRating
    extra = 0
    fields = ["indicator", "level", "evidence", "evidence_file"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    formfield_overrides = admin_overrides()
    list_display = ["organisation", "year", "version", "status", "method", "reviewer", "submitted_at"]
    list_filter = ["status", "year", "method", "framework"]
    search_fields = ["organisation__name_mn", "organisation__name_en"]
    list_select_related = ["organisation", "reviewer"]
    inlines = [RatingInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    fields = ["at", "author", "status", "progress", "note", "evidence_file"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    formfield_overrides = admin_overrides()

    def page_names(self, obj):
        return action_page_names(obj)

    list_display = ["title", "owner", "due_on", "status", "progress", "source"]
    list_filter = ["status", "source", "organisations"]
    search_fields = ["title", "title_en", "owner__email", "owner__full_name"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner", "organisations"]
    raw_id_fields = ["audit", "indicator", "visit", "meeting", "proposal"]
    readonly_fields = ["status", "progress", "done_on", "dropped_reason", "legacy_ref", "created_by"]
    date_hierarchy = "due_on"
    inlines = [ActionUpdateInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Award)
class AwardAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    def page_names(self, obj):
        return ("results",)

    list_display = ["title_mn", "organisation", "year", "awarded_by_mn"]
    list_filter = ["year"]
    search_fields = ["title_mn", "title_en", "organisation__name_mn"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "members"]
