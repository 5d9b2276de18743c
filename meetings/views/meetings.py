"""Views of meetings, site visits and the convention: a permission check, one service
call or selector, then a redirect or a page."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from cop_portal import pagecache
from cop_portal.conditional import cached_document
from cop_portal.confirm import confirm_page, confirmed
from cop_portal.errors import error_text

from .. import permissions, selectors, services
from ..forms import MeetingFilterForm, WalkInForm
from ..ical import calendar_bytes
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
SHEET_SAVED = _("Attendance saved: %(added)s added, %(removed)s removed.")
WALK_IN_ADDED = _("Walk-in recorded.")
REPORT_SAVED = _("Your progress report is saved.")
REPORT_SUBMITTED = _("Your progress report is submitted to the coordinators.")
CALENDAR_NOT_FOUND = _("This calendar link is not valid any more. Copy the new one from your profile.")


ICS_TYPE = "text/calendar; charset=utf-8"


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


class MeetingListView(ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        """The list itself (filters, cards, pagination) is the same for everyone: rendered
        once per data version, language and URL, then reused by visitors and members alike
        (the page around it, with the member's menu, is rendered for each request)."""
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"meetings:list-body:{pagecache.version()}:{get_language()}:{path}"
        body = cache.get(key)
        if body is None:
            self.object_list = self.get_queryset()
            body = render_to_string(
                "meetings/_meeting_list_body.html", self.get_context_data(), request=request
            )
            cache.set(key, body, settings.COP_PAGE_CACHE_SECONDS)
        return render(request, self.template_name, {"body": mark_safe(body)})  # noqa: S308 - our own render

    def get_queryset(self):
        self.filter_form = MeetingFilterForm(self.request.GET or None)
        filters = self.filter_form.filters() if self.request.GET else {}
        return selectors.meeting_list_public(**filters)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["meetings"] = selectors.meeting_list_attach_counts(ctx["meetings"])
        ctx["filter_form"] = self.filter_form
        ctx["when"] = self.request.GET.get("when") or "upcoming"
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        # The rendered filter form (an option per organisation) is cached per data version,
        # language and chosen filters.
        ctx["filter_cache_key"] = (
            f"{pagecache.version()}:{get_language()}:{ctx['when']}:{ctx['query_string']}"
        )
        return ctx


def _meeting_for_page(pk: int, viewer) -> Meeting | None:
    """The meeting with its agenda, materials and counts (three queries), kept per data
    version: the same for every reader, so a member's page reads only their own registration.
    Drafts are never kept (who may see one depends on the reader)."""
    key = f"meetings:detail:{pagecache.version()}:{pk}"
    meeting = cache.get(key)
    if meeting is None:
        meeting = selectors.meeting_get_public(pk=pk, viewer=viewer)
        if meeting is not None and meeting.status != Meeting.Status.DRAFT:
            cache.set(key, meeting, settings.COP_PAGE_CACHE_SECONDS)
    return meeting


class MeetingDetailView(View):
    def get(self, request, pk):
        meeting = _meeting_for_page(pk, request.user)
        if meeting is None:
            raise Http404
        registration = selectors.registration_get(meeting=meeting, user=request.user)
        active = registration is not None and registration.status != Registration.Status.CANCELLED
        can_register = True
        closed_reason = ""
        try:
            services.registration_check_open(meeting)
        except ValidationError as error:
            can_register, closed_reason = False, error_text(error)
        user = request.user
        materials = [m for m in meeting.materials.all() if permissions.user_can_see_material(user, m)]
        return render(
            request,
            "meetings/meeting_detail.html",
            {
                "meeting": meeting,
                "registration": registration if active else None,
                "waitlist_position": selectors.registration_waitlist_position(registration)
                if active
                else None,
                "can_register": can_register,
                "closed_reason": closed_reason,
                "is_member": permissions.user_may_attend(user),
                "show_online_link": active and registration.status == Registration.Status.CONFIRMED,
                "can_manage": permissions.user_can_manage_meeting(user, meeting),
                "materials": materials,
                "seats_left": selectors.meeting_seats_left(meeting),
                "not_member_message": services.ERROR_NOT_MEMBER,
            },
        )


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


class MyMeetingsView(LoginRequiredMixin, View):
    """Upcoming registrations (cancellable here) above the past ones (attended, absent, cancelled),
    each list a page at a time with its own page parameter (``?upcoming=2``, ``?past=2``)."""

    per_page = 10

    def get(self, request):
        user = request.user
        upcoming = Paginator(selectors.registration_list_for_user(user=user, past=False), self.per_page)
        past = Paginator(selectors.registration_list_for_user(user=user, past=True), self.per_page)
        upcoming_page = upcoming.get_page(request.GET.get("upcoming"))
        past_page = past.get_page(request.GET.get("past"))
        ctx = {
            "upcoming": upcoming_page,
            "past": past_page,
            "upcoming_query": f"past={past_page.number}" if past_page.number > 1 else "",
            "past_query": f"upcoming={upcoming_page.number}" if upcoming_page.number > 1 else "",
            "feed_url": request.build_absolute_uri(f"/calendar/{user.calendar_token}.ics"),
        }
        return render(request, "meetings/meeting_mine.html", ctx)


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


class MeetingIcsView(View):
    def get(self, request, pk):
        meeting = selectors.meeting_get_public(pk=pk, viewer=request.user)
        if meeting is None:
            raise Http404
        registration = selectors.registration_get(meeting=meeting, user=request.user)
        links = (
            frozenset({meeting.pk})
            if registration is not None and registration.status == Registration.Status.CONFIRMED
            else frozenset()
        )
        return _ics_response(
            calendar_bytes([meeting], name=meeting.title, links_for=links), f"meeting-{meeting.pk}.ics"
        )


class CalendarFeedView(View):
    """All published and cancelled meetings from 12 months back and everything ahead (the
    window of selectors.meeting_list_calendar): built once per change of the data, cached
    compressed, answered with 304 to a calendar app that already has it."""

    def get(self, request):
        def build():
            meetings = list(selectors.meeting_list_calendar())
            body = calendar_bytes(meetings, name=str(_("Gender CoP meetings")))
            return body, max((m.updated_at for m in meetings), default=None)

        return cached_document(
            request,
            name="feed:all",
            build=build,
            content_type=ICS_TYPE,
            cache_control="public, max-age=900",
            filename="gender-cop.ics",
        )


class PersonalFeedView(View):
    """The secret-token feed of one member's meetings (no session: calendar apps poll it).
    Private: never stored by shared caches; cached here per member and data version."""

    def get(self, request, token):
        user = selectors.user_get_by_calendar_token(token=token)
        if user is None:
            return HttpResponse(str(CALENDAR_NOT_FOUND), status=404, content_type="text/plain; charset=utf-8")

        def build():
            meetings = list(selectors.meeting_list_calendar(user=user))
            confirmed = selectors.registration_meeting_ids_confirmed(user=user, meetings=meetings)
            body = calendar_bytes(meetings, name=str(_("My Gender CoP meetings")), links_for=confirmed)
            return body, max((m.updated_at for m in meetings), default=None)

        return cached_document(
            request,
            name=f"feed:user:{user.pk}:{token}",
            build=build,
            content_type=ICS_TYPE,
            cache_control="private, max-age=300",
            filename="my-meetings.ics",
        )


class AttendanceSheetView(LoginRequiredMixin, View):
    """A checkbox per registrant, plus walk-ins; for coordinators and the organiser."""

    def _meeting(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("community"), pk=pk)
        if not permissions.user_can_manage_meeting(request.user, meeting):
            raise PermissionDenied(services.ERROR_NOT_COORDINATOR)
        return meeting

    def _render(self, request, meeting, walk_in_form=None, status=200):
        return render(
            request,
            "meetings/attendance_sheet.html",
            {
                "meeting": meeting,
                "registrations": selectors.registration_list_for_sheet(meeting=meeting),
                "walk_ins": selectors.attendance_list_walk_ins(meeting=meeting),
                "walk_in_form": walk_in_form or WalkInForm(),
            },
            status=status,
        )

    def get(self, request, pk):
        return self._render(request, self._meeting(request, pk))

    def post(self, request, pk):
        meeting = self._meeting(request, pk)
        try:
            if request.POST.get("action") == "walk_in":
                form = WalkInForm(request.POST)
                if not form.is_valid():
                    return self._render(request, meeting, walk_in_form=form, status=400)
                services.attendance_add_walk_in(
                    meeting=meeting,
                    actor=request.user,
                    user=form.cleaned_data["user"],
                    full_name=form.cleaned_data["full_name"],
                    organisation=form.cleaned_data["organisation"],
                    gender=form.cleaned_data["gender"],
                    joined_online=form.cleaned_data["joined_online"],
                )
                messages.success(request, WALK_IN_ADDED)
            else:
                present = [v for v in request.POST.getlist("present") if v.isdigit()]
                added, removed = services.attendance_record_sheet(
                    meeting=meeting, present_user_ids=present, actor=request.user
                )
                messages.success(request, SHEET_SAVED % {"added": added, "removed": removed})
        except ValidationError as error:
            messages.error(request, error_text(error))
            return self._render(request, meeting, status=400)
        return redirect("meetings:attendance-sheet", pk=meeting.pk)
