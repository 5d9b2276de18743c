"""Kept only for tests/insights, which still imports from here: the factories live in
tests/factories.py (one per model)."""

from tests.factories import (  # noqa: F401
    PASSWORD,
    CommunityFactory,
    OrganisationFactory,
    UserFactory,
)
