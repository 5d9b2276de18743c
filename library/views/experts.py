"""The experts' roster: the list with filters, one expert with the sessions they gave, and a
member's own entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.errors import error_messages, refusal
from members.permissions import AccessRequiredMixin

from .. import permissions, selectors_experts, services
from ..forms import ERROR_BAD_FILTER, ExpertContactForm, ExpertFilterForm, ExpertProfileForm
from ..models import Expert, Theme
from .search import ERROR_NO_PAGE

PAGE_SIZE = 20
PROFILE_SAVED = _("Your entry on the experts' roster is saved.")
PROFILE_REMOVED = _("You are no longer on the experts' roster.")
MESSAGE_SENT = _("Your message is on its way to the expert by e-mail.")


def _labels(expert: Expert) -> None:
    themes, speaks = dict(Theme.choices), dict(Expert.Speaks.choices)
    expert.topic_labels = [themes[t] for t in Expert.split(expert.topics) if t in themes]
    expert.language_labels = [speaks[v] for v in Expert.split(expert.languages) if v in speaks]


class ExpertListView(View):
    def get(self, request):
        form = ExpertFilterForm(request.GET)
        if not form.is_valid():
            errors = "; ".join(f"{form.fields[k].label or k}: {' '.join(v)}" for k, v in form.errors.items())
            return refusal(request, ERROR_BAD_FILTER % {"errors": errors}, status=400)
        paginator = Paginator(selectors_experts.expert_list(filters=form.filters()), PAGE_SIZE)
        try:
            page = paginator.page(form.cleaned_data.get("page") or 1)
        except EmptyPage:
            return refusal(request, ERROR_NO_PAGE, status=404)
        experts = selectors_experts.expert_attach_sessions(page.object_list)
        for expert in experts:
            _labels(expert)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "experts": experts,
            "page_obj": page,
            "query_string": query.urlencode(),
            "can_opt_in": permissions.user_can_opt_in(request.user),
        }
        return render(request, "library/expert_list.html", context)


class ExpertDetailView(View):
    def get(self, request, pk):
        expert = selectors_experts.expert_get(pk=pk)
        if expert is None:
            raise Http404
        (expert,) = selectors_experts.expert_attach_sessions([expert], shown=50)
        _labels(expert)
        context = {
            "expert": expert,
            "can_contact": permissions.user_can_contact_expert(request.user, expert),
            "contact_form": ExpertContactForm(),
        }
        return render(request, "library/expert_detail.html", context)


class ExpertProfileView(AccessRequiredMixin, View):
    """/experts/me/: a member puts themselves on the roster, changes or removes their entry."""

    refusal = permissions.OPT_IN_REFUSAL
    template_name = "library/expert_profile.html"

    def allowed(self, user) -> bool:
        return permissions.user_can_opt_in(user)

    def get(self, request):
        expert = selectors_experts.expert_get_by_user(user=request.user)
        return render(
            request, self.template_name, {"form": ExpertProfileForm(instance=expert), "expert": expert}
        )

    def post(self, request):
        expert = selectors_experts.expert_get_by_user(user=request.user)
        if request.POST.get("remove"):
            services.expert_opt_out(actor=request.user)
            messages.success(request, PROFILE_REMOVED)
            return redirect(reverse("library:expert-list"))
        form = ExpertProfileForm(
            request.POST, instance=selectors_experts.expert_get_by_user(user=request.user)
        )
        if form.is_valid():
            try:
                expert = services.expert_opt_in(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for message in error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, PROFILE_SAVED)
                return redirect(expert)
        return render(request, self.template_name, {"form": form, "expert": expert}, status=400)


class ExpertContactView(AccessRequiredMixin, View):
    """POST /experts/<id>/contact/: a member's message relayed by e-mail (the form is on the
    expert's page)."""

    refusal = permissions.CONTACT_REFUSAL
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        self.expert = selectors_experts.expert_get(pk=kwargs["pk"])
        if self.expert is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user) -> bool:
        return permissions.user_can_contact_expert(user, self.expert)

    def post(self, request, pk):
        form = ExpertContactForm(request.POST)
        if form.is_valid():
            try:
                services.expert_contact(
                    expert=self.expert, actor=request.user, message=form.cleaned_data["message"]
                )
            except ValidationError as exc:
                return refusal(
                    request,
                    exc,
                    status=429 if exc.code == "limit" else 400,
                    back_url=self.expert.get_absolute_url(),
                )
            messages.success(request, MESSAGE_SENT)
            return redirect(self.expert)
        return refusal(
            request,
            ValidationError(form.errors["message"]),
            status=400,
            back_url=self.expert.get_absolute_url(),
        )
