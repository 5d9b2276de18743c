"""Every number in a URL that is out of range answers 404, never 500 (issue 12)."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from cop_portal.converters import IdConverter, YearConverter

pytestmark = pytest.mark.django_db

HUGE = 10**20
SAMPLES = {"str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


def _walk(patterns, prefix="", converters=None):
    """(route, {name: converter}) for every endpoint of the URLconf."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        found = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route, found)
        elif isinstance(entry, URLPattern):
            yield route, found


def _numeric(converter) -> bool:
    return isinstance(converter, IntConverter | IdConverter | YearConverter)


NUMERIC_ROUTES = sorted(
    {route for route, conv in _walk(get_resolver().url_patterns) if any(map(_numeric, conv.values()))}
)


def _url(route: str, converters: dict, value: int) -> str:
    def sample(match):
        kind, name = match.groups()
        return str(value) if _numeric(converters[name]) else SAMPLES.get(kind, "x")

    return "/" + re.sub(r"<(\w+):(\w+)>", sample, route)


def test_the_urlconf_has_numeric_routes():
    assert any("meetings/<id:pk>/" in r for r in NUMERIC_ROUTES)
    assert any("convention/<year:year>/" in r for r in NUMERIC_ROUTES)


def test_no_route_uses_the_unbounded_int_converter():
    unbounded = [
        route
        for route, conv in _walk(get_resolver().url_patterns)
        if any(type(c) is IntConverter for c in conv.values())
    ]
    assert unbounded == []


@pytest.mark.parametrize("route", NUMERIC_ROUTES)
def test_a_huge_number_answers_404(admin_client, route):
    converters = next(c for r, c in _walk(get_resolver().url_patterns) if r == route)
    url = _url(route, converters, HUGE)
    assert "<" not in url, url
    assert admin_client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "path", ["/convention/10000/", "/convention/99999999999999999999/", "/convention/0000/"]
)
def test_out_of_range_convention_years_answer_404(client, path):
    assert client.get(path).status_code == 404
