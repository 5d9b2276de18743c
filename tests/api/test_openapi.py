"""The OpenAPI document is valid (checked by an independent validator) and the docs page,
built from it, lists every operation without any script or outside resource."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_openapi_document_validates():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises on any error of the OpenAPI 3 specification
    assert document["openapi"].startswith("3.")


def test_openapi_document_lists_every_endpoint_of_the_api():
    paths = set(Client().get("/api/v1/openapi.json").json()["paths"])
    expected = {
        reverse(f"api:{name}")
        for name in (
            "organisation-list",
            "branch-list",
            "meeting-list",
            "visit-list",
            "convention-list",
            "election-list",
            "library-list",
            "insights-public",
            "results-network",
            "my-registrations",
            "my-calendar",
        )
    } | {"/api/v1/elections/{year}/"}
    assert paths == expected


def test_member_endpoints_declare_the_bearer_token():
    document = Client().get("/api/v1/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer"]
    assert document["paths"]["/api/v1/me/calendar/"]["get"]["security"]
    assert "security" not in document["paths"]["/api/v1/meetings/"]["get"]


def test_docs_page_lists_every_path_without_scripts_or_outside_resources():
    document = Client().get("/api/v1/openapi.json").json()
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    for path in document["paths"]:
        assert path in page
    # Strict CSP: the site's own script files only, nothing inline, nothing added for the docs.
    scripts = re.findall(r"<script[^>]*>", page)
    assert all('src="/static/' in tag for tag in scripts), scripts
    assert "swagger" not in page.lower() and "redoc" not in page.lower()
    assert not re.search(r"""(src|href)=["']https?://""", page), "the docs page loads nothing from elsewhere"
