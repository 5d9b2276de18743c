"""The account menu's per-person entries ("My branch", "Awaiting review" with its count).

Each app registers a provider (``register``); the values are computed at sign-in and kept in
the session for ``MENU_SECONDS``, so an ordinary page pays no query for them and a change
(a new co-organiser, a meeting sent for review) shows within a minute.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

MENU_SECONDS = 60
SESSION_KEY = "menu"

_providers: dict[str, Callable] = {}


def register(name: str, provider: Callable) -> None:
    """``provider(user)`` returns a JSON-serialisable value for the menu (None: no entry)."""
    _providers[name] = provider


def _fill(session, user) -> dict:
    entry = {
        "at": timezone.now().timestamp(),
        **{name: provide(user) for name, provide in _providers.items()},
    }
    session[SESSION_KEY] = entry
    return entry


def on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the menu is read once, while the sign-in writes the session anyway."""
    if request is not None and hasattr(request, "session"):
        _fill(request.session, user)


def menu_get(request, name: str):
    """The value of entry ``name`` for the signed-in person of ``request`` (refreshed when stale)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return None
    entry = request.session.get(SESSION_KEY)
    if not entry or name not in entry or timezone.now().timestamp() - entry.get("at", 0) > MENU_SECONDS:
        entry = _fill(request.session, user)
    return entry.get(name)
