"""Privacy: the page saying who sees what, "my data" (JSON and CSV) and deleting one's account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cop_portal.csv import csv_response

from .services.privacy import user_erase

ACCOUNT_DELETED = _("Your account was deleted. We sent a last e-mail to confirm it.")
CONFIRM_WITH_EMAIL = _("Type your e-mail address exactly to confirm.")
# Never in the download: anything that lets its holder sign in, prove a second factor or reach a
# private feed or link (a download is mailed, synced and left in folders). Field names left out
# wherever they appear, and a field's name ending that says it is one; plus, per table, fields
# whose name alone does not say so. ``/privacy/`` lists them with the reason (LEFT_OUT).
HIDDEN_FIELDS = {"password", "calendar_token", "token", "key", "secret", "claim_token"}
HIDDEN_SUFFIXES = ("_token", "_secret", "_hash", "_key", "_seed")
HIDDEN_BY_TABLE = {"mfa.authenticator": {"data"}}  # the TOTP seed, the recovery codes' seed
LEFT_OUT = [
    (_("Your password"), _("stored only as a hash, which would let anyone try guesses offline")),
    (
        _("Your authenticator's secret and your recovery codes"),
        _(
            "they are your second factor; the download lists only which kind you use and when it was last used"
        ),
    ),
    (
        _("Your calendar feed address and other link or confirmation keys"),
        _(
            "whoever holds one can read your calendar or confirm in your name; rotate the feed on your profile"
        ),
    ),
]


def _hidden(label: str, name: str) -> bool:
    return name in HIDDEN_FIELDS or name.endswith(HIDDEN_SUFFIXES) or name in HIDDEN_BY_TABLE.get(label, ())


def _row(obj) -> dict:
    label = obj._meta.label_lower
    return {
        field.name: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not _hidden(label, field.name)
    }


def personal_data(user) -> dict[str, list[dict]]:
    """Everything the portal holds about ``user``: their own row and every row that points
    at them (registrations, attendance, memberships, nominations, terms, e-mail addresses…),
    found from the model graph so that a new app cannot be forgotten. Ballots hold no voter."""
    data: dict[str, list[dict]] = {"account": [_row(user)]}
    for relation in user._meta.related_objects:
        if relation.many_to_many or relation.hidden:
            continue
        related = relation.related_model
        if not issubclass(related, models.Model) or related._meta.auto_created:
            continue
        label = f"{related._meta.app_label}.{related._meta.model_name}"
        rows = related._default_manager.filter(**{relation.field.name: user}).order_by("pk")
        data.setdefault(label, []).extend(_row(row) for row in rows)
    data["groups"] = [{"name": name} for name in user.groups.values_list("name", flat=True)]
    return {key: rows for key, rows in data.items() if rows}


class PrivacyView(TemplateView):
    template_name = "members/privacy.html"
    extra_context = {"left_out": LEFT_OUT}


class MyDataView(LoginRequiredMixin, View):
    """``/profile/data/`` as JSON, ``?format=csv`` as one CSV (table, field, value rows)."""

    def get(self, request):
        data = personal_data(request.user)
        stamp = timezone.localdate().isoformat()
        if request.GET.get("format") == "csv":
            response, writer = csv_response(f"my-data-{stamp}.csv")
            writer.writerow(["table", "row", "field", "value"])
            for table, rows in data.items():
                for index, row in enumerate(rows, start=1):
                    for field, value in row.items():
                        writer.writerow([table, index, field, value])
            return response
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class AccountDeleteView(LoginRequiredMixin, View):
    """A confirmation page (type your e-mail), then the erasure and sign-out."""

    template_name = "members/account_delete.html"

    def get(self, request):
        return render(request, self.template_name, {"error": ""})

    def post(self, request):
        typed = request.POST.get("confirm_email", "").strip().lower()
        if typed != request.user.email.lower():
            return render(request, self.template_name, {"error": CONFIRM_WITH_EMAIL}, status=400)
        user = request.user
        logout(request)
        user_erase(user=user, actor=user)
        messages.success(request, ACCOUNT_DELETED)
        return redirect("home")
