"""A person's own profile, e-mail preferences and calendar token."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cop_portal.pagecache import invalidate
from notices.registry import categories

from .. import permissions
from ..models import Community, User, new_calendar_token

PROFILE_FIELDS = ("full_name", "position", "phone", "gender", "preferred_language", "contact_visible")
UNKNOWN_EMAIL_KIND = _("Unknown kind of e-mail.")


def pages_naming(user: User) -> list[str]:
    """The cache names of the public pages that show ``user``'s name: the branches they run."""
    runs = Community.objects.filter(Q(focal_person=user) | Q(organisers__user=user)).values_list(
        "pk", flat=True
    )
    return [f"community:{pk}" for pk in set(runs)]


def _own(user: User, actor: User) -> User:
    if not permissions.user_can_act_for(actor, user):
        raise PermissionDenied
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def user_profile_update(*, user: User, actor: User, **fields) -> User:
    """Change the person's own profile fields (organisation and status change elsewhere)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    locked = _own(user, actor)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) and name != "gender" else value)
    locked.full_clean(exclude=["password"])
    locked.save(update_fields=list(fields))
    invalidate(*pages_naming(locked), "people", *(["insights"] if "gender" in fields else []))
    for name in fields:
        setattr(user, name, getattr(locked, name))
    return user


@transaction.atomic
def user_email_preferences_update(*, user: User, muted_kinds, actor: User) -> User:
    """Replace the set of e-mail kinds the person switched off."""
    muted = sorted(set(muted_kinds))
    if any(kind not in categories() for kind in muted):
        raise ValidationError(UNKNOWN_EMAIL_KIND)
    locked = _own(user, actor)
    locked.muted_email_kinds = muted
    locked.save(update_fields=["muted_email_kinds"])
    user.muted_email_kinds = muted
    return user


@transaction.atomic
def user_mute_email_kind(*, user: User, kind: str, actor=None) -> None:
    """Switch e-mails of ``kind`` off for ``user`` (idempotent)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    muted = list(locked.muted_email_kinds or [])
    if kind not in muted:
        muted.append(kind)
        locked.muted_email_kinds = muted
        locked.save(update_fields=["muted_email_kinds"])
    user.muted_email_kinds = muted


@transaction.atomic
def calendar_token_rotate(*, user: User, actor: User) -> str:
    """Revoke the person's calendar feed address and issue a new one."""
    locked = _own(user, actor)
    locked.calendar_token = new_calendar_token()
    locked.save(update_fields=["calendar_token"])
    user.calendar_token = locked.calendar_token
    return locked.calendar_token
