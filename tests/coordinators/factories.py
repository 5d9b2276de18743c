"""Factories of the elections app: defaults make a valid object."""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from coordinators.models import CoordinatorTerm, Election, Nomination, Participation, SealedBallot, Seat
from members.models import Level, Organisation
from tests.members.factories import OrganisationFactory, UserFactory


class ElectionFactory(factory.django.DjangoModelFactory):
    """An election in its nomination phase: opened yesterday, voting in a week."""

    class Meta:
        model = Election

    year = factory.Sequence(lambda n: 2100 + n)
    phase = Election.Phase.NOMINATION
    nominations_open_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    nominations_close_at = factory.LazyAttribute(lambda o: o.nominations_open_at + dt.timedelta(days=5))
    voting_open_at = factory.LazyAttribute(lambda o: o.nominations_open_at + dt.timedelta(days=6))
    voting_close_at = factory.LazyAttribute(lambda o: o.nominations_open_at + dt.timedelta(days=10))
    term_starts_on = factory.LazyAttribute(lambda o: dt.date(o.year + 1, 1, 1))
    term_ends_on = factory.LazyAttribute(lambda o: dt.date(o.year + 1, 12, 31))
    tie_rule = Election.TieRule.LOTS


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    election = factory.SubFactory(ElectionFactory)
    code = "central"
    name_mn = "Төв засгийн газрын зохицуулагч"
    name_en = "Central government coordinator"
    level = Level.CENTRAL


class LocalOrganisationFactory(OrganisationFactory):
    kind = Organisation.Kind.PROVINCIAL


def local_member(**kwargs):
    return UserFactory(organisation=LocalOrganisationFactory(), **kwargs)


class NominationFactory(factory.django.DjangoModelFactory):
    """An accepted self-nomination of a member of the seat's level."""

    class Meta:
        model = Nomination

    seat = factory.SubFactory(SeatFactory)
    nominee = factory.LazyAttribute(
        lambda o: UserFactory(
            organisation=OrganisationFactory(
                kind=Organisation.Kind.MINISTRY
                if o.seat.level == Level.CENTRAL
                else Organisation.Kind.PROVINCIAL
            )
        )
    )
    nominated_by = factory.LazyAttribute(lambda o: o.nominee)
    status = Nomination.Status.ACCEPTED
    statement = "Би зохицуулагчаар ажиллахад бэлэн."


class CoordinatorTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinatorTerm

    seat = factory.SubFactory(SeatFactory)
    member = factory.SubFactory(UserFactory)
    starts_on = factory.LazyAttribute(lambda o: o.seat.election.term_starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.seat.election.term_ends_on)


def election_with_seats(**kwargs) -> tuple[Election, Seat, Seat]:
    election = ElectionFactory(**kwargs)
    central = SeatFactory(election=election, code="central", level=Level.CENTRAL, position=0)
    local = SeatFactory(
        election=election,
        code="local",
        level=Level.LOCAL,
        name_mn="Орон нутгийн зохицуулагч",
        name_en="Local government coordinator",
        position=1,
    )
    return election, central, local


_serial = itertools.count()


def bulk_votes(seat: Seat, choices: list, gender="woman", level=Level.CENTRAL) -> None:
    """Participations of fresh members and matching sealed ballots, fast (bulk_create)."""
    from members.models import User

    organisation = OrganisationFactory()
    users = User.objects.bulk_create(
        User(
            email=f"voter-{next(_serial)}@example.mn",
            status=User.Status.APPROVED,
            organisation=organisation,
            gender=gender,
            calendar_token=f"voter-token-{next(_serial)}",
        )
        for _ in choices
    )
    Participation.objects.bulk_create(
        Participation(election=seat.election, seat=seat, member=u, gender=gender, level=level) for u in users
    )
    from coordinators import sealing

    key = sealing.election_key(seat.election_id)
    SealedBallot.objects.bulk_create(
        SealedBallot(
            election_id=seat.election_id,
            seat=seat,
            box=sealing.seal(
                key, seat_id=seat.pk, nomination_id=c.pk if c else None, receipt=sealing.receipt_new()
            ),
        )
        for c in choices
    )
