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

from . import permissions, selectors
from .models import Material, Meeting, SiteVisitPhoto

MEMBERS_ONLY_FILE = _("This file is for members of the CoP only. Sign in with an approved membership.")


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
    """Those who run the meeting open every file of it, whatever its status (a draft's or one
    awaiting review too); everyone else only the files of a public meeting, members-only ones
    if they are approved members."""

    def get(self, request, pk):
        material = get_object_or_404(Material.objects.select_related("meeting__community"), pk=pk)
        meeting = material.meeting
        if not permissions.user_can_manage_meeting(request.user, meeting):
            if meeting.status in Meeting.NOT_PUBLIC:
                raise Http404
            if not permissions.user_can_see_material(request.user, material):
                return refusal(request, str(MEMBERS_ONLY_FILE), status=403)
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
