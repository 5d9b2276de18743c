"""The API's pages: its browsable documentation (server-rendered from the OpenAPI document,
no script) and a member's personal tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import permissions, selectors, services
from .forms import TokenForm

TOKEN_REVOKED = _("The token is revoked: programs using it are refused from now on.")
METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [p["name"] for p in op.get("parameters", [])],
                    "tag": (op.get("tags") or [""])[0],
                    "secured": bool(op.get("security")),
                }
            )
    return operations


def api_root(request, **kwargs):
    """``/api/v1/``: where the document, the docs and each list are (absolute URLs)."""
    lists = (
        "organisation-list",
        "branch-list",
        "meeting-list",
        "visit-list",
        "convention-list",
        "election-list",
        "library-list",
        "insights-public",
        "results-network",
    )
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "endpoints": {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in lists},
        }
    )


class ApiDocsView(View):
    def get(self, request):
        from .api import api  # django-ninja only once the API is used (see api.urls)

        schema = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
        context = {
            "info": schema["info"],
            "operations": _operations(schema),
            "openapi_url": reverse("api:openapi-json"),
        }
        return render(request, "api/docs.html", context)


class TokenListView(LoginRequiredMixin, View):
    template_name = "api/token_list.html"

    def _render(self, request, form, secret=None, status=200):
        if not permissions.user_can_manage_tokens(request.user):
            raise PermissionDenied(permissions.TOKENS_REFUSAL)
        context = {
            "form": form,
            "tokens": selectors.token_list_for_user(user=request.user),
            "secret": secret,
            "docs_url": reverse("api:docs"),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if not permissions.user_can_manage_tokens(request.user):
            raise PermissionDenied(permissions.TOKENS_REFUSAL)
        if form.is_valid():
            try:
                _token, secret = services.token_create(
                    user=request.user, actor=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Shown once, on this answer only: never stored, never in a redirect's URL.
                response = self._render(request, TokenForm(), secret=secret)
                response["Cache-Control"] = "no-store"
                return response
        return self._render(request, form, status=400)


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = selectors.token_get_for_user(user=request.user, pk=pk)
        if not permissions.user_can_revoke_token(request.user, token):
            raise PermissionDenied(permissions.TOKENS_REFUSAL)
        services.token_revoke(token=token, actor=request.user)
        messages.success(request, TOKEN_REVOKED)
        return redirect("apitokens:token-list")
