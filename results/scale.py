"""Scale data for the load benchmark (``manage.py seed_scale``): five years of accepted
audits for every organisation on the current framework, and ``actions`` actions spread over
the organisations and people, in every status. Bulk writes; a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from . import framework_data
from .models import Action, Area, Audit, AuditRating, Framework, Indicator, Measure, MeasureValue
from .selectors import framework_indicators

STATUSES = ["planned", "in_progress", "in_progress", "done", "done", "dropped"]


def seed(*, orgs, people, actions: int, years: int = 5, rng: random.Random, member=None) -> tuple[int, int]:
    """Returns (audits, actions) made."""
    if Audit.objects.filter(organisation__in=orgs[:1]).exists():
        return 0, 0
    framework_data.load(Framework, Area, Indicator, Measure)
    framework = Framework.objects.get(is_current=True)
    indicators = framework_indicators(framework.pk)
    measures = list(framework.measures.all())
    this_year = timezone.localdate().year
    audits = Audit.objects.bulk_create(
        Audit(
            organisation=org,
            year=year,
            framework=framework,
            status="accepted",
            publish_scorecard=rng.random() < 0.3,
        )
        for org in orgs
        for year in range(this_year - years, this_year)
    )
    start = {org.pk: rng.randint(1, 3) for org in orgs}
    AuditRating.objects.bulk_create(
        (
            AuditRating(
                audit=a,
                indicator=i,
                level=min(
                    4,
                    max(1, start[a.organisation_id] + (a.year - this_year + years) // 2 + rng.randint(-1, 1)),
                ),
            )
            for a in audits
            for i in indicators
        ),
        batch_size=5000,
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(audit=a, measure=m, actual=rng.randint(10, 60), baseline=20, target=40)
        for a in audits
        for m in measures
    )
    today = timezone.localdate()
    owners = [member, *people[:2000]] if member else people[:2000]
    rows = []
    for n in range(actions):
        status = STATUSES[n % len(STATUSES)]
        due = today + dt.timedelta(days=rng.randint(-400, 300))
        rows.append(
            Action(
                title=f"Scale action #{n}", owner=owners[n % len(owners)], due_on=due, status=status,
                progress=100 if status == "done" else rng.randint(0, 90),
                done_on=due - dt.timedelta(days=rng.randint(-30, 30)) if status == "done" else None,
                dropped_reason="scale" if status == "dropped" else "", source="audit",
            )
        )  # fmt: skip
    made = Action.objects.bulk_create(rows, batch_size=5000)
    Action.organisations.through.objects.bulk_create(
        (
            Action.organisations.through(action=a, organisation_id=a.owner.organisation_id or orgs[0].pk)
            for a in made
        ),
        batch_size=5000,
    )
    return len(audits), len(made)
