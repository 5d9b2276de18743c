"""results.0003 carries every visit follow-up and joint-plan item written before it into an
action, with its data, once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from results import legacy
from results.models import Action, ActionUpdate
from tests.factories import FollowUpActionFactory, JointPlanItemFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("results", "0002_default_framework")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_follow_ups_and_joint_plan_items_become_actions_through_the_migration():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE)
    try:
        owner = UserFactory()
        follow_up = FollowUpActionFactory(action="220 суулгац тарих", owner=owner, status="done")
        dropped = FollowUpActionFactory(status="dropped")
        item = JointPlanItemFactory(status="in_progress", progress_note="Хоёр аймаг эхэлсэн.")
    finally:
        _migrate(leaves)
    carried = Action.objects.get(legacy_ref=f"followup:{follow_up.pk}")
    assert (carried.title, carried.owner_id, carried.status, carried.progress) == (
        "220 суулгац тарих",
        owner.pk,
        "done",
        100,
    )
    assert carried.visit_id == follow_up.visit_id and carried.source == Action.Source.VISIT
    assert list(carried.organisations.all()) == [follow_up.owner_organisation]
    assert Action.objects.get(legacy_ref=f"followup:{dropped.pk}").dropped_reason
    plan = Action.objects.get(legacy_ref=f"jointplan:{item.pk}")
    assert (plan.title, plan.title_en, plan.meeting_id, plan.due_on) == (
        item.action_mn,
        item.action_en,
        item.convention_id,
        item.due_on,
    )
    assert ActionUpdate.objects.get(action=plan).note == "Хоёр аймаг эхэлсэн."


def test_carrying_over_twice_creates_nothing_more():
    FollowUpActionFactory()
    JointPlanItemFactory()
    from meetings.models import FollowUpAction, JointPlanItem

    models = {"action_model": Action, "update_model": ActionUpdate, "followup_model": FollowUpAction,
              "jointplan_model": JointPlanItem}  # fmt: skip
    assert legacy.carry_over(**models) == 2
    assert legacy.carry_over(**models) == 0
