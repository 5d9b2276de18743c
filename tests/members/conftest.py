"""Fixtures of the members tests: more roles and branches; queued tasks run in-process."""

import pytest

from tests.factories import CommunityFactory, ContactFactory, NewUserFactory


@pytest.fixture(autouse=True)
def _tasks_run_in_process(eager_tasks):
    """The members tests check what the e-mails their services queue say."""


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
