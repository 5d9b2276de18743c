"""Fixtures of the results tests: an organisation with its contact, a member, another
organisation's member (a peer reviewer), and the seeded framework (version 1, current)."""

import pytest

from results.models import Framework
from tests.factories import ContactFactory, OrganisationFactory, UserFactory


@pytest.fixture
def org(db):
    return OrganisationFactory()


@pytest.fixture
def contact(org):
    return ContactFactory(organisation=org)


@pytest.fixture
def colleague(org):
    return UserFactory(organisation=org)


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def framework(db):
    return Framework.objects.get(is_current=True)
