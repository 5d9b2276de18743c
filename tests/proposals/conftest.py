"""Fixtures of the proposals tests; queued tasks run in-process when their transaction commits."""

import pytest

from tests.factories import CommunityFactory, ProposalFactory, UserFactory


@pytest.fixture(autouse=True)
def _tasks_run_in_process(eager_tasks):
    """The proposals tests check what the e-mails their services queue say."""


@pytest.fixture
def focal(db):
    return UserFactory(full_name="Төвийн хүн")


@pytest.fixture
def branch(root, focal):
    return CommunityFactory(parent=root, focal_person=focal)


@pytest.fixture
def proposal(db):
    return ProposalFactory()
