"""Back office of the elections: elections and seats, nominations (withdraw), terms. No ballots."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.dates import admin_overrides
from cop_portal.pagecache import InvalidatesPagesAdmin

from . import messages as cop_messages
from . import permissions, selectors, services
from .forms import VotingExtendForm, WithdrawForm
from .models import CoordinatorTerm, Election, Nomination, Seat, TimelineChange

TIMELINE_FIELDS = ["nominations_open_at", "nominations_close_at", "voting_open_at", "voting_close_at"]

TERM_CORRECTION_REASON_REQUIRED = _("Say why this term is corrected by hand.")


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["position", "code", "name_mn", "name_en", "level"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(runoff_of__isnull=True)

    # Once nominations open, candidates stand on these seats: they no longer change.
    def _frozen(self, obj) -> bool:
        return obj is not None and obj.phase != Election.Phase.SCHEDULED

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class TimelineChangeInline(admin.TabularInline):
    """Extensions of the close, read only: they are made with the "extend voting" action."""

    model = TimelineChange
    extra = 0
    fields = ["previous_close_at", "new_close_at", "reason", "changed_by", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ElectionAdminForm(forms.ModelForm):
    """Refuses dates that would rush the election (``services.election_schedule_errors``);
    the admin builds its Meta from the fieldsets."""

    def clean(self):
        data = super().clean()
        probe = copy.copy(self.instance)
        for field in services.SCHEDULE_FIELDS:
            if field in data:
                setattr(probe, field, data[field])
        for error in services.election_schedule_errors(probe):
            self.add_error(None, error)
        return data


@admin.register(Election)
class ElectionAdmin(InvalidatesPagesAdmin, admin.ModelAdmin):
    def page_names(self, obj):
        return (f"election:{obj.year}", "insights")

    form = ElectionAdminForm
    formfield_overrides = admin_overrides()
    list_display = [
        "year",
        "phase",
        "nominations_open_at",
        "voting_open_at",
        "voting_close_at",
        "voter_scope",
        "schedule_pending",
    ]
    list_filter = ["phase", "voter_scope", "tie_rule", "schedule_pending"]
    readonly_fields = [
        "phase",
        "round",
        "results_published_at",
        "turnout",
        "schedule_pending",
        "schedule_proposed_by",
        "schedule_approved_by",
    ]
    inlines = [SeatInline, TimelineChangeInline]
    actions = ["advance_phase", "extend_voting", "approve_schedule"]
    fieldsets = [
        (None, {"fields": ["year", "phase", "round", "results_published_at"]}),
        (
            _("Timeline"),
            {
                "fields": [
                    *TIMELINE_FIELDS,
                    "schedule_pending",
                    "schedule_proposed_by",
                    "schedule_approved_by",
                ]
            },
        ),
        (_("Rules"), {"fields": ["voter_scope", "tie_rule", "term_starts_on", "term_ends_on"]}),
        (_("Turnout"), {"fields": ["turnout"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.phase_at_least(Election.Phase.VOTING):
            # The rules voters voted under stay as they were.
            fields += ["voter_scope", "tie_rule", "term_starts_on", "term_ends_on"]
            # Voters were told these dates: only the "extend voting" action moves the close, later.
            fields += TIMELINE_FIELDS
        return fields

    def save_model(self, request, obj, form, change):
        """New dates go through the schedule service: minimum periods, then a second coordinator."""
        fields = services.SCHEDULE_FIELDS
        before = dict(Election.objects.filter(pk=obj.pk).values(*fields).first() or {}) if change else None
        if change and before == {f: getattr(obj, f) for f in fields}:
            super().save_model(request, obj, form, change)
            return
        try:
            services.election_schedule(election=obj, actor=request.user, before=before)
        except ValidationError as exc:  # the form checked; a race with a phase move lands here
            raise PermissionDenied(" ".join(exc.messages)) from exc
        if obj.schedule_pending:
            self.message_user(request, cop_messages.SCHEDULE_PROPOSED, messages.WARNING)

    @admin.action(description=_("Approve the dates of the selected elections"), permissions=["change"])
    def approve_schedule(self, request, queryset):
        for election in queryset:
            try:
                services.election_schedule_approve(election=election, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{election}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{election}: {cop_messages.SCHEDULE_APPROVED}")

    @admin.action(
        description=_("Move the selected elections to their next phase now"), permissions=["change"]
    )
    def advance_phase(self, request, queryset):
        if request.POST.get("confirm") != "yes":
            now = timezone.now()
            return TemplateResponse(
                request,
                "admin/coordinators/election/advance_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Move to the next phase"),
                    "previews": [(e, selectors.phase_advance_preview(e, now=now)) for e in queryset],
                    "irreversible": cop_messages.ADVANCE_IRREVERSIBLE,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for election in queryset:
            try:
                moved = services.election_advance(election=election, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{election}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{moved}: {moved.get_phase_display()}")
        return None

    @admin.action(
        description=_("Extend the voting of the selected election (with a reason)"), permissions=["change"]
    )
    def extend_voting(self, request, queryset):
        form = VotingExtendForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for election in queryset:
                try:
                    change = services.election_voting_extend(
                        election=election,
                        actor=request.user,
                        closes_at=form.cleaned_data["closes_at"],
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as exc:
                    self.message_user(request, f"{election}: {' '.join(exc.messages)}", messages.ERROR)
                else:
                    close_at = timezone.localtime(change.new_close_at).strftime("%Y-%m-%d %H:%M")
                    self.message_user(
                        request, f"{election}: {cop_messages.VOTING_EXTENDED % {'close_at': close_at}}"
                    )
            return None
        return TemplateResponse(
            request,
            "admin/coordinators/election/extend_voting.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Extend voting"),
                "queryset": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee", "seat", "election_year", "status", "nominated_by"]
    list_filter = ["status", "seat__election__year", "seat__level"]
    search_fields = ["nominee__full_name", "nominee__email"]
    list_select_related = ["nominee", "seat__election", "nominated_by"]
    readonly_fields = [
        "seat",
        "nominee",
        "nominated_by",
        "status",
        "statement",
        "answered_at",
        "withdrawn_by",
        "withdrawn_at",
        "withdrawal_reason",
    ]
    actions = ["withdraw"]

    @admin.display(description=_("year"), ordering="seat__election__year")
    def election_year(self, obj):
        return obj.seat.election.year

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Withdraw the selected nominations (with a reason)"), permissions=["change"])
    def withdraw(self, request, queryset):
        if not permissions.user_can_withdraw_nomination(request.user):
            raise PermissionDenied
        form = WithdrawForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for nomination in queryset:
                try:
                    services.nomination_withdraw(
                        nomination=nomination, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as exc:
                    self.message_user(request, f"{nomination}: {' '.join(exc.messages)}", messages.ERROR)
                else:
                    self.message_user(request, f"{nomination}: {_('withdrawn')}")
            return None
        return TemplateResponse(
            request,
            "admin/coordinators/nomination/withdraw.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Withdraw nominations"),
                "queryset": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class TermCorrectionForm(forms.ModelForm):
    """A technical administrator's hand correction of a term: the reason is required."""

    class Meta:
        model = CoordinatorTerm
        fields = ["seat", "member", "starts_on", "ends_on", "correction_reason"]

    def clean_correction_reason(self):
        reason = self.cleaned_data["correction_reason"].strip()
        if not reason:
            raise forms.ValidationError(TERM_CORRECTION_REASON_REQUIRED)
        return reason


@admin.register(CoordinatorTerm)
class CoordinatorTermAdmin(admin.ModelAdmin):
    """Terms come from election results (``election_advance``). Coordinators only read them;
    a technical administrator may correct one, giving a reason."""

    formfield_overrides = admin_overrides()
    list_display = ["member", "seat", "starts_on", "ends_on"]
    list_filter = ["seat__level", "starts_on"]
    search_fields = ["member__full_name", "member__email"]
    list_select_related = ["member", "seat"]
    raw_id_fields = ["member", "seat"]
    form = TermCorrectionForm
    actions = ["sync_access"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_sync_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Apply the terms' dates to coordinators' access now"), permissions=["sync"])
    def sync_access(self, request, queryset):
        result = services.coordinator_terms_sync()
        self.message_user(
            request,
            _("Access granted to %(granted)s and removed from %(revoked)s people.") % result,
        )
