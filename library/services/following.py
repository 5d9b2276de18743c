"""Following a theme of the library, and the daily digest of what each followed theme gained.

A member follows or unfollows a theme (their own act: not audited, as following a branch is
not). Once a day, after the day is over (Asia/Ulaanbaatar), each follower gets one e-mail
listing the entries with a followed theme that entered the index that day: members-only ones
only to approved members. The outbox key ``theme-digest:<day>`` makes it exactly once per
(member, day), whoever runs the task and however often; a missed day is caught up."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members.permissions import user_can_act_for
from notices.services import notify

from .. import permissions, selectors_following
from ..models import Theme, ThemeFollow

ERROR_UNKNOWN_THEME = _("There is no such theme in the library.")
DIGEST_KIND = "theme_digest"
# The e-mail lists this many entries; the library's page has them all.
DIGEST_LISTED = 20
# Days looked back on each run, so a day the worker missed still goes out (once).
DIGEST_CATCH_UP_DAYS = 3


def _check(*, user, theme: str, actor) -> None:
    if not user_can_act_for(actor, user):
        raise PermissionDenied
    if not permissions.user_can_follow_theme(user):
        raise PermissionDenied(permissions.FOLLOW_REFUSAL)
    if theme not in Theme.values:
        raise ValidationError(ERROR_UNKNOWN_THEME)


@transaction.atomic
def theme_follow(*, user, theme: str, actor) -> ThemeFollow:
    """``user`` follows ``theme`` (idempotent)."""
    _check(user=user, theme=theme, actor=actor)
    follow, _created = ThemeFollow.objects.get_or_create(user=user, theme=theme)
    return follow


@transaction.atomic
def theme_unfollow(*, user, theme: str, actor) -> bool:
    """``user`` stops following ``theme``; returns whether they did follow it. Anyone signed
    in may stop (a former member too)."""
    if not user_can_act_for(actor, user):
        raise PermissionDenied
    return bool(ThemeFollow.objects.filter(user=user, theme=theme).delete()[0])


def theme_follow_forget(sender, user, **kwargs) -> None:
    """An erased account follows nothing any more (``members.signals.user_erased``)."""
    ThemeFollow.objects.filter(user=user).delete()


def _labels(themes: list[str], language: str) -> str:
    names = dict(Theme.choices)
    with translation.override(language):
        return ", ".join(str(names[t]) for t in themes if t in names)


def _row(entry) -> dict:
    themes = entry.theme_list
    return {
        "title": entry.title,
        "title_en": entry.title_en,
        "url": f"{settings.SITE_URL}{entry.url}",
        "members_only": entry.members_only,
        "themes_mn": _labels(themes, "mn"),
        "themes_en": _labels(themes, "en"),
    }


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _digest_day(day: dt.date) -> int:
    start, end = _day_bounds(day)
    entries = selectors_following.entry_list_published_between(start=start, end=end)
    if not entries:
        return 0
    key = f"theme-digest:{day.isoformat()}"
    themes = {t for e in entries for t in e.theme_list}
    followed: dict[int, set[str]] = {}
    members: dict[int, bool] = {}
    for follow in selectors_following.theme_follow_list_for_digest(themes=themes, kind=DIGEST_KIND, key=key):
        followed.setdefault(follow.user_id, set()).add(follow.theme)
        members[follow.user_id] = permissions.user_sees_members_only(follow.user)
    # Each entry is shaped once (its themes named in both languages), not once per follower.
    shaped = [(set(e.theme_list), e.members_only, _row(e)) for e in entries]
    contexts = {}
    for user_id, wanted in followed.items():
        sees_all = members[user_id]
        mine = [
            (hidden, row) for themes, hidden, row in shaped if (sees_all or not hidden) and wanted & themes
        ]
        if mine:
            contexts[user_id] = {
                "count": len(mine),
                "entries": [row for _hidden, row in mine[:DIGEST_LISTED]],
                "more": max(len(mine) - DIGEST_LISTED, 0),
                "members_only": any(hidden for hidden, _entry in mine),
            }
    if not contexts:
        return 0
    context = {
        "day": day.isoformat(),
        "url": f"{settings.SITE_URL}{reverse('library:library-list')}",
        "themes_url": f"{settings.SITE_URL}{reverse('library:theme-list')}",
    }
    return notify(
        DIGEST_KIND, recipients=list(contexts), key=key, context=context, context_for=contexts.__getitem__
    )


@transaction.atomic
def theme_digest_send(*, now: dt.datetime | None = None) -> int:
    """Queue the digest of each of the last few finished days to its followers; returns how
    many e-mails were offered (0 when every one was queued before)."""
    today = timezone.localdate(now or timezone.now())
    return sum(_digest_day(today - dt.timedelta(days=n)) for n in range(DIGEST_CATCH_UP_DAYS, 0, -1))
