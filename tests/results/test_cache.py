"""Results pages are cached for visitors and dropped by the services that change them."""

import pytest

from results import services
from results.models import Level
from tests.factories import ActionFactory, ConventionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def _accept(contact, coordinator, year):
    audit = services.audit_create(organisation=contact.organisation, year=year, actor=contact)
    ratings = {r.indicator_id: {"level": Level.MEETS} for r in audit.ratings.all()}
    services.audit_save(audit=audit, actor=contact, header={}, ratings=ratings, measures={})
    services.audit_submit(audit=audit, actor=contact)
    services.audit_accept(audit=audit, actor=coordinator)


def test_an_accepted_audit_shows_on_the_cached_network_page(client, contact, coordinator):
    assert "2025" not in client.get("/results/").content.decode()
    assert client.get("/results/")["X-Page-Cache"] == "hit"
    _accept(contact, coordinator, 2025)
    assert "2025" in client.get("/results/").content.decode()


def test_an_action_update_shows_on_the_cached_convention_page(client, colleague):
    convention = ConventionFactory()
    action = ActionFactory(
        meeting=convention, source="joint_plan", owner=colleague, organisations=[colleague.organisation]
    )
    url = f"/convention/{convention.starts_at.year}/"
    assert "0%" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    services.action_progress_record(action=action, actor=colleague, status="in_progress", progress=70)
    assert "70%" in client.get(url).content.decode()
