import pytest
from django.core.management import call_command
from django.utils import timezone

from coordinators import selectors
from coordinators.models import Ballot, CoordinatorTerm, Election, Participation
from members.models import COORDINATORS_GROUP

pytestmark = pytest.mark.django_db


def test_demo_has_last_years_results_and_this_years_nominations():
    year = timezone.localdate().year
    last, current = Election.objects.get(year=year - 1), Election.objects.get(year=year)
    assert last.phase == Election.Phase.PUBLISHED and last.turnout["voted"] > 0
    assert current.phase == Election.Phase.NOMINATION
    assert CoordinatorTerm.objects.filter(seat__election=last).count() == 2
    counts = selectors.participation_and_ballot_counts(last)
    assert all(p == b > 0 for p, b in counts.values())


def test_demo_is_idempotent():
    before = (Election.objects.count(), Ballot.objects.count(), Participation.objects.count())
    call_command("seed_demo")
    assert (Election.objects.count(), Ballot.objects.count(), Participation.objects.count()) == before


def test_demo_coordinators_hold_the_group_through_their_terms():
    for term in CoordinatorTerm.objects.select_related("member"):
        assert term.member.is_staff
        assert term.member.groups.filter(name=COORDINATORS_GROUP).exists()
