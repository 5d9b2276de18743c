"""Actions: the list (mine, my organisation's, overdue), one action with its timeline, and
the owner's progress update (phone-first), with evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal import pagecache
from cop_portal.errors import error_text
from cop_portal.paging import page_or_404
from meetings.files import file_response
from members.permissions import MEMBERS_ONLY

from .. import permissions, selectors, services
from ..forms import ActionCreateForm, ActionFilterForm, ActionProgressForm
from ..models import Action
from ._common import organisation_or_404, refuse

UPDATED = _("Progress recorded.")
CREATED = _("The action is added; its owner can now record progress.")


class _MembersOnly(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.user_can_list_actions(request.user):
            return refuse(request, MEMBERS_ONLY, back_url="/")
        return super().dispatch(request, *args, **kwargs)


class ActionListView(_MembersOnly):
    """The list (count, page, organisations, rendering) and the audits waiting on the viewer are
    kept per viewer, filters, page and day until an action or an audit changes (``actions``,
    ``audits``), or a person or an organisation is renamed (``people``, ``labels``)."""

    paginate_by = 25

    def get(self, request):
        filter_form = ActionFilterForm(request.GET or None)
        data = filter_form.cleaned_data if filter_form.is_valid() else {}
        scope = data.get("scope") or "mine"
        status, source = data.get("status", ""), data.get("source", "")
        query = request.GET.copy()
        query.pop("page", None)
        query_string = query.urlencode()
        user = request.user
        page = request.GET.get("page") or "1"

        def build() -> tuple[str, str]:
            actions = selectors.action_list(viewer=user, scope=scope, status=status, source=source)
            page_obj = page_or_404(actions, self.paginate_by, page)
            context = {
                "actions": page_obj.object_list,
                "page_obj": page_obj,
                "query_string": query_string,
                "to_review": selectors.audit_list_awaiting_review(user),
                "to_record": selectors.audit_list_for_user(user),
            }
            return (
                render_to_string("results/_audits_waiting.html", context, request=request),
                render_to_string("results/_action_list.html", context, request=request),
            )

        # The viewer's id and roles are in the key: "all", "overdue" and the audits depend on
        # them, and a coordinator's role waits for the second factor in each session.
        roles = f"{int(user.is_coordinator)}{int(user.is_organisation_contact)}:{user.organisation_id}"
        key = f"actions:{timezone.localdate()}:{roles}:{scope}:{status}:{source}:{page}:{query_string}"
        waiting, listing = pagecache.cached(
            key,
            names=("actions", "audits", "labels", "people"),
            audience=f"user:{user.pk}",
            build=build,
            timeout=600,
        )
        context = {
            "filter_form": filter_form,
            "scope": scope,
            "waiting": mark_safe(waiting),  # noqa: S308 - our own render
            "listing": mark_safe(listing),  # noqa: S308 - our own render
        }
        return render(request, "results/action_list.html", context)


class ActionDetailView(_MembersOnly):
    def _action(self, request, pk):
        action = selectors.action_get(pk=pk)
        if action is None:
            raise Http404
        organisation_ids = {o.pk for o in action.organisations.all()}
        if not permissions.user_can_see_action(request.user, action, organisation_ids):
            raise Http404
        return action, organisation_ids

    def _render(self, request, action, organisation_ids, form=None, status=200):
        can_update = permissions.user_can_update_action(request.user, action, organisation_ids)
        if can_update and form is None:
            form = ActionProgressForm(initial={"status": action.status, "progress": action.progress})
        context = {"action": action, "can_update": can_update, "form": form, "updates": action.updates.all()}
        return render(request, "results/action_detail.html", context, status=status)

    def get(self, request, pk):
        return self._render(request, *self._action(request, pk))

    def post(self, request, pk):
        action, organisation_ids = self._action(request, pk)
        form = ActionProgressForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.action_progress_record(action=action, actor=request.user, **form.cleaned_data)
            except PermissionDenied as error:
                return refuse(request, error, back_url=action.get_absolute_url())
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, UPDATED)
                return redirect(action)
        return self._render(request, action, organisation_ids, form=form, status=400)


class ActionEvidenceFileView(View):
    def get(self, request, pk):
        update = selectors.action_update_get(pk=pk)
        if update is None or not update.evidence_file:
            raise Http404
        action = update.action
        organisation_ids = set(action.organisations.values_list("pk", flat=True))
        if not permissions.user_can_see_action(request.user, action, organisation_ids):
            raise Http404
        return file_response(update.evidence_file)


class ActionCreateView(LoginRequiredMixin, View):
    """The contact (or a coordinator) adds an action for the organisation, e.g. for a gap an
    audit found."""

    def _organisation(self, request, slug):
        organisation = organisation_or_404(slug)
        if not permissions.user_can_create_action(request.user, {organisation.pk}):
            raise PermissionDenied(services.ERROR_CANNOT_CREATE_ACTION)
        return organisation

    def _render(self, request, organisation, form, status=200):
        context = {"organisation": organisation, "form": form}
        return render(request, "results/action_create.html", context, status=status)

    def get(self, request, slug):
        try:
            organisation = self._organisation(request, slug)
        except PermissionDenied as error:
            return refuse(request, error)
        initial = {k: request.GET[k] for k in ("audit", "indicator") if request.GET.get(k, "").isdigit()}
        return self._render(
            request, organisation, ActionCreateForm(organisation=organisation, initial=initial)
        )

    def post(self, request, slug):
        try:
            organisation = self._organisation(request, slug)
        except PermissionDenied as error:
            return refuse(request, error)
        form = ActionCreateForm(request.POST, organisation=organisation)
        if form.is_valid():
            data = form.cleaned_data
            source = Action.Source.AUDIT if data["audit"] or data["indicator"] else Action.Source.OTHER
            try:
                action = services.action_create(
                    actor=request.user, organisations=[organisation], source=source, **data
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, CREATED)
                return redirect(action)
        return self._render(request, organisation, form, status=400)
