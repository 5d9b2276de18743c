"""Reads about people, organisations and communities, with what the pages need joined in.

Who may do what lives in ``members.permissions``.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from cop_portal import disclosure
from cop_portal.filtering import given

from .models import (
    COORDINATORS_GROUP,
    Community,
    CommunityMembership,
    CommunityOrganiser,
    Organisation,
    User,
)
from .permissions import user_is_coordinator, user_is_organisation_contact

# --- organisations ------------------------------------------------------------------------------


def _approved_members() -> Q:
    return Q(people__status=User.Status.APPROVED, people__is_active=True)


def organisation_list(*, level: str = "", kind: str = "", province: str = "") -> QuerySet[Organisation]:
    """Active organisations with their member and approved-branch counts, filtered."""
    qs = Organisation.objects.filter(given(level=level, kind=kind, province=province), is_active=True)
    # Correlated subqueries, not Count() over joins: the paginator's COUNT(*) leaves them out
    # (unreferenced annotations are dropped) and PostgreSQL evaluates them for the page's rows
    # only, so the list never reads all 20,000 people to show 20 organisations.
    people = User.objects.filter(
        organisation=OuterRef("pk"), status=User.Status.APPROVED, is_active=True
    ).order_by()
    branches = Community.objects.filter(
        host_organisation=OuterRef("pk"), status=Community.Status.APPROVED
    ).order_by()
    return qs.annotate(
        member_count=Coalesce(Subquery(people.values("organisation").annotate(n=Count("id")).values("n")), 0),
        branch_count=Coalesce(
            Subquery(branches.values("host_organisation").annotate(n=Count("id")).values("n")), 0
        ),
    ).order_by("name_mn")


def organisation_member_count_public(organisation: Organisation) -> int:
    """An organisation's members (``member_count``) as visitors read them: the figure the public
    insights publish for the same people (its row of "members by organisation"), rounded by
    the same rule and with the same identity, so the two pages never differ."""
    cells = disclosure.Cells("members", disclosure.members_period(None), "organisation")
    return disclosure.publish(cells.cell(str(organisation.pk), disclosure.ALL), organisation.member_count)


def organisation_get(*, slug: str, detail: bool = True) -> Organisation:
    """One organisation (404-able via ``DoesNotExist``); ``detail``: its counts and approved branches."""
    if not detail:
        return Organisation.objects.get(slug=slug)
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


def contacts_of_organisations(*, organisation_ids) -> QuerySet[User]:
    """The approved, active contacts of these organisations (e-mails about them)."""
    return User.objects.filter(
        organisation_id__in=organisation_ids,
        is_organisation_contact=True,
        status=User.Status.APPROVED,
        is_active=True,
    )


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
    if user_is_coordinator(actor):
        return qs.order_by("applied_at", "pk")
    if user_is_organisation_contact(actor):
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
    """Who follows the CoP, as the member directory shows people: approved, active members
    only (an applicant or a closed account is never listed), by name."""
    return (
        CommunityMembership.objects.filter(
            community=community, user__status=User.Status.APPROVED, user__is_active=True
        )
        .select_related("user", "user__organisation")
        .order_by("user__full_name", "user__email")
    )


def community_organisers(*, community: Community) -> list[CommunityOrganiser]:
    """The branch's co-organisers with their organisation (one query), by name."""
    return list(
        CommunityOrganiser.objects.filter(community=community, user__is_active=True)
        .select_related("user__organisation")
        .order_by("user__full_name", "user__email")
    )


