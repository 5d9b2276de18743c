"""Input of the proposals pages: the proposal, list filters, answers, hiding, the meeting."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import PageDateTimeField
from meetings.models import Meeting
from members.models import Community, Organisation, Province

from .models import DESCRIPTION_MAX, Proposal

ERROR_ENDS_BEFORE_START = _("The meeting must end after it starts.")


def _branches():
    return Community.objects.filter(status=Community.Status.APPROVED, parent__isnull=False).order_by(
        "name_mn"
    )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("Short description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; web links become clickable."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Proposal.Kind.choices)
    community = forms.ModelChoiceField(
        label=_("Branch CoP"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("The whole CoP"),
    )
    meeting_format = forms.ChoiceField(label=_("Meeting format"), required=False)
    suggested_expert = forms.CharField(label=_("Suggested expert"), max_length=200, required=False)
    host_organisation = forms.ModelChoiceField(
        label=_("Organisation to visit"), queryset=Organisation.objects.none(), required=False
    )
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = _branches()
        self.fields["host_organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["meeting_format"].choices = [("", "—")] + list(Meeting.Format.choices)
        self.fields["province"].choices = [("", "—")] + list(Province.choices)


class ProposalEditForm(ProposalForm):
    """What the proposer may change before an answer: the wording, the kind and the branch."""

    ONLY = ("title", "description", "kind", "community")

    def __init__(self, *args, proposal: Proposal, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": proposal.title,
                "description": proposal.description,
                "kind": proposal.kind,
                "community": proposal.community_id,
            },
        )
        super().__init__(*args, **kwargs)
        for name in [n for n in self.fields if n not in self.ONLY]:
            del self.fields[name]
        # The branch it already names stays a valid choice, even if since closed.
        current = Community.objects.filter(pk=proposal.community_id)
        self.fields["community"].queryset = (_branches() | current).distinct()


class ProposalFilterForm(forms.Form):
    """GET filters of /proposals/; unknown values are dropped rather than refused."""

    SORT_CHOICES = [("newest", _("Newest")), ("supported", _("Most supported"))]

    q = forms.CharField(label=_("Words"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    community = forms.ChoiceField(label=_("Branch CoP"), required=False)
    sort = forms.ChoiceField(label=_("Order"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(Proposal.Kind.choices)
        self.fields["status"].choices = every + list(Proposal.Status.choices)
        self.fields["community"].choices = every + [
            (c.slug, c.name) for c in _branches().only("slug", "name_mn", "name_en")
        ]

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Proposal.Status.CONSIDERING, Proposal.Status.CONSIDERING.label),
            (Proposal.Status.ACCEPTED, Proposal.Status.ACCEPTED.label),
            (Proposal.Status.NOT_TAKEN_UP, Proposal.Status.NOT_TAKEN_UP.label),
        ],
    )
    answer = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the proposal is not taken up."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), widget=forms.Textarea(attrs={"rows": 2}))


class MeetingFromProposalForm(forms.Form):
    """The meeting a proposal becomes, prefilled from the proposal."""

    title_mn = forms.CharField(label=_("Title in Mongolian"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=Meeting.Format.choices)
    starts_at = PageDateTimeField(label=_("Starts at"))
    ends_at = PageDateTimeField(label=_("Ends at"))
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)
    answer = forms.CharField(
        label=_("Message to the proposer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_for(cls, proposal: Proposal) -> dict:
        start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + dt.timedelta(
            days=14
        )
        if proposal.kind == Proposal.Kind.SITE_VISIT:
            fmt = Meeting.Format.SITE_VISIT
        else:
            fmt = proposal.meeting_format or Meeting.Format.EXPERT_DISCUSSION
        return {
            "title_mn": proposal.title,
            "format": fmt,
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "publish": True,
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise forms.ValidationError(ERROR_ENDS_BEFORE_START)
        return data
