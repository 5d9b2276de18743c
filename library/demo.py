"""Demo library (seed_demo calls ``seed`` after the other apps): 60+ items in Mongolian and
English, a few experts, and the index refreshed so visits, materials, minutes and the 2019
joint plan are found too. Idempotent: items keyed on the title, experts on the name."""

from __future__ import annotations

from django.db import transaction

from members.models import Province

from . import services
from .models import Expert, Item, Language, Licence, Theme

K, T, P = Item.Kind, Theme, Province

# title, title_en, description, summary_en, kind, themes, organisation slug, province, year, language, members_only
ITEMS = [
    (
        "Дундговь: 220 мод тарих суулгац ба эмэгтэйчүүдийн мод үржүүлгийн бүлэг",
        "Dundgovi: 220 tree seedlings and the women's tree nursery group",
        "Мандалговь хотын ойн мод үржүүлгийн газарт орон нутгийн эмэгтэйчүүдийн бүлэг суулгац ургуулж "
        "орлоготой болсон. 2019 оны айлчлалаар CoP-ийн гишүүд 220 мод тарих суулгац хандивлаж, хамтдаа тарьсан.",
        "In Mandalgovi a group of local women grows seedlings in the tree nursery and earns an income from it. "
        "During the 2019 site visit CoP members donated 220 tree seedlings and planted them together: "
        "a good practice of involving women in fighting desertification.",
        K.PRACTICE,
        [T.ENVIRONMENT, T.LEADERSHIP],
        "dundgovi",
        P.DUNDGOVI,
        2019,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Дорнодын 5-р цэцэрлэг: эрэгтэй хүүхэлдэйгээр аавын халамжийг заах нь",
        "Dornod kindergarten No. 5: teaching fathers' care with male dolls",
        "Цэцэрлэгийн багш нар хүүхдүүдэд эрэгтэй хүүхэлдэй ашиглан аав хүн хүүхдээ асардаг, гэрийн ажилд "
        "оролцдог гэдгийг тоглоомоор заажээ. Тоглоомыг хүйсээр ялгахгүй, аавуудыг эцэг эхийн уулзалтад урьсан.",
        "Teachers use male dolls so that children play at fathers who care for babies and share the housework. "
        "Toys are not sorted by sex and fathers are invited to parents' meetings.",
        K.PRACTICE,
        [T.EDUCATION],
        "dornod",
        P.DORNOD,
        2019,
        Language.MONGOLIAN,
        False,
    ),
    (
        "2019 оны чуулганаар баталсан хамтын төлөвлөгөө",
        "Joint plan adopted by the 2019 convention",
        "Дундговь аймагт болсон 2019 оны чуулганаар гишүүн байгууллагууд жендэрийн бодлого батлах, "
        "хүйсээр ангилсан мэдээлэл цуглуулах, туршлага судлах айлчлал хийх хамтын төлөвлөгөө баталсан.",
        "The 2019 convention in Dundgovi adopted a joint plan: gender policies in every member organisation, "
        "sex-disaggregated data, and site visits to learn from each other.",
        K.LAW,
        [T.MAINSTREAMING],
        "dundgovi",
        P.DUNDGOVI,
        2019,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Хүйсээр ангилсан статистикийн сургалт",
        "Training: sex-disaggregated statistics",
        "Төрийн албан хаагчдад хүйсээр ангилсан мэдээлэл цуглуулах, боловсруулах, тайлагнах сургалтын слайд. "
        "Үндэсний статистикийн хорооны жишээнүүдтэй.",
        "Training deck for public servants on collecting, processing and reporting sex-disaggregated data, "
        "with examples from the National Statistics Office.",
        K.TRAINING,
        [T.DATA],
        "nso",
        P.ULAANBAATAR,
        2021,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Жендэрийн мэдрэмжтэй төсөвлөлтийн сургалт",
        "Training: gender-responsive budgeting",
        "Төсвийн төлөвлөлтөд жендэрийн шинжилгээ хийх алхмууд, хөтөлбөрийн төсвийг хүйсээр задлах дасгал.",
        "Steps of gender analysis in budget planning, with an exercise on splitting a programme budget by sex.",
        K.TRAINING,
        [T.BUDGETING],
        "met",
        P.ULAANBAATAR,
        2022,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Жендэрийн эрх тэгш байдлыг хангах тухай хууль (2011)",
        "Law on Promotion of Gender Equality (2011)",
        "Төрийн байгууллагад жендэрийн салбар зөвлөл, жендэрийн бодлого, хүйсээр ангилсан мэдээлэл шаардсан хууль.",
        "The law that requires gender councils, gender policies and sex-disaggregated data in public bodies.",
        K.LAW,
        [T.MAINSTREAMING, T.DATA],
        "",
        "",
        2011,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Ажлын байран дахь бэлгийн дарамтаас урьдчилан сэргийлэх журмын загвар",
        "Model procedure on preventing sexual harassment at work",
        "Байгууллагын дотоод журамд оруулах заалтууд: гомдол хүлээн авах, нууцлал, хариу арга хэмжээ.",
        "Clauses for an organisation's internal rules: receiving complaints, confidentiality, sanctions.",
        K.TEMPLATE,
        [T.HARASSMENT],
        "mmhi",
        P.ULAANBAATAR,
        2023,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Gender audit checklist for public organisations",
        "",
        "A participatory gender audit checklist adapted from the ILO methodology for Mongolian ministries "
        "and agencies: policies, staff, budget, services.",
        "",
        K.TOOLKIT,
        [T.MAINSTREAMING],
        "igg",
        P.ULAANBAATAR,
        2020,
        Language.ENGLISH,
        False,
    ),
    (
        "Эмэгтэй удирдах ажилтны манлайллын сургалтын слайд",
        "Training deck: women in leadership",
        "Удирдах албан тушаалд эмэгтэйчүүдийг дэмжих менторын хөтөлбөр, сонгон шалгаруулалтын шударга байдал.",
        "A mentoring programme for women moving into management, and fair selection panels.",
        K.TRAINING,
        [T.LEADERSHIP],
        "mrpam",
        P.ULAANBAATAR,
        2023,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Уул уурхайн салбарын жендэрийн шинжилгээ: Өмнөговь",
        "Gender analysis of the mining sector: Omnogovi",
        "Уурхайн ажиллах хүчний бүтэц, эмэгтэй ажилчдын ажлын нөхцөл, орон нутгийн иргэдийн оролцоо.",
        "The structure of the mining workforce, working conditions of women, and local people's participation.",
        K.ANALYSIS,
        [T.DATA, T.ENVIRONMENT],
        "omnogovi",
        P.OMNOGOVI,
        2022,
        Language.MONGOLIAN,
        False,
    ),
    (
        "Жендэрийн салбар зөвлөлийн дотоод тайлангийн маягт",
        "",
        "Салбар зөвлөлийн гишүүдэд зориулсан жилийн тайлангийн дотоод маягт (зөвхөн гишүүдэд).",
        "",
        K.TEMPLATE,
        [T.MAINSTREAMING],
        "igg",
        P.ULAANBAATAR,
        2024,
        Language.MONGOLIAN,
        True,
    ),
]

