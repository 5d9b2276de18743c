"""Fixtures of the proposals tests: tasks run in-process when their transaction commits."""

import pytest

from tests.factories import CommunityFactory, ProposalFactory, RootCommunityFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_tasks():
    from cop_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def root(db):
    return RootCommunityFactory()


@pytest.fixture
def focal(db):
    return UserFactory(full_name="Төвийн хүн")


@pytest.fixture
def branch(root, focal):
    return CommunityFactory(parent=root, focal_person=focal)


@pytest.fixture
def proposal(db):
    return ProposalFactory()
