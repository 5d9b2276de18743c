"""What every answer of the API shares: ETag and 304, per-client rate limits (429 with
Retry-After), CORS for reads, the language asked for."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_if_none_match_answers_304_until_the_data_changes():
    OrganisationFactory(name_mn="Сангийн яам")
    first = Client().get("/api/v1/organisations/")
    etag = first["ETag"]
    again = Client().get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    OrganisationFactory(name_mn="Эрүүл мэндийн яам")
    changed = Client().get("/api/v1/organisations/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_depends_on_the_language():
    OrganisationFactory(name_mn="Сангийн яам", name_en="Ministry of Finance")
    mn = Client().get("/api/v1/organisations/")
    en = Client().get("/api/v1/organisations/?lang=en", HTTP_IF_NONE_MATCH=mn["ETag"])
    assert en.status_code == 200
    assert "Accept-Language" in mn["Vary"]


@pytest.fixture
def limit_of_three(settings, fresh_cache):
    settings.COP_API_REQUESTS_PER_WINDOW = 3
    settings.COP_API_WINDOW_SECONDS = 600
    return fresh_cache


def test_the_request_past_the_limit_answers_429_with_retry_after(limit_of_three):
    client = Client()
    statuses = [client.get("/api/v1/organisations/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/organisations/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 601
    assert refused.json()["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_the_limit_is_per_client(limit_of_three):
    for _ in range(3):
        Client(REMOTE_ADDR="10.0.0.1").get("/api/v1/organisations/")
    assert Client(REMOTE_ADDR="10.0.0.1").get("/api/v1/organisations/").status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.2").get("/api/v1/organisations/").status_code == 200
    # A token is a client of its own, wherever it calls from.
    token = Client(REMOTE_ADDR="10.0.0.1").get("/api/v1/organisations/", HTTP_AUTHORIZATION="Bearer cop_x")
    assert token.status_code == 200


def test_reads_are_open_to_other_origins():
    response = Client().get("/api/v1/organisations/", HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = Client().options(
        "/api/v1/me/calendar/",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_writes_are_not_accepted():
    assert Client().post("/api/v1/organisations/", {}).status_code == 405


def test_errors_are_in_the_language_asked_for():
    mn = Client().get("/api/v1/organisations/?cursor=x").json()["detail"]
    en = Client().get("/api/v1/organisations/?cursor=x&lang=en").json()["detail"]
    assert en.startswith("This cursor") and mn != en


def test_head_answers_the_headers_of_get():
    OrganisationFactory()
    got = Client().get("/api/v1/organisations/")
    head = Client().head("/api/v1/organisations/")
    assert head.status_code == 200
    assert head["ETag"] == got["ETag"]
    assert head.content == b""
    assert Client().head("/api/v1/organisations/", HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304
