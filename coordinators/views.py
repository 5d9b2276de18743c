"""Views of the elections app: a permission check, a form, one service call."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from cop_portal import disclosure
from cop_portal.confirm import confirm_page, confirmed
from cop_portal.errors import refusal
from members.permissions import AccessRequiredMixin, MemberRequiredMixin

from . import messages, permissions, selectors, services
from .forms import AcceptForm, BallotForm, NominationForm, RunoffForm, TieBreakForm, WithdrawForm
from .models import Election, Nomination, Seat
from .sealing import receipt_display

BACK_TO_ELECTION = _("Back to the election")


def _refused(request, election, error, status=400):
    """The refusal page, with a way back to the election."""
    return refusal(
        request, error, status=status, back_url=election.get_absolute_url(), back_label=BACK_TO_ELECTION
    )


def _election(year: int) -> Election:
    election = selectors.election_get_for_page(year).first()
    if election is None:
        raise Http404(_("No election for this year."))
    return election


def _seat(year: int, seat_id: int) -> Seat:
    seat = selectors.seat_get_for_page(year=year, pk=seat_id)
    if seat is None:
        raise Http404(_("No such seat in this election."))
    return seat


class ElectionListView(ListView):
    template_name = "coordinators/election_list.html"
    context_object_name = "elections"
    paginate_by = 20

    def get_queryset(self):
        return selectors.election_list()


def _turnout_public(turnout: dict) -> dict:
    """The turnout for the public page: groups too small to publish are combined (see
    ``selectors.turnout_rows_public``)."""
    table = selectors.turnout_table(turnout)
    if not table:
        return {}
    out = {"overall": table["overall"], "min_group": disclosure.MIN_GROUP}
    for name in ("by_gender", "by_level"):
        shown, other = selectors.turnout_rows_public(table[name])
        rows = list(shown)
        if other is not None:
            rate = selectors.turnout_rate(other["voted"], other["eligible"], ndigits=1)
            rows.append({**other, "label": _("Other groups combined"), "rate": rate})
        out[name] = rows
    return out


class ElectionDetailView(TemplateView):
    template_name = "coordinators/election_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        election = _election(kwargs["year"])
        user = self.request.user
        seats = list(election.seats.all())
        now = timezone.now()
        voting_open = election.voting_open_now(now)
        timeline = selectors.election_timeline(election, now=now)
        voted = selectors.seat_ids_voted_by(election=election, user=user)
        seat_rows = []
        for seat in seats:
            if seat.runoff_of_id and seat.round != election.round and not election.results_visible:
                continue
            seat_rows.append(
                {
                    "seat": seat,
                    "candidates": [
                        n for n in seat.shown_nominations if n.status == Nomination.Status.ACCEPTED
                    ],
                    "withdrawn": [
                        n for n in seat.shown_nominations if n.status == Nomination.Status.WITHDRAWN
                    ],
                    "voted": seat.pk in voted,
                    "may_vote": voting_open
                    and seat.round == election.round
                    and permissions.user_can_vote_for(user, seat),
                }
            )
        results = selectors.election_results(election, seats) if election.results_visible else None
        can_manage = permissions.user_can_manage_election(user)
        context.update(
            election=election,
            seat_rows=seat_rows,
            timeline=timeline,
            advance_to=election.next_step()[0] if election.next_step() else None,
            next_step=next((step for step in timeline if step["state"] == "future"), None),
            phases=Election.Phase.choices,
            pending=list(selectors.nomination_list_pending_for(election=election, user=user)),
            results=results,
            turnout=_turnout_public(election.turnout) if results is not None else {},
            receipts=[receipt_display(code) for code in election.receipts] if results is not None else [],
            can_manage=can_manage,
            can_withdraw=permissions.user_can_withdraw_nomination(user)
            and not election.phase_at_least(Election.Phase.VOTING_CLOSED),
            tie_forms=[
                (r, TieBreakForm(tied=r.tied, prefix=f"seat{r.seat.pk}"))
                for r in (results or [])
                if r.tie_pending and can_manage
            ],
            runoff_form=RunoffForm() if can_manage else None,
            nomination_form=NominationForm(election=election, user=user)
            if election.phase == Election.Phase.NOMINATION and permissions.user_can_nominate(user)
            else None,
            accept_form=AcceptForm(),
        )
        return context


class NominationCreateView(permissions.NominatorRequiredMixin, View):
    template_name = "coordinators/nomination_form.html"

    def get(self, request, year):
        election = _election(year)
        form = NominationForm(election=election, user=request.user)
        return render(request, self.template_name, {"election": election, "form": form})

    def post(self, request, year):
        election = _election(year)
        if election.phase != Election.Phase.NOMINATION:
            return _refused(request, election, messages.NOMINATIONS_NOT_OPEN)
        form = NominationForm(request.POST, election=election, user=request.user)
        if form.is_valid():
            try:
                nomination = services.nomination_create(
                    seat=form.cleaned_data["seat"],
                    nominee=form.cleaned_data["nominee"],
                    actor=request.user,
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                flash.success(
                    request,
                    messages.NOMINATION_CREATED_SELF
                    if nomination.is_self_nomination
                    else messages.NOMINATION_CREATED_OTHER,
                )
                return redirect(election)
        return render(request, self.template_name, {"election": election, "form": form}, status=400)


class NominationAnswerView(AccessRequiredMixin, View):
    """The nominee accepts (with a statement) or declines."""

    accept = True

    def post(self, request, year, pk):
        election = _election(year)
        nomination = get_object_or_404(Nomination, pk=pk, seat__election=election)
        if not permissions.user_can_answer_nomination(request.user, nomination):
            raise PermissionDenied(messages.NOMINATION_NOT_YOURS)
        form = AcceptForm(request.POST)
        if not form.is_valid():
            return _refused(request, election, ValidationError(list(form.errors.values())[0]))
        try:
            if self.accept:
                services.nomination_accept(
                    nomination=nomination, actor=request.user, statement=form.cleaned_data["statement"]
                )
            else:
                services.nomination_decline(nomination=nomination, actor=request.user)
        except ValidationError as exc:
            return _refused(request, election, exc)
        flash.success(request, messages.NOMINATION_ACCEPTED if self.accept else messages.NOMINATION_DECLINED)
        return redirect(election)


class NominationWithdrawView(permissions.NominationManagerRequiredMixin, View):
    """Withdrawing asks first: the page names the candidate and takes the reason; only a POST
    with the reason and ``confirm=yes`` withdraws (the candidate cannot be restored)."""

    def _nomination(self, year, pk):
        election = _election(year)
        return election, get_object_or_404(
            Nomination.objects.select_related("nominee__organisation", "seat"), pk=pk, seat__election=election
        )

    def _question(self, request, election, nomination, form, status=200):
        return confirm_page(
            request,
            title=str(election),
            question=messages.WITHDRAW_QUESTION % {"name": nomination.nominee.get_full_name()},
            details=[(_("Seat"), nomination.seat.name), (_("Candidate"), nomination.nominee.get_full_name())],
            effects=[messages.WITHDRAW_EFFECT, messages.WITHDRAW_FINAL],
            confirm_label=messages.WITHDRAW_YES,
            back_url=election.get_absolute_url(),
            back_label=BACK_TO_ELECTION,
            form=form,
            status=status,
        )

    def get(self, request, year, pk):
        election, nomination = self._nomination(year, pk)
        return self._question(request, election, nomination, WithdrawForm())

    def post(self, request, year, pk):
        election, nomination = self._nomination(year, pk)
        form = WithdrawForm(request.POST)
        if not form.is_valid() or not confirmed(request):
            return self._question(request, election, nomination, form, status=400)
        try:
            services.nomination_withdraw(
                nomination=nomination, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            return _refused(request, election, exc)
        flash.success(request, messages.NOMINATION_WITHDRAWN)
        return redirect(election)


def _ballot_refused(request, election, exc: ValidationError):
    conflict = getattr(exc, "code", None) == messages.ALREADY_VOTED_CODE
    return _refused(request, election, exc, status=409 if conflict else 400)


class BallotView(MemberRequiredMixin, View):
    """Three steps, all server-rendered: the ballot (GET), a review of the choice (POST without
    ``confirm=yes``), then the cast ballot's receipt, shown once on its own printable page (the
    receipt is never stored beside the voter, so it cannot be shown again)."""

    template_name = "coordinators/ballot_form.html"

    def _load(self, year, seat_id):
        seat = _seat(year, seat_id)
        candidates = [n for n in seat.shown_nominations if n.status == Nomination.Status.ACCEPTED]
        return seat.election, seat, candidates

    def get(self, request, year, seat_id):
        election, seat, candidates = self._load(year, seat_id)
        try:
            services.ballot_check(seat=seat, actor=request.user)
        except ValidationError as exc:
            return _refused(request, election, exc, status=403)
        form = BallotForm(seat=seat, candidates=candidates)
        return render(
            request,
            self.template_name,
            {"election": election, "seat": seat, "form": form, "candidates": candidates},
        )

    def post(self, request, year, seat_id):
        election, seat, candidates = self._load(year, seat_id)
        form = BallotForm(request.POST, seat=seat, candidates=candidates)
        if not form.is_valid():
            context = {"election": election, "seat": seat, "form": form, "candidates": candidates}
            return render(request, self.template_name, context, status=400)
        choice = form.cleaned_data["choice"]
        if not confirmed(request):
            try:
                services.ballot_check(seat=seat, actor=request.user)
            except ValidationError as exc:
                return _ballot_refused(request, election, exc)
            return confirm_page(
                request,
                title=seat.name,
                question=messages.BALLOT_REVIEW_QUESTION,
                details=[
                    (_("Seat"), seat.name),
                    (_("Your vote"), choice.nominee.get_full_name() if choice else _("I abstain")),
                ],
                effects=[messages.BALLOT_FINAL, messages.BALLOT_SECRET],
                confirm_label=messages.BALLOT_CAST_YES,
                back_url=request.path,
                back_label=messages.BALLOT_CHANGE,
                fields={"choice": request.POST.get("choice", "")},
            )
        try:
            receipt = services.ballot_cast(seat=seat, actor=request.user, nomination=choice)
        except ValidationError as exc:
            return _ballot_refused(request, election, exc)
        response = render(
            request,
            "coordinators/ballot_receipt.html",
            {"election": election, "seat": seat, "code": receipt_display(receipt)},
        )
        # The receipt is for this screen only: no browser or proxy keeps a copy.
        response["Cache-Control"] = "no-store"
        return response


class ElectionAdvanceView(permissions.ElectionManagerRequiredMixin, View):
    """A phase only moves forward: a page says what will happen and asks for confirmation."""

    template_name = "coordinators/election_advance_confirm.html"

    def _confirm(self, request, election, status=200):
        preview = selectors.phase_advance_preview(election, now=timezone.now())
        return render(
            request,
            self.template_name,
            {"election": election, "preview": preview, "irreversible": messages.ADVANCE_IRREVERSIBLE},
            status=status,
        )

    def get(self, request, year):
        return self._confirm(request, _election(year))

    def post(self, request, year):
        election = _election(year)
        if request.POST.get("confirm") != "yes":
            return self._confirm(request, election, status=400)
        try:
            election = services.election_advance(election=election, actor=request.user)
        except ValidationError as exc:
            return _refused(request, election, exc)
        flash.success(request, str(messages.PHASE_MOVED) % {"phase": election.get_phase_display()})
        return redirect(election)


class TieBreakView(permissions.ElectionManagerRequiredMixin, View):
    def post(self, request, year, seat_id):
        seat = _seat(year, seat_id)
        election = seat.election
        result = (
            selectors.seat_result_get_pending_tie(election=election, seat=seat)
            if election.results_visible
            else None
        )
        if result is None:
            return _refused(request, election, messages.NO_TIE)
        form = TieBreakForm(request.POST, tied=result.tied, prefix=f"seat{seat.pk}")
        if not form.is_valid():
            return _refused(
                request, election, ValidationError([e for errs in form.errors.values() for e in errs])
            )
        try:
            services.tie_break_record(
                seat=seat,
                winner=form.cleaned_data["winner"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            return _refused(request, election, exc)
        flash.success(request, messages.TIE_RECORDED)
        return redirect(election)


class RunoffStartView(permissions.ElectionManagerRequiredMixin, View):
    def post(self, request, year, seat_id):
        seat = _seat(year, seat_id)
        election = seat.election
        form = RunoffForm(request.POST)
        if not form.is_valid():
            # The field's own message names the format the page expects.
            return _refused(
                request, election, " ".join(form.errors.get("closes_at", [messages.RUNOFF_CLOSE_INVALID]))
            )
        try:
            services.seat_runoff_start(
                seat=seat, actor=request.user, closes_at=form.cleaned_data["closes_at"]
            )
        except ValidationError as exc:
            return _refused(request, election, exc)
        flash.success(request, messages.RUNOFF_STARTED)
        return redirect(election)


class CoordinatorListView(TemplateView):
    template_name = "coordinators/coordinator_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        terms = selectors.coordinator_terms(today=timezone.localdate())
        past = terms["past"]
        page = Paginator(past, 20).get_page(self.request.GET.get("page"))
        context.update(current=list(terms["current"]), upcoming=list(terms["upcoming"]), page_obj=page)
        return context
