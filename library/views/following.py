"""Following a theme (a POST form on the library's pages, works without JavaScript), and the
page listing the themes with the reader's choice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.errors import error_text
from members.permissions import AccessRequiredMixin

from .. import permissions, selectors_following, services
from ..models import Theme

THEME_FOLLOWED = _(
    "You follow the theme “%(theme)s”. Its new items come to you in one e-mail a day, "
    "and you can stop at any time."
)
THEME_UNFOLLOWED = _("You no longer follow the theme “%(theme)s”.")


def _back(request) -> str:
    """Where the form was (``next``, a path on this site), else the themes' page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("library:theme-list")


def _theme(theme: str) -> str:
    if theme not in Theme.values:
        raise Http404
    return theme


class ThemeFollowView(AccessRequiredMixin, View):
    """POST: the member follows the theme."""

    refusal = permissions.FOLLOW_REFUSAL

    def allowed(self, user) -> bool:
        return permissions.user_can_follow_theme(user)

    def post(self, request, theme):
        theme = _theme(theme)
        try:
            services.theme_follow(user=request.user, theme=theme, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, THEME_FOLLOWED % {"theme": Theme(theme).label})
        return redirect(_back(request))


class ThemeUnfollowView(AccessRequiredMixin, View):
    """POST: stop following (anyone signed in: a former member too)."""

    def post(self, request, theme):
        theme = _theme(theme)
        services.theme_unfollow(user=request.user, theme=theme, actor=request.user)
        messages.success(request, THEME_UNFOLLOWED % {"theme": Theme(theme).label})
        return redirect(_back(request))


class ThemeListView(AccessRequiredMixin, View):
    """/library/themes/: every theme, whether the reader follows it, a button to change it."""

    def get(self, request):
        followed = selectors_following.theme_list_followed(user=request.user)
        themes = [
            {"value": value, "label": label, "followed": value in followed} for value, label in Theme.choices
        ]
        context = {
            "themes": themes,
            "can_follow": permissions.user_can_follow_theme(request.user),
            "follow_refusal": permissions.FOLLOW_REFUSAL,
        }
        return render(request, "library/theme_list.html", context)