# Generated series: one training deck and one toolkit per theme and year, from the organisations
# that led them (titles say what they are; both languages).
THEME_TOPICS = {
    T.BUDGETING: ("жендэрийн мэдрэмжтэй төсөвлөлт", "gender-responsive budgeting", "met"),
    T.DATA: ("хүйсээр ангилсан мэдээлэл", "sex-disaggregated data", "nso"),
    T.HARASSMENT: ("дарамтаас урьдчилан сэргийлэх", "harassment prevention", "mmhi"),
    T.LEADERSHIP: ("эмэгтэйчүүдийн манлайлал", "women's leadership", "mrpam"),
    T.ENVIRONMENT: ("байгаль орчин ба жендэр", "environment and gender", "dundgovi"),
    T.EDUCATION: ("хэвшмэл ойлголтыг халах", "breaking stereotypes", "dornod"),
    T.MAINSTREAMING: ("жендэрийг бодлогод тусгах", "mainstreaming gender in policy", "igg"),
}
YEARS = (2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
SERIES_KINDS = [
    (K.TRAINING, "{year} оны сургалтын слайд: {mn}", "Training deck {year}: {en}"),
    (K.TOOLKIT, "Гарын авлага: {mn} ({year})", "Toolkit: {en} ({year})"),
]

EXPERTS = [
    # name, role, affiliation, topics, languages, provinces, bio, bio_en, e-mail
    (
        "Д. Оюунгэрэл",
        Expert.Role.TRAINER,
        "Жендэрийн үндэсний хороо",
        [T.MAINSTREAMING, T.BUDGETING],
        ["mn", "en"],
        [P.ULAANBAATAR, P.DUNDGOVI],
        "Төрийн албан хаагчдад жендэрийн сургалт 15 жил явуулсан сургагч багш.",
        "A trainer who has taught gender mainstreaming to public servants for 15 years.",
        "oyungerel.trainer@example.org",
    ),
    (
        "Sarah Mitchell",
        Expert.Role.ADVISOR,
        "UN Women (regional office)",
        [T.DATA, T.MAINSTREAMING],
        ["en", "ru"],
        [],
        "",
        "Advisor on gender statistics and the UN-SWAP framework for Asia and the Pacific.",
        "s.mitchell@example.org",
    ),
    (
        "Б. Сарангэрэл",
        Expert.Role.EXPERT,
        "Хүний эрхийн үндэсний комисс",
        [T.HARASSMENT],
        ["mn"],
        [P.DORNOD, P.ULAANBAATAR],
        "Ажлын байран дахь дарамт, ялгаварлан гадуурхалтын хэргийг судалдаг хуульч.",
        "A lawyer who studies harassment and discrimination cases at work.",
        "sarangerel.expert@example.org",
    ),
]


def _items() -> list[tuple]:
    rows = list(ITEMS)
    for theme, (mn, en, org) in THEME_TOPICS.items():
        for index, year in enumerate(YEARS):
            kind, title_mn, title_en = SERIES_KINDS[index % 2]
            rows.append(
                (
                    title_mn.format(year=year, mn=mn).capitalize(),
                    title_en.format(year=year, en=en),
                    f"Сүлжээний гишүүд {year} онд {mn} сэдвээр бэлтгэсэн {'сургалтын слайд' if kind == K.TRAINING else 'гарын авлага'}.",
                    f"Prepared by CoP members in {year} on {en}.",
                    kind,
                    [theme],
                    org,
                    "",
                    year,
                    Language.MONGOLIAN,
                    False,
                )
            )
    return rows


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    context = context or {}
    coordinator, orgs = context.get("coordinator"), context.get("organisations", {})
    if coordinator is None:
        return {}
    existing = set(Item.objects.values_list("title", flat=True))
    for (
        title,
        title_en,
        description,
        summary_en,
        kind,
        themes,
        org,
        province,
        year,
        language,
        members_only,
    ) in _items():
        if title in existing:
            continue
        services.item_create(
            actor=coordinator,
            title=title,
            title_en=title_en,
            description=description,
            summary_en=summary_en,
            kind=kind,
            themes=[str(t) for t in themes],
            organisation=orgs.get(org),
            province=str(province),
            year=year,
            language=language,
            licence=Licence.OFFICIAL if kind == K.LAW else Licence.CC_BY,
            members_only=members_only,
        )
    for name, role, affiliation, topics, languages, provinces, bio, bio_en, email in EXPERTS:
        if not Expert.objects.filter(name=name).exists():
            services.expert_save(
                expert=Expert(
                    name=name,
                    role=role,
                    affiliation=affiliation,
                    topics=Expert.join(topics),
                    languages=Expert.join(languages),
                    provinces=Expert.join(provinces),
                    bio=bio,
                    bio_en=bio_en,
                    email=email,
                ),
                actor=coordinator,
            )
    nso = [p for p in context.get("people", []) if p.organisation and p.organisation.slug == "nso"][:1]
    for person in nso:
        if not Expert.objects.filter(user=person).exists():
            services.expert_opt_in(
                actor=person,
                role=Expert.Role.EXPERT,
                position=person.position,
                topics=[T.DATA],
                languages=["mn", "en"],
                provinces=[P.ULAANBAATAR],
                bio="Хүйсээр ангилсан статистикийн аргачлал боловсруулдаг.",
                is_listed=True,
            )
    services.index_refresh()
    return {}
