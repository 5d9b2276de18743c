"""The member tallies against the people themselves: after every kind of write (applications
approved, profiles changed, accounts closed or erased, bulk loads and updates, deletes, rolled
back transactions), every tally equals a count of the people, and the members' figures read
from them equal ``members.selectors``' raw counts whatever the filters."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from insights import selectors, tallies
from insights.filters import InsightFilters
from insights.models import MemberTally
from members import selectors as members_selectors
from members.models import CommunityMembership, Organisation, Province, User
from members.services.membership import membership_approve
from members.services.privacy import user_erase
from tests.factories import (
    ApplicantFactory,
    CommunityFactory,
    NewUserFactory,
    OrganisationFactory,
    RootCommunityFactory,
    UserFactory,
)
from tests.insights.helpers import ub
from tests.insights.test_tallies import members_counted_from_raw

GENDERS = ["woman", "man", "another", "undisclosed", ""]


def assert_exact():
    assert tallies.tallies_as_stored()["member"] == members_counted_from_raw()
    assert tallies.tallies_differences() == {}


def test_member_tallies_follow_applications_and_profiles(db, coordinator):
    org, other = OrganisationFactory(), OrganisationFactory()
    assert_exact()
    # 31 December 20:00 in Ulaanbaatar is the same day in UTC, 1 January 01:00 is not: the
    # year is Ulaanbaatar's.
    people = [
        UserFactory(organisation=org, gender="woman", date_joined=ub(2024, 12, 31, 20)),
        UserFactory(organisation=org, gender="man", date_joined=ub(2025, 1, 1, 1)),
    ]
    assert set(MemberTally.objects.filter(organisation_id=org.pk).values_list("year", "gender", "n")) == {
        (2024, "woman", 1),
        (2025, "man", 1),
    }
    applicant = ApplicantFactory(organisation=other, gender="another")
    NewUserFactory()
    assert_exact()
    membership_approve(user=applicant, actor=coordinator)
    assert MemberTally.objects.filter(organisation_id=other.pk, gender="another", n=1).exists()
    assert_exact()
    # A profile change moves the count; a sign-in (``last_login``) or a rename does not.
    person = User.objects.get(pk=people[0].pk)
    person.gender, person.organisation = "man", other
    person.save()
    assert_exact()
    User.objects.filter(pk=person.pk).update(last_login=timezone.now(), full_name="Нэр")
    User.objects.filter(pk=people[1].pk).update(date_joined=ub(2023, 5, 5))
    assert_exact()
    # Closed, erased, reopened, deleted.
    User.objects.filter(pk=people[1].pk).update(is_active=False)
    assert_exact()
    User.objects.filter(pk=people[1].pk).update(is_active=True)
    assert_exact()
    user_erase(user=User.objects.get(pk=applicant.pk), actor=User.objects.get(pk=applicant.pk))
    assert_exact()
    User.objects.get(pk=people[1].pk).delete()
    assert_exact()


def test_member_tallies_follow_bulk_writes_and_roll_backs(db):
    orgs = OrganisationFactory.create_batch(3)
    User.objects.bulk_create(
        User(
            email=f"bulk{i}@example.mn",
            organisation=orgs[i % 3],
            gender=GENDERS[i % len(GENDERS)],
            status=User.Status.APPROVED if i % 4 else User.Status.APPLIED,
            date_joined=ub(2020 + i % 6, 1 + i % 12, 1 + i % 28, i % 24),
        )
        for i in range(60)
    )
    assert_exact()
    User.objects.filter(organisation=orgs[0]).update(organisation=orgs[1], gender="man")
    User.objects.filter(status=User.Status.APPLIED).update(status=User.Status.APPROVED)
    assert_exact()
    before = tallies.tallies_as_stored()["member"]
    with pytest.raises(RuntimeError), transaction.atomic():
        User.objects.filter(organisation=orgs[1]).delete()
        UserFactory(organisation=orgs[2])
        raise RuntimeError
    assert tallies.tallies_as_stored()["member"] == before
    # A deleted organisation: its people are deleted with it or left without one (whichever
    # the foreign key says), the tallies follow.
    User.objects.filter(organisation=orgs[2]).update(status=User.Status.NEW, organisation=None)
    Organisation.objects.filter(pk=orgs[2].pk).delete()
    User.objects.filter(gender="").delete()
    assert_exact()


def test_rebuild_recounts_the_member_tallies_and_check_says_so(db, capsys):
    UserFactory.create_batch(3, gender="man")
    kept = tallies.tallies_as_stored()
    MemberTally.objects.update(n=99)
    with pytest.raises(Exception, match="differ"):
        call_command("insights_tallies", "--check")
    assert "member" in capsys.readouterr().out
    call_command("insights_tallies", "--rebuild", "--check")
    assert tallies.tallies_as_stored() == kept
    assert "match" in capsys.readouterr().out


# --- every members' figure against the raw counts, at two data sizes ---------------------------


def _world(people: int) -> dict:
    root = RootCommunityFactory()
    branch = CommunityFactory(parent=root)
    orgs = [
        OrganisationFactory(province=[Province.ULAANBAATAR, Province.DORNOD][i % 2], name_mn=f"Б{3 - i}")
        for i in range(3)
    ]
    made = User.objects.bulk_create(
        User(
            email=f"world{i}@example.mn",
            organisation=orgs[i % 3],
            gender=GENDERS[(i * 7) % len(GENDERS)],
            status=User.Status.APPROVED if i % 9 else User.Status.APPLIED,
            is_active=i % 13 != 0,
            date_joined=ub(2022 + i % 5, 1 + (i * 5) % 12, 1 + (i * 3) % 28, (i * 5) % 24),
        )
        for i in range(people)
    )
    CommunityMembership.objects.bulk_create(CommunityMembership(community=branch, user=u) for u in made[::4])
    return {"root": root, "branch": branch, "orgs": orgs}


def _filters(world) -> list[InsightFilters]:
    return [
        InsightFilters(),
        InsightFilters(start=ub(2025, 1, 1, 0), end=ub(2026, 1, 1, 0)),  # a year
        InsightFilters(end=ub(2025, 6, 17, 0)),  # within a year
        InsightFilters(end=dt.datetime(2025, 12, 31, 17, tzinfo=dt.UTC)),  # 1 January in Ulaanbaatar
        InsightFilters(end=dt.datetime(2025, 12, 31, 15, 30, tzinfo=dt.UTC)),  # not a midnight there
        InsightFilters(end=ub(2030, 1, 1, 0)),  # after everyone
        InsightFilters(end=ub(2020, 1, 1, 0)),  # before everyone
        InsightFilters(province=Province.DORNOD),
        InsightFilters(province=Province.DORNOD, end=ub(2024, 3, 1, 0)),
        InsightFilters(organisation=world["orgs"][1]),
        InsightFilters(organisation=world["orgs"][2], end=ub(2025, 9, 1, 0)),
        InsightFilters(community=world["branch"]),
        InsightFilters(community=world["root"], province=Province.ULAANBAATAR),
    ]


@pytest.mark.parametrize("people", [20, 300])
def test_members_figures_equal_the_raw_counts(db, people):
    world = _world(people)
    assert_exact()
    for f in _filters(world):
        raw = members_selectors.member_count_by_organisation(**f.member_kwargs())
        assert selectors.member_count_by_organisation(f) == raw, f
        names = selectors.organisation_names()
        assert selectors.member_count_by_organisation(f, names=lambda names=names: names) == raw, f
        raw = members_selectors.member_count_by_year_joined(**f.member_kwargs())
        assert selectors.member_count_by_year_joined(f) == raw, f


@pytest.mark.parametrize("people", [20, 300])
def test_members_figures_take_fixed_queries(db, people, django_assert_max_num_queries):
    """Tallies then names (one query each; no names when no one counts), one more for the
    people of a part-year; a CoP filter counts the people (one query)."""
    world = _world(people)
    for f in _filters(world):
        assert f.community_ids is None or f.community_ids  # the CoP subtree: read once per page, before
        local_end = f.end and timezone.localtime(f.end)
        part_year = bool(
            local_end and (local_end.month, local_end.day, local_end.time()) != (1, 1, dt.time())
        )
        expected = (1, 1) if f.community_ids is not None else (2 + part_year, 1 + part_year)
        with django_assert_max_num_queries(expected[0]):
            selectors.member_count_by_organisation(f)
        with django_assert_max_num_queries(expected[1]):
            selectors.member_count_by_year_joined(f)
