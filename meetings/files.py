"""Meeting materials, visit reports and visit photos, served by a view that checks who may
have them: members-only materials to approved members, the rest to whoever may see the
meeting or visit page. Always as an attachment with ``nosniff``.

In production the bytes go through the reverse proxy: with ``COP_MEDIA_ACCEL_PREFIX`` set
(e.g. ``/protected-media/``), the view answers with ``X-Accel-Redirect`` and nginx sends the
file from an ``internal`` location (README: "Files").
"""

from __future__ import annotations

import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.errors import refusal

from . import selectors
from .models import Material, SiteVisitPhoto

MEMBERS_ONLY_FILE = _("This file is for members of the CoP only. Sign in with an approved membership.")


def _may_see_meeting(user, material: Material) -> bool:
    """Whoever may open the meeting's page (drafts: coordinators only)."""
    return selectors.meeting_get_public(pk=material.meeting_id, viewer=user) is not None


def file_response(field_file) -> HttpResponse:
    """The file as an attachment; through nginx (X-Accel-Redirect) when configured."""
    filename = os.path.basename(field_file.name)
    prefix = settings.COP_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        response["Content-Type"] = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class MaterialFileView(View):
    def get(self, request, pk):
        material = get_object_or_404(Material, pk=pk)
        if material.members_only and not (request.user.is_authenticated and request.user.is_member):
            return refusal(request, str(MEMBERS_ONLY_FILE), status=403)
        if not _may_see_meeting(request.user, material):
            raise Http404
        return file_response(material.file)


class VisitReportFileView(View):
    def get(self, request, pk):
        visit = selectors.visit_get(pk=pk)
        if visit is None or not visit.report_file:
            raise Http404
        return file_response(visit.report_file)


class VisitPhotoFileView(View):
    def get(self, request, pk):
        photo = get_object_or_404(SiteVisitPhoto, pk=pk)
        if selectors.visit_get(pk=photo.visit_id) is None:
            raise Http404
        return file_response(photo.image)
