"""Every page of the members app has a fixed SQL query budget, at 10 and at 1,000 rows."""

import pytest

from members.models import Community, CommunityMembership, Organisation, User

pytestmark = pytest.mark.django_db

SIZES = [10, 1000]


@pytest.fixture
def world(root, organisation):
    """Build ``rows`` organisations, people (approved and applicants), branches and memberships."""

    def build(rows: int):
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name_mn=f"Байгууллага Q{i}",
                name_en=f"Org Q{i}",
                slug=f"org-q{i}",
                kind="provincial" if i % 2 else "ministry",
                level="local" if i % 2 else "central",
                province="dornod",
            )
            for i in range(rows)
        )
        people = User.objects.bulk_create(
            User(
                email=f"q{i}@example.mn",
                full_name=f"Хүн Q{i}",
                organisation=orgs[i % len(orgs)] if i % 3 else organisation,
                status="approved" if i % 4 else "applied",
                contact_visible=bool(i % 2),
                gender="woman",
            )
            for i in range(rows)
        )
        branches = Community.objects.bulk_create(
            Community(
                name_mn=f"Салбар Q{i}",
                name_en=f"Branch Q{i}",
                slug=f"branch-q{i}",
                parent=root,
                host_organisation=organisation if i % 2 else orgs[i % len(orgs)],
                status="approved" if i % 3 else "pending",
            )
            for i in range(rows)
        )
        approved = [b for b in branches if b.status == "approved"]
        CommunityMembership.objects.bulk_create(
            CommunityMembership(community=approved[0], user=p) for p in people
        )
        CommunityMembership.objects.bulk_create(
            CommunityMembership(community=approved[i % len(approved)], user=p)
            for i, p in enumerate(people)
            if i % len(approved)
        )
        return approved[0]

    return build


def _get(client, url, budget, assert_max):
    with assert_max(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", SIZES)
def test_organisation_list_queries(client, world, rows, django_assert_max_num_queries):
    world(rows)
    _get(client, "/organisations/?level=local&page=1", 2, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_organisation_detail_queries(
    client, world, member, organisation, rows, django_assert_max_num_queries
):
    world(rows)
    client.force_login(member)
    _get(client, organisation.get_absolute_url(), 6, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_member_directory_queries(client, world, member, rows, django_assert_max_num_queries):
    world(rows)
    client.force_login(member)
    _get(client, "/members/?q=Q", 4, django_assert_max_num_queries)
    # Warm: the page of the directory is kept for members; session and user.
    _get(client, "/members/?q=Q", 2, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_application_list_queries(client, world, coordinator, rows, django_assert_max_num_queries):
    world(rows)
    client.force_login(coordinator)
    _get(client, "/members/applications/", 5, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_branch_tree_queries(client, world, contact, rows, django_assert_max_num_queries):
    world(rows)
    client.force_login(contact)
    _get(client, "/branches/", 3, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_branch_detail_queries(client, world, member, rows, django_assert_max_num_queries):
    branch = world(rows)
    client.force_login(member)
    # The members' 6, plus who runs it (2), its co-organisers, and the meetings' side: the
    # sub-branch ids, upcoming, past and materials (count + page each; see tests/branches/test_queries.py).
    _get(client, branch.get_absolute_url(), 15, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_branch_register_queries(client, world, contact, rows, django_assert_max_num_queries):
    world(rows)
    client.force_login(contact)
    # One more than the form needs: the organisation's branches already registered.
    _get(client, "/branches/register/", 5, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_contact_profile_queries(client, world, contact, rows, django_assert_max_num_queries):
    world(rows)
    client.force_login(contact)
    # The profile's 4, plus the organisation's branches and its count of waiting applications.
    _get(client, "/profile/", 6, django_assert_max_num_queries)
    _get(client, "/profile/", 6, django_assert_max_num_queries)  # the forms' rendering is cached, not reads


@pytest.mark.parametrize("rows", SIZES)
def test_profile_queries(client, world, newcomer, rows, django_assert_max_num_queries):
    world(rows)
    client.force_login(newcomer)
    _get(client, "/profile/", 4, django_assert_max_num_queries)
