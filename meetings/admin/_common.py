"""Messages, small forms, inlines and filters shared by the admin modules."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import admin_overrides

from ..models import (
    AgendaItem,
    Material,
)
from ..validators import image_upload_help_text, upload_help_text

PUBLISHED_N = _("%(n)s meeting(s) published.")
CANCELLED_N = _("%(n)s meeting(s) cancelled; %(people)s registrant(s) will be told by e-mail.")
DUPLICATED_N = _("%(n)s draft copy(ies) created; review and publish them.")
SCHEDULED_N = _("%(n)s draft meeting(s) scheduled; skipped dates that already had a meeting: %(skipped)s.")
MARKED_N = _("%(n)s attendance record(s) added.")
REVIEWED_N = _("%(n)s report(s) reviewed.")
CHOOSE_ONE = _("Choose exactly one meeting for this action.")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    formfield_overrides = admin_overrides()


class UploadLimitsMixin:
    """File fields of the back office state the accepted types and size before a file is picked."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.ImageField):
            field.help_text = image_upload_help_text()
        elif isinstance(db_field, models.FileField):
            field.help_text = upload_help_text()
        return field


class MaterialInline(UploadLimitsMixin, admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "file", "members_only"]


class DateFilter(admin.SimpleListFilter):
    title = _("date")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past")), ("this_year", _("This year"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gt=now)
        if self.value() == "past":
            return queryset.filter(ends_at__lte=now)
        if self.value() == "this_year":
            return queryset.filter(starts_at__year=timezone.localtime(now).year)
        return queryset
