"""``/api/v1/…`` (the API, its OpenAPI document and docs page) and ``/profile/api-tokens/…``.

The API's own patterns (``api.api_urls``) are imported on the first request under
``/api/v1/`` or the first ``reverse("api:…")``, not when a web worker starts: django-ninja
and pydantic take about 15 MB that a worker serving only pages never needs
(``cop_portal.lazy_urls``).
"""

from django.urls import include, path

from cop_portal.lazy_urls import lazy_include

from . import views

token_patterns = [
    path("", views.TokenListView.as_view(), name="token-list"),
    path("<id:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
]

urlpatterns = [
    lazy_include("api/v1/", "api.api_urls", namespace="api"),
    path("profile/api-tokens/", include((token_patterns, "apitokens"), namespace="apitokens")),
]
