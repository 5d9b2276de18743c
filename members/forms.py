"""Forms of the members app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notices.registry import categories

from . import selectors
from .models import Level, Organisation, Province, User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup``)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "mn")
        user.save(update_fields=["full_name", "preferred_language"])


class ApplyForm(forms.Form):
    """A person picks their organisation and applies to join."""

    organisation = forms.ModelChoiceField(
        label=_("Your organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("A contact of this organisation or a coordinator will review your application."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisation_choices()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "position", "phone", "gender", "preferred_language", "contact_visible"]
        help_texts = {
            "gender": _(
                "Optional and self-declared. The CoP counts participation by gender to monitor "
                "gender mainstreaming; your answer is never shown to other members."
            ),
            "preferred_language": _("Used for the e-mails the portal sends you."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["gender"].choices = [("", _("Not stated"))] + list(User.Gender.choices)


class EmailPreferencesForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label=_("Send me these e-mails"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = list(categories().items())

    @classmethod
    def for_user(cls, user, data=None):
        muted = set(user.muted_email_kinds or [])
        return cls(data, initial={"wanted": [k for k in categories() if k not in muted]})

    def muted_kinds(self) -> list[str]:
        wanted = set(self.cleaned_data["wanted"])
        return [k for k in categories() if k not in wanted]


class DecisionForm(forms.Form):
    """Approve, or decline with a reason the applicant will read."""

    reason = forms.CharField(
        label=_("Reason (required to decline)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class OrganisationFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All"))] + list(Level.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All"))] + list(Organisation.Kind.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", _("All"))] + list(Province.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or organisation"), required=False, max_length=100)


class MembersImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the columns email, full_name, organisation (slug or short name), "
            "and optionally position, phone, gender, preferred_language."
        ),
    )
