"""Demo data of the meetings app: two years of monthly meetings with attendance, six
upcoming ones open for registration, the 2019 convention at Dundgovi, and the Dundgovi
(220 tree seedlings) and Dornod (kindergarten) site visits.

Idempotent: meetings are keyed on title and start; everything else hangs off them.
Dates are relative to today (monthly meetings on the second Tuesday at 14:00).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members.models import Community, Organisation, Province, User

from .models import (
    AgendaItem,
    Attendance,
    ConventionReport,
    FollowUpAction,
    JointPlanItem,
    Meeting,
    Registration,
    SiteVisit,
    SiteVisitOutcome,
)
from .services import nth_weekday

F, MODE = Meeting.Format, Meeting.Mode
MONTHS_BACK = 24
MONTHS_AHEAD = 6

# (format, mode, title_mn, title_en, host slug)
TOPICS = [
    (
        F.TRAINING,
        MODE.HYBRID,
        "Жендэрийн үзэл баримтлалыг бодлого, төлөвлөлтөд тусгах сургалт",
        "Training: mainstreaming gender in policy and planning",
        "met",
    ),
    (
        F.EXPERT_DISCUSSION,
        MODE.ONLINE,
        "Жендэрийн мэргэжилтэнтэй ярилцах нь: төсвийн жендэрийн шинжилгээ",
        "Discussion with a gender expert: gender-responsive budgeting",
        "nso",
    ),
    (
        F.GENDER_AUDIT,
        MODE.IN_PERSON,
        "Жендэрийн аудитын семинар: байгууллагын шалгуур үзүүлэлтүүд",
        "Gender audit workshop: organisational indicators",
        "igg",
    ),
    (
        F.PUBLIC_PANEL,
        MODE.HYBRID,
        "Олон нийтийн хэлэлцүүлэг: уул уурхайн салбар дахь эмэгтэйчүүд",
        "Public panel: women in the mining sector",
        "mmhi",
    ),
    (
        F.TRAINING,
        MODE.ONLINE,
        "Хүйсээр ангилсан статистик цуглуулах, ашиглах сургалт",
        "Training: collecting and using sex-disaggregated statistics",
        "nso",
    ),
    (
        F.EXPERT_DISCUSSION,
        MODE.IN_PERSON,
        "Жендэр ба уур амьсгалын өөрчлөлт: орон нутгийн туршлага",
        "Gender and climate change: local experience",
        "dundgovi",
    ),
    (
        F.GENDER_AUDIT,
        MODE.HYBRID,
        "Жендэрийн аудитын семинар: хүний нөөцийн бодлого",
        "Gender audit workshop: human resources policy",
        "alamgac",
    ),
    (
        F.TRAINING,
        MODE.IN_PERSON,
        "Жендэрт суурилсан хүчирхийллээс урьдчилан сэргийлэх сургалт",
        "Training: preventing gender-based violence at work",
        "dornod",
    ),
]

VENUES = {
    MODE.IN_PERSON: "Засгийн газрын II байр, 301 тоот хурлын танхим",
    MODE.HYBRID: "Засгийн газрын II байр, 301 тоот хурлын танхим + Zoom",
    MODE.ONLINE: "",
}


def _aware(year, month, day, hour=14, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute), timezone.get_current_timezone())


def _month_add(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def demo_meeting(**fields) -> Meeting:
    meeting, _created = Meeting.objects.get_or_create(
        title_mn=fields.pop("title_mn"), starts_at=fields.pop("starts_at"), defaults=fields
    )
    return meeting


def demo_attend(meeting: Meeting, people: list[User], *, recorded_by: User, registered: bool = True) -> None:
    for person in people:
        registration = None
        if registered:
            registration, _ = Registration.objects.get_or_create(
                meeting=meeting,
                user=person,
                defaults={
                    "status": Registration.Status.CONFIRMED,
                    "queued_at": meeting.starts_at - dt.timedelta(days=5),
                    "confirmed_at": meeting.starts_at - dt.timedelta(days=5),
                },
            )
        Attendance.objects.get_or_create(
            meeting=meeting,
            user=person,
            defaults={
                "registration": registration,
                "full_name": person.get_full_name(),
                "organisation_id": person.organisation_id,
                "gender": person.gender,
                "is_walk_in": not registered,
                "joined_online": meeting.mode == MODE.ONLINE,
                "recorded_by": recorded_by,
            },
        )


def _monthly(
    root: Community, orgs: dict, people: list[User], coordinator: User, member: User
) -> list[Meeting]:
    today = timezone.localdate()
    rng = random.Random(2026)
    meetings = []
    for offset in range(-MONTHS_BACK, MONTHS_AHEAD + 1):
        year, month = _month_add(today.year, today.month, offset)
        day = nth_weekday(year, month, 1, 2)  # second Tuesday
        fmt, mode, title_mn, title_en, host = TOPICS[(year * 12 + month) % len(TOPICS)]
        starts = _aware(day.year, day.month, day.day)
        is_past = starts < timezone.now()
        meeting = demo_meeting(
            title_mn=title_mn,
            starts_at=starts,
            title_en=title_en,
            description_mn=(
                "CoP-ийн сар бүрийн уулзалт. Гишүүд туршлагаа хуваалцаж, байгууллагынхаа "
                "жендэрийн үйл ажиллагааны явцыг танилцуулна."
            ),
            description_en="The CoP's monthly meeting: members share experience and report on their organisations.",
            format=fmt,
            community=root,
            host_organisation=orgs[host],
            organiser=coordinator,
            ends_at=starts + dt.timedelta(hours=2),
            mode=mode,
            venue=VENUES[mode],
            province=orgs[host].province if mode != MODE.ONLINE else "",
            online_url="https://meet.example.mn/gender-cop" if mode != MODE.IN_PERSON else "",
            capacity=None if mode == MODE.ONLINE else 30,
            status=Meeting.Status.PUBLISHED,
            published_at=starts - dt.timedelta(days=21),
            reminder_offsets_hours=[48, 2],
            minutes_mn="Уулзалтын тэмдэглэлийг хавсаргав. Дараагийн уулзалтаар ахиц дэвшлийг хэлэлцэнэ."
            if is_past
            else "",
        )
        if not meeting.agenda_items.exists():
            AgendaItem.objects.bulk_create(
                [
                    AgendaItem(meeting=meeting, starts_at=starts, title_mn="Нээлт, танилцуулга", position=1),
                    AgendaItem(
                        meeting=meeting,
                        starts_at=starts + dt.timedelta(minutes=15),
                        title_mn=title_mn,
                        title_en=title_en,
                        speaker="Д. Оюунгэрэл" if fmt != F.PUBLIC_PANEL else "Панелийн оролцогчид",
                        speaker_organisation=orgs[host],
                        position=2,
                    ),
                    AgendaItem(
                        meeting=meeting,
                        starts_at=starts + dt.timedelta(minutes=90),
                        title_mn="Асуулт, хариулт; дараагийн алхам",
                        title_en="Questions and next steps",
                        position=3,
                    ),
                ]
            )
        if is_past:
            came = rng.sample(people, rng.randint(9, min(18, len(people))))
            if rng.random() < 0.7:
                came.append(member)
            demo_attend(meeting, came, recorded_by=coordinator)
            # A registered no-show and, sometimes, a guest from outside the CoP.
            absent = [p for p in people if p not in came][:1]
            for person in absent:
                Registration.objects.get_or_create(meeting=meeting, user=person)
            if rng.random() < 0.4:
                Attendance.objects.get_or_create(
                    meeting=meeting,
                    user=None,
                    full_name="Зочин: Монголын эмэгтэйчүүдийн холбоо",
                    defaults={"gender": User.Gender.WOMAN, "is_walk_in": True, "recorded_by": coordinator},
                )
        elif offset <= 2:
            # Upcoming: a few colleagues already registered (never the demo member).
            for person in rng.sample(people, 6):
                Registration.objects.get_or_create(
                    meeting=meeting, user=person, defaults={"confirmed_at": timezone.now()}
                )
        meetings.append(meeting)
    return meetings


def _convention(root: Community, orgs: dict, people: list[User], coordinator: User) -> Meeting:
    starts = _aware(2019, 6, 20, 9)
    convention = demo_meeting(
        title_mn="CoP-ийн жилийн чуулган 2019, Дундговь",
        starts_at=starts,
        title_en="CoP annual convention 2019, Dundgovi",
        description_mn="Гишүүн байгууллагууд жендэрийн ажлын ахиц дэвшлээ тайлагнаж, хамтарсан төлөвлөгөө гаргав.",
        description_en="Member organisations reported progress on gender work and agreed a joint plan.",
        format=F.CONVENTION,
        community=root,
        host_organisation=orgs["dundgovi"],
        organiser=coordinator,
        ends_at=starts + dt.timedelta(days=1, hours=8),
        mode=MODE.IN_PERSON,
        venue="Мандалговь хот, аймгийн Засаг даргын Тамгын газрын их танхим",
        province=Province.DUNDGOVI,
        capacity=60,
        status=Meeting.Status.PUBLISHED,
        published_at=starts - dt.timedelta(days=45),
        minutes_mn="Чуулганаар 10 байгууллагын тайланг хэлэлцэж, 2019–2020 оны хамтарсан төлөвлөгөө баталлаа.",
        minutes_en="Ten organisations reported; the 2019–2020 joint plan was adopted.",
    )
    if not convention.agenda_items.exists():
        programme = [
            (0, "Нээлт: Дундговь аймгийн Засаг дарга", "Opening by the Governor of Dundgovi"),
            (
                30,
                "Байгууллагуудын ахиц дэвшлийн тайлан (1-р хэсэг)",
                "Progress reports of organisations (part 1)",
            ),
            (180, "Жендэрийн аудитын үр дүн", "Findings of the gender audits"),
            (
                300,
                "Байгууллагуудын ахиц дэвшлийн тайлан (2-р хэсэг)",
                "Progress reports of organisations (part 2)",
            ),
            (24 * 60, "Хамтарсан төлөвлөгөө боловсруулах", "Drafting the joint plan"),
            (24 * 60 + 240, "Зохицуулагчдын сонгууль, хаалт", "Election of coordinators and closing"),
        ]
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=convention,
                starts_at=starts + dt.timedelta(minutes=minutes),
                title_mn=mn,
                title_en=en,
                position=i,
            )
            for i, (minutes, mn, en) in enumerate(programme)
        )
    rng = random.Random(2019)
    for org in orgs.values():
        planned = rng.randint(4, 8)
        ConventionReport.objects.get_or_create(
            convention=convention,
            organisation=org,
            defaults={
                "achievements": f"{org.name_mn}: жендэрийн асуудал хариуцсан ажилтан томилж, "
                "ажилтнуудад жендэрийн мэдлэгийн сургалт зохион байгуулсан.",
                "indicators_reached": "Удирдах албан тушаалд эмэгтэйчүүдийн эзлэх хувь; хүйсээр ангилсан мэдээлэл.",
                "indicators_planned_count": planned,
                "indicators_reached_count": rng.randint(2, planned),
                "challenges": "Төсөв хязгаарлагдмал, орон нутагт мэргэжилтэн дутмаг.",
                "next_year_plan": "Байгууллагын жендэрийн бодлогын баримт бичгийг шинэчлэх.",
                "status": ConventionReport.Status.ACCEPTED,
                "submitted_at": starts - dt.timedelta(days=10),
                "reviewed_by": coordinator,
                "reviewed_at": starts - dt.timedelta(days=3),
            },
        )
    plan = [
        (
            "Бүх гишүүн байгууллагад жендэрийн аудит хийх",
            "Gender audit in every member organisation",
            "igg",
            "done",
        ),
        (
            "Хүйсээр ангилсан статистикийн гарын авлага гаргах",
            "Guide on sex-disaggregated statistics",
            "nso",
            "done",
        ),
        (
            "Орон нутагт салбар бүлэг байгуулах",
            "Set up branch CoPs in the provinces",
            "dundgovi",
            "in_progress",
        ),
        (
            "Уул уурхайн салбарт эмэгтэйчүүдийн оролцооны судалгаа",
            "Study of women in mining",
            "mmhi",
            "in_progress",
        ),
        (
            "Цэцэрлэгүүдэд жендэрийн боловсролын хөтөлбөр",
            "Gender education programme in kindergartens",
            "dornod",
            "planned",
        ),
    ]
    for i, (mn, en, slug, status) in enumerate(plan):
        JointPlanItem.objects.get_or_create(
            convention=convention,
            action_mn=mn,
            defaults={
                "action_en": en,
                "lead_organisation": orgs[slug],
                "due_on": dt.date(2020, 6, 1),
                "status": status,
                "position": i,
            },
        )
    demo_attend(convention, people, recorded_by=coordinator)
    return convention


def _visit(
    *, meeting: Meeting, place: str, purpose: str, practices: str, outcomes: str, report: str
) -> SiteVisit:
    visit, _created = SiteVisit.objects.get_or_create(
        meeting=meeting,
        defaults={
            "place": place,
            "purpose_mn": purpose,
            "good_practices": practices,
            "outcomes": outcomes,
            "report": report,
        },
    )
    return visit


def _visits(root: Community, orgs: dict, people: list[User], coordinator: User) -> list[SiteVisit]:
    dundgovi_starts = _aware(2019, 6, 22, 9)
    dundgovi = demo_meeting(
        title_mn="Дундговь аймгийн Байгаль орчны газарт хийсэн айлчлал",
        starts_at=dundgovi_starts,
        title_en="Site visit: Dundgovi environment department",
        format=F.SITE_VISIT,
        community=root,
        host_organisation=orgs["dundgovi"],
        organiser=coordinator,
        ends_at=dundgovi_starts + dt.timedelta(hours=7),
        mode=MODE.IN_PERSON,
        venue="Мандалговь хот, ойн мод үржүүлгийн газар",
        province=Province.DUNDGOVI,
        capacity=25,
        status=Meeting.Status.PUBLISHED,
        published_at=dundgovi_starts - dt.timedelta(days=30),
    )
    visit_d = _visit(
        meeting=dundgovi,
        place="Мандалговь хот",
        purpose="Цөлжилттэй тэмцэх ажилд эмэгтэйчүүдийн оролцоог нэмэгдүүлсэн туршлагатай танилцах.",
        practices="Мод үржүүлгийн ажилд орон нутгийн эмэгтэйчүүдийн бүлгийг татан оролцуулж, орлоготой болгосон.",
        outcomes="CoP-ийн гишүүд мод тарих суулгац хандивлаж, хамтдаа тарьсан.",
        report="Айлчлалын тайлан: сайн туршлагыг бусад аймагт түгээх санал гаргав.",
    )
    if not visit_d.counted_outcomes.exists():
        SiteVisitOutcome.objects.create(
            visit=visit_d,
            label_mn="Хандивласан мод тарих суулгац",
            label_en="Tree seedlings donated",
            quantity=Decimal("220"),
            unit="ш",
        )
        FollowUpAction.objects.create(
            visit=visit_d,
            action="Суулгацын ургалтыг нэг жилийн дараа шалгах",
            owner_organisation=orgs["dundgovi"],
            due_on=dt.date(2020, 6, 22),
            status=FollowUpAction.Status.DONE,
            done_on=dt.date(2020, 6, 25),
        )
    demo_attend(dundgovi, people[:14], recorded_by=coordinator)

    dornod_starts = _aware(2019, 9, 12, 10)
    dornod = demo_meeting(
        title_mn="Дорнод аймгийн цэцэрлэгт хийсэн айлчлал",
        starts_at=dornod_starts,
        title_en="Site visit: a kindergarten in Dornod",
        format=F.SITE_VISIT,
        community=root,
        host_organisation=orgs["dornod"],
        organiser=coordinator,
        ends_at=dornod_starts + dt.timedelta(hours=5),
        mode=MODE.IN_PERSON,
        venue="Чойбалсан хот, 5-р цэцэрлэг",
        province=Province.DORNOD,
        capacity=20,
        status=Meeting.Status.PUBLISHED,
        published_at=dornod_starts - dt.timedelta(days=30),
    )
    visit_k = _visit(
        meeting=dornod,
        place="Чойбалсан хот, 5-р цэцэрлэг",
        purpose="Сургуулийн өмнөх боловсролд жендэрийн хэвшмэл ойлголтыг халах туршлагатай танилцах.",
        practices="Тоглоом, үйл ажиллагааг хүйсээр ялгахгүй зохион байгуулж, аавуудыг эцэг эхийн уулзалтад оролцуулсан.",
        outcomes="Багш нарт зориулсан жендэрийн гарын авлага хуваалцав.",
        report="Айлчлалын тайлан: туршлагыг бусад цэцэрлэгт нэвтрүүлэх саналтай.",
    )
    if not visit_k.counted_outcomes.exists():
        SiteVisitOutcome.objects.create(
            visit=visit_k,
            label_mn="Гарын авлага авсан багш",
            label_en="Teachers who received the guide",
            quantity=Decimal("18"),
            unit="хүн",
        )
        FollowUpAction.objects.create(
            visit=visit_k,
            action="Гарын авлагыг аймгийн бүх цэцэрлэгт түгээх",
            owner_organisation=orgs["dornod"],
            due_on=dt.date(2020, 3, 1),
            status=FollowUpAction.Status.IN_PROGRESS,
        )
    demo_attend(dornod, people[10:22], recorded_by=coordinator)

    today = timezone.localdate()
    year, month = _month_add(today.year, today.month, 4)
    upcoming_starts = _aware(year, month, 15, 9)
    upcoming = demo_meeting(
        title_mn="Өмнөговь аймгийн уурхайн орон нутгийн хөгжлийн төсөлтэй танилцах айлчлал",
        starts_at=upcoming_starts,
        title_en="Site visit: a mining community development project in Ömnögovi",
        format=F.SITE_VISIT,
        community=root,
        host_organisation=orgs["omnogovi"],
        organiser=coordinator,
        ends_at=upcoming_starts + dt.timedelta(days=1, hours=8),
        mode=MODE.IN_PERSON,
        venue="Даланзадгад хот",
        province=Province.OMNOGOVI,
        capacity=15,
        status=Meeting.Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=3),
    )
    visit_o = _visit(
        meeting=upcoming,
        place="Даланзадгад хот",
        purpose="Уул уурхайн орон нутгийн хөгжлийн гэрээнд жендэрийг хэрхэн тусгасантай танилцах.",
        practices="",
        outcomes="",
        report="",
    )
    return [visit_d, visit_k, visit_o]


def _reminder_demo(root, people: list[User], coordinator: User, member: User) -> Meeting:
    """An online discussion in two days with members confirmed a week ago: the worker's
    first reminder scan after ``make run`` writes their reminders under var/mail/."""
    day = timezone.localdate() + dt.timedelta(days=2)
    starts = _aware(day.year, day.month, day.day, 10)
    meeting = demo_meeting(
        title_mn="Цахим хэлэлцүүлэг: төсвийн жендэрийн шинжилгээ",
        starts_at=starts,
        title_en="Online discussion: gender analysis of budgets",
        format=Meeting.Format.EXPERT_DISCUSSION,
        community=root,
        organiser=coordinator,
        ends_at=starts + dt.timedelta(hours=2),
        mode=MODE.ONLINE,
        online_url="https://meet.example.mn/cop-budget",
        status=Meeting.Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=14),
    )
    confirmed = timezone.now() - dt.timedelta(days=7)
    for person in [member, *people[:5]]:
        Registration.objects.get_or_create(
            meeting=meeting, user=person, defaults={"confirmed_at": confirmed, "queued_at": confirmed}
        )
    return meeting


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    """Create the demo meetings, convention and site visits (idempotent)."""
    context = context or {}
    orgs = context.get("organisations") or {o.slug: o for o in Organisation.objects.all()}
    root = context.get("root") or Community.objects.get(parent=None)
    coordinator = context.get("coordinator") or User.objects.get(email="coordinator@example.mn")
    member = context.get("member") or User.objects.get(email="member@example.mn")
    people = list(
        context.get("people")
        or User.objects.filter(email__endswith="@example.mn").exclude(pk__in=[coordinator.pk, member.pk])
    )
    meetings = _monthly(root, orgs, people, coordinator, member)
    convention = _convention(root, orgs, people, coordinator)
    visits = _visits(root, orgs, people, coordinator)
    meetings.append(_reminder_demo(root, people, coordinator, member))
    return {"meetings": meetings, "convention": convention, "visits": visits}
