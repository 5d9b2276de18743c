"""Forms of the elections app: parsing and validation; the services do the writing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import PageDateTimeField

from . import messages
from .models import Election, Nomination, Seat
from .services import nomination_refusals

ABSTAIN = "abstain"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        organisation = obj.organisation.short_name or obj.organisation.name if obj.organisation_id else ""
        return f"{obj.get_full_name()} — {organisation}" if organisation else obj.get_full_name()


class NominationForm(forms.Form):
    """Nominate yourself (leave the colleague empty) or a colleague for a seat."""

    seat = forms.ModelChoiceField(label=_("Seat"), queryset=Seat.objects.none(), empty_label=None)
    nominee = MemberChoiceField(
        label=_("Colleague to nominate"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Myself"),
        help_text=_("Leave as “Myself” to stand yourself; a colleague must accept before standing."),
    )
    statement = forms.CharField(
        label=_("Your statement (when you nominate yourself)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("A few lines on why you stand and what you would do as coordinator."),
    )

    def __init__(self, *args, election: Election, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        seats = election.seats.filter(runoff_of__isnull=True).order_by("position", "pk")
        self.fields["seat"].queryset = seats
        levels = list(seats.values_list("level", flat=True))
        User = get_user_model()
        self.fields["nominee"].queryset = (
            User.objects.filter(is_active=True, status=User.Status.APPROVED, organisation__level__in=levels)
            .exclude(pk=user.pk)
            .select_related("organisation")
            .order_by("full_name", "email")
        )

    def clean(self):
        cleaned = super().clean()
        seat = cleaned.get("seat")
        if seat is not None:
            nominee = cleaned.get("nominee") or self.user
            cleaned["nominee"] = nominee
            for reason in nomination_refusals(seat=seat, nominee=nominee):
                self.add_error(None, reason)
        return cleaned


class AcceptForm(forms.Form):
    statement = forms.CharField(
        label=_("Your statement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("A few lines on why you stand and what you would do as coordinator."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": messages.WITHDRAWAL_REASON_REQUIRED},
    )


class BallotForm(forms.Form):
    """One choice among the candidates of a seat, or an abstention."""

    choice = forms.ChoiceField(
        label=_("Your vote"),
        widget=forms.RadioSelect,
        error_messages={"required": messages.CHOICE_INVALID, "invalid_choice": messages.CHOICE_INVALID},
    )

    def __init__(self, *args, seat: Seat, candidates: list[Nomination], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(n.pk): n for n in candidates}
        self.fields["choice"].choices = [
            *((str(n.pk), n.nominee.get_full_name()) for n in candidates),
            (ABSTAIN, _("I abstain")),
        ]

    def clean_choice(self):
        value = self.cleaned_data["choice"]
        return None if value == ABSTAIN else self.candidates[value]


class TieBreakForm(forms.Form):
    winner = forms.ModelChoiceField(
        label=_("Candidate drawn by lot"),
        queryset=Nomination.objects.none(),
        error_messages={"invalid_choice": messages.TIE_WINNER_INVALID},
    )
    note = forms.CharField(
        label=_("How the lots were drawn"),
        max_length=1000,
        help_text=_("Who drew, in front of whom, and when."),
    )

    def __init__(self, *args, tied: list[Nomination] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if tied is not None:
            self.fields["winner"].queryset = Nomination.objects.filter(pk__in=[n.pk for n in tied])


class RunoffForm(forms.Form):
    closes_at = PageDateTimeField(label=_("Run-off voting closes at"))


class VotingExtendForm(forms.Form):
    """A later close for open voting, and why (members see the reason)."""

    closes_at = PageDateTimeField(label=_("Voting now closes at"))
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": messages.EXTENSION_REASON_REQUIRED},
    )
