"""The open-data API (django-ninja): the OpenAPI 3 document is generated from the type hints
of ``endpoints/`` and ``schemas.py``, so it cannot drift from what the API answers."""

from __future__ import annotations

from ninja import NinjaAPI

from .endpoints import aggregates, me, public

DESCRIPTION = (
    "Read-only open data of the Gender CoP portal. Lists are paged by cursor: follow `next` "
    "until it is null. Every text exists in Mongolian (`*_mn`) and English (`*_en`); the plain "
    "field is in the language asked for (`?lang=en`, or Accept-Language; Mongolian by default). "
    "Counts of people are rounded (see `rule` in /insights/). Answers carry an ETag (send "
    "If-None-Match for a 304) and are rate-limited per client (429 with Retry-After). "
    "A member's own registrations and calendar need a personal token from the profile page, "
    "sent as `Authorization: Bearer <token>`."
)

api = NinjaAPI(
    title="Gender CoP open data",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
api.add_router("", public.router)
api.add_router("", aggregates.router)
api.add_router("", me.router)
