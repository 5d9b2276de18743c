"""Site visits with outcomes, follow-up actions and photos."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.pagecache import InvalidatesPagesAdmin

from .. import permissions, services
from ..exports import registrations_csv
from ..models import (
    SiteVisit,
    SiteVisitOutcome,
    SiteVisitPhoto,
)
from ._common import UploadLimitsMixin


class SiteVisitOutcomeInline(admin.TabularInline):
    model = SiteVisitOutcome
    extra = 0


class SiteVisitPhotoInline(UploadLimitsMixin, admin.TabularInline):
    model = SiteVisitPhoto
    extra = 0
    fields = ["image", "caption"]


@admin.register(SiteVisit)
class SiteVisitAdmin(UploadLimitsMixin, InvalidatesPagesAdmin, admin.ModelAdmin):
    list_display = ["__str__", "visit_date", "host", "place"]
    list_select_related = ["meeting__host_organisation"]
    search_fields = ["meeting__title_mn", "place"]
    autocomplete_fields = ["meeting"]
    inlines = [SiteVisitOutcomeInline, SiteVisitPhotoInline]
    actions = ["export_participants_csv"]

    @admin.display(description=_("date"), ordering="meeting__starts_at")
    def visit_date(self, obj):
        return timezone.localtime(obj.meeting.starts_at).date()

    @admin.display(description=_("host organisation"))
    def host(self, obj):
        return obj.meeting.host_organisation

    def page_names(self, obj):
        return (f"meeting:{obj.meeting_id}", "feed:all")

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        services.visit_children_save(
            visit=form.instance, actor=request.user, saved=saved, deleted=formset.deleted_objects
        )
        formset.save_m2m()

    @admin.action(description=_("Export participants and registrations as CSV"), permissions=["view"])
    def export_participants_csv(self, request, queryset):
        return registrations_csv(
            [v.meeting for v in queryset.select_related("meeting")],
            filename="registrations-attendance.csv",
            every_email=permissions.user_can_read_every_email(request.user),
        )
