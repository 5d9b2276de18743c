"""Input of the branch pages: registering a branch, its meetings, its settings and
co-organisers, and a meeting's materials and minutes."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import PageDateField, PageDateTimeField
from meetings.models import Material, Meeting
from meetings.validators import upload_accept, upload_help_text
from members.models import User

ERROR_ENDS_BEFORE_START = _("The meeting must end after it starts.")
ERROR_WINDOW = _("Registration must close after it opens.")
ERROR_VENUE = _("Give the venue of a meeting held in person.")
ERROR_ONLINE_URL = _("Give the online link of a meeting held online.")

# The annual convention is the whole CoP's; a branch holds every other format.
BRANCH_FORMATS = [
    (value, label) for value, label in Meeting.Format.choices if value != Meeting.Format.CONVENTION
]


def _when(label, required=True, help_text=""):
    # Typed the page's way (cop_portal.dates) in Ulaanbaatar time (the site's time zone), shown
    # back in it: a native datetime-local input would follow the browser's locale instead.
    return PageDateTimeField(label=label, required=required, help_text=help_text or None)


class BranchMeetingForm(forms.ModelForm):
    """A meeting of the branch; its community is the branch's, never a field."""

    format = forms.ChoiceField(label=_("Format"), choices=BRANCH_FORMATS)
    starts_at = _when(_("Starts at"))
    ends_at = _when(_("Ends at"))
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to members with a confirmed registration."),
    )
    registration_opens_at = _when(_("Registration opens at"), False, _("Blank: open as soon as published."))
    registration_closes_at = _when(
        _("Registration closes at"), False, _("Blank: open until the meeting starts.")
    )

    class Meta:
        model = Meeting
        fields = [
            "title_mn",
            "title_en",
            "format",
            "starts_at",
            "ends_at",
            "mode",
            "venue",
            "province",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "description_mn",
            "description_en",
        ]
        widgets = {
            "description_mn": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capacity = self.fields["capacity"]
        capacity.validators.append(MinValueValidator(1))
        capacity.widget.attrs["min"] = 1
        if self.instance.pk and self.instance.format == Meeting.Format.CONVENTION:
            self.fields["format"].choices = Meeting.Format.choices

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", ERROR_ENDS_BEFORE_START)
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", ERROR_WINDOW)
        mode = data.get("mode")
        if mode in (Meeting.Mode.IN_PERSON, Meeting.Mode.HYBRID) and not data.get("venue"):
            self.add_error("venue", ERROR_VENUE)
        if mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID) and not data.get("online_url"):
            self.add_error("online_url", ERROR_ONLINE_URL)
        return data


class SettingsForm(forms.Form):
    meetings_reviewed = forms.BooleanField(
        label=_("A coordinator reviews our meetings before they are published"),
        required=False,
        help_text=_("When ticked, publishing a meeting sends it to the coordinators, who publish it."),
    )


ERROR_ORGANISER_ONE = _("Choose a member of the branch, or give the e-mail address of another member.")


class OrganiserForm(forms.Form):
    """A co-organiser chosen among the branch's members, or named by e-mail address when they
    have not joined the branch (the directory may hide their address)."""

    user = forms.ModelChoiceField(
        label=_("Member of the branch"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose a member"),
        help_text=_("Co-organisers run the branch's meetings as you do."),
    )
    email = forms.EmailField(
        label=_("Or the e-mail address of another member"),
        required=False,
        help_text=_("An approved member who has not joined the branch."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name()} — {u.organisation.name}" if u.organisation_id else u.get_full_name()
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("email")):
            raise forms.ValidationError(ERROR_ORGANISER_ONE)
        return data


class BranchRegisterForm(forms.Form):
    name_mn = forms.CharField(label=_("Name in Mongolian"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose and charter"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What the branch CoP will work on, how often it meets, who can join."),
    )
    founded_on = PageDateField(
        label=_("Founding date"),
        required=False,
        help_text=_("Leave empty to use the date of approval."),
    )
    focal_person = forms.ModelChoiceField(
        label=_("Focal person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A member of your organisation; you when left empty."),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.fields["focal_person"].queryset = User.objects.filter(
                organisation=organisation, status=User.Status.APPROVED, is_active=True
            ).order_by("full_name")


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "file", "members_only"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = upload_help_text()
        field.widget.attrs["accept"] = upload_accept()


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
