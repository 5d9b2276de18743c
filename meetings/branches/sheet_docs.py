"""A branch meeting's materials and minutes, written on the site by the people who run it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..models import Material
from . import sheet_selectors
from .sheet import BranchMeetingMixin
from .sheet_forms import MaterialForm, MinutesForm
from .sheet_services import material_add, material_remove, minutes_publish

MATERIAL_ADDED = _("Material uploaded.")
MATERIAL_REMOVED = _("Material removed.")
MINUTES_PUBLISHED = _("Minutes published on the meeting's page.")


class MaterialsView(BranchMeetingMixin, View):
    """The meeting's materials, an upload form, and a remove button per file."""

    tab = "materials"

    def _render(self, form=None, status=200):
        page = self.page_of(sheet_selectors.material_list(meeting=self.meeting))
        return self.render_page(
            "meetings/branches/sheet_materials.html",
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
            material_remove(material=material, actor=request.user)
            messages.success(request, MATERIAL_REMOVED)
            return self.back_here("branch-meeting-materials")
        form = MaterialForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(form=form, status=400)
        try:
            material_add(meeting=self.meeting, actor=request.user, **form.cleaned_data)
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
            "meetings/branches/sheet_minutes.html",
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
            minutes_publish(
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
