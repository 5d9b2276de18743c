"""The coordinators' Django group (granted and removed by term by the elections app)."""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from ..models import COORDINATORS_GROUP

# Apps whose models coordinators manage in the admin. Ballots are excluded by the
# elections app (they are not registered in the admin and have no permissions).
COORDINATOR_APPS = (
    "members",
    "notices",
    "meetings",
    "proposals",
    "feedback",
    "branches",
    "coordinators",
    "results",
    "library",
)
# Permissions coordinators never get: they are technical administration. Terms come from
# election results only (a technical administrator corrects one, with a reason), so a
# coordinator can never crown another by hand.
COORDINATOR_EXCLUDED_CODENAMES = {
    "delete_user",
    "add_coordinatorterm",
    "change_coordinatorterm",
    "delete_coordinatorterm",
}


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
