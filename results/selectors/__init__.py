"""Every read the results pages need, with the joins they use; how other apps read results."""

from .actions import (  # noqa: F401
    action_counts_for_organisation,
    action_get,
    action_list,
    action_list_for_meeting,
    action_list_for_report,
    action_list_for_visit,
    action_list_open_owned,
    action_update_get,
    actions_on_time,
)
from .audits import (  # noqa: F401
    audit_get,
    audit_latest_accepted,
    audit_list_awaiting_review,
    audit_list_for_organisation,
    audit_list_for_user,
    audit_measures,
    audit_ratings,
    evidence_get,
    framework_current,
    framework_indicators,
)
from .yearly import (  # noqa: F401
    NetworkResults,
    ResultsTable,
    award_list_for_organisation,
    award_list_for_user,
    network_results,
    network_results_public,
    organisation_has_published,
    organisation_results,
    ratings_for_export,
)
