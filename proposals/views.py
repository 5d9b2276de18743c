"""Views of proposals: a permission check, one service call or selector, then a page."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal import pagecache
from cop_portal.errors import error_text, refusal
from cop_portal.paging import page_or_404

from . import permissions, selectors, services
from .forms import (
    AnswerForm,
    HideForm,
    MeetingFromProposalForm,
    ProposalEditForm,
    ProposalFilterForm,
    ProposalForm,
)

CREATED = _("Your proposal is published. Other members can now support it.")
EDITED = _("Your changes are saved; the history shows the proposal was edited.")
EDIT_UNCHANGED = _("Nothing changed.")
SUPPORTED = _("You support this proposal.")
WITHDRAWN = _("Your support is withdrawn.")
ANSWERED = _("The answer is saved; the proposer and supporters are told by e-mail.")
ANSWER_UNCHANGED = _("Nothing changed: this was already the answer.")
HIDDEN = _("The proposal is hidden.")
SHOWN = _("The proposal is shown again.")
MEETING_CREATED = _("The meeting is created and the proposal accepted.")
BACK = _("Back to proposals")


def _refuse(request, error=None):
    return refusal(request, error or str(services.ERROR_NOT_MEMBER), back_url="/proposals/", back_label=BACK)


class _MemberView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.user_can_list_proposals(request.user):
            return _refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def get_proposal(self, pk):
        proposal = selectors.proposal_get(pk=pk, viewer=self.request.user)
        if proposal is None or not permissions.user_can_see_proposal(self.request.user, proposal):
            raise Http404
        return proposal


class ProposalListView(_MemberView):
    """A page of proposals (with the viewer's own supports marked) is kept per viewer and
    filters until a proposal, a name or a branch changes."""

    paginate_by = 20

    def get(self, request):
        filter_form = ProposalFilterForm(request.GET or None)
        filters = filter_form.filters() if request.GET else {}
        query = request.GET.copy()
        query.pop("page", None)
        query_string = query.urlencode()
        page = request.GET.get("page") or "1"
        user = request.user

        def build() -> str:
            page_obj = page_or_404(selectors.proposal_list(viewer=user, **filters), self.paginate_by, page)
            context = {"proposals": page_obj.object_list, "page_obj": page_obj, "query_string": query_string}
            return render_to_string("proposals/_proposal_list.html", context, request=request)

        digest = hashlib.sha256(f"{sorted(filters.items())}\n{query_string}\n{page}".encode()).hexdigest()[
            :32
        ]
        listing = pagecache.cached(
            f"proposals:list:{digest}",
            names=("proposals", "people", "labels", "community:all"),
            audience=f"user:{user.pk}",
            build=build,
            timeout=600,
        )
        context = {
            "filter_form": filter_form,
            "listing": mark_safe(listing),  # noqa: S308 - our own render
            "can_propose": permissions.user_can_propose(user),
        }
        return render(request, "proposals/proposal_list.html", context)


class ProposalCreateView(_MemberView):
    def get(self, request):
        if not permissions.user_can_propose(request.user):
            return _refuse(request)
        initial = {k: request.GET[k] for k in ("title", "description", "kind") if k in request.GET}
        return render(request, "proposals/proposal_form.html", {"form": ProposalForm(initial=initial)})

    def post(self, request):
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                proposal = services.proposal_create(actor=request.user, **form.cleaned_data)
            except PermissionDenied as error:
                return _refuse(request, error)
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, CREATED)
                return redirect(proposal)
        return render(request, "proposals/proposal_form.html", {"form": form}, status=400)


class ProposalDetailView(_MemberView):
    def get(self, request, pk):
        proposal = self.get_proposal(pk)
        user = request.user
        can_answer = permissions.user_can_answer_proposal(user, proposal)
        return render(
            request,
            "proposals/proposal_detail.html",
            {
                "proposal": proposal,
                "events": proposal.events.all(),
                "can_support": permissions.user_can_support_proposal(user, proposal),
                "can_answer": can_answer,
                "can_hide": permissions.user_can_hide_proposal(user, proposal),
                "can_edit": permissions.user_can_edit_proposal(user, proposal),
                "answer_form": AnswerForm(initial={"status": proposal.status, "answer": proposal.answer})
                if can_answer
                else None,
                "hide_form": HideForm(),
            },
        )


class ProposalEditView(_MemberView):
    """The proposer edits the proposal until it is answered (or hidden)."""

    template_name = "proposals/proposal_form.html"

    def _check(self, request, pk):
        proposal = self.get_proposal(pk)
        if not permissions.user_can_edit_proposal(request.user, proposal):
            raise PermissionDenied(services.ERROR_CANNOT_EDIT)
        return proposal

    def get(self, request, pk):
        try:
            proposal = self._check(request, pk)
        except PermissionDenied as error:
            return _refuse(request, error)
        form = ProposalEditForm(proposal=proposal)
        return render(request, self.template_name, {"form": form, "proposal": proposal})

    def post(self, request, pk):
        try:
            proposal = self._check(request, pk)
        except PermissionDenied as error:
            return _refuse(request, error)
        form = ProposalEditForm(request.POST, proposal=proposal)
        if form.is_valid():
            try:
                changed = services.proposal_edit(proposal=proposal, actor=request.user, **form.cleaned_data)
            except PermissionDenied as error:
                return _refuse(request, error)
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, EDITED if changed else EDIT_UNCHANGED)
                return redirect(proposal)
        return render(request, self.template_name, {"form": form, "proposal": proposal}, status=400)


class _ProposalActionView(_MemberView):
    http_method_names = ["post"]

    def act(self, request, proposal):
        raise NotImplementedError

    def post(self, request, pk):
        proposal = self.get_proposal(pk)
        try:
            self.act(request, proposal)
        except PermissionDenied as error:
            return _refuse(request, error)
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect(proposal)


class ProposalSupportView(_ProposalActionView):
    def act(self, request, proposal):
        services.proposal_support(proposal=proposal, actor=request.user)
        messages.success(request, SUPPORTED)


class ProposalWithdrawView(_ProposalActionView):
    def act(self, request, proposal):
        services.proposal_support_withdraw(proposal=proposal, actor=request.user)
        messages.success(request, WITHDRAWN)


class ProposalAnswerView(_ProposalActionView):
    def act(self, request, proposal):
        form = AnswerForm(request.POST)
        if not form.is_valid():
            raise ValidationError(services.ERROR_ANSWER_STATUS)
        changed = services.proposal_answer(proposal=proposal, actor=request.user, **form.cleaned_data)
        messages.success(request, ANSWERED if changed else ANSWER_UNCHANGED)


class ProposalHideView(_ProposalActionView):
    def act(self, request, proposal):
        if proposal.is_hidden:
            services.proposal_show(proposal=proposal, actor=request.user)
            messages.success(request, SHOWN)
        else:
            services.proposal_hide(
                proposal=proposal, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, HIDDEN)


class ProposalMeetingView(_MemberView):
    """Accept a proposal by creating the meeting or visit it becomes (prefilled)."""

    def _check(self, request, pk):
        proposal = self.get_proposal(pk)
        if not permissions.user_can_answer_proposal(request.user, proposal):
            raise PermissionDenied(services.ERROR_CANNOT_ANSWER)
        return proposal

    def get(self, request, pk):
        try:
            proposal = self._check(request, pk)
        except PermissionDenied as error:
            return _refuse(request, error)
        form = MeetingFromProposalForm(initial=MeetingFromProposalForm.initial_for(proposal))
        return render(request, "proposals/proposal_meeting_form.html", {"proposal": proposal, "form": form})

    def post(self, request, pk):
        try:
            proposal = self._check(request, pk)
        except PermissionDenied as error:
            return _refuse(request, error)
        form = MeetingFromProposalForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.proposal_accept_with_meeting(
                    proposal=proposal, actor=request.user, **form.cleaned_data
                )
            except PermissionDenied as error:
                return _refuse(request, error)
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, MEETING_CREATED)
                return redirect(meeting)
        return render(
            request, "proposals/proposal_meeting_form.html", {"proposal": proposal, "form": form}, status=400
        )
