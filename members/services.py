"""Every write about people, organisations and communities."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import COORDINATORS_GROUP

# Apps whose models coordinators manage in the admin. Ballots are excluded by the
# elections app (they are not registered in the admin and have no permissions).
COORDINATOR_APPS = ("members", "meetings", "coordinators")
# Permissions coordinators never get: they are technical administration.
COORDINATOR_EXCLUDED_CODENAMES = {"delete_user"}


@transaction.atomic
def coordinator_group_sync() -> Group:
    """Ensure the coordinators' group exists with every permission of the CoP's apps."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS).exclude(
        codename__in=COORDINATOR_EXCLUDED_CODENAMES
    )
    perms = perms.exclude(content_type__model__in=("ballot",))
    group.permissions.set(perms)
    return group


def coordinator_group_sync_on_migrate(sender, using="default", apps=global_apps, **kwargs):
    """post_migrate hook: re-sync once the last of our apps has migrated."""
    if not global_apps.is_installed("django.contrib.auth"):
        return
    coordinator_group_sync()


@transaction.atomic
def user_mute_email_kind(*, user, kind: str, actor=None) -> None:
    """Switch e-mails of ``kind`` off for ``user`` (idempotent)."""
    from .models import User

    locked = User.objects.select_for_update().get(pk=user.pk)
    muted = list(locked.muted_email_kinds or [])
    if kind not in muted:
        muted.append(kind)
        locked.muted_email_kinds = muted
        locked.save(update_fields=["muted_email_kinds"])
    user.muted_email_kinds = muted
