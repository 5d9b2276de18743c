"""Site visits: what is written along with a visit."""

from __future__ import annotations

from django.db import transaction

from cop_portal.pagecache import invalidate

from ..models import FollowUpAction, SiteVisit, SiteVisitOutcome, SiteVisitPhoto
from ._common import _children_save, _require_coordinator


@transaction.atomic
def visit_children_save(*, visit: SiteVisit, actor, saved, deleted=()) -> None:
    """Save and delete the counted outcomes, follow-up actions and photos edited with a visit."""
    _require_coordinator(actor)
    _children_save(
        visit,
        parent_field={SiteVisitOutcome: "visit", FollowUpAction: "visit", SiteVisitPhoto: "visit"},
        saved=saved,
        deleted=deleted,
        actor=actor,
    )
    invalidate(f"meeting:{visit.meeting_id}", "feed:all")
