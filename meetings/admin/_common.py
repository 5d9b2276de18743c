"""Messages, small forms, inlines and filters shared by the admin modules."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import (
    AgendaItem,
    JointPlanItem,
    Material,
)

PUBLISHED_N = _("%(n)s meeting(s) published.")
CANCELLED_N = _("%(n)s meeting(s) cancelled; %(people)s registrant(s) will be told by e-mail.")
DUPLICATED_N = _("%(n)s draft copy(ies) created; review and publish them.")
SCHEDULED_N = _("%(n)s draft meeting(s) scheduled; skipped dates that already had a meeting: %(skipped)s.")
MARKED_N = _("%(n)s attendance record(s) added.")
REVIEWED_N = _("%(n)s report(s) reviewed.")
CHOOSE_ONE = _("Choose exactly one meeting for this action.")

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
NTH_CHOICES = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered or waitlisted, and shown on the meeting page."),
    )


class SeriesForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many months"), min_value=1, max_value=services.SERIES_MAX, initial=6
    )
    nth = forms.TypedChoiceField(label=_("Which week"), choices=NTH_CHOICES, coerce=int)
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=WEEKDAY_CHOICES, coerce=int)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "file", "members_only"]


class JointPlanItemInline(admin.TabularInline):
    model = JointPlanItem
    extra = 0


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
