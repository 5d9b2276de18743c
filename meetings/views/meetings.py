"""Views of meetings, site visits and the convention: a permission check, one service
call or selector, then a redirect or a page."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from cop_portal import pagecache
from cop_portal.errors import error_text

from .. import permissions, selectors, services, sheet
from ..feeds import ICS_TYPE, Feed, MeetingFeedView
from ..forms import MeetingFilterForm
from ..ical import calendar_bytes
from ..models import Meeting, Registration
from ..sheet import SHEET_SAVED, WALK_IN_ADDED  # noqa: F401 - named by the tests and the branch pages

REPORT_SAVED = _("Your progress report is saved.")
REPORT_SUBMITTED = _("Your progress report is submitted to the coordinators.")
CALENDAR_NOT_FOUND = _("This calendar link is not valid any more. Copy the new one from your profile.")


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
        from the public selector once per language and URL until a meeting list or the seats
        change, then reused by visitors and members alike (the page around it, with the
        member's menu, is rendered for each request)."""
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]

        def build():
            self.object_list = self.get_queryset()
            return render_to_string(
                "meetings/_meeting_list_body.html", self.get_context_data(), request=request
            )

        body = pagecache.cached(
            f"meeting-list:{path}",
            names=("feed:all", "seats"),
            audience="public",
            build=build,
            timeout=settings.COP_PAGE_CACHE_SECONDS,
        )
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
        # The rendered filter form (an option per organisation) is kept per language and
        # chosen filters until the organisations or the branches change.
        ctx["filter_html"] = mark_safe(  # noqa: S308 - our own render
            pagecache.cached(
                f"meeting-filters:{ctx['when']}:{ctx['query_string']}",
                names=("organisation:all", "community:all"),
                audience="public",
                build=lambda: render_to_string("meetings/_meeting_filters.html", ctx),
                timeout=3600,
            )
        )
        return ctx


def _meeting_for_page(pk: int, viewer) -> Meeting | None:
    """The meeting with its agenda, materials and counts (three queries). What a visitor may
    see is kept until the meeting changes: the same for every reader, so a member's page reads
    only their own registration. A meeting the selector hides from visitors (a draft, one
    awaiting review) is read for the viewer each time and never kept."""

    meeting = pagecache.cached(
        f"meeting:{pk}",
        # ``labels``: the names of its organisations and branch, renamed in the admin.
        names=(f"meeting:{pk}", "labels"),
        audience="public",
        build=lambda: selectors.meeting_get_public(pk=pk, viewer=AnonymousUser()),
        timeout=settings.COP_PAGE_CACHE_SECONDS,
    )
    if meeting is None and getattr(viewer, "is_authenticated", False):
        meeting = selectors.meeting_get_public(pk=pk, viewer=viewer)
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
        exact = permissions.user_sees_exact_counts(user, meeting)
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
                "counts": selectors.meeting_counts_shown(meeting, exact=exact),
                "not_member_message": services.ERROR_NOT_MEMBER,
            },
        )


class MyMeetingsView(LoginRequiredMixin, View):
    """Upcoming registrations (cancellable here) above the past ones (attended, absent, cancelled),
    each list a page at a time with its own page parameter (``?upcoming=2``, ``?past=2``)."""

    per_page = 10

    def get(self, request):
        user = request.user
        wanted = (request.GET.get("upcoming"), request.GET.get("past"))

        def build() -> str:
            upcoming = Paginator(selectors.registration_list_for_user(user=user, past=False), self.per_page)
            past = Paginator(selectors.registration_list_for_user(user=user, past=True), self.per_page)
            upcoming_page, past_page = upcoming.get_page(wanted[0]), past.get_page(wanted[1])
            ctx = {
                "upcoming": upcoming_page,
                "past": past_page,
                "upcoming_query": f"past={past_page.number}" if past_page.number > 1 else "",
                "past_query": f"upcoming={upcoming_page.number}" if upcoming_page.number > 1 else "",
            }
            return render_to_string("meetings/_meeting_mine_lists.html", ctx, request=request)

        # Kept per member until their registrations (member:<pk>), a meeting (feed:all) or
        # attendance (insights) change; the page cache's short timeout moves meetings to "past".
        lists = pagecache.cached(
            f"meetings-mine:{wanted[0]}:{wanted[1]}",
            names=(f"member:{user.pk}", "feed:all", "insights"),
            audience=f"user:{user.pk}",
            build=build,
            timeout=getattr(settings, "COP_PAGE_CACHE_SECONDS", 60),
        )
        ctx = {
            "lists": mark_safe(lists),  # noqa: S308 - our own render
            "feed_url": request.build_absolute_uri(f"/calendar/{user.calendar_token}.ics"),
        }
        return render(request, "meetings/meeting_mine.html", ctx)


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


class CalendarFeedView(MeetingFeedView):
    """All published and cancelled meetings from 12 months back and everything ahead (the
    window of selectors.meeting_list_calendar), for everyone."""

    def feed(self, request):
        return Feed(
            title=_("Gender CoP meetings"),
            meetings=selectors.meeting_list_calendar,
            name="feed:all",
            names=("feed:all",),
            audience="public",
            cache_control="public, max-age=900",
            filename="gender-cop.ics",
        )


class PersonalFeedView(MeetingFeedView):
    """The secret-token feed of one member's meetings (no session: calendar apps poll it),
    with the online link of the meetings they hold a seat for. Private: never stored by
    shared caches; kept here per member until a list of meetings or their registrations change."""

    def feed(self, request, token):
        user = selectors.user_get_by_calendar_token(token=token)
        if user is None:
            return HttpResponse(str(CALENDAR_NOT_FOUND), status=404, content_type="text/plain; charset=utf-8")
        return Feed(
            title=_("My Gender CoP meetings"),
            meetings=lambda: selectors.meeting_list_calendar(user=user),
            links_for=lambda meetings: selectors.registration_meeting_ids_confirmed(
                user=user, meetings=meetings
            ),
            name=f"feed:user:{user.pk}:{token}",
            names=("feed:all", f"member:{user.pk}"),
            audience=f"member:{user.pk}",
            cache_control="private, max-age=300",
            filename="my-meetings.ics",
        )


class AttendanceSheetView(LoginRequiredMixin, View):
    """A checkbox per registrant, plus walk-ins; for coordinators and the organiser (the
    handling is ``meetings.sheet``, shared with a branch meeting's pages)."""

    def _meeting(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("community"), pk=pk)
        if not permissions.user_can_manage_meeting(request.user, meeting):
            raise PermissionDenied(services.ERROR_NOT_COORDINATOR)
        return meeting

    def _render(self, request, meeting, walk_in_form=None, status=200):
        registrations = selectors.registration_list_for_sheet(meeting=meeting)
        context = sheet.sheet_context(meeting, registrations, walk_in_form)
        return render(request, "meetings/attendance_sheet.html", context, status=status)

    def get(self, request, pk):
        return self._render(request, self._meeting(request, pk))

    def post(self, request, pk):
        meeting = self._meeting(request, pk)
        outcome = sheet.sheet_post(request, meeting, paged=False)
        if not outcome.ok:
            return self._render(request, meeting, walk_in_form=outcome.walk_in_form, status=400)
        return redirect("meetings:attendance-sheet", pk=meeting.pk)
