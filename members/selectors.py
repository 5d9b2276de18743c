"""Reads about people, organisations and communities, with what the pages need joined in.

The ``can_…`` functions answer "may this person do that" for views, services and the admin
alike, so the rule lives in one place.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch, Q, QuerySet

from .models import COORDINATORS_GROUP, Community, CommunityMembership, Organisation, User

# --- who may do what ----------------------------------------------------------------------------


def is_organisation_contact(user) -> bool:
    """An approved member named focal point of their organisation."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_member
        and user.is_organisation_contact
        and user.organisation_id
    )


def can_decide_membership(actor, person) -> bool:
    """Coordinators decide for anyone; an organisation contact for their organisation only."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_coordinator:
        return True
    return is_organisation_contact(actor) and person.organisation_id == actor.organisation_id


def can_register_branch(actor) -> bool:
    """Organisation contacts register branches hosted by their own organisation."""
    return is_organisation_contact(actor)


def can_decide_branch(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_coordinator)


def can_see_community(actor, community: Community) -> bool:
    """Approved and closed CoPs are public; a pending or declined one is seen by those concerned."""
    if community.status in (Community.Status.APPROVED, Community.Status.CLOSED):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_coordinator or community.registered_by_id == actor.pk:
        return True
    return is_organisation_contact(actor) and community.host_organisation_id == actor.organisation_id


# --- organisations ------------------------------------------------------------------------------


def _approved_members() -> Q:
    return Q(people__status=User.Status.APPROVED, people__is_active=True)


def organisation_list(*, level: str = "", kind: str = "", province: str = "") -> QuerySet[Organisation]:
    """Active organisations with their member and approved-branch counts, filtered."""
    qs = Organisation.objects.filter(is_active=True)
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province=province)
    return qs.annotate(
        member_count=Count("people", filter=_approved_members(), distinct=True),
        branch_count=Count(
            "communities", filter=Q(communities__status=Community.Status.APPROVED), distinct=True
        ),
    ).order_by("name_mn")


def organisation_get(*, slug: str) -> Organisation:
    """One organisation (404-able via ``DoesNotExist``) with its counts and approved branches."""
    branches = Community.objects.filter(status=Community.Status.APPROVED).annotate(
        member_count=Count("memberships", distinct=True)
    )
    return (
        Organisation.objects.annotate(
            member_count=Count("people", filter=_approved_members(), distinct=True),
        )
        .prefetch_related(Prefetch("communities", queryset=branches, to_attr="approved_branches"))
        .get(slug=slug)
    )


def organisation_contacts(*, organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        organisation=organisation,
        is_organisation_contact=True,
        status=User.Status.APPROVED,
        is_active=True,
    ).order_by("full_name")


def organisation_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name_mn")


# --- people -------------------------------------------------------------------------------------


def member_directory(*, search: str = "") -> QuerySet[User]:
    """Approved, active members with their organisation; ``search`` matches names and organisations."""
    qs = User.objects.filter(status=User.Status.APPROVED, is_active=True).select_related("organisation")
    search = search.strip()
    if search:
        qs = qs.filter(
            Q(full_name__icontains=search)
            | Q(organisation__name_mn__icontains=search)
            | Q(organisation__name_en__icontains=search)
            | Q(organisation__short_name__icontains=search)
        )
    return qs.order_by("full_name", "email")


def applications_for(*, actor) -> QuerySet[User]:
    """Pending applications the actor may decide: all for coordinators, own organisation for contacts."""
    qs = User.objects.filter(status=User.Status.APPLIED, is_active=True).select_related("organisation")
    if actor.is_coordinator:
        return qs.order_by("applied_at", "pk")
    if is_organisation_contact(actor):
        return qs.filter(organisation_id=actor.organisation_id).order_by("applied_at", "pk")
    return qs.none()


def membership_reviewers(*, person: User) -> list[User]:
    """Who is told of a new application: the organisation's contacts, else the coordinators."""
    contacts = list(organisation_contacts(organisation=person.organisation)) if person.organisation_id else []
    return contacts or list(coordinators())


def coordinators() -> QuerySet[User]:
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group is None:
        return User.objects.none()
    return User.objects.filter(groups=group, is_active=True).order_by("pk")


# --- communities --------------------------------------------------------------------------------


def community_root() -> Community | None:
    return Community.objects.filter(parent__isnull=True).first()


def community_tree() -> list[Community]:
    """The CoP network: every approved CoP with its size and host, children under ``.children``.

    Returns the top-level CoPs (normally the one root); built in Python from one query.
    """
    nodes = list(
        Community.objects.filter(status=Community.Status.APPROVED)
        .select_related("host_organisation")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name_mn")
    )
    by_id = {node.pk: node for node in nodes}
    roots = []
    for node in nodes:
        node.children = []
    for node in nodes:
        parent = by_id.get(node.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    roots.sort(key=lambda n: (n.parent_id is not None, n.name_mn))
    return roots


def community_network() -> tuple[list[Community], list[Community]]:
    """The network page's two parts, from one query: the root CoPs, and the branches to list
    under them (their children, each with its sub-branches in ``.children``, then any branch
    whose parent is not approved yet)."""
    tree = community_tree()
    roots = [node for node in tree if node.parent_id is None]
    branches = [child for root in roots for child in root.children]
    branches += [node for node in tree if node.parent_id is not None]
    return roots, branches


def community_get(*, slug: str) -> Community:
    """One CoP with host, parent, focal person and its size (raises ``DoesNotExist``)."""
    return (
        Community.objects.select_related("host_organisation", "parent", "focal_person")
        .annotate(member_count=Count("memberships", distinct=True))
        .get(slug=slug)
    )


def community_members(*, community: Community) -> QuerySet[CommunityMembership]:
    return (
        CommunityMembership.objects.filter(community=community)
        .select_related("user", "user__organisation")
        .order_by("user__full_name")
    )


def community_is_member(*, community: Community, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return CommunityMembership.objects.filter(community=community, user=user).exists()


def communities_pending() -> QuerySet[Community]:
    return Community.objects.filter(status=Community.Status.PENDING).select_related(
        "host_organisation", "registered_by"
    )


def community_list_focal_of(*, user) -> QuerySet[Community]:
    """The approved branch CoPs ``user`` is the focal person of."""
    return Community.objects.filter(focal_person=user, status=Community.Status.APPROVED).order_by("name_mn")


def user_get_active(*, pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()
