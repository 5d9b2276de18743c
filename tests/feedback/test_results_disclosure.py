"""Feedback results under the disclosure rule (cop_portal/disclosure.py): no group under 5
answers comes back by subtracting the shown groups from the overall count and mean, and no
rating is shown one by one (under 5 answers the mean would be the ratings themselves)."""

import datetime as dt
import random
import re

import pytest
from django.utils import timezone

from cop_portal import disclosure
from cop_portal.disclosure import MIN_GROUP
from feedback import selectors
from members.models import Level, User
from tests.disclosure_solver import BIG, Solver
from tests.factories import FeedbackFactory, PastMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended():
    start = timezone.now() - dt.timedelta(hours=5)
    return PastMeetingFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))


def _answers(meeting, people):
    """``people``: (gender, level, rating) of each answer."""
    for gender, level, rating in people:
        FeedbackFactory(meeting=meeting, user=None, gender=gender, level=level, usefulness=rating)


def _rest(results, groups):
    """What the overall figures minus the shown groups give: (answers, sum of ratings)."""
    answers = results.count - sum(g.count for g in groups)
    total = round(results.count * (results.average or 0)) - sum(round(g.count * g.average) for g in groups)
    return answers, total


def test_overall_mean_minus_the_shown_group_gives_no_small_group_back(ended):
    """The reported case: 6 women rated 5 and 1 man rated 1; 7 × 4.43 − 6 × 5.0 was his 1."""
    _answers(ended, [("woman", "central", 5)] * 6 + [("man", "central", 1)])
    results = selectors.feedback_results(meeting=ended)
    assert results.count == 7
    for groups in (results.by_gender, results.by_level):
        assert all(g.count >= MIN_GROUP for g in groups)
        answers, _total = _rest(results, groups)
        assert answers == 0 or answers >= MIN_GROUP, (answers, groups)


def test_small_groups_are_shown_combined_beside_large_ones(ended):
    _answers(
        ended,
        [("woman", "central", 4)] * 6 + [("man", "central", 2)] * 3 + [("", "central", 3)] * 2,
    )
    results = selectors.feedback_results(meeting=ended)
    assert [(g.count, g.average) for g in results.by_gender] == [(6, 4.0), (5, 2.4)]
    assert results.by_gender[-1].label == str(selectors.OTHER_GROUPS)
    assert results.suppressed_groups == 2


def test_no_rating_is_shown_under_five_answers(client, ended, coordinator):
    _answers(ended, [("woman", "central", 1), ("man", "local", 4)])
    client.force_login(coordinator)
    page = client.get(f"/meetings/{ended.pk}/feedback/results/").content.decode()
    assert "Бодит жишээнүүд" in page  # the comments are there
    assert not re.search(r"\b[14]\s*/\s*5\b", page)
    assert not re.search(r"\b(2[.,]5|2[.,]50)\b", page)  # nor their mean
    assert selectors.feedback_results(meeting=ended).average is None


def test_ratings_are_not_listed_one_by_one_beside_the_means(client, ended, coordinator):
    """With every woman at 5 and the group means shown, a listed 1 would be the man's."""
    _answers(ended, [("woman", "central", 5)] * 6 + [("man", "local", 1)] * 5)
    client.force_login(coordinator)
    page = client.get(f"/meetings/{ended.pk}/feedback/results/").content.decode()
    assert not re.search(r"<strong>\s*[1-5]\s*/\s*5\s*</strong>", page)


GENDERS, LEVELS = ["woman", "man", ""], ["central", "local", ""]


def _random_people(seed: int) -> list[tuple]:
    rng = random.Random(seed)
    return [
        (rng.choice(GENDERS), rng.choice(LEVELS), rng.choice([1, 2, 3, 4, 5, 5]))
        for _ in range(rng.randint(3, 30))
    ]


