"""Kept only for tests/insights, which still imports from here: the factories live in
tests/factories.py (one per model)."""

from tests.factories import ElectionFactory  # noqa: F401
