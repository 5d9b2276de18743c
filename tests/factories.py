"""One factory per model, for every test: defaults make a valid object.

Variants of a model (an applicant, a past meeting) are subclasses of its one factory that
change a default or two, never a second definition. Helpers that build many rows at once
(``election_with_seats``, ``bulk_votes``) sit at the end.
"""

import datetime as dt
import itertools

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from coordinators.models import CoordinatorTerm, Election, Nomination, Participation, Seat
from meetings.models import Attendance, Meeting, Registration, SiteVisit, SiteVisitOutcome
from members.models import Community, Level, Organisation, Province, User
from proposals.models import Proposal, ProposalSupport

PASSWORD = "test-pass-2026"

# --- members -------------------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_mn = factory.Sequence(lambda n: f"Байгууллага {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.MINISTRY
    level = factory.LazyAttribute(lambda o: Organisation.KIND_LEVEL.get(o.kind, Level.CENTRAL))
    province = Province.ULAANBAATAR


class UserFactory(factory.django.DjangoModelFactory):
    """An approved member of an organisation, with a verified e-mail address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.mn")
    full_name = factory.Sequence(lambda n: f"Хүн {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    gender = User.Gender.WOMAN
    status = User.Status.APPROVED
    preferred_language = "mn"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class ApplicantFactory(UserFactory):
    """Applied to join, not decided yet."""

    status = User.Status.APPLIED


class ContactFactory(UserFactory):
    """An approved member named focal point of their organisation."""

    is_organisation_contact = True


class NewUserFactory(UserFactory):
    """Signed up, not applied yet, no organisation."""

    organisation = None
    status = User.Status.NEW


def local_member(**kwargs) -> User:
    """An approved member of a provincial (local level) organisation."""
    return UserFactory(organisation=OrganisationFactory(kind=Organisation.Kind.PROVINCIAL), **kwargs)


class CommunityFactory(factory.django.DjangoModelFactory):
    """An approved branch CoP; pass ``parent=RootCommunityFactory()`` to hang it under the root."""

    class Meta:
        model = Community

    name_mn = factory.Sequence(lambda n: f"Салбар бүлэг {n}")
    name_en = factory.Sequence(lambda n: f"Branch CoP {n}")
    slug = factory.Sequence(lambda n: f"branch-{n}")
    host_organisation = factory.SubFactory(OrganisationFactory)
    status = Community.Status.APPROVED


class RootCommunityFactory(CommunityFactory):
    """The root CoP. The database allows one, so this returns the existing root if there is one."""

    name_mn = "Байгууллага хоорондын CoP"
    name_en = "Inter-agency CoP"
    slug = "inter-agency-cop"
    parent = None
    host_organisation = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(parent__isnull=True).first()
        return existing or super()._create(model_class, *args, **kwargs)


# --- meetings ------------------------------------------------------------------------------------


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published hybrid training of the root CoP, a week from now."""

    class Meta:
        model = Meeting

    title_mn = factory.Sequence(lambda n: f"Уулзалт {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    format = Meeting.Format.TRAINING
    community = factory.SubFactory(RootCommunityFactory)
    host_organisation = factory.SubFactory(OrganisationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    mode = Meeting.Mode.HYBRID
    venue = "Засгийн газрын II байр, 301 тоот"
    province = Province.ULAANBAATAR
    online_url = "https://meet.example.mn/cop"
    status = Meeting.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PastMeetingFactory(MeetingFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed seat, confirmed a month ago."""

    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(PastMeetingFactory)
    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "Зочин")
    organisation = factory.LazyAttribute(lambda o: o.user.organisation if o.user else None)
    gender = "woman"


class SiteVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisit

    meeting = factory.SubFactory(PastMeetingFactory, format=Meeting.Format.SITE_VISIT)
    place = "Сайнцагаан сум"
    purpose_mn = "Сайн туршлага судлах"


class SiteVisitOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisitOutcome

    visit = factory.SubFactory(SiteVisitFactory)
    label_mn = "Мод тарих суулгац"
    label_en = "Tree seedlings donated"
    quantity = 220


# --- coordinators --------------------------------------------------------------------------------


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
    """An election (``ElectionFactory(**kwargs)``) with a central and a local seat."""
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
    from coordinators.models import SealedBallot

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


# --- proposals -----------------------------------------------------------------------------------


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Санал {n}: жендэрийн төсөвлөлт")
    description = "Жендэрийн мэдрэмжтэй төсөвлөлтийн талаар сургалт https://example.mn/budget"
    kind = Proposal.Kind.TOPIC
    proposer = factory.SubFactory(UserFactory)


class ProposalSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalSupport

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)
