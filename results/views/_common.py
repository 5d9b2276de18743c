from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cop_portal.errors import refusal
from members.models import Organisation
from members.selectors import organisation_get

BACK_TO_RESULTS = _("Back to results")


def refuse(request, error, back_url="/results/"):
    return refusal(request, error, back_url=back_url, back_label=BACK_TO_RESULTS)


def organisation_or_404(slug: str) -> Organisation:
    try:
        # Results, audit and action pages show neither its counts nor its branches.
        return organisation_get(slug=slug, detail=False)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
