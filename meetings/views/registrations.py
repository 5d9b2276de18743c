"""Registering for a meeting and cancelling (after a question: a seat may go to the waitlist)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.confirm import confirm_page, confirmed
from cop_portal.errors import error_text

from .. import selectors, services
from ..models import Meeting, Registration

REGISTERED = _("You are registered. See you there!")
WAITLISTED = _("The meeting is full: you are on the waitlist. We will e-mail you if a seat frees up.")
CANCELLED = _("Your registration is cancelled.")
CANCEL_QUESTION = _("Cancel your registration?")
LEAVE_WAITLIST_QUESTION = _("Leave the waitlist?")
CANCEL_SEAT_TO_WAITLIST = _(
    "Your seat goes at once to the first of the %(n)s people on the waitlist, who is e-mailed. "
    "This cannot be undone: if you register again, you join the end of the waitlist."
)
CANCEL_SEAT_FREE = _("Your seat is freed. You can register again while seats are left.")
CANCEL_WAITLIST_PLACE = _(
    "You lose your place in line (number %(n)s). If you join again, you start at the end of the waitlist."
)
CANCEL_YES = _("Yes, cancel my registration")
LEAVE_WAITLIST_YES = _("Yes, leave the waitlist")
KEEP_REGISTRATION = _("No, keep my seat")
KEEP_WAITLIST = _("No, stay on the waitlist")
NOT_REGISTERED = _("You are not registered for this meeting.")


class RsvpCreateView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.exclude(status__in=Meeting.NOT_PUBLIC), pk=pk)
        try:
            registration = services.rsvp_create(meeting=meeting, user=request.user, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(meeting)
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, REGISTERED)
        else:
            messages.info(request, WAITLISTED)
        if request.POST.get("next") == "mine":
            return _back_to_mine(request)
        return redirect(meeting)


class RsvpCancelView(LoginRequiredMixin, View):
    """Cancelling asks first (GET, or a POST without ``confirm=yes``): a confirmed seat of a
    meeting with a waitlist goes at once to the next person in line and cannot be taken back."""

    def _registration(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        registration = selectors.registration_get(meeting=meeting, user=request.user)
        if registration is None or registration.status == Registration.Status.CANCELLED:
            return meeting, None
        return meeting, registration

    def _back_url(self, params, meeting) -> str:
        return _mine_url(params) if params.get("next") == "mine" else meeting.get_absolute_url()

    def _question(self, request, meeting, registration, status=200):
        params = request.POST if request.method == "POST" else request.GET
        seat = registration.status == Registration.Status.CONFIRMED
        if seat:
            waiting = selectors.meeting_waitlist_count(meeting)
            effects = [CANCEL_SEAT_TO_WAITLIST % {"n": waiting}] if waiting else [CANCEL_SEAT_FREE]
        else:
            position = selectors.registration_waitlist_position(registration)
            effects = [CANCEL_WAITLIST_PLACE % {"n": position}]
        return confirm_page(
            request,
            title=meeting.title,
            question=CANCEL_QUESTION if seat else LEAVE_WAITLIST_QUESTION,
            details=[(_("Meeting"), meeting.title), (_("When"), _local_when(meeting))],
            effects=effects,
            confirm_label=CANCEL_YES if seat else LEAVE_WAITLIST_YES,
            back_url=self._back_url(params, meeting),
            back_label=KEEP_REGISTRATION if seat else KEEP_WAITLIST,
            fields={key: params.get(key, "") for key in ("next", "upcoming", "past")},
            status=status,
        )

    def get(self, request, pk):
        meeting, registration = self._registration(request, pk)
        if registration is None:
            messages.error(request, NOT_REGISTERED)
            return redirect(meeting)
        return self._question(request, meeting, registration)

    def post(self, request, pk):
        meeting, registration = self._registration(request, pk)
        if registration is None:
            messages.error(request, NOT_REGISTERED)
            return redirect(meeting)
        if not confirmed(request):
            return self._question(request, meeting, registration, status=400)
        services.rsvp_cancel(registration=registration, actor=request.user)
        messages.success(request, CANCELLED)
        if request.POST.get("next") == "mine":
            return _back_to_mine(request)
        return redirect(meeting)


def _local_when(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "Y-m-d H:i")


def _mine_url(params) -> str:
    """My meetings at the pages a form was sent from (only page numbers are carried over)."""
    pages = {key: params.get(key, "") for key in ("upcoming", "past")}
    query = urlencode(
        {
            key: value
            for key, value in pages.items()
            if value.isascii() and value.isdigit() and len(value) < 7 and value != "1"
        }
    )
    return reverse("meetings:meeting-mine") + (f"?{query}" if query else "")


def _back_to_mine(request):
    return redirect(_mine_url(request.POST))
