"""The attendance sheet's one request handler, for the site's sheet (every registrant at once)
and a branch meeting's pages (a page of registrants at a time): it reads the posted ticks or
walk-in form, makes the one attendance service call (which checks who may record), and says
what the page shows next. Each page keeps its own frame (``meetings/_attendance_sheet_body.html``
is the sheet itself)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cop_portal.errors import error_text

from . import selectors, services
from .forms import WalkInForm
from .models import Meeting

SHEET_SAVED = _("Attendance saved: %(added)s added, %(removed)s removed.")
WALK_IN_ADDED = _("Walk-in recorded.")


@dataclass
class SheetPost:
    """``ok``: saved (a message is queued; redirect); otherwise show the sheet again with
    status 400 and ``walk_in_form`` (the invalid form, or a fresh one)."""

    ok: bool
    walk_in_form: WalkInForm | None = None


def _ids(values) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 12]


def sheet_post(request, meeting: Meeting, *, paged: bool) -> SheetPost:
    """Record what was posted: a walk-in (``action=walk_in``), or the ticks of the sheet (with
    ``paged``, only the registrants listed as ``shown`` on that page change)."""
    try:
        if request.POST.get("action") == "walk_in":
            form = WalkInForm(request.POST)
            if not form.is_valid():
                return SheetPost(ok=False, walk_in_form=form)
            data = form.cleaned_data
            services.attendance_add_walk_in(
                meeting=meeting,
                actor=request.user,
                user=data["user"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                gender=data["gender"],
                joined_online=data["joined_online"],
            )
            messages.success(request, WALK_IN_ADDED)
        else:
            added, removed = services.attendance_record_sheet(
                meeting=meeting,
                actor=request.user,
                present_user_ids=_ids(request.POST.getlist("present")),
                shown_user_ids=_ids(request.POST.getlist("shown")) if paged else None,
            )
            messages.success(request, SHEET_SAVED % {"added": added, "removed": removed})
    except ValidationError as error:
        messages.error(request, error_text(error))
        return SheetPost(ok=False)
    return SheetPost(ok=True)


def sheet_context(meeting: Meeting, registrations, walk_in_form: WalkInForm | None = None) -> dict:
    """What ``meetings/_attendance_sheet_body.html`` needs besides the registrants' page."""
    return {
        "meeting": meeting,
        "registrations": registrations,
        "walk_ins": selectors.attendance_list_walk_ins(meeting=meeting),
        "walk_in_form": walk_in_form or WalkInForm(),
    }
