"""Demo data of the members app: the inter-agency CoP of the MERIT article.

Ten member organisations (two ministries, three agencies, four provincial governments
including Dundgovi and Dornod, one research institute), a few public servants each,
and the two demo accounts. Idempotent: keyed on slugs and e-mail addresses.
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Community, CommunityOrganiser, Level, Organisation, Province, User

DEMO_PASSWORD = "demo-pass-2026"
COORDINATOR_EMAIL = "coordinator@example.mn"
MEMBER_EMAIL = "member@example.mn"
# Two more demo sign-ins, same password: an organisation contact (Dornod, with a pending branch and
# a pending applicant) and the focal person of the institute's approved branch.
CONTACT_EMAIL = "dornod.1@example.mn"
FOCAL_EMAIL = "igg.1@example.mn"
# The focal person of the new Dundgovi branch (the one that planted the 220 seedlings).
DUNDGOVI_FOCAL_EMAIL = "dundgovi.focal@example.mn"

K = Organisation.Kind
ORGANISATIONS = [
    # slug, name_mn, name_en, short, kind, province, website
    (
        "met",
        "Байгаль орчин, аялал жуулчлалын яам",
        "Ministry of Environment and Tourism",
        "БОАЖЯ",
        K.MINISTRY,
        Province.ULAANBAATAR,
        "https://www.mne.gov.mn",
    ),
    (
        "mmhi",
        "Уул уурхай, хүнд үйлдвэрийн яам",
        "Ministry of Mining and Heavy Industry",
        "УУХҮЯ",
        K.MINISTRY,
        Province.ULAANBAATAR,
        "https://www.mmhi.gov.mn",
    ),
    (
        "mrpam",
        "Ашигт малтмал, газрын тосны газар",
        "Mineral Resources and Petroleum Authority",
        "АМГТГ",
        K.AGENCY,
        Province.ULAANBAATAR,
        "https://mrpam.gov.mn",
    ),
    (
        "nso",
        "Үндэсний статистикийн хороо",
        "National Statistics Office",
        "ҮСХ",
        K.AGENCY,
        Province.ULAANBAATAR,
        "https://www.1212.mn",
    ),
    (
        "alamgac",
        "Газар зохион байгуулалт, геодези, зураг зүйн газар",
        "Agency for Land Administration and Management, Geodesy and Cartography",
        "ГЗБГЗЗГ",
        K.AGENCY,
        Province.ULAANBAATAR,
        "https://www.gazar.gov.mn",
    ),
    (
        "dundgovi",
        "Дундговь аймгийн Засаг даргын Тамгын газар",
        "Dundgovi Province Governor's Office",
        "Дундговь ЗДТГ",
        K.PROVINCIAL,
        Province.DUNDGOVI,
        "",
    ),
    (
        "dornod",
        "Дорнод аймгийн Засаг даргын Тамгын газар",
        "Dornod Province Governor's Office",
        "Дорнод ЗДТГ",
        K.PROVINCIAL,
        Province.DORNOD,
        "",
    ),
    (
        "omnogovi",
        "Өмнөговь аймгийн Засаг даргын Тамгын газар",
        "Ömnögovi Province Governor's Office",
        "Өмнөговь ЗДТГ",
        K.PROVINCIAL,
        Province.OMNOGOVI,
        "",
    ),
    (
        "dornogovi",
        "Дорноговь аймгийн Засаг даргын Тамгын газар",
        "Dornogovi Province Governor's Office",
        "Дорноговь ЗДТГ",
        K.PROVINCIAL,
        Province.DORNOGOVI,
        "",
    ),
    (
        "igg",
        "Газарзүй, геоэкологийн хүрээлэн",
        "Institute of Geography and Geoecology",
        "ГГХ",
        K.RESEARCH,
        Province.ULAANBAATAR,
        "",
    ),
]

W, M, A, U = User.Gender.WOMAN, User.Gender.MAN, User.Gender.ANOTHER, User.Gender.UNDISCLOSED
# Realistic Mongolian names (given name, then patronymic initial as usual in lists).
PEOPLE = {
    "met": [
        ("Болормаа Гансүх", W, "Мэргэжилтэн"),
        ("Ганбаатар Түмэн", M, "Хэлтсийн дарга"),
        ("Сарангэрэл Должин", W, "Ахлах мэргэжилтэн"),
    ],
    "mmhi": [
        ("Энхжаргал Батбаяр", W, "Жендэрийн асуудал хариуцсан мэргэжилтэн"),
        ("Мөнхбат Дорж", M, "Мэргэжилтэн"),
        ("Хулан Энхтөр", W, "Зөвлөх"),
    ],
    "mrpam": [("Нарантуяа Баяр", W, "Мэргэжилтэн"), ("Бат-Очир Пүрэв", M, "Геологич")],
    "nso": [
        ("Оюунчимэг Цэрэн", W, "Статистикч"),
        ("Тэмүүлэн Сүх", M, "Шинжээч"),
        ("Алтанцэцэг Лхагва", W, "Хэлтсийн дарга"),
    ],
    "alamgac": [("Отгонбаяр Дашдорж", M, "Мэргэжилтэн"), ("Баярмаа Цогт", W, "Газрын даамал")],
    "dundgovi": [
        ("Цэцэгмаа Ганболд", W, "Байгаль орчны хэлтсийн мэргэжилтэн"),
        ("Эрдэнэбилэг Нямдорж", M, "Ойн инженер"),
        ("Ариунаа Батсүх", W, "Хэлтсийн дарга"),
    ],
    "dornod": [
        ("Одгэрэл Бямба", W, "Боловсролын мэргэжилтэн"),
        ("Ганзориг Очир", M, "Мэргэжилтэн"),
        ("Мишээл Доржсүрэн", U, "Хүүхэд хамгааллын ажилтан"),
    ],
    "omnogovi": [("Түвшинбаяр Гомбо", M, "Мэргэжилтэн"), ("Уранчимэг Сэд", W, "Хэлтсийн дарга")],
    "dornogovi": [("Солонго Эрдэнэ", W, "Мэргэжилтэн"), ("Жаргалсайхан Мягмар", M, "Мэргэжилтэн")],
    "igg": [
        ("Номин Чулуун", W, "Эрдэм шинжилгээний ажилтан"),
        ("Анар Баатар", A, "Судлаач"),
        ("Дэлгэрмаа Сампил", W, "Ахлах эрдэм шинжилгээний ажилтан"),
    ],
}


def _user(email, *, full_name, organisation, gender, position, language="mn", password=None, **extra):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "organisation": organisation,
            "gender": gender,
            "position": position,
            "preferred_language": language,
            "status": User.Status.APPROVED,
            **extra,
        },
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    """Create the organisations, people, the root CoP and the demo accounts."""
    orgs = {}
    for slug, name_mn, name_en, short, kind, province, website in ORGANISATIONS:
        orgs[slug], _ = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name_mn": name_mn,
                "name_en": name_en,
                "short_name": short,
                "kind": kind,
                "level": Organisation.KIND_LEVEL.get(kind, Level.CENTRAL),
                "province": province,
                "website": website,
                "member_since": dt.date(2018, 3, 1),
            },
        )
    people = []
    for slug, rows in PEOPLE.items():
        for i, (full_name, gender, position) in enumerate(rows, start=1):
            people.append(
                _user(
                    f"{slug}.{i}@example.mn",
                    full_name=full_name,
                    organisation=orgs[slug],
                    gender=gender,
                    position=position,
                )
            )
    coordinator = _user(
        COORDINATOR_EMAIL,
        full_name="Оюун Шагдар",
        organisation=orgs["igg"],
        gender=W,
        position="Эрдэм шинжилгээний ажилтан, CoP-ийн зохицуулагч",
        password=DEMO_PASSWORD,
        is_staff=True,
    )
    group = services.coordinator_group_sync()
    coordinator.groups.add(group)
    member = _user(
        MEMBER_EMAIL,
        full_name="Сүрэнжав Батболд",
        organisation=orgs["dundgovi"],
        gender=M,
        position="Байгаль орчны хэлтсийн мэргэжилтэн",
        password=DEMO_PASSWORD,
    )
    root, _ = Community.objects.get_or_create(
        parent=None,
        defaults={
            "slug": "inter-agency-cop",
            "name_mn": "Жендэрийн байгууллага хоорондын хамтын ажиллагааны бүлэг",
            "name_en": "Inter-agency Gender Community of Practice",
            "purpose": (
                "Төрийн албан хаагчид жендэрийн үзэл баримтлалыг ойлгох, жендэрийг "
                "байгууллагынхаа бодлого, үйл ажиллагаанд тусгах туршлагаа хуваалцах "
                "сургалт, хэлэлцүүлгийн тогтмол орчин."
            ),
            "founded_on": dt.date(2018, 3, 1),
            "status": Community.Status.APPROVED,
        },
    )
    root.members.add(*people, coordinator, member)
    contact, branches = _seed_branches(orgs, root, coordinator)
    branches["dundgovi"] = _seed_branch_teams(orgs, root, coordinator, branches["approved"], member)
    return {
        "organisations": orgs,
        "people": people,
        "coordinator": coordinator,
        "member": member,
        "root": root,
        "contact": contact,
        "branches": branches,
    }


def _seed_branches(orgs, root, coordinator):
    """One approved branch at the research institute, one pending at Dornod, one contact, one applicant."""
    contact = User.objects.get(email=CONTACT_EMAIL)
    if not contact.is_organisation_contact:
        contact.is_organisation_contact = True
        contact.save(update_fields=["is_organisation_contact"])
    focal = User.objects.get(email=FOCAL_EMAIL)
    for person in (contact, focal):
        if not person.has_usable_password():
            person.set_password(DEMO_PASSWORD)
            person.save(update_fields=["password"])
    _user(
        "dornod.applicant@example.mn",
        full_name="Батцэцэг Лувсан",
        organisation=orgs["dornod"],
        gender=W,
        position="Нийгмийн ажилтан",
        status=User.Status.APPLIED,
        applied_at=timezone.now() - dt.timedelta(days=2),
    )
    igg_people = list(User.objects.filter(organisation=orgs["igg"]))
    approved, _ = Community.objects.get_or_create(
        slug="igg-gender-research",
        defaults={
            "name_mn": "Газарзүй, геоэкологийн хүрээлэнгийн жендэрийн судлаачдын бүлэг",
            "name_en": "Gender researchers' group of the Institute of Geography and Geoecology",
            "parent": root,
            "host_organisation": orgs["igg"],
            "purpose": (
                "Байгаль орчин, газар ашиглалтын судалгаанд жендэрийн хандлагыг тусгах арга зүйг "
                "хамтдаа боловсруулж, сар бүр туршлага хуваалцана."
            ),
            "focal_person": focal,
            "founded_on": timezone.localdate() - dt.timedelta(days=400),
            "status": Community.Status.APPROVED,
            "registered_by": focal,
            "decided_by": coordinator,
            "decided_at": timezone.now() - dt.timedelta(days=400),
        },
    )
    approved.members.add(*igg_people)
    pending, _ = Community.objects.get_or_create(
        slug="dornod-gender-cop",
        defaults={
            "name_mn": "Дорнод аймгийн жендэрийн хамтын ажиллагааны бүлэг",
            "name_en": "Dornod Province gender CoP",
            "parent": root,
            "host_organisation": orgs["dornod"],
            "purpose": (
                "Аймгийн Засаг даргын Тамгын газрын хэлтсүүдийн жендэрийн зохицуулагчдыг нэгтгэж, "
                "сумдын түвшинд жендэрийн мэдлэгийг түгээх."
            ),
            "focal_person": contact,
            "status": Community.Status.PENDING,
            "registered_by": contact,
        },
    )
    pending.members.add(contact)
    return contact, {"approved": approved, "pending": pending}


def _seed_branch_teams(orgs, root, coordinator, igg_branch, member) -> Community:
    """The two branches of the article run by their own people: the institute's first branch
    gets a co-organiser and followers from outside; the new Dundgovi branch gets a focal person
    who signs in, a co-organiser (the forest engineer) and followers."""
    igg_people = {u.email: u for u in User.objects.filter(organisation=orgs["igg"])}
    CommunityOrganiser.objects.get_or_create(
        community=igg_branch,
        user=igg_people["igg.2@example.mn"],
        defaults={"added_by": igg_branch.focal_person},
    )
    igg_branch.members.add(*User.objects.filter(email__in=["met.1@example.mn", "nso.1@example.mn"]))
    focal = _user(
        DUNDGOVI_FOCAL_EMAIL,
        full_name="Оюунчимэг Лхагва",
        organisation=orgs["dundgovi"],
        gender=W,
        position="Жендэрийн асуудал хариуцсан мэргэжилтэн",
        password=DEMO_PASSWORD,
    )
    branch, _ = Community.objects.get_or_create(
        slug="dundgovi-gender-cop",
        defaults={
            "name_mn": "Дундговь аймгийн жендэр ба ногоон хөгжлийн бүлэг",
            "name_en": "Dundgovi Province gender and greening CoP",
            "parent": root,
            "host_organisation": orgs["dundgovi"],
            "purpose": (
                "Аймгийн Засаг даргын Тамгын газар, Байгаль орчны газрын албан хаагчид цөлжилттэй "
                "тэмцэх ажилд жендэрийн хандлагыг тусгаж, сар бүр туршлагаа хуваалцана."
            ),
            "focal_person": focal,
            "founded_on": dt.date(2020, 3, 10),
            "status": Community.Status.APPROVED,
            "registered_by": focal,
            "decided_by": coordinator,
            "decided_at": timezone.make_aware(dt.datetime(2020, 3, 20, 10)),
        },
    )
    locals_ = User.objects.filter(organisation=orgs["dundgovi"]).exclude(pk=focal.pk)
    co_organiser = User.objects.get(email="dundgovi.2@example.mn")
    CommunityOrganiser.objects.get_or_create(
        community=branch, user=co_organiser, defaults={"added_by": focal}
    )
    branch.members.add(focal, member, *locals_)
    root.members.add(focal)
    return branch
