"""A branch's own settings: whether its meetings wait for a coordinator's review, and the
co-organisers its focal person names (at most ``ORGANISERS_MAX``, approved members)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from members.models import Community, CommunityOrganiser, User
from members.permissions import user_is_member

from ..permissions import user_can_name_organisers

ORGANISERS_MAX = 5
SETTINGS_REFUSED = _("Only the branch's focal person and coordinators can change its settings.")
ORGANISER_NOT_FOUND = _("No approved member has this e-mail address.")
ORGANISER_NOT_MEMBER = _("Only approved members can be co-organisers.")
ORGANISER_IS_FOCAL = _("The focal person already runs the branch.")
ORGANISER_ALREADY = _("This member is already a co-organiser.")
ORGANISERS_FULL = _("A branch has at most %(max)d co-organisers; remove one first.")
ORGANISER_NOT_ONE = _("This person is not a co-organiser of the branch.")


def _lock(community: Community, actor) -> Community:
    if not user_can_name_organisers(actor, community):
        raise PermissionDenied(SETTINGS_REFUSED)
    return Community.objects.select_for_update().get(pk=community.pk)


@transaction.atomic
def branch_settings_update(*, community: Community, actor, meetings_reviewed: bool) -> bool:
    """Switch whether the branch's meetings wait for review; returns whether it changed."""
    locked = _lock(community, actor)
    if locked.meetings_reviewed == meetings_reviewed:
        return False
    audit_record(
        actor=actor,
        action="branch.settings",
        obj=locked,
        changes={"meetings_reviewed": [locked.meetings_reviewed, meetings_reviewed]},
    )
    locked.meetings_reviewed = meetings_reviewed
    locked.save(update_fields=["meetings_reviewed", "updated_at"])
    invalidate(f"community:{locked.pk}")
    community.meetings_reviewed = meetings_reviewed
    return True


def member_by_email(email: str) -> User:
    """The approved member an e-mail address names, for naming a co-organiser."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None or not user_is_member(user):
        raise ValidationError(ORGANISER_NOT_FOUND)
    return user


@transaction.atomic
def branch_organiser_add(*, community: Community, actor, user: User) -> CommunityOrganiser:
    """Name ``user`` a co-organiser. The branch row is locked while counting, so two at once
    cannot make a sixth."""
    locked = _lock(community, actor)
    if not user_is_member(user):
        raise ValidationError(ORGANISER_NOT_MEMBER)
    if user.pk == locked.focal_person_id:
        raise ValidationError(ORGANISER_IS_FOCAL)
    current = set(CommunityOrganiser.objects.filter(community=locked).values_list("user_id", flat=True))
    if user.pk in current:
        raise ValidationError(ORGANISER_ALREADY)
    if len(current) >= ORGANISERS_MAX:
        raise ValidationError(ORGANISERS_FULL % {"max": ORGANISERS_MAX})
    try:
        with transaction.atomic():
            organiser = CommunityOrganiser.objects.create(community=locked, user=user, added_by=actor)
    except IntegrityError as exc:
        raise ValidationError(ORGANISER_ALREADY) from exc
    audit_record(
        actor=actor, action="branch.organiser_add", obj=locked, changes={"organiser": [None, user.pk]}
    )
    invalidate(f"community:{locked.pk}")
    return organiser


@transaction.atomic
def branch_organiser_remove(*, community: Community, actor, user_id: int) -> None:
    locked = _lock(community, actor)
    deleted, _details = CommunityOrganiser.objects.filter(community=locked, user_id=user_id).delete()
    if not deleted:
        raise ValidationError(ORGANISER_NOT_ONE)
    audit_record(
        actor=actor, action="branch.organiser_remove", obj=locked, changes={"organiser": [user_id, None]}
    )
    invalidate(f"community:{locked.pk}")
