"""Every write about people and organisations (re-exported by topic); the branch CoPs' own
rules (registration, decisions, following, co-organisers) live in ``branches.services``."""

from .groups import (
    COORDINATOR_APPS,
    COORDINATOR_EXCLUDED_CODENAMES,
    coordinator_group_sync,
    coordinator_group_sync_on_migrate,
)
from .importing import (
    IMPORT_HEADERS,
    ImportRowError,
    MembersImportError,
    members_import,
    members_import_parse,
)
from .invitations import MEMBER_ADD_REFUSED, invitation_url, member_add, member_invite
from .membership import (
    MEMBERSHIP_ALREADY_MEMBER,
    MEMBERSHIP_DECIDE_REFUSED,
    MEMBERSHIP_NOT_PENDING,
    MEMBERSHIP_ORGANISATION_INACTIVE,
    REASON_REQUIRED,
    membership_apply,
    membership_approve,
    membership_decline,
    organisation_contact_set,
)
from .profile import (
    calendar_token_rotate,
    user_email_preferences_update,
    user_mute_email_kind,
    user_profile_update,
)

__all__ = [
    "COORDINATOR_APPS",
    "COORDINATOR_EXCLUDED_CODENAMES",
    "IMPORT_HEADERS",
    "invitation_url",
    "member_invite",
    "member_add",
    "MEMBER_ADD_REFUSED",
    "MEMBERSHIP_ALREADY_MEMBER",
    "MEMBERSHIP_DECIDE_REFUSED",
    "MEMBERSHIP_NOT_PENDING",
    "MEMBERSHIP_ORGANISATION_INACTIVE",
    "REASON_REQUIRED",
    "ImportRowError",
    "MembersImportError",
    "calendar_token_rotate",
    "coordinator_group_sync",
    "coordinator_group_sync_on_migrate",
    "members_import",
    "members_import_parse",
    "membership_apply",
    "membership_approve",
    "membership_decline",
    "organisation_contact_set",
    "user_email_preferences_update",
    "user_mute_email_kind",
    "user_profile_update",
]
