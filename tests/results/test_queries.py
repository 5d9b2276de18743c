"""The results pages have a fixed SQL query budget, at 10 and at 200 organisations, each with
five years of accepted audits on every indicator, and actions for each organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from members.models import Organisation, User
from results.models import Action, Audit, AuditRating, Framework, MeasureValue
from results.selectors import framework_indicators
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = [10, 200]
YEARS = range(2021, 2026)


def _world(size: int) -> User:
    framework = Framework.objects.get(is_current=True)
    indicators = framework_indicators(framework.pk)
    measures = list(framework.measures.all())
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name_mn=f"Хэмжилтийн байгууллага {i}", slug=f"measured-{i}", kind="agency", province="ulaanbaatar"
        )
        for i in range(size)
    )
    audits = Audit.objects.bulk_create(
        Audit(organisation=org, year=year, framework=framework, status="accepted", publish_scorecard=True)
        for org in orgs
        for year in YEARS
    )
    AuditRating.objects.bulk_create(
        AuditRating(audit=audit, indicator=indicator, level=(audit.pk + indicator.pk) % 5)
        for audit in audits
        for indicator in indicators
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(audit=audit, measure=measure, actual=30, baseline=20, target=40)
        for audit in audits
        for measure in measures
    )
    member = UserFactory(organisation=orgs[0])
    today = timezone.localdate()
    actions = Action.objects.bulk_create(
        Action(
            title=f"Арга хэмжээ {i}",
            owner=member,
            due_on=today + dt.timedelta(days=i - size),
            status="in_progress",
        )
        for i in range(size)
    )
    Action.organisations.through.objects.bulk_create(
        Action.organisations.through(action=a, organisation=orgs[i % 3]) for i, a in enumerate(actions)
    )
    return member


def _get(client, url, budget, assert_max):
    with assert_max(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", SIZES)
def test_network_results_queries_for_a_visitor(client, size, django_assert_max_num_queries):
    _world(size)
    # The grouped ratings, their indicators, the organisations per year: for the whole network
    # (the yearly share) and for the published scorecards (per indicator).
    _get(client, "/results/", 6, django_assert_max_num_queries)


@pytest.mark.parametrize("size", SIZES)
def test_network_results_queries_for_a_coordinator(client, coordinator, size, django_assert_max_num_queries):
    _world(size)
    client.force_login(coordinator)
    # A visitor's, plus session, user, the coordinators' group, the actions on time.
    _get(client, "/results/", 7, django_assert_max_num_queries)
    # Warm: the body is kept for coordinators; session, user, the coordinators' group.
    _get(client, "/results/", 3, django_assert_max_num_queries)


@pytest.mark.parametrize("size", SIZES)
def test_action_list_queries_for_a_member(client, size, django_assert_max_num_queries):
    member = _world(size)
    client.force_login(member)
    # Session, user, count, page, its organisations, the coordinators group, audits to review and to record.
    response = _get(client, "/actions/?scope=organisation", 8, django_assert_max_num_queries)
    assert len(response.context["actions"]) == min(25, -(-size // 3))
    # Warm: the list and the audits waiting are kept per viewer; session, user, the coordinators group.
    _get(client, "/actions/?scope=organisation", 3, django_assert_max_num_queries)


@pytest.mark.parametrize("size", SIZES)
def test_organisation_results_queries_for_a_member(client, size, django_assert_max_num_queries):
    member = _world(size)
    client.force_login(member)
    # Session, user, group, the organisation, ratings, measures, the network (3, and 3 for the
    # published scorecards' part a member sees), awards, actions, audits.
    response = _get(
        client, f"/organisations/{member.organisation.slug}/results/", 15, django_assert_max_num_queries
    )
    assert len(response.context["table"].years) == 5
    # Warm: the body is kept per viewer; session, user, group, the organisation.
    _get(client, f"/organisations/{member.organisation.slug}/results/", 4, django_assert_max_num_queries)
