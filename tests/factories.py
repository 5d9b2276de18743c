"""One factory per model, for every test: defaults make a valid object.

Variants of a model (an applicant, a past meeting) are subclasses of its one factory that
change a default or two, never a second definition. Helpers that build many rows at once
(``election_with_seats``, ``bulk_votes``) sit at the end.
"""

import datetime as dt
import hashlib
import io
import itertools

import factory
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from api.models import ApiToken
from branches.models import BranchDigest
from coordinators.models import (
    Ballot,
    CoordinatorTerm,
    Election,
    Nomination,
    Participation,
    SealedBallot,
    Seat,
    TieBreak,
    TimelineChange,
)
from cop_portal.audit import AuditEvent
from cop_portal.models import SharedFallbackEntry
from feedback.models import Feedback
from insights.models import (
    CertificateLink,
    MeetingMonthTally,
    MeetingTally,
    MemberTally,
    MonthTally,
    OrganisationTally,
)
from library.models import (
    CommonWord,
    CommonWordMatch,
    Entry,
    Expert,
    ExpertMessage,
    FacetCount,
    FileText,
    Item,
    Theme,
    ThemeFollow,
    Word,
)
from library.text import index_text
from meetings.models import (
    AgendaItem,
    Attendance,
    ConventionReport,
    FollowUpAction,
    JointPlanItem,
    Material,
    Meeting,
    Registration,
    SiteVisit,
    SiteVisitOutcome,
    SiteVisitPhoto,
)
from members.models import (
    Community,
    CommunityMembership,
    CommunityOrganiser,
    Level,
    Organisation,
    Province,
    User,
)
from notices.models import BouncingAddress, Delivery
from proposals.models import Proposal, ProposalEvent, ProposalSupport
from results.models import (
    Action,
    ActionUpdate,
    Area,
    Audit,
    AuditRating,
    Award,
    Framework,
    Indicator,
    Measure,
    MeasureValue,
)

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
    """An approved branch CoP under the root CoP."""

    class Meta:
        model = Community

    name_mn = factory.Sequence(lambda n: f"Салбар бүлэг {n}")
    name_en = factory.Sequence(lambda n: f"Branch CoP {n}")
    slug = factory.Sequence(lambda n: f"branch-{n}")
    parent = factory.SubFactory("tests.factories.RootCommunityFactory")
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


class CommunityMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityMembership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)


class CommunityOrganiserFactory(factory.django.DjangoModelFactory):
    """A co-organiser named by the branch's focal person."""

    class Meta:
        model = CommunityOrganiser

    community = factory.SubFactory(CommunityFactory, focal_person=factory.SubFactory(UserFactory))
    user = factory.SubFactory(UserFactory)
    added_by = factory.LazyAttribute(lambda o: o.community.focal_person)


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


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    visit = factory.SubFactory(SiteVisitFactory)
    action = "Суулгацын арчилгааг шалгах"
    owner_organisation = factory.SubFactory(OrganisationFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


def _png(name: str = "photo.png") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "purple").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


# The smallest file the upload validators accept as a PDF (they sniff the content).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SiteVisitPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisitPhoto

    visit = factory.SubFactory(SiteVisitFactory)
    image = factory.LazyFunction(_png)
    caption = "Суулгац тарьж буй нь"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    starts_at = factory.LazyAttribute(lambda o: o.meeting.starts_at)
    title_mn = factory.Sequence(lambda n: f"Хэлэлцэх асуудал {n}")
    title_en = factory.Sequence(lambda n: f"Agenda item {n}")
    speaker = "Б. Сарантуяа"
    position = factory.Sequence(lambda n: n)


class MaterialFactory(factory.django.DjangoModelFactory):
    """A PDF for everyone who may see the meeting."""

    class Meta:
        model = Material

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Илтгэл {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="slides.pdf"))


class ConventionFactory(PastMeetingFactory):
    """The annual convention (a meeting of format "convention")."""

    format = Meeting.Format.CONVENTION


