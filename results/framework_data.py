"""The default indicator framework (version 1), written for Mongolian public bodies: the 2011
Law on Promotion of Gender Equality, sectoral gender policies, gender focal points,
sex-disaggregated statistics, gender-responsive budgeting, sexual-harassment prevention and
leadership parity. Loaded by a data migration; plain data so the migration never changes."""

FRAMEWORK = {
    "version": 1,
    "name_mn": "Жендэрийн үзүүлэлтийн үндсэн хүрээ",
    "name_en": "Default gender indicator framework",
}

# (area Mongolian, area English, [indicator]); indicator:
# (code, name mn, name en, definition mn, definition en,
#  approaches mn, approaches en, meets mn, meets en, exceeds mn, exceeds en)
AREAS = [
    (
        "Хууль, бодлого",
        "Law and policy",
        [
            (
                "PI 1",
                "Жендэрийн бодлого",
                "Gender policy",
                "Байгууллага Жендэрийн эрх тэгш байдлыг хангах тухай хуульд (2011) нийцсэн жендэрийн бодлого эсвэл салбарын жендэрийн бодлоготой.",
                "The organisation has a gender policy, or applies its sector's, in line with the 2011 Law on Promotion of Gender Equality.",
                "Бодлогын төсөл боловсруулагдаж байна.",
                "A draft policy is being prepared.",
                "Бодлого батлагдаж, хэрэгжүүлэх төлөвлөгөөтэй.",
                "The policy is adopted and has an implementation plan.",
                "Бодлогын хэрэгжилтийг жил бүр дүгнэж, шинэчилдэг.",
                "Implementation is reviewed every year and the policy updated.",
            ),
            (
                "PI 2",
                "Жендэрийн асуудал хариуцсан ажилтан",
                "Gender focal point",
                "Жендэрийн асуудал хариуцсан ажилтан эсвэл зөвлөл томилогдсон, ажлын цаг, эрх мэдэлтэй.",
                "A gender focal point or council is appointed, with working time and authority.",
                "Томилогдсон боловч ажлын байрны тодорхойлолтод тусгагдаагүй.",
                "Appointed, but not in the job description.",
                "Ажлын байрны тодорхойлолтод тусгагдсан, ажлын цагийн тодорхой хувийг зориулдаг.",
                "In the job description, with a set share of working time.",
                "Удирдлагын түвшинд тайлагнадаг, төсөвтэй.",
                "Reports to senior management and has a budget.",
            ),
            (
                "PI 3",
                "Стратеги төлөвлөлтөд жендэрийг тусгах",
                "Gender in strategic planning",
                "Байгууллагын стратеги, жилийн төлөвлөгөөнд жендэрийн зорилт, шалгуур үзүүлэлт тусгагдсан.",
                "The organisation's strategy and annual plan carry gender objectives and indicators.",
                "Төлөвлөгөөнд жендэрийг ерөнхийд нь дурдсан.",
                "The plan mentions gender in general terms.",
                "Хэмжигдэхүйц жендэрийн зорилт, шалгуур үзүүлэлттэй.",
                "It has measurable gender objectives and indicators.",
                "Зорилтуудын биелэлтийг тайлагнаж, дараагийн төлөвлөлтөд ашигладаг.",
                "Their results are reported and used in the next plan.",
            ),
        ],
    ),
    (
        "Хариуцлага, хяналт",
        "Accountability and oversight",
        [
            (
                "PI 4",
                "Удирдлагын манлайлал",
                "Leadership commitment",
                "Дээд удирдлага жендэрийн эрх тэгш байдлыг олон нийтэд дэмжиж, үр дүнг хариуцдаг.",
                "Senior management publicly champions gender equality and answers for results.",
                "Удирдлага үе үе дэмжлэг илэрхийлдэг.",
                "Management expresses support now and then.",
                "Удирдлагын гэрээнд жендэрийн үр дүн тусгагдсан.",
                "Gender results are in management's performance agreements.",
                "Удирдлага жил бүр үр дүнг хамт олонд тайлагнадаг.",
                "Management reports the results to all staff every year.",
            ),
            (
                "PI 5",
                "Жендэрийн мэдрэмжтэй хяналт-шинжилгээ",
                "Gender-responsive monitoring and reporting",
                "Хяналт-шинжилгээ, үнэлгээ, тайланд жендэрийн үр дүнг хэмжиж, тусгадаг.",
                "Monitoring, evaluation and reports measure and show gender results.",
                "Зарим тайланд хүйсээр ангилсан мэдээлэл орсон.",
                "Some reports include sex-disaggregated data.",
                "Бүх үндсэн тайланд жендэрийн үр дүн тусгагддаг.",
                "Every main report shows gender results.",
                "Үнэлгээний дүгнэлтээр залруулах арга хэмжээ авдаг.",
                "Evaluation findings lead to corrective actions.",
            ),
            (
                "PI 6",
                "Жендэрийн аудит",
                "Gender audit",
                "Байгууллага жендэрийн аудитыг тогтмол хийж, дүгнэлт, зөвлөмжийг удирдлагад танилцуулдаг.",
                "The organisation audits itself regularly and brings findings and recommendations to management.",
                "Анхны аудитыг төлөвлөсөн.",
                "A first audit is planned.",
                "Сүүлийн гурван жилд аудит хийж, зөвлөмжийг удирдлагад танилцуулсан.",
                "Audited in the last three years; recommendations presented to management.",
                "Аудитыг оролцооны аргаар жил бүр хийж, зөвлөмжийн хэрэгжилтийг хянадаг.",
                "Audited every year with a participatory method; recommendations followed up.",
            ),
        ],
    ),
    (
        "Хүний нөөц",
        "Human resources",
        [
            (
                "PI 7",
                "Удирдах албан тушаалд хүйсийн тэнцвэр",
                "Leadership parity",
                "Удирдах албан тушаалд эмэгтэй, эрэгтэйчүүдийн тэнцвэртэй оролцоог хангах арга хэмжээ авдаг.",
                "The organisation acts for a balance of women and men in management positions.",
                "Удирдах албан тушаалтны хүйсийн харьцааг бүртгэдэг.",
                "The gender balance of managers is recorded.",
                "Аль нэг хүйс 40 хувиас доошгүй байх зорилттой, ахицтай.",
                "A target of at least 40 % for each sex, with progress.",
                "Зорилт хангагдсан, сонгон шалгаруулалт жендэрийн мэдрэмжтэй.",
                "The target is met and recruitment is gender-responsive.",
            ),
            (
                "PI 8",
                "Бэлгийн дарамтаас урьдчилан сэргийлэх",
                "Sexual-harassment prevention",
                "Ажлын байран дахь бэлгийн дарамтаас урьдчилан сэргийлэх журам, гомдол гаргах аюулгүй суваг бий.",
                "A rule against sexual harassment at work and a safe complaints channel exist.",
                "Журмын төсөл бэлэн.",
                "A draft rule exists.",
                "Журам батлагдаж, бүх ажилтанд танилцуулсан, гомдлын суваг ажилладаг.",
                "The rule is adopted, known to all staff; the complaints channel works.",
                "Жил бүр сургалт хийж, гомдлын шийдвэрлэлтийг нэрээ нууцалсан байдлаар тайлагнадаг.",
                "Yearly training; complaints handling reported without names.",
            ),
            (
                "PI 9",
                "Ажил, гэр бүлийн тэнцвэр",
                "Work–family balance",
                "Уян хатан цаг, хүүхэд асрах чөлөө зэрэг ажил, гэр бүлийн тэнцвэрийг дэмжих нөхцөл бүрдсэн.",
                "Flexible hours, childcare leave and other support for work–family balance are in place.",
                "Хуулийн доод шаардлагыг хангадаг.",
                "The legal minimum is applied.",
                "Дотоод журамд тусгайлан тусгасан, эрэгтэйчүүд ч ашигладаг.",
                "Set in internal rules and used by men too.",
                "Ажилтнуудын санал асуулгаар үр дүнг үнэлдэг.",
                "Its effect is assessed through a staff survey.",
            ),
        ],
    ),
    (
        "Санхүүгийн нөөц",
        "Financial resources",
        [
            (
                "PI 10",
                "Жендэрийн мэдрэмжтэй төсөвлөлт",
                "Gender-responsive budgeting",
                "Төсөв төлөвлөлтөд жендэрийн нөлөөллийг үнэлж, жендэрийн зорилтод санхүүжилт тусгадаг.",
                "Budget planning assesses gender impact and funds gender objectives.",
                "Зарим хөтөлбөрт жендэрийн нөлөөллийг үнэлсэн.",
                "Gender impact is assessed for some programmes.",
                "Жендэрийн зорилтод тусгайлан төсөв батлагддаг.",
                "A budget is approved for gender objectives.",
                "Төсвийн гүйцэтгэлийг жендэрийн үр дүнтэй холбон тайлагнадаг.",
                "Budget execution is reported against gender results.",
            ),
            (
                "PI 11",
                "Жендэрийн зардлын бүртгэл",
                "Tracking gender spending",
                "Жендэрт чиглэсэн зардлыг санхүүгийн бүртгэлд ялган тэмдэглэдэг.",
                "Spending on gender equality is tagged in the financial records.",
                "Ялгах аргачлалыг боловсруулж байна.",
                "A tagging method is being prepared.",
                "Зардлыг тогтмол ялган бүртгэдэг.",
                "Spending is tagged regularly.",
                "Ялгасан зардлыг олон нийтэд нээлттэй мэдээлдэг.",
                "Tagged spending is published.",
            ),
        ],
    ),
    (
        "Чадавх, соёл",
        "Capacity and culture",
        [
            (
                "PI 12",
                "Ажилтнуудын жендэрийн сургалт",
                "Staff training on gender",
                "Ажилтнууд жендэрийн үндсэн ойлголт, жендэрийг үндсэн үйл ажиллагаанд тусгах сургалтад хамрагддаг.",
                "Staff are trained in gender basics and in mainstreaming gender in their work.",
                "Зарим ажилтан сургалтад хамрагдсан.",
                "Some staff have been trained.",
                "Шинэ ажилтны чиглүүлэх сургалтад багтсан, ихэнх ажилтан хамрагдсан.",
                "Part of induction; most staff trained.",
                "Албан тушаалын онцлогт тохирсон гүнзгийрүүлсэн сургалт жил бүр зохион байгуулдаг.",
                "Role-specific advanced training every year.",
            ),
            (
                "PI 13",
                "Байгууллагын соёл",
                "Organisational culture",
                "Байгууллагын соёл жендэрийн эрх тэгш байдлыг дэмждэг гэж ажилтнууд үздэг.",
                "Staff find that the organisation's culture supports gender equality.",
                "Ажилтнуудын санал асуулга төлөвлөсөн.",
                "A staff survey is planned.",
                "Санал асуулга хийж, үр дүнгээр арга хэмжээ төлөвлөсөн.",
                "A survey was run and actions planned from it.",
                "Санал асуулгыг давтан хийж, ахиц гарсныг харуулсан.",
                "Repeated surveys show progress.",
            ),
        ],
    ),
    (
        "Мэдлэг, мэдээлэл",
        "Knowledge and data",
        [
            (
                "PI 14",
                "Хүйсээр ангилсан статистик",
                "Sex-disaggregated statistics",
                "Байгууллага ажилтан болон үйлчлүүлэгчдийн мэдээллийг хүйсээр ангилж цуглуулж, ашигладаг.",
                "The organisation collects and uses data on staff and clients disaggregated by sex.",
                "Зарим мэдээллийг хүйсээр ангилдаг.",
                "Some data are disaggregated by sex.",
                "Бүх үндсэн мэдээллийг хүйсээр ангилж, шийдвэр гаргахад ашигладаг.",
                "All main data are disaggregated and used in decisions.",
                "Мэдээллийг олон нийтэд нээлттэй, тогтмол нийтэлдэг.",
                "The data are published regularly.",
            ),
            (
                "PI 15",
                "Мэдлэг түгээх, түншлэл",
                "Knowledge sharing and partnership",
                "Сайн туршлагаа бусад байгууллагатай хуваалцаж, жендэрийн сүлжээнд идэвхтэй оролцдог.",
                "The organisation shares good practice and takes an active part in gender networks.",
                "Сүлжээний уулзалтад үе үе оролцдог.",
                "Attends network meetings now and then.",
                "Жил бүр дор хаяж нэг сайн туршлага хуваалцдаг.",
                "Shares at least one good practice every year.",
                "Бусад байгууллагад зөвлөгөө өгч, хамтарсан ажил санаачилдаг.",
                "Advises other organisations and starts joint work.",
            ),
        ],
    ),
]

