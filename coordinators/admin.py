"""Back office of the elections: elections and seats, nominations (withdraw), terms. No ballots."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from . import permissions, services
from .forms import WithdrawForm
from .models import CoordinatorTerm, Election, Nomination, Seat


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


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "phase",
        "nominations_open_at",
        "voting_open_at",
        "voting_close_at",
        "voter_scope",
    ]
    list_filter = ["phase", "voter_scope", "tie_rule"]
    readonly_fields = ["phase", "round", "results_published_at", "turnout"]
    inlines = [SeatInline]
    actions = ["advance_phase"]
    fieldsets = [
        (None, {"fields": ["year", "phase", "round", "results_published_at"]}),
        (
            _("Timeline"),
            {"fields": ["nominations_open_at", "nominations_close_at", "voting_open_at", "voting_close_at"]},
        ),
        (_("Rules"), {"fields": ["voter_scope", "tie_rule", "term_starts_on", "term_ends_on"]}),
        (_("Turnout"), {"fields": ["turnout"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.phase_at_least(Election.Phase.VOTING):
            # The rules voters voted under stay as they were.
            fields += ["voter_scope", "tie_rule", "term_starts_on", "term_ends_on"]
        return fields

    @admin.action(
        description=_("Move the selected elections to their next phase now"), permissions=["change"]
    )
    def advance_phase(self, request, queryset):
        for election in queryset:
            try:
                moved = services.election_advance(election=election, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{election}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{moved}: {moved.get_phase_display()}")


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


@admin.register(CoordinatorTerm)
class CoordinatorTermAdmin(admin.ModelAdmin):
    list_display = ["member", "seat", "starts_on", "ends_on"]
    list_filter = ["seat__level", "starts_on"]
    search_fields = ["member__full_name", "member__email"]
    list_select_related = ["member", "seat"]
    raw_id_fields = ["member", "seat"]
    actions = ["sync_access"]

    @admin.action(description=_("Apply the terms' dates to coordinators' access now"), permissions=["change"])
    def sync_access(self, request, queryset):
        result = services.coordinator_terms_sync()
        self.message_user(
            request,
            _("Access granted to %(granted)s and removed from %(revoked)s people.") % result,
        )
