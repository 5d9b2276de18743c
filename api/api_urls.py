"""The patterns under ``/api/v1/``: the API, its OpenAPI document and docs page (imported on
first use, see ``api.urls``)."""

from django.urls import URLPattern, path

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

urlpatterns = api_patterns
