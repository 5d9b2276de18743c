"""Turning a refusal into words and a page: one place for every app's views and admin."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("You do not have permission to do this.")


def error_messages(error: ValidationError | PermissionDenied | Exception) -> list[str]:
    """Every message a refusal carries, as text in the active language."""
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    if error.args and error.args[0]:
        return [str(error.args[0])]
    return [str(NOT_ALLOWED)]


def error_text(error: ValidationError | PermissionDenied | Exception) -> str:
    """One line for a flash message or an admin message."""
    return " ".join(error_messages(error))


def refusal(
    request,
    error: ValidationError | PermissionDenied | Exception | str | Promise,
    *,
    status: int = 403,
    back_url: str | None = None,
    back_label: str | None = None,
) -> HttpResponse:
    """The one refusal page: why the action was refused, and a way back."""
    messages_ = [str(error)] if isinstance(error, (str, Promise)) else error_messages(error)
    context = {"errors": messages_, "back_url": back_url, "back_label": back_label}
    return render(request, "cop_portal/refusal.html", context, status=status)


def permission_denied(request, exception=None) -> HttpResponse:
    """``handler403``: a ``PermissionDenied`` raised anywhere shows the refusal page with its message."""
    return refusal(request, exception if exception is not None else PermissionDenied())
