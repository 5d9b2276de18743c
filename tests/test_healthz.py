import pytest
from django.db import OperationalError

from cop_portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert {k: v for k, v in response.json().items() if k in ("status", "database", "broker")} == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
    }
    assert set(response.json()) == {"status", "database", "broker", "worker", "beat", "outbox"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_503_when_broker_unreachable(client, monkeypatch):
    real = celery_app.connection_for_write
    monkeypatch.setattr(
        celery_app, "connection_for_write", lambda *a, **kw: real(url="redis://127.0.0.1:1/0")
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_healthz_503_when_database_fails(client, monkeypatch):
    from django.db import connections

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is gone")

    monkeypatch.setattr(connections["default"], "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
