"""The coordinators' view of the branch CoP network (/insights/network/): each approved
branch's host, focal person, size and meeting rhythm, the quiet ones flagged
(``selectors.branch_network``)."""

from django.views.generic import ListView

from members.permissions import AccessRequiredMixin

from .. import selectors
from ..permissions import NETWORK_COORDINATORS_ONLY, user_can_see_network


class BranchNetworkView(AccessRequiredMixin, ListView):
    template_name = "branches/network.html"
    context_object_name = "branches"
    paginate_by = 25
    refusal = NETWORK_COORDINATORS_ONLY

    def allowed(self, user) -> bool:
        return user_can_see_network(user)

    def get_queryset(self):
        self.quiet_only = self.request.GET.get("quiet") == "1"
        return selectors.branch_network(inactive_only=self.quiet_only)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "quiet_only": self.quiet_only,
            "query": "quiet=1" if self.quiet_only else "",
            "quiet_months": selectors.INACTIVE_AFTER_MONTHS,
        }
