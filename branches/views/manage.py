"""The branch's dashboard and its settings page (review, co-organisers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.errors import error_text, refusal
from meetings.permissions import user_can_coordinate_meetings
from members.permissions import user_meetings_need_review

from .. import selectors
from ..forms import OrganiserForm, SettingsForm
from ..permissions import user_can_name_organisers
from ..services import organisers as organiser_services
from .access import BranchView

PER_PAGE = 20
SETTINGS_SAVED = _("The settings are saved.")
NOTHING_CHANGED = _("Nothing changed.")
ORGANISER_ADDED = _("%(name)s is now a co-organiser of the branch.")
ORGANISER_REMOVED = _("The co-organiser is removed.")
NOT_FOCAL = _("Only the branch's focal person and the coordinators change its settings and co-organisers.")


class BranchManageView(BranchView):
    """The branch's meetings (upcoming, past or awaiting review), with what can be done next."""

    def get(self, request, slug):
        when = request.GET.get("when")
        when = when if when in selectors.WHEN_CHOICES else "upcoming"
        page = Paginator(selectors.branch_meetings(community=self.community, when=when), PER_PAGE).get_page(
            request.GET.get("page")
        )
        page.object_list = selectors.branch_meetings_attach_counts(page.object_list)
        user = request.user
        return render(
            request,
            "branches/manage.html",
            {
                "community": self.community,
                "page_obj": page,
                "meetings": page.object_list,
                "when": when,
                "now": timezone.now(),
                "query": f"when={when}",
                "review_count": selectors.branch_review_count(community=self.community),
                "needs_review": user_meetings_need_review(user, self.community),
                "can_review": user_can_coordinate_meetings(user),
                "can_name_organisers": user_can_name_organisers(user, self.community),
            },
        )


class BranchSettingsView(BranchView):
    refused_message = NOT_FOCAL

    def allowed(self, user, community) -> bool:
        return user_can_name_organisers(user, community)

    def _render(self, request, settings_form=None, organiser_form=None, status=200):
        return render(
            request,
            "branches/settings.html",
            {
                "community": self.community,
                "settings_form": settings_form
                or SettingsForm(initial={"meetings_reviewed": self.community.meetings_reviewed}),
                "organiser_form": organiser_form or OrganiserForm(candidates=self._candidates()),
                "organisers": selectors.branch_organisers(community=self.community),
                "organisers_max": organiser_services.ORGANISERS_MAX,
            },
            status=status,
        )

    def _candidates(self):
        return selectors.branch_organiser_candidates(community=self.community)

    def get(self, request, slug):
        return self._render(request)

    def post(self, request, slug):
        action = request.POST.get("action")
        try:
            if action == "settings":
                form = SettingsForm(request.POST)
                form.is_valid()  # a single optional box: always valid
                changed = organiser_services.branch_settings_update(
                    community=self.community,
                    actor=request.user,
                    meetings_reviewed=form.cleaned_data["meetings_reviewed"],
                )
                messages.success(request, SETTINGS_SAVED if changed else NOTHING_CHANGED)
            elif action == "add":
                form = OrganiserForm(request.POST, candidates=self._candidates())
                if not form.is_valid():
                    return self._render(request, organiser_form=form, status=400)
                field = "user" if form.cleaned_data["user"] else "email"
                try:
                    user = form.cleaned_data["user"] or organiser_services.member_by_email(
                        form.cleaned_data["email"]
                    )
                    organiser_services.branch_organiser_add(
                        community=self.community, actor=request.user, user=user
                    )
                except ValidationError as error:
                    form.add_error(field, error)
                    return self._render(request, organiser_form=form, status=400)
                messages.success(request, ORGANISER_ADDED % {"name": user.get_full_name()})
            elif action == "remove":
                user_id = request.POST.get("user", "")
                if not user_id.isdigit() or len(user_id) > 18:
                    return refusal(request, organiser_services.ORGANISER_NOT_ONE, status=400)
                organiser_services.branch_organiser_remove(
                    community=self.community, actor=request.user, user_id=int(user_id)
                )
                messages.success(request, ORGANISER_REMOVED)
            else:
                return refusal(request, NOTHING_CHANGED, status=400)
        except PermissionDenied as error:
            return refusal(request, error)
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("branches:branch-settings", slug=self.community.slug)