def community_descendant_ids(*, community: Community) -> list[int]:
    """``community`` and every CoP under it, approved or not (one query over ids)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Community.objects.filter(parent__isnull=False).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = [], [community.pk]
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


def community_is_member(*, community: Community, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return CommunityMembership.objects.filter(community=community, user=user).exists()


def community_list_for_organisation(*, organisation_id: int | None) -> QuerySet[Community]:
    """The branch CoPs an organisation hosts, awaiting a decision or declined first, then the others."""
    order = {Community.Status.PENDING: 0, Community.Status.DECLINED: 1}
    return (
        Community.objects.filter(host_organisation_id=organisation_id, parent__isnull=False)
        .select_related("registered_by")
        .annotate(
            status_rank=Case(
                *(When(status=status, then=Value(rank)) for status, rank in order.items()),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("status_rank", "-created_at", "-id")
    )


def communities_pending() -> QuerySet[Community]:
    return Community.objects.filter(status=Community.Status.PENDING).select_related(
        "host_organisation", "registered_by"
    )


# --- Reports: grouped counts read by the insights app -----------------------------------------
# One query each whatever the data size, one row per group. The filters are plain keyword
# arguments: ``end`` (aware, exclusive) is the end of the period, ``province`` an organisation's.


def organisation_list_by_name() -> QuerySet[Organisation]:
    """Every organisation, closed ones too (reports cover the past), by Mongolian name."""
    return Organisation.objects.order_by("name_mn")


def organisation_values(*, ids=None) -> dict[int, dict]:
    """``{id: {name_mn, name_en, level}}`` for the given organisations (None: all), in one query."""
    qs = Organisation.objects.all() if ids is None else Organisation.objects.filter(pk__in=ids)
    return {o["id"]: o for o in qs.values("id", "name_mn", "name_en", "level")}


def community_list_reported() -> QuerySet[Community]:
    """Approved (or since closed) communities, the root CoP first."""
    return Community.objects.filter(status__in=[Community.Status.APPROVED, Community.Status.CLOSED]).order_by(
        F("parent_id").asc(nulls_first=True), "name_mn"
    )


def community_subtree_ids(*, community: Community) -> frozenset[int]:
    """``community`` and every CoP below it, however deep (one query over the small CoP table)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Community.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [community.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, ()))
    return frozenset(found)


def _members_reported(*, end=None, organisation=None, province="", communities=None, joined_from=None):
    """Approved, active members at the end of the period (who joined from ``joined_from`` on),
    narrowed by the filters (``communities``: ids of the branch CoPs whose members count)."""
    where = given(date_joined__lt=end, date_joined__gte=joined_from, organisation=organisation)
    qs = User.objects.filter(
        where & given(organisation__province=province),
        status=User.Status.APPROVED,
        is_active=True,
    )
    if communities is not None:
        # A subquery, not a join: a member of two branches of the subtree counts once.
        qs = qs.filter(
            pk__in=CommunityMembership.objects.filter(community_id__in=communities).values("user_id")
        )
    return qs


def member_count_by_organisation(**filters) -> list[dict]:
    """Rows ``{organisation_id, organisation__name_mn, organisation__name_en, gender, n}``."""
    return list(
        _members_reported(**filters)
        .values("organisation_id", "organisation__name_mn", "organisation__name_en", "gender")
        .annotate(n=Count("id"))
        .order_by("organisation__name_mn", "organisation_id", "gender")
    )


def member_count_by_year_joined(**filters) -> list[dict]:
    """Rows ``{year, n}``: members by the year they joined (in the site's time zone)."""
    return list(
        _members_reported(**filters)
        .annotate(year=ExtractYear("date_joined", tzinfo=timezone.get_default_timezone()))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )


def branch_count_by_year_founded(
    *, end=None, organisation=None, province: str = "", communities=None
) -> list[dict]:
    """Rows ``{year, n}``: approved (or since closed) branch CoPs by founding year
    (``communities``: ids of the CoPs counted; None: every branch)."""
    qs = Community.objects.filter(
        given(created_at__lt=end, host_organisation=organisation, host_organisation__province=province),
        parent__isnull=False,
        status__in=[Community.Status.APPROVED, Community.Status.CLOSED],
    )
    if communities is not None:
        qs = qs.filter(pk__in=communities)
    tz = timezone.get_default_timezone()
    return list(
        qs.annotate(
            year=Coalesce(
                ExtractYear("founded_on"),
                ExtractYear("decided_at", tzinfo=tz),
                ExtractYear("created_at", tzinfo=tz),
            )
        )
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )


def community_list_focal_of(*, user) -> QuerySet[Community]:
    """The approved branch CoPs ``user`` is the focal person of."""
    return Community.objects.filter(focal_person=user, status=Community.Status.APPROVED).order_by("name_mn")


def community_list_run_by(*, user) -> list[dict]:
    """The approved branch CoPs ``user`` runs as focal person or co-organiser, as ``slug`` and
    names (one query; for the account menu's "My branch")."""
    return list(
        Community.objects.filter(
            Q(focal_person=user) | Q(organisers__user=user),
            status=Community.Status.APPROVED,
            parent__isnull=False,
        )
        .values("slug", "name_mn", "name_en")
        .distinct()
        .order_by("name_mn")[:5]
    )


def user_get_active(*, pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()


def community_list_public() -> QuerySet[Community]:
    """Approved CoPs (the root and its branches), as the network page lists them, with parent and host."""
    return Community.objects.filter(status=Community.Status.APPROVED).select_related(
        "parent", "host_organisation"
    )
