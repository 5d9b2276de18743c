import pytest
from django.core.management import call_command

from members.models import Community, Organisation, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_article_community_and_is_idempotent(client):
    counts = (Organisation.objects.count(), User.objects.count(), Community.objects.count())
    call_command("seed_demo")
    assert (Organisation.objects.count(), User.objects.count(), Community.objects.count()) == counts
    kinds = {k: Organisation.objects.filter(kind=k).count() for k in Organisation.Kind.values}
    assert kinds["ministry"] == 2 and kinds["agency"] == 3 and kinds["provincial"] == 4
    assert kinds["research"] == 1 and counts[0] == 10
    assert set(Organisation.objects.filter(kind="provincial").values_list("province", flat=True)) >= {
        "dundgovi",
        "dornod",
    }
    assert Community.objects.filter(parent=None).count() == 1


@pytest.mark.parametrize(
    "email", ["coordinator@example.mn", "member@example.mn", "igg.1@example.mn", "dundgovi.focal@example.mn"]
)
def test_demo_accounts_log_in_with_the_documented_password(client, email):
    response = client.post("/accounts/login/", {"login": email, "password": "demo-pass-2026"})
    assert response.status_code == 302


def test_demo_coordinator_reaches_the_admin(client):
    client.post("/accounts/login/", {"login": "coordinator@example.mn", "password": "demo-pass-2026"})
    assert client.get("/admin/").status_code == 200
