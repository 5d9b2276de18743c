"""Input of the meetings pages: list filters, the attendance sheet, walk-ins, reports, and the
cancel and series forms shared by the admin and the branch pages."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cop_portal import pagecache
from members.models import Community, Organisation, Province, User

from .models import ConventionReport, Meeting
from .services import SERIES_MAX

ERROR_WALK_IN_UNKNOWN_EMAIL = _("No approved member has this e-mail address; leave it empty for a guest.")


def _cached_choices(name: str, load) -> list[tuple[str, str]]:
    return pagecache.cached(
        f"filter-choices:{name}",
        names=(f"{name}:all",),
        audience="public",
        build=lambda: [("", str(_("All")))] + [(slug, str(label)) for slug, label in load()],
        timeout=3600,
    )


def _community_choices():
    return _cached_choices(
        "community",
        lambda: [
            (c.slug, c.name)
            for c in Community.objects.filter(status=Community.Status.APPROVED).only(
                "slug", "name_mn", "name_en"
            )
        ],
    )


def _organisation_choices():
    return _cached_choices(
        "organisation",
        lambda: [
            (o.slug, o.name)
            for o in Organisation.objects.filter(is_active=True).only(
                "slug", "name_mn", "name_en", "short_name"
            )
        ],
    )


class MeetingFilterForm(forms.Form):
    """GET filters of /meetings/; unknown values are ignored rather than refused."""

    WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]

    when = forms.ChoiceField(label=_("When"), choices=WHEN_CHOICES, required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    mode = forms.ChoiceField(label=_("Mode"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)
    organisation = forms.ChoiceField(label=_("Host organisation"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["format"].choices = every + list(Meeting.Format.choices)
        self.fields["mode"].choices = every + list(Meeting.Mode.choices)
        self.fields["province"].choices = every + list(Province.choices)
        # Callables: read only when a filter is validated or the form is rendered (the list
        # caches the rendered form), and then from the cache rather than two tables.
        self.fields["community"].choices = _community_choices
        self.fields["organisation"].choices = _organisation_choices

    def filters(self) -> dict:
        """The valid, non-empty filters; an invalid value (a stale link) is dropped, not refused."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class WalkInForm(forms.Form):
    email = forms.EmailField(
        label=_("Member's e-mail address"),
        required=False,
        help_text=_("For a member who came without registering. Leave empty for a guest."),
    )
    full_name = forms.CharField(label=_("Guest's full name"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Guest's organisation"), queryset=Organisation.objects.none(), required=False
    )
    gender = forms.ChoiceField(
        label=_("Guest's gender"), choices=[("", "—"), *User.Gender.choices], required=False
    )
    joined_online = forms.BooleanField(label=_("Joined online"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        email = data.get("email")
        data["user"] = None
        if email:
            user = get_user_model().objects.filter(email__iexact=email, status=User.Status.APPROVED).first()
            if user is None:
                raise forms.ValidationError(ERROR_WALK_IN_UNKNOWN_EMAIL)
            data["user"] = user
        return data


class ConventionReportForm(forms.ModelForm):
    class Meta:
        model = ConventionReport
        fields = [
            "achievements",
            "indicators_reached",
            "indicators_reached_count",
            "indicators_planned_count",
            "challenges",
            "next_year_plan",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("achievements", "indicators_reached", "challenges", "next_year_plan")
        }


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
    """Cancelling a meeting, in the admin and on a branch's pages."""

    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone registered or waitlisted, and shown on the meeting page."),
    )


class SeriesForm(forms.Form):
    """A monthly series (the nth weekday), in the admin and on a branch's pages."""

    count = forms.IntegerField(label=_("How many months"), min_value=1, max_value=SERIES_MAX, initial=6)
    nth = forms.TypedChoiceField(label=_("Which week"), choices=NTH_CHOICES, coerce=int)
    weekday = forms.TypedChoiceField(label=_("Day of the week"), choices=WEEKDAY_CHOICES, coerce=int)
