"""``/api/v1/…`` (the API, its OpenAPI document and docs page) and ``/profile/api-tokens/…``."""

from django.urls import URLPattern, include, path

from . import views
from .api import api
from .http import api_view


def _wrapped(patterns):
    """Every view of the API gets the shared behaviour of ``http.api_view`` (language, limits, CORS, ETag)."""
    wrapped = []
    for p in patterns:
        # ninja's own root only raises 404; ours says where everything is.
        callback = views.api_root if p.name == "api-root" else p.callback
        wrapped.append(URLPattern(p.pattern, api_view(callback), p.default_args, p.name))
    return wrapped


_patterns, _app, _namespace = api.urls
api_patterns = [
    *_wrapped(_patterns),
    path("docs/", views.ApiDocsView.as_view(), name="docs"),
]

token_patterns = [
    path("", views.TokenListView.as_view(), name="token-list"),
    path("<id:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
]

urlpatterns = [
    path("api/v1/", include((api_patterns, "api"), namespace="api")),
    path("profile/api-tokens/", include((token_patterns, "apitokens"), namespace="apitokens")),
]