class ConventionReportFactory(factory.django.DjangoModelFactory):
    """An organisation's progress report, still a draft."""

    class Meta:
        model = ConventionReport

    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    achievements = "Жендэрийн бодлогыг батлав."
    indicators_reached_count = 2
    indicators_planned_count = 3


class JointPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointPlanItem

    convention = factory.SubFactory(ConventionFactory)
    action_mn = factory.Sequence(lambda n: f"Хамтын төлөвлөгөөний ажил {n}")
    action_en = factory.Sequence(lambda n: f"Joint plan action {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))


class DeliveryFactory(factory.django.DjangoModelFactory):
    """A 24-hour reminder for a registered member, due now and waiting to be sent."""

    class Meta:
        model = Delivery

    class Params:
        meeting = factory.SubFactory(MeetingFactory)
        offset_hours = 24

    subject = factory.LazyAttribute(lambda o: o.meeting)
    user = factory.SubFactory(UserFactory)
    kind = "meeting_reminder"
    key = factory.LazyAttribute(
        lambda o: (
            f"meeting-{o.meeting.pk}:{o.offset_hours}h@{o.meeting.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
        )
    )
    context = factory.LazyAttribute(
        lambda o: {
            "offset_hours": o.offset_hours,
            "meeting_starts_at": o.meeting.starts_at.astimezone(dt.UTC).isoformat(),
        }
    )
    due_at = factory.LazyFunction(timezone.now)
    next_attempt_at = factory.LazyAttribute(lambda o: o.due_at)


class BouncingAddressFactory(factory.django.DjangoModelFactory):
    """A member's address their mail server refused for good."""

    class Meta:
        model = BouncingAddress

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email.lower())
    code = 550
    reason = "550 5.1.1 No such mailbox"
    bounced_at = factory.LazyFunction(timezone.now)


class FeedbackFactory(factory.django.DjangoModelFactory):
    """The feedback of someone who attended a past meeting."""

    class Meta:
        model = Feedback

    meeting = factory.SubFactory(PastMeetingFactory)
    user = factory.SubFactory(UserFactory)
    usefulness = 4
    what_worked = "Бодит жишээнүүд"
    gender = factory.LazyAttribute(lambda o: o.user.gender if o.user else "")
    level = factory.LazyAttribute(
        lambda o: o.user.organisation.level if o.user and o.user.organisation else ""
    )


class BranchDigestFactory(factory.django.DjangoModelFactory):
    """The digest of quiet branch CoPs sent for a month."""

    class Meta:
        model = BranchDigest

    month = factory.Sequence(lambda n: dt.date(2000 + n // 12, n % 12 + 1, 1))
    branch_count = 2
    recipient_count = 3


# --- coordinators --------------------------------------------------------------------------------


class ElectionFactory(factory.django.DjangoModelFactory):
    """An election in its nomination phase: opened 15 days ago, closing tomorrow, voting for 8
    days from the day after (the minimum periods hold, so closing nominations early is allowed)."""

    class Meta:
        model = Election

    year = factory.Sequence(lambda n: 2100 + n)
    phase = Election.Phase.NOMINATION
    nominations_open_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=15))
    nominations_close_at = factory.LazyAttribute(lambda o: o.nominations_open_at + dt.timedelta(days=16))
    voting_open_at = factory.LazyAttribute(lambda o: o.nominations_open_at + dt.timedelta(days=17))
    voting_close_at = factory.LazyAttribute(lambda o: o.nominations_open_at + dt.timedelta(days=25))
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


class TimelineChangeFactory(factory.django.DjangoModelFactory):
    """Voting extended by two days, with the reason members read."""

    class Meta:
        model = TimelineChange

    election = factory.SubFactory(ElectionFactory)
    previous_close_at = factory.LazyAttribute(lambda o: o.election.voting_close_at)
    new_close_at = factory.LazyAttribute(lambda o: o.previous_close_at + dt.timedelta(days=2))
    reason = "Цахилгаан тасарсан тул санал өгөх хугацааг сунгав."


