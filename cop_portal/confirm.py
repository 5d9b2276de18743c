"""The question before an act the person cannot undo: one page for every app's views.

GET (or a POST without ``confirm=yes``) shows what was chosen and what will follow; only a POST
carrying ``confirm=yes`` does it. Plain HTML forms: no script, so it works without JavaScript and
under the strict content security policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.http import HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"


def confirmed(request) -> bool:
    """Whether the request is the answer "yes" to the question."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirm_page(
    request,
    *,
    title: str,
    question: str,
    effects: Iterable[str] = (),
    confirm_label: str,
    back_url: str,
    back_label: str,
    fields: Mapping[str, object] | None = None,
    form=None,
    details: Iterable[tuple[str, str]] = (),
    action: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The question page: ``details`` (label, value) say what was chosen, ``effects`` what will
    follow; ``fields`` are carried as hidden inputs, ``form`` (if any) is shown for the person to
    fill in before saying yes."""
    context = {
        "title": title,
        "question": question,
        "effects": [str(e) for e in effects],
        "details": list(details),
        "confirm_label": confirm_label,
        "back_url": back_url,
        "back_label": back_label,
        "hidden": [(name, value) for name, value in (fields or {}).items() if value not in (None, "")],
        "form": form,
        "action": action or request.path,
        "confirm_field": CONFIRM_FIELD,
        "confirm_value": CONFIRM_VALUE,
    }
    return render(request, "cop_portal/confirm.html", context, status=status)
