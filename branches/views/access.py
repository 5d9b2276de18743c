"""What every branch management view does first: the branch (404), the person (403)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.errors import refusal
from meetings import permissions
from meetings.models import Meeting

from .. import selectors

NOT_RUNNER = _(
    "These pages are for the branch's focal person, its co-organisers and the coordinators. "
    "Ask the focal person to name you a co-organiser."
)
NOT_YOUR_MEETING = _(
    "This meeting belongs to another CoP: only its own organisers and the coordinators can change it."
)
BACK_TO_BRANCH = _("Back to the branch page")
BACK_TO_MANAGE = _("Back to managing the branch")


class BranchView(LoginRequiredMixin, View):
    """A page of one branch for those who run it (``user_can_run_meetings_of``)."""

    def allowed(self, user, community) -> bool:
        return permissions.user_can_run_meetings_of(user, community)

    refused_message = NOT_RUNNER

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.community = selectors.branch_get(slug=kwargs["slug"])
        if self.community is None:
            raise Http404
        if not self.allowed(request.user, self.community):
            return refusal(
                request,
                self.refused_message,
                back_url=self.community.get_absolute_url(),
                back_label=BACK_TO_BRANCH,
            )
        refused = self.check(request, **kwargs)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)

    def check(self, request, **kwargs):
        """A further check of the page (a response refuses), after the branch's."""
        return None

    @property
    def manage_url(self) -> str:
        return reverse("branches:branch-manage", kwargs={"slug": self.community.slug})


class BranchMeetingView(BranchView):
    """A page of one meeting of the branch: another CoP's meeting is refused (403) unless the
    person runs that one too, when the address is simply wrong (404)."""

    def check(self, request, pk, **kwargs):
        self.meeting = get_object_or_404(Meeting.objects.select_related("community"), pk=pk)
        if not permissions.user_can_run_meeting(request.user, self.meeting):
            return refusal(request, NOT_YOUR_MEETING, back_url=self.manage_url, back_label=BACK_TO_MANAGE)
        if self.meeting.community_id != self.community.pk:
            raise Http404
        return None