class TieBreakFactory(factory.django.DjangoModelFactory):
    """A drawing of lots recorded by a coordinator for the seat of its winner."""

    class Meta:
        model = TieBreak

    winner = factory.SubFactory(NominationFactory)
    seat = factory.LazyAttribute(lambda o: o.winner.seat)
    recorded_by = factory.SubFactory(UserFactory, is_staff=True)
    note = "Хоёр нэр бүхий сугалааг ажиглагчдын өмнө сугалав."


class ParticipationFactory(factory.django.DjangoModelFactory):
    """That a member voted for a seat (the snapshot of their gender and the seat's level)."""

    class Meta:
        model = Participation

    seat = factory.SubFactory(SeatFactory)
    election = factory.LazyAttribute(lambda o: o.seat.election)
    member = factory.SubFactory(UserFactory)
    gender = factory.LazyAttribute(lambda o: o.member.gender)
    level = factory.LazyAttribute(lambda o: o.seat.level)


class BallotFactory(factory.django.DjangoModelFactory):
    """An opened ballot for an accepted candidate."""

    class Meta:
        model = Ballot

    nomination = factory.SubFactory(NominationFactory)
    seat = factory.LazyAttribute(lambda o: o.nomination.seat)


class SealedBallotFactory(factory.django.DjangoModelFactory):
    """A ballot sealed with its election's key while voting is open (a choice and a receipt)."""

    class Meta:
        model = SealedBallot

    class Params:
        nomination = factory.SubFactory(NominationFactory)

    seat = factory.LazyAttribute(lambda o: o.nomination.seat)
    election = factory.LazyAttribute(lambda o: o.seat.election)
    box = factory.LazyAttribute(
        lambda o: _sealed(o.seat, o.nomination),
    )


def _sealed(seat: Seat, nomination) -> bytes:
    from coordinators import sealing

    key = sealing.election_key(seat.election_id)
    return sealing.seal(
        key,
        seat_id=seat.pk,
        nomination_id=nomination.pk if nomination else None,
        receipt=sealing.receipt_new(),
    )


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


class ProposalEventFactory(factory.django.DjangoModelFactory):
    """The first line of a proposal's history: made by its proposer."""

    class Meta:
        model = ProposalEvent

    proposal = factory.SubFactory(ProposalFactory)
    action = ProposalEvent.Action.CREATED
    status = factory.LazyAttribute(lambda o: o.proposal.status)
    actor = factory.LazyAttribute(lambda o: o.proposal.proposer)


# --- the audit trail (cop_portal) ----------------------------------------------------------------


class CertificateLinkFactory(factory.django.DjangoModelFactory):
    """The check link of an attendance certificate, as its first download makes it."""

    class Meta:
        model = CertificateLink

    holder = factory.SubFactory(UserFactory)
    kind = CertificateLink.Kind.ATTENDANCE
    attendance_id = factory.LazyAttribute(lambda o: AttendanceFactory(user=o.holder).pk)


# The tallies are the triggers' to write (``insights/tallies.py``): a test of the figures records
# attendance and lets them count. These make one row alone, for tests of the tables themselves.
class MeetingTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingTally

    meeting = factory.SubFactory(MeetingFactory)
    gender = "female"
    n = 1


class OrganisationTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationTally

    meeting = factory.SubFactory(MeetingFactory)
    organisation_id = factory.LazyFunction(lambda: OrganisationFactory().pk)
    gender = "female"
    n = 1


class MonthTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthTally

    month = factory.Sequence(lambda n: dt.date(2020 + n // 12, n % 12 + 1, 1))
    organisation_id = factory.LazyFunction(lambda: OrganisationFactory().pk)
    gender = "male"
    n = 1


class MeetingMonthTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingMonthTally

    month = factory.Sequence(lambda n: dt.date(2020 + n // 12, n % 12 + 1, 1))
    format = Meeting.Format.TRAINING
    province = Province.ULAANBAATAR
    gender = "woman"
    n = 1


class MemberTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberTally

    year = factory.Sequence(lambda n: 2000 + n)
    organisation_id = factory.LazyFunction(lambda: OrganisationFactory().pk)
    gender = "woman"
    n = 1


class SharedFallbackEntryFactory(factory.django.DjangoModelFactory):
    """A row of the cache's database fallback, as Django's database cache writes it."""

    class Meta:
        model = SharedFallbackEntry

    cache_key = factory.Sequence(lambda n: f":1:allauth:rl:login_failed:{n}")
    value = "gAWVBAAAAAAAAABLAS4="  # base64 of a pickled 1
    expires = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(minutes=5))


class AuditEventFactory(factory.django.DjangoModelFactory):
    """A coordinator approving a member, as ``audit_record`` writes it (append-only)."""

    class Meta:
        model = AuditEvent

    class Params:
        obj = factory.SubFactory(UserFactory, status=User.Status.APPLIED)

    actor = factory.SubFactory(UserFactory, is_staff=True)
    actor_label = factory.LazyAttribute(lambda o: o.actor.email if o.actor else "")
    action = "member.approve"
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.obj))
    object_id = factory.LazyAttribute(lambda o: str(o.obj.pk))
    object_repr = factory.LazyAttribute(lambda o: str(o.obj)[:300])
    changes = factory.LazyFunction(lambda: {"status": ["applied", "approved"]})


# --- results -------------------------------------------------------------------------------------


class FrameworkFactory(factory.django.DjangoModelFactory):
    """A framework version that is not current (the migration seeds version 1 as current)."""

    class Meta:
        model = Framework

    version = factory.Sequence(lambda n: 100 + n)
    name_mn = factory.Sequence(lambda n: f"Үзүүлэлтийн хүрээ {n}")
    name_en = factory.Sequence(lambda n: f"Indicator framework {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    framework = factory.SubFactory(FrameworkFactory)
    name_mn = "Хүний нөөц"
    name_en = "Human resources"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    area = factory.SubFactory(AreaFactory)
    code = factory.Sequence(lambda n: f"T {n}")
    name_mn = factory.Sequence(lambda n: f"Үзүүлэлт {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    position = factory.Sequence(lambda n: n % 30)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"M {n}")
    name_mn = "Удирдлагад эмэгтэйчүүдийн хувь"
    name_en = "Share of women in management"
    unit = "%"


class AuditFactory(factory.django.DjangoModelFactory):
    """A draft audit with no rating rows (``results.services.audit_create`` makes them)."""

    class Meta:
        model = Audit

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.Sequence(lambda n: 2020 + n % 50)
    framework = factory.SubFactory(FrameworkFactory)


class AuditRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditRating

    audit = factory.SubFactory(AuditFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, area__framework=factory.SelfAttribute("...audit.framework")
    )
    level = 3
    evidence = "Тушаал № 12"


class MeasureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureValue

    audit = factory.SubFactory(AuditFactory)
    measure = factory.SubFactory(MeasureFactory, framework=factory.SelfAttribute("..audit.framework"))
    actual = 35


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Жендэрийн бодлогын төсөл боловсруулах {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create:
            self.organisations.set(extracted if extracted is not None else [self.owner.organisation])


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SelfAttribute("action.owner")
    note = "Төслийг удирдлагад танилцуулав."
    status = Action.Status.IN_PROGRESS
    progress = 40


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2024
    title_mn = "Жендэрийн бодлогыг хамгийн сайн хэрэгжүүлсэн байгууллага"
    title_en = "Best Implementation of Gender Policy"
    awarded_by_mn = "Жендэрийн тэгш байдлын үндэсний хороо"
    awarded_by_en = "National Committee on Gender Equality"


# --- the library -----------------------------------------------------------------------------


class ItemFactory(factory.django.DjangoModelFactory):
    """A public training deck in Mongolian (not yet in the search index: services put it there)."""

    class Meta:
        model = Item

    title = factory.Sequence(lambda n: f"Сургалтын материал {n}")
    description = "Жендэрийн мэдрэмжтэй төсөвлөлтийн сургалтын слайд"
    kind = Item.Kind.TRAINING
    themes = factory.LazyFunction(lambda: [Theme.BUDGETING])
    year = 2025
    added_by = factory.SubFactory(UserFactory)


class EntryFactory(factory.django.DjangoModelFactory):
    """A public index row as the index services write it (the text already normalised)."""

    class Meta:
        model = Entry

    source = Entry.Source.ITEM
    source_id = factory.Sequence(lambda n: 100_000 + n)
    kind = Item.Kind.TOOLKIT
    title = factory.Sequence(lambda n: f"Гарын авлага {n}")
    body = "Жендэрийн дүн шинжилгээний гарын авлага"
    url = factory.LazyAttribute(lambda o: f"/library/{o.source_id}/")
    dated_at = factory.LazyFunction(timezone.now)
    source_updated_at = factory.LazyFunction(timezone.now)
    search_text = factory.LazyAttribute(lambda o: index_text(o.title, o.body))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from library.services.summary import entry_rows, summary_change

        entry = super()._create(model_class, *args, **kwargs)
        summary_change([], entry_rows(Entry.objects.filter(pk=entry.pk)))  # counted as the services do
        return entry


class ExpertFactory(factory.django.DjangoModelFactory):
    """A trainer from outside the CoP, listed, writing in Mongolian and English."""

    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"Шинжээч {n}")
    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    role = Expert.Role.TRAINER
    affiliation = "НҮБ-ын Хүн амын сан"
    topics = ",data,budgeting,"
    languages = ",mn,en,"
    provinces = ",dundgovi,"


class WordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Word

    word = factory.Sequence(lambda n: f"угтвар{n}")


class CommonWordFactory(factory.django.DjangoModelFactory):
    """A word noted as searched for, its matches not kept yet (``services.common_word_fill`` keeps them)."""

    class Meta:
        model = CommonWord

    word = factory.Sequence(lambda n: f"угтвар{n}")
    asked = 1


class CommonWordMatchFactory(factory.django.DjangoModelFactory):
    """A kept match as the entries' trigger writes it (a test rarely should)."""

    class Meta:
        model = CommonWordMatch

    word = factory.SubFactory(CommonWordFactory)
    entry = factory.SubFactory(EntryFactory)
    members_only = False
    dated_at = factory.LazyFunction(timezone.now)
    kind = Item.Kind.TOOLKIT
    has_english = False
    language = "mn"
    in_title = True


class FacetCountFactory(factory.django.DjangoModelFactory):
    """One count of the search's summary (the index services write these; a test rarely should)."""

    class Meta:
        model = FacetCount

    members_only = False
    filter = "year"
    filter_value = "2024"
    facet = factory.Sequence(lambda n: ("kind", "theme", "province", "organisation", "lang", "")[n % 6])
    value = factory.Sequence(lambda n: f"value-{n}")
    n = 1


class ThemeFollowFactory(factory.django.DjangoModelFactory):
    """A member who gets the daily digest of a theme."""

    class Meta:
        model = ThemeFollow

    user = factory.SubFactory(UserFactory)
    theme = Theme.BUDGETING


class FileTextFactory(factory.django.DjangoModelFactory):
    """The text read from a meeting material's file (the extraction task writes these)."""

    class Meta:
        model = FileText

    source = Entry.Source.MATERIAL
    source_id = factory.Sequence(lambda n: 200_000 + n)
    file_name = factory.Sequence(lambda n: f"materials/deck-{n}.pdf")
    text = "Жендэрийн мэдрэмжтэй төсөвлөлт"
    state = Item.Extraction.DONE


class ExpertMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertMessage

    expert = factory.SubFactory(ExpertFactory)
    sender = factory.SubFactory(UserFactory)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A live personal token; its secret is ``secret`` (services make real ones: ``token_create``)."""

    class Meta:
        model = ApiToken

    class Params:
        secret = factory.Sequence(lambda n: f"cop_test-secret-{n}")

    user = factory.SubFactory(UserFactory)
    name = "Календарийн програм"
    key_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.secret.encode()).hexdigest())
    prefix = factory.LazyAttribute(lambda o: o.secret[:10])
