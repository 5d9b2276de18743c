"""Every write about gender results: one function per state change, an explicit actor, one
transaction each, an audit event inside it."""

from .actions import (  # noqa: F401
    ERROR_AUDIT_OF_ANOTHER,
    ERROR_CANNOT_CREATE_ACTION,
    ERROR_CANNOT_UPDATE_ACTION,
    ERROR_DROPPED_REASON,
    action_create,
    action_progress_record,
)
from .audits import (  # noqa: F401
    ERROR_ALREADY_OPEN,
    ERROR_CANNOT_CORRECT,
    ERROR_CANNOT_EDIT,
    ERROR_CANNOT_REVIEW,
    ERROR_CANNOT_START,
    ERROR_CORRECTION_REASON,
    ERROR_LEAD_NOT_OF_ORGANISATION,
    ERROR_NO_FRAMEWORK,
    ERROR_RETURN_NOTES,
    ERROR_REVIEWER_OWN_ORGANISATION,
    ERROR_UNRATED,
    audit_accept,
    audit_correct,
    audit_create,
    audit_name_lead,
    audit_name_reviewer,
    audit_return,
    audit_save,
    audit_submit,
)
from .framework import framework_make_current, framework_new_version  # noqa: F401
