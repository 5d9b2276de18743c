"""Demo data of the elections app: last year's finished election, this year's in nominations.

Runs every step through the services (nominations, ballots, phases, publication, terms),
so the demo shows what the portal really records. Idempotent: keyed on the election year.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.demo import COORDINATOR_EMAIL
from members.models import Level

from . import services
from .models import Election, Nomination, Seat

SEATS = [
    ("central", "Төв засгийн газрын зохицуулагч", "Central government coordinator", Level.CENTRAL),
    ("local", "Орон нутгийн засаг захиргааны зохицуулагч", "Local government coordinator", Level.LOCAL),
]

STATEMENTS = {
    "coordinator": "Сарын уулзалтуудыг тогтмол, хүртээмжтэй байлгаж, яамдын жендэрийн зөвлөлүүдийг холбоно.",
    "met.2": "Салбарын бодлогод жендэрийн шинжилгээг тусгах туршлагаа хуваалцана.",
    "dundgovi.3": "Аймгуудын туршлага солилцох айлчлалыг өргөжүүлнэ.",
    "dornod.1": "Орон нутгийн сургалтуудыг онлайнаар бүх аймагт хүргэнэ.",
    "met.3": "Төрийн албан хаагчдад зориулсан жендэрийн сургалтын багцыг шинэчилнэ.",
    "omnogovi.2": "Уул уурхайн бүс нутгийн эмэгтэйчүүдийн оролцоог нэмэгдүүлэх ажлыг манлайлна.",
}


def _person(key: str):
    User = get_user_model()
    if key == "coordinator":
        return User.objects.get(email=COORDINATOR_EMAIL)
    return User.objects.get(email=f"{key}@example.mn")


def _election(year: int, *, opens: dt.datetime, term_year: int) -> tuple[Election, bool]:
    election, created = Election.objects.get_or_create(
        year=year,
        defaults={
            "nominations_open_at": opens,
            "nominations_close_at": opens + dt.timedelta(days=15),
            "voting_open_at": opens + dt.timedelta(days=18),
            "voting_close_at": opens + dt.timedelta(days=25),
            "term_starts_on": dt.date(term_year, 1, 1),
            "term_ends_on": dt.date(term_year, 12, 31),
            "tie_rule": Election.TieRule.LOTS,
        },
    )
    if created:
        for position, (code, name_mn, name_en, level) in enumerate(SEATS):
            Seat.objects.create(
                election=election, code=code, name_mn=name_mn, name_en=name_en, level=level, position=position
            )
    return election, created


def _stand(election: Election, code: str, key: str) -> Nomination:
    person = _person(key)
    seat = election.seats.get(code=code)
    return services.nomination_create(seat=seat, nominee=person, actor=person, statement=STATEMENTS[key])


def _seed_last_year(year: int, now: dt.datetime, coordinator) -> Election:
    election, created = _election(year, opens=now - dt.timedelta(days=400), term_year=year + 1)
    if not created:
        return election
    services.elections_advance_due(now=election.nominations_open_at + dt.timedelta(hours=1))
    election.refresh_from_db()
    central = [_stand(election, "central", "coordinator"), _stand(election, "central", "met.2")]
    local = [_stand(election, "local", "dundgovi.3"), _stand(election, "local", "dornod.1")]
    during = election.voting_open_at + dt.timedelta(hours=1)
    services.elections_advance_due(now=during)
    voters = list(
        get_user_model()
        .objects.filter(status="approved", email__regex=r"^[a-z]+\.[0-9]+@example\.mn$")
        .order_by("email")
    )
    # A plausible spread: most vote, a few abstain, three stay away.
    for i, voter in enumerate(voters[:-3]):
        central_choice = central[0] if i % 5 in (0, 1, 2) else central[1] if i % 5 == 3 else None
        local_choice = local[0] if i % 4 in (0, 1) else local[1] if i % 4 == 2 else None
        services.ballot_cast(seat=central[0].seat, actor=voter, nomination=central_choice, now=during)
        services.ballot_cast(seat=local[0].seat, actor=voter, nomination=local_choice, now=during)
    services.ballot_cast(seat=central[0].seat, actor=coordinator, nomination=central[0], now=during)
    # Voting closes on its date: turnout recorded, results published, terms created.
    services.elections_advance_due(now=election.voting_close_at + dt.timedelta(minutes=1))
    services.coordinator_terms_sync(today=timezone.localdate(now))
    election.refresh_from_db()
    return election


def _seed_this_year(year: int, now: dt.datetime) -> Election:
    election, created = _election(year, opens=now - dt.timedelta(days=8), term_year=year + 1)
    if not created:
        return election
    services.elections_advance_due(now=now)
    election.refresh_from_db()
    _stand(election, "central", "met.3")
    _stand(election, "local", "omnogovi.2")
    return election


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    """Last year's election with results and terms; this year's open for nominations."""
    context = context or {}
    now = timezone.now()
    year = timezone.localdate(now).year
    coordinator = context.get("coordinator") or _person("coordinator")
    last = _seed_last_year(year - 1, now, coordinator)
    current = _seed_this_year(year, now)
    return {"elections": {"last": last, "current": current}}
