"""Actions: created from where they came from, then progress recorded as dated updates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from .. import permissions
from ..models import Action, ActionUpdate

ERROR_CANNOT_CREATE_ACTION = _(
    "Only coordinators, or the contact for their own organisation, can add actions."
)
ERROR_CANNOT_UPDATE_ACTION = _(
    "Only the action's owner, its organisation's contact or a coordinator can update it."
)
ERROR_DROPPED_REASON = _("Say why the action is dropped.")
ERROR_PROGRESS_RANGE = _("Progress is a percentage between 0 and 100.")
ERROR_AUDIT_OF_ANOTHER = _("The audit must be one of the action's organisations.")


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(message)


def action_page_names(action: Action) -> tuple[str, ...]:
    """The cached pages that show ``action``: its convention's or meeting's and its visit's,
    and the signed-in lists and counts of actions (``actions``). (Visitors' results pages
    show no action.)"""
    names = ["actions"]
    if action.meeting_id:
        names.append(f"meeting:{action.meeting_id}")
    if action.visit_id:
        names.append(f"meeting:{action.visit.meeting_id}")
    return tuple(names)


@transaction.atomic
def action_create(
    *,
    actor,
    title: str,
    organisations,
    owner=None,
    due_on=None,
    source: str = Action.Source.OTHER,
    description: str = "",
    title_en: str = "",
    audit=None,
    indicator=None,
    visit=None,
    meeting=None,
    proposal=None,
) -> Action:
    """Create an action for ``organisations`` (at least one for a contact)."""
    organisation_ids = {o.pk for o in organisations}
    _require(permissions.user_can_create_action(actor, organisation_ids), ERROR_CANNOT_CREATE_ACTION)
    if audit is not None and audit.organisation_id not in organisation_ids:
        raise ValidationError(ERROR_AUDIT_OF_ANOTHER)
    action = Action(
        title=title.strip(),
        title_en=title_en.strip(),
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        source=source,
        audit=audit,
        indicator=indicator,
        visit=visit,
        meeting=meeting,
        proposal=proposal,
        created_by=actor,
    )
    action.full_clean(exclude=["legacy_ref"])
    action.save()
    action.organisations.set(organisation_ids)
    invalidate(*action_page_names(action))
    audit_record(
        actor=actor,
        action="action.create",
        obj=action,
        changes={
            "organisations": sorted(organisation_ids),
            "owner": getattr(owner, "pk", None),
            "source": source,
        },
    )
    return action


@transaction.atomic
def action_progress_record(
    *,
    action: Action,
    actor,
    status: str,
    progress: int,
    note: str = "",
    evidence_file=None,
    dropped_reason: str = "",
) -> ActionUpdate:
    """Add a dated update to the timeline and move the action's status and progress with it.
    Done means 100 % and a done date; dropped needs a reason."""
    locked = Action.objects.select_for_update(of=("self",)).select_related("visit").get(pk=action.pk)
    organisation_ids = set(locked.organisations.values_list("pk", flat=True))
    _require(permissions.user_can_update_action(actor, locked, organisation_ids), ERROR_CANNOT_UPDATE_ACTION)
    if status not in Action.Status.values:
        raise ValidationError(ERROR_CANNOT_UPDATE_ACTION)
    if not 0 <= int(progress) <= 100:
        raise ValidationError(ERROR_PROGRESS_RANGE)
    if status == Action.Status.DROPPED and not (dropped_reason or note).strip():
        raise ValidationError(ERROR_DROPPED_REASON)
    before = {"status": locked.status, "progress": locked.progress}
    if status == Action.Status.DONE:
        progress = 100
        locked.done_on = locked.done_on or timezone.localdate()
    else:
        locked.done_on = None
    locked.status, locked.progress = status, int(progress)
    locked.dropped_reason = (dropped_reason or note).strip() if status == Action.Status.DROPPED else ""
    locked.save()
    update = ActionUpdate(
        action=locked, author=actor, note=note.strip(), status=status, progress=locked.progress
    )
    if evidence_file:
        update.evidence_file = evidence_file
    update.full_clean()
    update.save()
    invalidate(*action_page_names(locked))
    audit_record(
        actor=actor,
        action="action.update",
        obj=locked,
        changes={
            "status": [before["status"], locked.status],
            "progress": [before["progress"], locked.progress],
            "update": update.pk,
        },
    )
    return update
