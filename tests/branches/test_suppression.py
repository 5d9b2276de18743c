"""Small groups of people on the branch page: merged, never revealed by subtraction."""

import random
from collections import Counter

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from branches.selectors import branch_activity, breakdown
from cop_portal import disclosure
from cop_portal.disclosure import MIN_GROUP
from members.models import Level, Organisation, User
from tests.disclosure_solver import BIG, Solver
from tests.factories import CommunityFactory, OrganisationFactory, PastMeetingFactory

KIND = {Level.CENTRAL: Organisation.Kind.MINISTRY, Level.LOCAL: Organisation.Kind.PROVINCIAL}


def test_a_small_group_is_merged_with_the_next_smallest():
    shown = breakdown({"Эмэгтэй": 20, "Эрэгтэй": 10, "Хэлээгүй": 2})
    assert [(g.label, g.count) for g in shown.rows] == [("Эмэгтэй", 20)]
    assert shown.other == 12 and shown.total == 32 and not shown.hidden


def test_everything_under_the_threshold_shows_nothing():
    shown = breakdown({"Эмэгтэй": 3, "Эрэгтэй": 1})
    assert shown.rows == [] and shown.other == 0 and shown.hidden


def test_groups_at_the_threshold_are_shown_as_they_are():
    shown = breakdown({"a": MIN_GROUP, "b": MIN_GROUP + 1})
    assert [(g.label, g.count) for g in shown.rows] == [("a", MIN_GROUP), ("b", MIN_GROUP + 1)]
    assert shown.other == 0


@pytest.mark.parametrize("seed", range(200))
def test_no_hidden_count_can_be_worked_out(seed):
    rng = random.Random(seed)
    counts = {f"g{i}": rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 20]) for i in range(rng.randint(1, 5))}
    shown = breakdown(counts)
    total = sum(counts.values())
    if shown.hidden or total == 0:
        assert shown.rows == [] and shown.other == 0 and total < MIN_GROUP
        return
    # Every row shown is a true group of at least MIN_GROUP; "other" is empty or at least
    # MIN_GROUP and holds at least two groups (one alone would be its own row by subtraction).
    assert all(g.count >= MIN_GROUP and counts[g.label] == g.count for g in shown.rows)
    assert shown.total == total
    hidden = [label for label, n in counts.items() if n and label not in {g.label for g in shown.rows}]
    assert shown.other == sum(counts[label] for label in hidden)
    assert shown.other == 0 or (shown.other >= MIN_GROUP and len(hidden) >= 2 or not shown.rows)


# --- the exact attacker on the branch page's activity ------------------------------------------

GENDERS = ["woman", "man", "another", ""]
LEVELS = [Level.CENTRAL, Level.LOCAL]


def _people_came(seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(rng.choice(GENDERS), rng.choice(LEVELS)) for _ in range(rng.randint(3, 40))]


def attack_activity(community, people) -> tuple[list, list]:
    """Everything the branch page's activity shows a member: the gender and the level
    breakdowns (shown groups, the combined row), knowing that both split the same people,
    and which groups nobody belongs to. A hidden group of 1 to 4 must have more than one
    feasible size."""
    with translation.override("en"):
        activity = branch_activity(community=community)
        labels = (
            {str(dict(User.Gender.choices).get(g, _("Not stated"))): g for g in GENDERS},
            {str(Level(lv).label): lv for lv in LEVELS},
        )
    solver, truth, targets = Solver(), {}, []
    cells = [(g, lv) for g in GENDERS for lv in LEVELS]
    for cell in cells:
        truth[cell] = sum(1 for p in people if p == cell)
        solver.bound(cell, 0, BIG)
    for index, keys, shown in ((0, GENDERS, activity.by_gender), (1, LEVELS, activity.by_level)):
        assert not shown.hidden
        for k in keys:
            solver.sum_equals((index, k), [c for c in cells if c[index] == k])
            truth[(index, k)] = sum(truth[c] for c in cells if c[index] == k)
            if truth[(index, k)] == 0:
                solver.bound((index, k), 0, 0)
        listed = {labels[index][g.label] for g in shown.rows}
        for g in shown.rows:
            solver.bound((index, labels[index][g.label]), g.count, g.count)
        rest = [k for k in keys if k not in listed]
        solver.sum_equals((index, "other"), [(index, k) for k in rest])
        truth[(index, "other")] = sum(truth[(index, k)] for k in rest)
        other = shown.other if shown.rows or shown.other else 0
        solver.bound((index, "other"), other, other)
        targets += [(index, k) for k in rest if 1 <= truth[(index, k)] < MIN_GROUP]
    return solver.recovered(truth, targets), targets


def _branch_with(people):
    from tests.insights.helpers import add_attendance

    community = CommunityFactory()
    meeting = PastMeetingFactory(community=community)
    orgs = {lv: OrganisationFactory(kind=KIND[lv]) for lv in LEVELS}
    for (gender, level), n in Counter(people).items():
        add_attendance(meeting, orgs[level], gender, n)
    return community


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(15))
def test_no_small_group_is_recovered_from_branch_activity(seed):
    people = _people_came(seed)
    community = _branch_with(people)
    recovered, targets = attack_activity(community, people)
    assert recovered == [], targets


@pytest.mark.django_db
def test_the_attack_recovers_groups_without_secondary_suppression(monkeypatch):
    """The attacker has teeth: combining the small groups without making the combination
    large enough (primary suppression alone) gives a lone small group back."""

    def primary_only(groups, *, people=lambda v: v):
        items = list(groups.items())
        shown = [(k, v) for k, v in items if disclosure.is_safe(people(v))]
        rest = [v for k, v in items if not disclosure.is_safe(people(v)) and any(v)]
        other = tuple(map(sum, zip(*rest, strict=True))) if rest else None
        return disclosure.Suppression(shown=shown, other=other, total=(sum(v[0] for _k, v in items),))

    monkeypatch.setattr(disclosure, "suppress", primary_only)
    people = [("woman", Level.CENTRAL)] * 9 + [("man", Level.LOCAL)] * 2
    recovered, targets = attack_activity(_branch_with(people), people)
    assert targets and recovered
