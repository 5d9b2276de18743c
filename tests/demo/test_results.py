"""Demo data: three years of accepted audits improving unevenly, this year's in progress,
40+ actions in every status with overdue ones, the visits' follow-ups and the joint plan as actions."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import FollowUpAction, JointPlanItem
from results.models import Action, Audit
from results.selectors import network_results

pytestmark = pytest.mark.django_db


def test_seed_demo_has_three_years_of_audits_and_actions_in_every_status():
    counts = (Audit.objects.count(), Action.objects.count())
    call_command("seed_demo")
    assert (Audit.objects.count(), Action.objects.count()) == counts
    year = timezone.localdate().year
    accepted = Audit.objects.filter(status=Audit.Status.ACCEPTED)
    assert set(accepted.values_list("year", flat=True)) == {year - 3, year - 2, year - 1}
    assert accepted.values("organisation").distinct().count() == 10
    assert Audit.objects.filter(status=Audit.Status.DRAFT, year=year).exists()
    assert Audit.objects.filter(status=Audit.Status.SUBMITTED, year=year).exists()
    assert counts[1] >= 40
    assert set(Action.objects.values_list("status", flat=True)) == set(Action.Status.values)
    assert Action.objects.filter(status__in=Action.OPEN, due_on__lt=timezone.localdate()).exists()
    assert not Action.objects.filter(status="dropped", dropped_reason="").exists()


def test_network_share_met_rises_unevenly():
    shares = [row["met"] / row["rated"] for row in network_results().met_share]
    assert len(shares) == 3 and shares[0] < shares[-1]


def test_every_follow_up_and_joint_plan_item_is_an_action():
    refs = set(Action.objects.values_list("legacy_ref", flat=True))
    assert {f"followup:{pk}" for pk in FollowUpAction.objects.values_list("pk", flat=True)} <= refs
    assert {f"jointplan:{pk}" for pk in JointPlanItem.objects.values_list("pk", flat=True)} <= refs
    assert Action.objects.filter(source=Action.Source.VISIT, title__contains="Суулгац").exists()
