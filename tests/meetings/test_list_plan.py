"""/meetings/ at scale: the list reads the big registrations table only through an index,
for the page's meetings alone (PostgreSQL plans; skipped on SQLite)."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone

from meetings import selectors
from meetings.models import Meeting, Registration
from members.models import User
from tests.factories import MeetingFactory, OrganisationFactory, RootCommunityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_meeting_list_plans_use_indexes_on_the_big_tables():
    org, community = OrganisationFactory(), RootCommunityFactory()
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        MeetingFactory.build(
            host_organisation=org,
            community=community,
            starts_at=now + dt.timedelta(hours=i - 300),
            ends_at=now + dt.timedelta(hours=i - 299),
        )
        for i in range(600)
    )
    users = User.objects.bulk_create(
        User(email=f"plan{i}@example.mn", organisation=org, status="approved", calendar_token=f"p{i}")
        for i in range(60)
    )
    Registration.objects.bulk_create(Registration(meeting=m, user=u) for m in meetings for u in users[:40])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    for filters in ({}, {"when": "past"}, {"province": "ulaanbaatar"}):
        qs = selectors.meeting_list_public(**filters)
        page = list(Paginator(qs, 20).page(1))
        for plan in (qs[:20].explain(), qs.order_by().explain()):
            assert "meetings_registration" not in plan, plan  # no counting over all meetings
        ids = [m.pk for m in page]
        counts = Registration.objects.filter(meeting_id__in=ids, status="confirmed").order_by()
        plan = counts.values_list("meeting_id").explain()
        assert "Seq Scan on meetings_registration" not in plan, plan
        assert "Index" in plan, plan
