"""Input of the library pages: the search with its filters, and an item's form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Province
from members.selectors import organisation_choices

from .models import Expert, Item, Theme
from .selectors import SOURCE_KIND_LABELS, Filters
from .selectors_experts import ExpertFilters

ERROR_BAD_FILTER = _("This search cannot be run: %(errors)s")
MAX_QUERY = 200


class SearchForm(forms.Form):
    """GET parameters of /library/; a value that is not one of the choices is refused (400)."""

    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    lang = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All")), ("en", _("In English")), ("mn", _("In Mongolian"))],
    )
    organisation = forms.IntegerField(label=_("Organisation"), required=False, min_value=1)
    province = forms.ChoiceField(label=_("Province"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(Item.Kind.choices) + list(SOURCE_KIND_LABELS.items())
        self.fields["theme"].choices = every + list(Theme.choices)
        self.fields["province"].choices = every + list(Province.choices)

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            theme=data.get("theme") or "",
            lang=data.get("lang") or "",
            organisation=data.get("organisation"),
            province=data.get("province") or "",
            year=data.get("year"),
        )


class ItemForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Item
        fields = [
            "title",
            "title_en",
            "kind",
            "themes",
            "description",
            "summary_en",
            "language",
            "organisation",
            "province",
            "year",
            "licence",
            "link",
            "file",
            "members_only",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices()

    def service_fields(self) -> dict:
        """The cleaned fields a service takes (the file apart)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "file"}


# --- the experts' roster ---------------------------------------------------------------------


class ExpertFilterForm(forms.Form):
    """GET filters of /experts/; a value not among the choices is refused (400)."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["topic"].choices = every + list(Theme.choices)
        self.fields["language"].choices = every + list(Expert.Speaks.choices)
        self.fields["province"].choices = every + list(Province.choices)
        self.fields["role"].choices = every + list(Expert.Role.choices)

    def filters(self) -> ExpertFilters:
        data = self.cleaned_data
        return ExpertFilters(
            topic=data.get("topic") or "",
            language=data.get("language") or "",
            province=data.get("province") or "",
            role=data.get("role") or "",
        )


class _ListFields(forms.ModelForm):
    """The roster's lists (topics, languages, provinces) as check boxes, stored ",a,b,"."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Expert.Speaks.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provinces = forms.MultipleChoiceField(
        label=_("Provinces where they work"),
        choices=Province.choices,
        required=False,
        widget=forms.SelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("topics", "languages", "provinces"):
                self.initial[name] = Expert.split(getattr(self.instance, name))

    def clean(self):
        data = super().clean()
        for name in ("topics", "languages", "provinces"):
            if name in data:
                data[name] = Expert.join(data[name])
        return data


class ExpertProfileForm(_ListFields):
    """A member's own entry on the roster."""

    class Meta:
        model = Expert
        fields = ["role", "position", "topics", "languages", "provinces", "bio", "bio_en", "is_listed"]


class ExpertAdminForm(_ListFields):
    class Meta:
        model = Expert
        fields = [
            "user",
            "name",
            "email",
            "role",
            "position",
            "organisation",
            "affiliation",
            "topics",
            "languages",
            "provinces",
            "bio",
            "bio_en",
            "is_listed",
        ]


class ExpertContactForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        help_text=_(
            "The expert receives it by e-mail with your name, organisation and e-mail address, to answer you."
        ),
    )