def attack(meeting, people) -> tuple[list, list]:
    """An exact attacker (tests/disclosure_solver.py) with everything the results page shows:
    the number of answers and the mean, each shown group's answers and mean, the combined row
    of each breakdown, and the knowledge that both breakdowns split the same answers into
    ratings of 1 to 5, and (from the attendance sheet) which groups nobody belongs to. No hidden
    group's number of answers (1 to 4), nor its sum of ratings
    when it is that small, has one feasible value."""
    results = selectors.feedback_results(meeting=meeting)
    solver, truth, targets = Solver(), {}, []
    cells = [(g, lv) for g in GENDERS for lv in LEVELS]
    for cell in cells:
        n, s, t, u = (("n", cell), ("s", cell), ("t", cell), ("u", cell))
        truth[n] = sum(1 for p in people if p[:2] == cell)
        truth[s] = sum(p[2] for p in people if p[:2] == cell)
        truth[t], truth[u] = truth[s] - truth[n], 5 * truth[n] - truth[s]
        solver.linear_zero([(1, s), (-1, n), (-1, t)])  # s = n + t, t ≥ 0
        solver.linear_zero([(4, n), (-1, t), (-1, u)])  # t ≤ 4n
    everyone = [("n", c) for c in cells], [("s", c) for c in cells]
    solver.sum_equals(("n", "all"), everyone[0])
    solver.sum_equals(("s", "all"), everyone[1])
    truth[("n", "all")], truth[("s", "all")] = len(people), sum(p[2] for p in people)
    solver.bound(("n", "all"), results.count, results.count)
    if results.average is not None:
        solver.bound(("s", "all"), truth[("s", "all")], truth[("s", "all")])
    for index, keys, groups, labels in (
        (0, GENDERS, results.by_gender, dict(User.Gender.choices)),
        (1, LEVELS, results.by_level, dict(Level.choices)),
    ):
        names = {str(labels.get(k, selectors.NOT_STATED)): k for k in keys}
        shown = {names[g.label] for g in groups if g.label in names}
        for k in keys:
            members = [c for c in cells if c[index] == k]
            for part in "ns":
                solver.sum_equals((part, index, k), [(part, c) for c in members])
                truth[(part, index, k)] = sum(truth[(part, c)] for c in members)
        for g in groups:
            key = names.get(g.label)
            if key is None:  # the combined row: the sum of every group not shown
                parts = [k for k in keys if k not in shown]
                solver.sum_equals(("n", index, "other"), [("n", index, k) for k in parts])
                solver.sum_equals(("s", index, "other"), [("s", index, k) for k in parts])
                key = "other"
                truth[("n", index, key)] = sum(truth[("n", index, k)] for k in parts)
                truth[("s", index, key)] = sum(truth[("s", index, k)] for k in parts)
            solver.bound(("n", index, key), g.count, g.count)
            solver.bound(("s", index, key), truth[("s", index, key)], truth[("s", index, key)])
        for k in keys:
            if truth[("n", index, k)] == 0:  # the organiser knows who came: nobody of that group
                solver.bound(("n", index, k), 0, 0)
            if k not in shown and 1 <= truth[("n", index, k)] < MIN_GROUP:
                targets += [("n", index, k), ("s", index, k)]
    for name in truth:
        solver.bound(name, 0, BIG)
    return solver.recovered(truth, targets), targets


@pytest.mark.parametrize("seed", range(12))
def test_no_small_group_is_recovered_from_feedback_results(ended, seed):
    people = _random_people(seed)
    _answers(ended, people)
    recovered, targets = attack(ended, people)
    assert recovered == [], targets


def test_the_attack_recovers_hidden_groups_without_secondary_suppression(ended, monkeypatch):
    """The attacker has teeth: hiding small groups alone (the rule before) gives them back."""
    real = disclosure.suppress

    def primary_only(groups, *, people):
        result = real(groups, people=people)
        shown = [(k, v) for k, v in groups if disclosure.is_safe(people(v))]
        return disclosure.Suppression(shown=shown, total=result.total, hidden=result.hidden)

    monkeypatch.setattr(disclosure, "suppress", primary_only)
    people = [("woman", "central", 5)] * 6 + [("man", "central", 1)]
    _answers(ended, people)
    recovered, targets = attack(ended, people)
    assert targets and recovered
