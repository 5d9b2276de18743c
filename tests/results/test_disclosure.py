"""The network's results beyond coordinators, attacked: a visitor knows every published
scorecard one by one, so any per-indicator figure that also counted the other organisations
would give them away by subtraction (keyed rounding alone does not hide a group of five that
shares one level behind exact published figures: the solver recovered such groups). So the
per-indicator figures count only the published scorecards, and the whole network shows as a
yearly share in steps of ten points, withheld when the others are too few."""

import random

import pytest

from members.models import Organisation
from results.models import Audit, AuditRating, Framework, Level
from results.selectors import framework_indicators, network_results_public
from tests.disclosure_solver import Solver

pytestmark = pytest.mark.django_db

LEVELS = [int(level) for level in Level.values]


def _world(seed: int, unpublished: int, published: int):
    rng = random.Random(seed)
    framework = Framework.objects.get(is_current=True)
    indicators = framework_indicators(framework.pk)
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name_mn=f"Халдлага {seed}-{i}", slug=f"attack-{seed}-{i}", kind="agency", province="dornod"
        )
        for i in range(unpublished + published)
    )
    audits = Audit.objects.bulk_create(
        Audit(
            organisation=org,
            year=2025,
            framework=framework,
            status="accepted",
            publish_scorecard=i >= unpublished,
        )
        for i, org in enumerate(orgs)
    )
    # The worst case: the unpublished organisations all share one level on every indicator.
    shared = {ind.pk: rng.choice(LEVELS) for ind in indicators}
    levels = {
        (a.pk, ind.pk): shared[ind.pk] if not a.publish_scorecard else rng.choice(LEVELS)
        for a in audits
        for ind in indicators
    }
    AuditRating.objects.bulk_create(
        AuditRating(audit_id=a, indicator_id=i, level=level) for (a, i), level in levels.items()
    )
    return indicators, audits, levels, shared


@pytest.mark.parametrize("seed", range(6))
def test_the_unpublished_organisations_are_not_recovered(seed):
    """Per indicator and level, the count of unpublished organisations there is the unknown;
    the attacker has every published figure and every published scorecard."""
    unpublished, published = 5, seed % 4 + 2
    indicators, audits, levels, shared = _world(seed, unpublished, published)
    public = network_results_public()
    solver, truth, targets = Solver(), {"one": 1, "unpublished": unpublished}, []
    solver.bound("one", 1, 1)
    solver.bound("unpublished", unpublished, unpublished)
    shown = {row["code"]: row["years"][0] for row in public.indicators}
    for ind in indicators:
        group = {level: ("g", ind.pk, level) for level in LEVELS}
        for level in LEVELS:
            known = sum(1 for a in audits if a.publish_scorecard and levels[(a.pk, ind.pk)] == level)
            truth[group[level]] = unpublished if shared[ind.pk] == level else 0
            solver.bound(group[level], 0, unpublished)
            # What the page shows per level is exactly the published scorecards' count.
            assert shown[ind.code]["counts"][level] == known
        solver.sum_equals("unpublished", list(group.values()))
        targets.append(group[shared[ind.pk]])
    assert solver.recovered(truth, targets) == []


def test_the_yearly_share_is_shown_in_steps_of_ten_points():
    _world(7, unpublished=5, published=3)
    share = network_results_public().met_share[0]["share"]
    assert share is not None and share % 10 == 0


def test_a_lone_unpublished_organisation_leaves_nothing_to_attack():
    _world(99, unpublished=1, published=9)
    public = network_results_public()
    assert public.met_share[0]["withheld"] and public.met_share[0]["share"] is None


@pytest.mark.parametrize("seed", [0, 3])
def test_the_api_publishes_exactly_what_was_attacked(client, seed):
    """``/api/v1/results/`` gives the figures the attack above reads (``network_results_public``)
    and nothing else: the same share per year and the same published counts per indicator."""
    _world(seed, unpublished=5, published=seed % 4 + 2)
    public = network_results_public()
    body = client.get("/api/v1/results/").json()
    assert [(y["year"], y["met_or_exceeded_percent"]) for y in body["years"]] == [
        (row["year"], row["share"]) for row in public.met_share
    ]
    levels = {Level(level).name.lower(): level for level in LEVELS}
    api = {row["code"]: row["years"][0]["counts"] for row in body["indicators"]}
    assert api == {
        row["code"]: {name: row["years"][0]["counts"][level] for name, level in levels.items()}
        for row in public.indicators
    }
