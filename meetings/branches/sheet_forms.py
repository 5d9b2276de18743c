"""Input of a branch meeting's own pages: a material to upload and the minutes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Material, Meeting


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "file", "members_only"]


class MinutesForm(forms.ModelForm):
    """The minutes in both languages; the button pressed says whether to publish."""

    class Meta:
        model = Meeting
        fields = ["minutes_mn", "minutes_en"]
        widgets = {
            "minutes_mn": forms.Textarea(attrs={"rows": 8}),
            "minutes_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "minutes_mn": _("Decisions, who does what by when, and the next meeting."),
            "minutes_en": _("Optional: shown to people who read the site in English."),
        }
