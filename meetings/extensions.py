"""Places on meetings' pages that apps above meetings fill in, without meetings importing them.

An app registers, in its ``AppConfig.ready()``, a function for a hook:

* ``"convention"``: ``fn(convention, request) -> dict | None``, a section of the convention page;
* ``"visit"``: ``fn(visit, request) -> dict | None``, a section of a site visit's page;
* ``"report_initial"``: ``fn(organisation_id, convention) -> dict``, initial answers of a new
  convention progress report (merged over the branch activity meetings writes itself).

A section is a dict with ``template``, included with the dict as ``section``: results shows
the joint plan and a visit's follow-ups there, as the actions they became.
"""

from __future__ import annotations

from collections.abc import Callable

HOOKS = ("convention", "visit", "report_initial")
_REGISTRY: dict[str, list[Callable]] = {hook: [] for hook in HOOKS}


def register(hook: str, fn: Callable) -> None:
    """Add ``fn`` to ``hook``; registering the same function twice changes nothing."""
    if fn not in _REGISTRY[hook]:
        _REGISTRY[hook].append(fn)


def sections(hook: str, obj, request) -> list[dict]:
    return [section for fn in _REGISTRY[hook] if (section := fn(obj, request))]


def report_initial(organisation_id: int, convention) -> dict:
    initial: dict = {}
    for fn in _REGISTRY["report_initial"]:
        initial.update(fn(organisation_id, convention) or {})
    return initial
