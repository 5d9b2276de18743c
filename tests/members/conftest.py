"""Fixtures of the members tests: more roles, the root CoP, tasks run in-process."""

import pytest

from tests.factories import (
    CommunityFactory,
    ContactFactory,
    NewUserFactory,
    RootCommunityFactory,
)


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Queued tasks run in-process (when their transaction's on_commit callbacks run)."""
    from cop_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def root(db):
    return RootCommunityFactory()


@pytest.fixture
def contact(organisation):
    return ContactFactory(organisation=organisation)


@pytest.fixture
def newcomer(db):
    return NewUserFactory()


@pytest.fixture
def branch(root, organisation):
    return CommunityFactory(parent=root, host_organisation=organisation)


@pytest.fixture
def pending_branch(root, contact):
    return CommunityFactory(
        parent=root,
        host_organisation=contact.organisation,
        status="pending",
        registered_by=contact,
        name_en="Pending branch",
    )
