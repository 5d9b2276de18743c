"""Data of ``seed_scale``: names, weights, and the registrations-to-attendance step."""

from __future__ import annotations

import random

from meetings.models import Attendance, Meeting, Registration
from members.models import User

BATCH = 5000

GIVEN_W = ["Болормаа", "Сарангэрэл", "Энхжаргал", "Хулан", "Нарантуяа", "Оюунчимэг", "Алтанцэцэг", "Баярмаа"]
GIVEN_M = ["Ганбаатар", "Мөнхбат", "Бат-Очир", "Тэмүүлэн", "Отгонбаяр", "Эрдэнэбилэг", "Ганзориг"]
FAMILY = ["Гансүх", "Түмэн", "Должин", "Батбаяр", "Дорж", "Энхтөр", "Баяр", "Пүрэв", "Цэрэн", "Сүх"]
TOPICS = [
    ("Жендэрийн төсөвлөлт", "Gender budgeting"),
    ("Хүйсээр ангилсан статистик", "Sex-disaggregated statistics"),
    ("Уул уурхай ба жендэр", "Mining and gender"),
    ("Уур амьсгалын өөрчлөлт ба эмэгтэйчүүд", "Climate change and women"),
    ("Жендэрийн аудит", "Gender audit"),
    ("Бэлчээрийн менежмент", "Pasture management"),
]
# Weights: mostly discussions and trainings, one convention a year, some site visits.
FORMATS = [
    (Meeting.Format.EXPERT_DISCUSSION, 40),
    (Meeting.Format.TRAINING, 25),
    (Meeting.Format.GENDER_AUDIT, 10),
    (Meeting.Format.PUBLIC_PANEL, 10),
    (Meeting.Format.SITE_VISIT, 10),
    (Meeting.Format.OTHER, 5),
]
MODES = [(Meeting.Mode.IN_PERSON, 55), (Meeting.Mode.ONLINE, 20), (Meeting.Mode.HYBRID, 25)]
# Roughly as in the demo: most participants are women.
GENDERS = [
    (User.Gender.WOMAN, 62),
    (User.Gender.MAN, 31),
    (User.Gender.ANOTHER, 2),
    (User.Gender.UNDISCLOSED, 5),
]


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def flush_registrations(regs, by_id, attend_rate, rng, now, member) -> list[Attendance]:
    """Insert ``regs``; return attendance for confirmed registrations of past meetings."""
    Registration.objects.bulk_create(regs, batch_size=BATCH)
    atts = []
    for r in regs:
        if r.meeting.ends_at > now or r.status != Registration.Status.CONFIRMED:
            continue
        if rng.random() >= attend_rate:
            continue
        person = by_id.get(r.user_id) or member
        atts.append(
            Attendance(
                meeting=r.meeting,
                user_id=r.user_id,
                registration_id=r.pk,
                full_name=person.full_name or "—",
                organisation_id=person.organisation_id,
                gender=person.gender,
                joined_online=r.meeting.mode == Meeting.Mode.ONLINE,
            )
        )
        if rng.random() < 0.02:  # a guest who came without registering
            atts.append(
                Attendance(
                    meeting=r.meeting,
                    full_name=f"Зочин {r.pk}",
                    organisation_id=person.organisation_id,
                    gender=User.Gender.WOMAN,
                    is_walk_in=True,
                )
            )
    return atts
