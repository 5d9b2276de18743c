import datetime as dt

import pytest
from django.utils import timezone

from coordinators.models import Election
from tests.factories import NominationFactory, election_with_seats


@pytest.fixture
def election(db):
    """This year's election in its nomination phase, with a central and a local seat."""
    election, _central, _local = election_with_seats()
    return election


@pytest.fixture
def central(election):
    return election.seats.get(code="central")


@pytest.fixture
def local(election):
    return election.seats.get(code="local")


@pytest.fixture
def voting(election, central, local):
    """The election in its voting phase with two candidates per seat."""
    for seat in (central, local):
        NominationFactory.create_batch(2, seat=seat)
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        phase=Election.Phase.VOTING,
        nominations_open_at=now - dt.timedelta(days=10),
        nominations_close_at=now - dt.timedelta(days=3),
        voting_open_at=now - dt.timedelta(days=1),
        voting_close_at=now + dt.timedelta(days=3),
    )
    election.refresh_from_db()
    return election
