"""The coordinators' view of the branch CoP network: each approved branch's host, focal person,
size and meeting rhythm, the quiet ones flagged (``meetings.selectors.branch_network``)."""

from django.views.generic import ListView

from meetings import selectors as meetings_selectors

from .permissions import CoordinatorRequiredMixin


class BranchNetworkView(CoordinatorRequiredMixin, ListView):
    template_name = "insights/network.html"
    context_object_name = "branches"
    paginate_by = 25

    def get_queryset(self):
        self.quiet_only = self.request.GET.get("quiet") == "1"
        return meetings_selectors.branch_network(inactive_only=self.quiet_only)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "quiet_only": self.quiet_only,
            "query": "quiet=1" if self.quiet_only else "",
            "quiet_months": meetings_selectors.INACTIVE_AFTER_MONTHS,
        }
