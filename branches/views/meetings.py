"""A branch's meetings: create, edit, publish, cancel, schedule a monthly series. Every write
goes through the services the back office uses (``meetings.services``)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.errors import error_text, refusal
from meetings import services
from meetings.forms import CancelForm, SeriesForm
from meetings.models import Meeting

from .. import selectors
from ..forms import BranchMeetingForm
from .access import BranchMeetingView, BranchView

SAVED_DRAFT = _("The meeting is saved as a draft: publish it when it is ready.")
SAVED = _("The meeting is saved. Registrants are told by e-mail if its time or place changed.")
PUBLISHED = _("The meeting is published.")
SUBMITTED = _("The meeting is sent to the coordinators, who will publish it.")
ALREADY_PUBLISHED = _("The meeting was already published.")
CANCELLED = _("The meeting is cancelled; %(people)s registrant(s) will be told by e-mail.")
MEETING_HELD = _(
    "This meeting took place: it can no longer be edited, cancelled or repeated from here. "
    "Its registrations, attendance, materials and minutes stay open."
)
SCHEDULED = _("%(n)s draft meeting(s) scheduled; skipped dates that already had a meeting: %(skipped)s.")


class _NotHeldMeetingView(BranchMeetingView):
    """Edit, cancel and series are for meetings still to come: a held meeting is a record."""

    def check(self, request, pk, **kwargs):
        refused = super().check(request, pk, **kwargs)
        if refused is None and self.meeting.is_past:
            return refusal(request, MEETING_HELD, status=409, back_url=self.manage_url)
        return refused


def _publish_message(meeting: Meeting, changed: bool):
    if meeting.status == Meeting.Status.REVIEW:
        return SUBMITTED
    return PUBLISHED if changed else ALREADY_PUBLISHED


class _MeetingFormMixin:
    template_name = "branches/meeting_form.html"

    def render_form(self, request, form, meeting=None, status=200):
        return render(
            request,
            self.template_name,
            {"community": self.community, "form": form, "meeting": meeting, "manage_url": self.manage_url},
            status=status,
        )

    def render_duplicate(self, request, form, twins):
        context = {
            "community": self.community,
            "form": form,
            "meeting": None,
            "manage_url": self.manage_url,
            "twins": twins,
        }
        return render(request, self.template_name, context, status=409)

    def save(self, request, form, meeting):
        """Save through the service; errors it finds go back onto the form (400)."""
        try:
            services.meeting_save(meeting=meeting, actor=request.user)
            if request.POST.get("publish"):
                changed = services.meeting_publish(meeting=meeting, actor=request.user)
                messages.success(request, _publish_message(meeting, changed))
            else:
                messages.success(
                    request, SAVED if meeting.status == Meeting.Status.PUBLISHED else SAVED_DRAFT
                )
        except PermissionDenied as error:
            return refusal(request, error, back_url=self.manage_url)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_form(request, form, meeting if meeting.pk else None, status=400)
        return redirect(self.manage_url)


class BranchMeetingCreateView(_MeetingFormMixin, BranchView):
    def get(self, request, slug):
        start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + dt.timedelta(
            days=14
        )
        form = BranchMeetingForm(initial={"starts_at": start, "ends_at": start + dt.timedelta(hours=2)})
        return self.render_form(request, form)

    def post(self, request, slug):
        # The branch holds the meeting: its community is never read from the form.
        meeting = Meeting(
            community=self.community,
            host_organisation=self.community.host_organisation,
            organiser=request.user,
            status=Meeting.Status.DRAFT,
        )
        form = BranchMeetingForm(request.POST, instance=meeting)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        form.instance.community = self.community
        # The same title or the same start as a meeting the branch already has: most often the
        # form sent twice. Asked once; "Save it anyway" carries on.
        twins = selectors.branch_meeting_twins(
            community=self.community,
            title=form.cleaned_data["title_mn"],
            starts_at=form.cleaned_data["starts_at"],
        )
        if twins and request.POST.get("duplicate_ok") != "yes":
            return self.render_duplicate(request, form, twins)
        return self.save(request, form, form.instance)


class BranchMeetingEditView(_MeetingFormMixin, _NotHeldMeetingView):
    def get(self, request, slug, pk):
        return self.render_form(request, BranchMeetingForm(instance=self.meeting), self.meeting)

    def post(self, request, slug, pk):
        form = BranchMeetingForm(request.POST, instance=self.meeting)
        if not form.is_valid():
            return self.render_form(request, form, self.meeting, status=400)
        form.instance.community = self.community
        return self.save(request, form, form.instance)


class BranchMeetingPublishView(BranchMeetingView):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        try:
            changed = services.meeting_publish(meeting=self.meeting, actor=request.user)
        except PermissionDenied as error:
            return refusal(request, error, back_url=self.manage_url)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(self.manage_url)
        messages.success(request, _publish_message(self.meeting, changed))
        return redirect(self.manage_url)


class _MeetingActionView(_NotHeldMeetingView):
    """A short form about one meeting (a reason, a series' pattern) before the service runs."""

    template_name = "branches/meeting_action.html"
    action = ""

    def _render(self, request, form, status=200):
        context = {
            "community": self.community,
            "meeting": self.meeting,
            "form": form,
            "action": self.action,
            "manage_url": self.manage_url,
        }
        return render(request, self.template_name, context, status=status)


class BranchMeetingCancelView(_MeetingActionView):
    action = "cancel"

    def get(self, request, slug, pk):
        return self._render(request, CancelForm())

    def post(self, request, slug, pk):
        form = CancelForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            people = services.meeting_cancel(
                meeting=self.meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as error:
            return refusal(request, error, back_url=self.manage_url)
        except ValidationError as error:
            form.add_error(None, error)
            return self._render(request, form, status=400)
        messages.success(request, CANCELLED % {"people": people})
        return redirect(self.manage_url)


class BranchMeetingSeriesView(_MeetingActionView):
    action = "series"

    def get(self, request, slug, pk):
        weekday, nth = services.series_pattern(self.meeting)
        return self._render(request, SeriesForm(initial={"weekday": weekday, "nth": nth}))

    def post(self, request, slug, pk):
        form = SeriesForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            created, skipped = services.meeting_schedule_series(
                meeting=self.meeting,
                actor=request.user,
                count=form.cleaned_data["count"],
                weekday=form.cleaned_data["weekday"],
                nth=form.cleaned_data["nth"],
            )
        except PermissionDenied as error:
            return refusal(request, error, back_url=self.manage_url)
        except ValidationError as error:
            form.add_error(None, error)
            return self._render(request, form, status=400)
        skipped_text = ", ".join(d.isoformat() for d in skipped) or "—"
        messages.success(request, SCHEDULED % {"n": len(created), "skipped": skipped_text})
        return redirect(self.manage_url)
