"""Views of the elections app: a permission check, a form, one service call."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from members.models import Level

from . import messages, selectors, services
from .forms import AcceptForm, BallotForm, NominationForm, RunoffForm, TieBreakForm, WithdrawForm
from .models import Election, Nomination, Seat
from .sealing import receipt_display

MANAGE_ELECTION = "coordinators.change_election"
MANAGE_NOMINATION = "coordinators.change_nomination"


def _refused(request, election, error, status=400):
    detail = error.messages if isinstance(error, ValidationError) else [str(error)]
    return render(
        request, "coordinators/action_refused.html", {"election": election, "errors": detail}, status=status
    )


def _election(year: int) -> Election:
    election = selectors.election_get_for_page(year).first()
    if election is None:
        raise Http404(_("No election for this year."))
    return election


class MemberRequiredMixin(LoginRequiredMixin):
    """Signed-in approved members only (others: 403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_member:
            raise PermissionDenied(messages.NOMINATOR_NOT_MEMBER)
        return super().dispatch(request, *args, **kwargs)


class PermissionMixin(LoginRequiredMixin):
    permission = MANAGE_ELECTION

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ElectionListView(ListView):
    template_name = "coordinators/election_list.html"
    context_object_name = "elections"
    paginate_by = 20

    def get_queryset(self):
        return selectors.election_list()


def _turnout_rows(turnout: dict) -> dict:
    if not turnout:
        return {}
    User = get_user_model()

    def rate(row):
        return round(100 * row["voted"] / row["eligible"], 1) if row["eligible"] else None

    def label(name, key):
        if name == "by_gender":
            return str(User.Gender(key).label) if key in User.Gender.values else _("Not stated")
        return str(Level(key).label) if key in Level.values else _("Not stated")

    out = {"overall": {**turnout, "rate": rate(turnout)}, "min_group": selectors.TURNOUT_MIN_GROUP}
    for name in ("by_gender", "by_level"):
        shown, other = selectors.turnout_rows_public(turnout[name])
        rows = [{**r, "label": label(name, r["key"]), "rate": rate(r)} for r in shown]
        if other is not None:
            rows.append({**other, "label": _("Other groups combined"), "rate": rate(other)})
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
                    and selectors.user_may_vote_for(seat=seat, user=user),
                }
            )
        results = selectors.election_results(election, seats) if election.results_visible else None
        can_manage = user.has_perm(MANAGE_ELECTION)
        context.update(
            election=election,
            seat_rows=seat_rows,
            timeline=timeline,
            advance_to=election.next_step()[0] if election.next_step() else None,
            next_step=next((step for step in timeline if step["state"] == "future"), None),
            phases=Election.Phase.choices,
            pending=list(selectors.nomination_list_pending_for(election=election, user=user)),
            results=results,
            turnout=_turnout_rows(election.turnout) if results is not None else {},
            receipts=[receipt_display(code) for code in election.receipts] if results is not None else [],
            can_manage=can_manage,
            can_withdraw=user.has_perm(MANAGE_NOMINATION)
            and not election.phase_at_least(Election.Phase.VOTING_CLOSED),
            tie_forms=[
                (r, TieBreakForm(tied=r.tied, prefix=f"seat{r.seat.pk}"))
                for r in (results or [])
                if r.tie_pending and can_manage
            ],
            runoff_form=RunoffForm() if can_manage else None,
            nomination_form=NominationForm(election=election, user=user)
            if election.phase == Election.Phase.NOMINATION and user.is_authenticated and user.is_member
            else None,
            accept_form=AcceptForm(),
        )
        return context


class NominationCreateView(MemberRequiredMixin, View):
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


class NominationAnswerView(LoginRequiredMixin, View):
    """The nominee accepts (with a statement) or declines."""

    accept = True

    def post(self, request, year, pk):
        election = _election(year)
        nomination = get_object_or_404(Nomination, pk=pk, seat__election=election)
        if nomination.nominee_id != request.user.pk:
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


class NominationWithdrawView(PermissionMixin, View):
    permission = MANAGE_NOMINATION

    def post(self, request, year, pk):
        election = _election(year)
        nomination = get_object_or_404(Nomination, pk=pk, seat__election=election)
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return _refused(request, election, messages.WITHDRAWAL_REASON_REQUIRED)
        try:
            services.nomination_withdraw(
                nomination=nomination, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            return _refused(request, election, exc)
        flash.success(request, messages.NOMINATION_WITHDRAWN)
        return redirect(election)


class BallotView(MemberRequiredMixin, View):
    template_name = "coordinators/ballot_form.html"

    def _load(self, year, seat_id):
        election = _election(year)
        seat = next((s for s in election.seats.all() if s.pk == seat_id), None)
        if seat is None:
            raise Http404(_("No such seat in this election."))
        candidates = [n for n in seat.shown_nominations if n.status == Nomination.Status.ACCEPTED]
        return election, seat, candidates

    def _check(self, request, election, seat):
        now = timezone.now()
        if election.phase == Election.Phase.VOTING and now >= election.voting_close_at:
            return messages.VOTING_HAS_CLOSED
        if not election.voting_open_now(now) or seat.round != election.round:
            return messages.VOTING_NOT_OPEN
        if not selectors.user_may_vote_for(seat=seat, user=request.user):
            return messages.VOTER_NOT_ELIGIBLE
        if seat.pk in selectors.seat_ids_voted_by(election=election, user=request.user):
            return messages.ALREADY_VOTED
        return None

    def get(self, request, year, seat_id):
        election, seat, candidates = self._load(year, seat_id)
        problem = self._check(request, election, seat)
        if problem:
            return _refused(request, election, problem, status=403)
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
        try:
            receipt = services.ballot_cast(
                seat=seat, actor=request.user, nomination=form.cleaned_data["choice"]
            )
        except ValidationError as exc:
            return _refused(
                request, election, exc, status=409 if messages.ALREADY_VOTED in exc.messages else 400
            )
        flash.success(request, str(messages.BALLOT_CAST_RECEIPT) % {"code": receipt_display(receipt)})
        return redirect(election)


class ElectionAdvanceView(PermissionMixin, View):
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


def _seat_of(election: Election, seat_id: int) -> Seat:
    seat = next((s for s in election.seats.all() if s.pk == seat_id), None)
    if seat is None:
        raise Http404(_("No such seat in this election."))
    return seat


class TieBreakView(PermissionMixin, View):
    def post(self, request, year, seat_id):
        election = _election(year)
        seat = _seat_of(election, seat_id)
        if not election.results_visible:
            return _refused(request, election, messages.NO_TIE)
        result = next(
            (
                r
                for r in selectors.election_results(election, list(election.seats.all()))
                if r.seat.pk == seat.pk
            ),
            None,
        )
        while result is not None and result.runoff is not None and result.winner is None:
            result = result.runoff
        if result is None or not result.tie_pending:
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


class RunoffStartView(PermissionMixin, View):
    def post(self, request, year, seat_id):
        election = _election(year)
        seat = _seat_of(election, seat_id)
        form = RunoffForm(request.POST)
        if not form.is_valid():
            return _refused(request, election, messages.RUNOFF_CLOSE_INVALID)
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
