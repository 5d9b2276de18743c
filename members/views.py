"""Views of the members app: thin, a permission check and one service call each."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from cop_portal import emails

from . import services

UNSUBSCRIBE_INVALID = _(
    "This unsubscribe link is not valid. Change your e-mail preferences on your profile instead."
)
UNSUBSCRIBED = _("You will no longer receive these e-mails.")


@method_decorator(csrf_exempt, name="dispatch")  # RFC 8058 one-click POSTs carry no CSRF token.
class UnsubscribeView(View):
    """GET shows a confirmation button; POST switches the kind off."""

    def _resolve(self, token):
        try:
            user_id, kind = emails.read_unsubscribe_token(token)
        except (signing.BadSignature, ValueError, TypeError, KeyError):
            return None, None
        user = get_user_model().objects.filter(pk=user_id).first()
        return user, kind

    def get(self, request, token):
        user, kind = self._resolve(token)
        if user is None:
            return render(request, "members/unsubscribe.html", {"invalid": True}, status=400)
        return render(
            request,
            "members/unsubscribe.html",
            {"kind_label": emails.KINDS[kind], "already": kind in user.muted_email_kinds},
        )

    def post(self, request, token):
        user, kind = self._resolve(token)
        if user is None:
            return HttpResponseBadRequest(str(UNSUBSCRIBE_INVALID))
        services.user_mute_email_kind(user=user, kind=kind, actor=user)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return render(
                request, "members/unsubscribe.html", {"done": True, "kind_label": emails.KINDS[kind]}
            )
        messages.success(request, UNSUBSCRIBED)
        return redirect("home")
