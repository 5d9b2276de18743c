"""A branch meeting's own pages, for its focal person, co-organisers and coordinators, on the
site rather than in the back office: registrations and waitlist (with a CSV), attendance
with walk-ins, materials and minutes. Each page: the meeting of the CoP in the URL (else
404), ``user_can_manage_meeting`` (else 403), then a selector or one service call (the
meetings app's services write attendance, materials and minutes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from meetings import selectors as meetings_selectors
from meetings import services as meetings_services
from meetings import sheet
from meetings.exports import registrations_csv
from meetings.models import Material, Registration
from meetings.permissions import user_can_manage_meeting, user_can_read_every_email

from .. import selectors
from ..forms import MaterialForm, MinutesForm

PER_PAGE = 50
MATERIAL_ADDED = _("Material uploaded.")
MATERIAL_REMOVED = _("Material removed.")
MINUTES_PUBLISHED = _("Minutes published on the meeting's page.")


class BranchMeetingMixin(LoginRequiredMixin):
    """Finds the meeting of the URL's CoP and lets only the people who run it in."""

    tab = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = selectors.sheet_meeting_get(slug=kwargs["slug"], pk=kwargs["pk"])
        if self.meeting is None:
            raise Http404
        if not user_can_manage_meeting(request.user, self.meeting):
            raise PermissionDenied(meetings_services.ERROR_NOT_MANAGER)
        return super().dispatch(request, *args, **kwargs)

    def page_of(self, queryset):
        return Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("page"))

    def render_page(self, template: str, context: dict, status: int = 200):
        base = {"meeting": self.meeting, "community": self.meeting.community, "tab": self.tab}
        return render(self.request, template, base | context, status=status)

    def back_here(self, name: str):
        url = redirect(f"branches:{name}", slug=self.meeting.community.slug, pk=self.meeting.pk).url
        page = self.request.GET.get("page", "")
        return redirect(f"{url}?page={page}" if page.isdigit() else url)


class RegistrationsView(BranchMeetingMixin, View):
    """Confirmed registrants, the waitlist in its order, or cancellations: one list at a time."""

    tab = "registrations"

    def get(self, request, slug, pk):
        status = request.GET.get("status", Registration.Status.CONFIRMED)
        if status not in Registration.Status.values:
            status = Registration.Status.CONFIRMED
        counts = selectors.registration_counts(meeting=self.meeting)
        page = self.page_of(selectors.registration_list_by_status(meeting=self.meeting, status=status))
        return self.render_page(
            "branches/sheet_registrations.html",
            {
                "status": status,
                "tabs": [(value, label, counts[value]) for value, label in Registration.Status.choices],
                "page_obj": page,
                "registrations": page.object_list,
                "query": f"status={status}",
            },
        )


class RegistrationsCsvView(BranchMeetingMixin, View):
    """Registrants and everyone present, one row each (``meetings.exports``)."""

    def get(self, request, slug, pk):
        stamp = timezone.localdate(self.meeting.starts_at).isoformat()
        return registrations_csv(
            [self.meeting],
            filename=f"registrations-{self.meeting.pk}-{stamp}.csv",
            every_email=user_can_read_every_email(request.user),
            meeting_columns=False,
        )


class AttendanceView(BranchMeetingMixin, View):
    """The site's attendance sheet (``meetings.sheet``: the same handling, service and
    template body), a page of registrants at a time, inside the branch meeting's pages."""

    tab = "attendance"

    def _render(self, walk_in_form=None, status=200):
        page = self.page_of(meetings_selectors.registration_list_for_sheet(meeting=self.meeting))
        context = sheet.sheet_context(self.meeting, page.object_list, walk_in_form)
        return self.render_page(
            "branches/sheet_attendance.html", {**context, "page_obj": page}, status=status
        )

    def get(self, request, slug, pk):
        return self._render()

    def post(self, request, slug, pk):
        outcome = sheet.sheet_post(request, self.meeting, paged=True)
        if not outcome.ok:
            return self._render(walk_in_form=outcome.walk_in_form, status=400)
        return self.back_here("branch-meeting-attendance")


class MaterialsView(BranchMeetingMixin, View):
    """The meeting's materials, an upload form, and a remove button per file."""

    tab = "materials"

    def _render(self, form=None, status=200):
        page = self.page_of(selectors.material_list(meeting=self.meeting))
        return self.render_page(
            "branches/sheet_materials.html",
            {"page_obj": page, "materials": page.object_list, "form": form or MaterialForm()},
            status=status,
        )

    def get(self, request, slug, pk):
        return self._render()

    def post(self, request, slug, pk):
        if request.POST.get("action") == "remove":
            remove_id = request.POST.get("material", "")
            material = get_object_or_404(
                Material, pk=remove_id if remove_id.isdigit() else 0, meeting=self.meeting
            )
            meetings_services.material_remove(material=material, actor=request.user)
            messages.success(request, MATERIAL_REMOVED)
            return self.back_here("branch-meeting-materials")
        form = MaterialForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form=form, status=400)
        try:
            meetings_services.material_add(meeting=self.meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self._render(form=form, status=400)
        messages.success(request, MATERIAL_ADDED)
        return self.back_here("branch-meeting-materials")


class MinutesView(BranchMeetingMixin, View):
    """The minutes in Mongolian and English, published on the meeting's page when saved."""

    tab = "minutes"

    def _render(self, form=None, status=200):
        return self.render_page(
            "branches/sheet_minutes.html",
            {"form": form or MinutesForm(instance=self.meeting)},
            status=status,
        )

    def get(self, request, slug, pk):
        return self._render()

    def post(self, request, slug, pk):
        form = MinutesForm(request.POST, instance=self.meeting)
        if not form.is_valid():
            return self._render(form=form, status=400)
        try:
            meetings_services.minutes_publish(
                meeting=self.meeting,
                actor=request.user,
                minutes_mn=form.cleaned_data["minutes_mn"],
                minutes_en=form.cleaned_data["minutes_en"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self._render(form=form, status=400)
        messages.success(request, MINUTES_PUBLISHED)
        return self.back_here("branch-meeting-minutes")
