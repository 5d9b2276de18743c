"""Forms of gender results: parsing and validating input; writes happen in the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import PageDateField

from .models import Action, Audit, Indicator, Level
from .services.audits import HEADER_FIELDS


class AuditCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year audited"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class AuditHeaderForm(forms.ModelForm):
    class Meta:
        model = Audit
        fields = list(HEADER_FIELDS)
        field_classes = {"period_start": PageDateField, "period_end": PageDateField}
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }


LEVEL_CHOICES = [("", "—")] + [(str(value), label) for value, label in Level.choices]


class AuditRatingsForm(forms.Form):
    """One rating, evidence text and file per indicator; measures' actual, baseline, target."""

    def __init__(self, *args, ratings, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings, self.measures = ratings, measures
        for rating in ratings:
            key = rating.indicator_id
            self.fields[f"level_{key}"] = forms.TypedChoiceField(
                label=_("Rating"), choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False,
                initial="" if rating.level is None else str(rating.level),
            )  # fmt: skip
            self.fields[f"evidence_{key}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                initial=rating.evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"file_{key}"] = forms.FileField(label=_("Evidence file"), required=False)
        for value in measures:
            for name in ("actual", "baseline", "target"):
                self.fields[f"{name}_{value.measure_id}"] = forms.DecimalField(
                    label=value._meta.get_field(name).verbose_name,
                    required=False, max_digits=12, decimal_places=2, initial=getattr(value, name),
                )  # fmt: skip

    def rows(self):
        """(rating, level field, evidence field, file field) in the framework's order."""
        for rating in self.ratings:
            key = rating.indicator_id
            yield rating, self[f"level_{key}"], self[f"evidence_{key}"], self[f"file_{key}"]

    def measure_rows(self):
        for value in self.measures:
            key = value.measure_id
            yield value, self[f"actual_{key}"], self[f"baseline_{key}"], self[f"target_{key}"]

    def ratings_data(self) -> dict:
        data = {}
        for rating in self.ratings:
            key = rating.indicator_id
            entry = {
                "level": self.cleaned_data[f"level_{key}"],
                "evidence": self.cleaned_data[f"evidence_{key}"],
            }
            if self.cleaned_data.get(f"file_{key}"):
                entry["evidence_file"] = self.cleaned_data[f"file_{key}"]
            data[key] = entry
        return data

    def measures_data(self) -> dict:
        return {
            v.measure_id: {
                n: self.cleaned_data[f"{n}_{v.measure_id}"] for n in ("actual", "baseline", "target")
            }
            for v in self.measures
        }


class PersonForm(forms.Form):
    """Name a person by e-mail (audit lead, peer reviewer); empty clears."""

    email = forms.EmailField(label=_("E-mail of the member"), required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No member has this e-mail address."))
        return user


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Return for changes"))]
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)


class ActionFilterForm(forms.Form):
    SCOPES = [
        ("mine", _("Mine")),
        ("organisation", _("My organisation's")),
        ("overdue", _("Overdue")),
        ("all", _("All")),
    ]
    scope = forms.ChoiceField(label=_("Show"), choices=SCOPES, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + list(Action.Status.choices), required=False
    )
    source = forms.ChoiceField(
        label=_("Comes from"), choices=[("", _("Any"))] + list(Action.Source.choices), required=False
    )


class ActionCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=get_user_model().objects.none(), required=False)
    due_on = PageDateField(label=_("Due date"), required=False)
    audit = forms.ModelChoiceField(label=_("From the audit"), queryset=Audit.objects.none(), required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(organisation=organisation, status="approved", is_active=True)
            .order_by("full_name")
        )
        self.fields["audit"].queryset = Audit.objects.filter(organisation=organisation).exclude(
            status=Audit.Status.SUPERSEDED
        )
        self.fields["indicator"].queryset = Indicator.objects.filter(
            area__framework__is_current=True
        ).select_related("area")
