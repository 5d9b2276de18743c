"""Reminder offsets picked from a list of check boxes instead of typed as JSON."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Meeting

# Hours before the start, largest first.
OFFSET_HOURS = [168, 72, 48, 24, 12, 6, 2, 1]


def offset_label(hours: int) -> str:
    if hours % 24 == 0:
        days = hours // 24
        return ngettext("%(n)d day before", "%(n)d days before", days) % {"n": days}
    return ngettext("%(n)d hour before", "%(n)d hours before", hours) % {"n": hours}


class ReminderOffsetsField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=self.offset_choices, required=False, **kwargs)

    @staticmethod
    def offset_choices():
        return [(hours, offset_label(hours)) for hours in OFFSET_HOURS]

    def prepare_value(self, value):
        return [str(v) for v in value or []]

    def clean(self, value):
        return sorted(set(super().clean(value)), reverse=True)


class MeetingAdminForm(forms.ModelForm):
    reminder_offsets_hours = ReminderOffsetsField(
        label=_("Reminders before the start"),
        help_text=_("None ticked: the site default."),
    )

    class Meta:
        model = Meeting
        fields = ["reminder_offsets_hours"]  # the admin adds the others from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reminder_offsets_hours"]
        # An offset saved before the list existed (or through the API) stays visible and kept.
        extra = [h for h in (self.instance.reminder_offsets_hours or []) if h not in OFFSET_HOURS]
        if extra:
            field.choices = sorted(
                [*field.choices, *((h, offset_label(h)) for h in extra)], key=lambda c: -int(c[0])
            )
