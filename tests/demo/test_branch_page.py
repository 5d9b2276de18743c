"""The demo's two branches are run by their own people and show a lived-in page."""

import pytest

pytestmark = pytest.mark.django_db


def test_dundgovi_focal_person_signs_in_and_sees_the_branch_page(client):
    login = client.post(
        "/accounts/login/", {"login": "dundgovi.focal@example.mn", "password": "demo-pass-2026"}
    )
    assert login.status_code == 302
    response = client.get("/branches/dundgovi-gender-cop/")
    assert response.status_code == 200 and response.context["can_manage"] is True
    branch = response.context["branch"]
    assert branch["upcoming"]["page"].paginator.count == 1
    assert branch["past"]["page"].paginator.count == 2
    assert branch["activity"].meetings >= 1
    body = response.content.decode()
    assert "Эрдэнэбилэг Нямдорж" in body  # the co-organiser
    assert client.get("/branches/igg-gender-research/").context["can_manage"] is False
