"""The optional filters of list pages and reports in one call, instead of an ``if`` per field.

``given(format=format, community__slug=community)`` is the ``Q`` of the lookups whose value was
chosen: None and "" mean "not filtered" (the value of an empty choice in a filter form);
anything else, 0 and False included, is a value to match. An empty list is a value too: write
``communities is not None`` yourself where "no communities" must match nothing.
"""

from __future__ import annotations

from django.db.models import Q


def given(**lookups) -> Q:
    """``Q(**lookups)`` without the lookups left empty (None or "")."""
    return Q(**{lookup: value for lookup, value in lookups.items() if value is not None and value != ""})
