"""Reads of following themes: what a member follows, and what the day's digest lists."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from notices.selectors import recipients_without

from .models import Entry, ThemeFollow


def theme_list_followed(*, user) -> set[str]:
    """The themes ``user`` follows (nothing for a visitor, without a query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(ThemeFollow.objects.filter(user=user).values_list("theme", flat=True))


def entry_list_published_between(*, start: dt.datetime, end: dt.datetime) -> list[Entry]:
    """Entries with a theme that entered the index in [start, end), oldest first (either
    audience: the digest sends members-only ones to members only)."""
    return list(
        Entry.objects.filter(indexed_at__gte=start, indexed_at__lt=end)
        .exclude(themes="")
        .order_by("indexed_at", "id")
        .only("id", "title", "title_en", "url", "themes", "members_only", "indexed_at")
    )


def theme_follow_list_for_digest(*, themes, kind: str, key: str) -> QuerySet[ThemeFollow]:
    """Follows of these themes by active accounts who do not have the e-mail ``kind``/``key``
    yet, with their account (one query)."""
    follows = ThemeFollow.objects.filter(theme__in=list(themes), user__is_active=True)
    return recipients_without(follows, kind=kind, key=key).select_related("user").order_by("user_id", "theme")
