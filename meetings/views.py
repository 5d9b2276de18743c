"""Views of meetings, site visits and the convention: a permission check, one service
call or selector, then a redirect or a page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from cop_portal.errors import error_text

from . import permissions, selectors, services
from .forms import ConventionReportForm, MeetingFilterForm, WalkInForm
from .ical import calendar_bytes
from .models import Meeting, Registration

REGISTERED = _("You are registered. See you there!")
WAITLISTED = _("The meeting is full: you are on the waitlist. We will e-mail you if a seat frees up.")
CANCELLED = _("Your registration is cancelled.")
NOT_REGISTERED = _("You are not registered for this meeting.")
SHEET_SAVED = _("Attendance saved: %(added)s added, %(removed)s removed.")
WALK_IN_ADDED = _("Walk-in recorded.")
REPORT_SAVED = _("Your progress report is saved.")
REPORT_SUBMITTED = _("Your progress report is submitted to the coordinators.")
CALENDAR_NOT_FOUND = _("This calendar link is not valid any more. Copy the new one from your profile.")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


class MeetingListView(ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = MeetingFilterForm(self.request.GET or None)
        filters = self.filter_form.filters() if self.request.GET else {}
        return selectors.meeting_list_public(**filters)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filter_form
        ctx["when"] = self.request.GET.get("when") or "upcoming"
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        return ctx


class MeetingDetailView(View):
    def get(self, request, pk):
        meeting = selectors.meeting_get_public(pk=pk, viewer=request.user)
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
        meeting = get_object_or_404(Meeting.objects.exclude(status=Meeting.Status.DRAFT), pk=pk)
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
            return redirect("meetings:meeting-mine")
        return redirect(meeting)


class RsvpCancelView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        registration = selectors.registration_get(meeting=meeting, user=request.user)
        if registration is None or registration.status == Registration.Status.CANCELLED:
            messages.error(request, NOT_REGISTERED)
            return redirect(meeting)
        services.rsvp_cancel(registration=registration, actor=request.user)
        messages.success(request, CANCELLED)
        if request.POST.get("next") == "mine":
            return redirect("meetings:meeting-mine")
        return redirect(meeting)


class MyMeetingsView(LoginRequiredMixin, ListView):
    template_name = "meetings/meeting_mine.html"
    context_object_name = "registrations"
    paginate_by = 20

    def get_queryset(self):
        return selectors.registration_list_for_user(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["feed_url"] = self.request.build_absolute_uri(f"/calendar/{self.request.user.calendar_token}.ics")
        return ctx


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
    def get(self, request):
        return _ics_response(
            calendar_bytes(selectors.meeting_list_calendar(), name=str(_("Gender CoP meetings"))),
            "gender-cop.ics",
        )


class PersonalFeedView(View):
    """The secret-token feed of one member's meetings (no session: calendar apps poll it)."""

    def get(self, request, token):
        user = selectors.user_get_by_calendar_token(token=token)
        if user is None:
            return HttpResponse(str(CALENDAR_NOT_FOUND), status=404, content_type="text/plain; charset=utf-8")
        meetings = list(selectors.meeting_list_calendar(user=user))
        confirmed = selectors.registration_meeting_ids_confirmed(user=user, meetings=meetings)
        return _ics_response(
            calendar_bytes(meetings, name=str(_("My Gender CoP meetings")), links_for=confirmed),
            "my-meetings.ics",
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


class VisitListView(ListView):
    template_name = "meetings/visit_list.html"
    context_object_name = "visits"
    paginate_by = 20

    def get_queryset(self):
        when = self.request.GET.get("when", "")
        self.when = when if when in ("upcoming", "past") else ""
        return selectors.visit_list(when=self.when)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["when"] = self.when
        ctx["query_string"] = f"when={self.when}" if self.when else ""
        return ctx


class VisitDetailView(View):
    def get(self, request, pk):
        visit = selectors.visit_get(pk=pk)
        if visit is None:
            raise Http404
        return render(
            request,
            "meetings/visit_detail.html",
            {
                "visit": visit,
                "meeting": visit.meeting,
                "participants": selectors.visit_participants(visit=visit),
            },
        )


class ConventionView(TemplateView):
    template_name = "meetings/convention_detail.html"

    def get_context_data(self, year, **kwargs):
        convention = selectors.convention_get(year=year)
        if convention is None:
            raise Http404
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "convention": convention,
            "year": year,
            "years": selectors.convention_years(),
            "can_report": permissions.user_can_report_progress(user) and not convention.is_past,
        }


class ConventionReportView(LoginRequiredMixin, View):
    """The organisation contact's progress report for the year's convention."""

    def _setup(self, request, year):
        convention = selectors.convention_get(year=year)
        if convention is None:
            raise Http404
        user = request.user
        if not permissions.user_can_report_progress(user):
            raise PermissionDenied(services.ERROR_REPORT_NOT_CONTACT)
        report = selectors.convention_report_get(convention=convention, organisation_id=user.organisation_id)
        return convention, report

    def _render(self, request, convention, report, form, status=200):
        return render(
            request,
            "meetings/convention_report_form.html",
            {"convention": convention, "report": report, "form": form},
            status=status,
        )

    def get(self, request, year):
        convention, report = self._setup(request, year)
        return self._render(request, convention, report, ConventionReportForm(instance=report))

    def post(self, request, year):
        convention, report = self._setup(request, year)
        form = ConventionReportForm(request.POST, instance=report)
        if not form.is_valid():
            return self._render(request, convention, report, form, status=400)
        submit = "submit" in request.POST
        try:
            services.convention_report_save(
                convention=convention, actor=request.user, submit=submit, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
            return self._render(request, convention, report, form, status=400)
        messages.success(request, REPORT_SUBMITTED if submit else REPORT_SAVED)
        return redirect("meetings:convention-report", year=year)
