"""Every write of the branch CoP feature: registration and the coordinators' decisions,
following, the branch's settings and co-organisers, the monthly digest (one module per
topic; every name is re-exported here). They write the network's tables of ``members``."""

from .digest import branch_digest_send
from .following import BRANCH_JOIN_NOT_MEMBER, BRANCH_NOT_OPEN, branch_join, branch_leave
from .organisers import (
    ORGANISER_ALREADY,
    ORGANISER_IS_FOCAL,
    ORGANISER_NOT_FOUND,
    ORGANISER_NOT_MEMBER,
    ORGANISER_NOT_ONE,
    ORGANISERS_FULL,
    ORGANISERS_MAX,
    SETTINGS_REFUSED,
    branch_organiser_add,
    branch_organiser_remove,
    branch_settings_update,
    member_by_email,
)
from .registration import (
    BRANCH_ALREADY_DECIDED,
    BRANCH_CANNOT_REGISTER,
    BRANCH_DECIDE_REFUSED,
    BRANCH_NAME_TAKEN,
    BRANCH_NO_ROOT,
    BRANCH_NOT_CLOSABLE,
    RESERVED_SLUGS,
    branch_approve,
    branch_close,
    branch_decline,
    branch_register,
)

__all__ = [
    "BRANCH_ALREADY_DECIDED",
    "BRANCH_CANNOT_REGISTER",
    "BRANCH_DECIDE_REFUSED",
    "BRANCH_JOIN_NOT_MEMBER",
    "BRANCH_NAME_TAKEN",
    "BRANCH_NO_ROOT",
    "BRANCH_NOT_CLOSABLE",
    "BRANCH_NOT_OPEN",
    "ORGANISERS_FULL",
    "ORGANISERS_MAX",
    "ORGANISER_ALREADY",
    "ORGANISER_IS_FOCAL",
    "ORGANISER_NOT_FOUND",
    "ORGANISER_NOT_MEMBER",
    "ORGANISER_NOT_ONE",
    "RESERVED_SLUGS",
    "SETTINGS_REFUSED",
    "branch_approve",
    "branch_close",
    "branch_decline",
    "branch_digest_send",
    "branch_join",
    "branch_leave",
    "branch_organiser_add",
    "branch_organiser_remove",
    "branch_register",
    "branch_settings_update",
    "member_by_email",
]
