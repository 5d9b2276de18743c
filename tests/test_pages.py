"""Every page has a bounded number of SQL queries, whatever the data size."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [10, 1000])
def test_home_query_count_is_fixed(client, django_assert_max_num_queries, rows):
    UserFactory.create_batch(rows // 100 + 1)
    with django_assert_max_num_queries(2):
        assert client.get("/").status_code == 200


def test_static_assets_are_local():
    from pathlib import Path

    from django.conf import settings

    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    assert "http://" not in base and "https://" not in base
