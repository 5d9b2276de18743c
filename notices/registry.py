"""The e-mail kinds and preference categories the apps register from ``<app>/notices.py``.

A *kind* is one e-mail: one name, one template triplet ``<template>.subject.txt|.txt|.html``,
and the *category* (a preference a member can switch off, with the one-click unsubscribe
link) it belongs to, or ``None`` for mail that cannot be switched off. A kind about an
object of its app (a meeting) may pass ``hooks``: how a batch of its rows is prepared,
skipped, rendered and attached (see ``NoticeHooks``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

_CATEGORIES: dict[str, object] = {}
_KINDS: dict[str, NoticeKind] = {}
_DUE_PRODUCERS: list = []


class NoticeHooks:
    """Default behaviour of a kind; an app subclasses it for kinds about its objects."""

    def prepare(self, rows: list) -> None:
        """Load what a batch of rows of this kind needs (their subjects), in few queries."""

    def skip(self, row, *, now) -> str:
        """Why ``row`` must not be sent any more ("" to send it)."""
        return ""

    def context(self, row, cache: dict) -> dict:
        return dict(row.context or {})

    def attachments(self, row, cache: dict) -> list:
        return []

    def group(self, row) -> tuple:
        """What makes two rows the same e-mail but for the recipient (the mail merge)."""
        return (row.kind, json.dumps(row.context, sort_keys=True, default=str))


@dataclass(frozen=True)
class NoticeKind:
    name: str
    template: str
    category: str | None
    hooks: NoticeHooks = field(default_factory=NoticeHooks)
    # Send to this context entry's address instead of the account's (a last e-mail after
    # the account's address was erased).
    address_from: str = ""
    # The row's context holds personal data kept nowhere else: emptied once sent or skipped.
    forget_context: bool = False


def register_category(name: str, label) -> None:
    """A preference members see on their profile and in every unsubscribe link."""
    _CATEGORIES[name] = label


def register(
    name: str,
    *,
    template: str,
    category: str | None,
    hooks: NoticeHooks | None = None,
    address_from: str = "",
    forget_context: bool = False,
) -> NoticeKind:
    """Register the e-mail kind ``name``; registering the same name twice is an error."""
    if name in _KINDS:
        raise ValueError(f"e-mail kind {name!r} is registered twice")
    if category is not None and category not in _CATEGORIES:
        raise ValueError(f"e-mail kind {name!r}: unknown category {category!r}")
    kind = NoticeKind(name, template, category, hooks or NoticeHooks(), address_from, forget_context)
    _KINDS[name] = kind
    return kind


def register_due_producer(producer) -> None:
    """Let every scan queue what ``producer(now=…)`` finds due (it returns the number of
    rows it queued through ``notify``); a second registration changes nothing."""
    if producer not in _DUE_PRODUCERS:
        _DUE_PRODUCERS.append(producer)


def kind(name: str) -> NoticeKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown e-mail kind {name!r}") from None


def kinds() -> dict[str, NoticeKind]:
    return dict(_KINDS)


def categories() -> dict[str, object]:
    """Preference categories with their labels, in registration order."""
    return dict(_CATEGORIES)


def due_producers() -> list:
    return list(_DUE_PRODUCERS)
