"""Who may see which insights: the coordinators' dashboard, its exports and the annual report."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.permissions import user_is_coordinator

NOT_A_COORDINATOR = _("Only coordinators can see the participation insights.")


def user_can_see_insights(user) -> bool:
    """Individual-level monitoring (by organisation, gender, level) is for coordinators only."""
    return user_is_coordinator(user)


class CoordinatorRequiredMixin:
    """Anonymous visitors go to the sign-in page; signed-in non-coordinators get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_can_see_insights(request.user):
            raise PermissionDenied(NOT_A_COORDINATOR)
        return super().dispatch(request, *args, **kwargs)