# (code, name mn, name en, unit)
MEASURES = [
    ("M 1", "Удирдах албан тушаалд эмэгтэйчүүдийн эзлэх хувь", "Share of women in management", "%"),
    ("M 2", "Жендэрийн сургалтад хамрагдсан ажилтны хувь", "Share of staff trained on gender", "%"),
    (
        "M 3",
        "Жендэрийн зорилтод тусгайлан төсөвлөсөн хөрөнгийн хувь",
        "Share of budget tagged for gender",
        "%",
    ),
]


def load(framework_model, area_model, indicator_model, measure_model):
    """Create version 1 (as the current framework) unless it exists; models are passed in so a
    migration can use its historical ones."""
    if framework_model.objects.filter(version=FRAMEWORK["version"]).exists():
        return
    framework = framework_model.objects.create(is_current=True, **FRAMEWORK)
    for a_pos, (area_mn, area_en, indicators) in enumerate(AREAS, start=1):
        area = area_model.objects.create(
            framework=framework, name_mn=area_mn, name_en=area_en, position=a_pos
        )
        for i_pos, row in enumerate(indicators, start=1):
            code, name_mn, name_en, def_mn, def_en, app_mn, app_en, meets_mn, meets_en, exc_mn, exc_en = row
            indicator_model.objects.create(
                area=area, code=code, name_mn=name_mn, name_en=name_en, definition_mn=def_mn,
                definition_en=def_en, approaches_mn=app_mn, approaches_en=app_en, meets_mn=meets_mn,
                meets_en=meets_en, exceeds_mn=exc_mn, exceeds_en=exc_en, position=i_pos,
            )  # fmt: skip
    for m_pos, (code, name_mn, name_en, unit) in enumerate(MEASURES, start=1):
        measure_model.objects.create(
            framework=framework, code=code, name_mn=name_mn, name_en=name_en, unit=unit, position=m_pos
        )
