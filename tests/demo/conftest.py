"""The demo data (``manage.py seed_demo``), seeded once for all the tests of this folder.

Seeding takes seconds and these tests read what it made, so each test process seeds once,
inside a transaction that is rolled back when it leaves this folder. Every test runs in a
savepoint of that transaction (``pytest.mark.django_db``, never ``transaction=True``): what a
test writes (a sign-in, a second ``seed_demo``) is rolled back after it, and the next test
finds the demo as seeded.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package", autouse=True)
def demo_database(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seeded = transaction.atomic()
        seeded.__enter__()
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        seeded.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _in_a_savepoint(request):
    marker = request.node.get_closest_marker("django_db")
    assert marker and not marker.kwargs.get("transaction") and not (marker.args and marker.args[0]), (
        "tests of the seeded demo run in a savepoint: pytest.mark.django_db without transaction=True"
    )
