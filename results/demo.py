"""Demo gender results (idempotent): the visits' follow-ups and the joint plan carried over into
actions, three years of accepted audits for the ten organisations (improving unevenly), this
year's audits in progress, and actions in every status, some overdue, with their timelines.

Rows are written directly (as the other demos do), keyed so that a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from meetings.models import FollowUpAction, JointPlanItem
from members.models import Organisation, User

from . import framework_data, legacy
from .models import (
    Action,
    ActionUpdate,
    Area,
    Audit,
    AuditRating,
    Award,
    Framework,
    Indicator,
    Level,
    Measure,
    MeasureValue,
)
from .selectors import framework_indicators

# Per organisation: starting level (1–3) and yearly improvement (0, ½ or 1 level).
PROFILE = {
    "met": (2, 0.5), "mmhi": (1, 0.5), "mrpam": (1, 0.0), "nso": (2, 1.0), "alamgac": (1, 1.0),
    "igg": (3, 0.5), "dundgovi": (2, 0.5), "dornod": (1, 1.0), "omnogovi": (2, 0.0), "dornogovi": (1, 0.5),
}  # fmt: skip
PUBLISHED = {"igg", "nso", "dundgovi", "met"}
FINDINGS = (
    "Жендэрийн бодлого батлагдсан боловч хэрэгжилтийн төлөвлөгөө, төсөв тодорхой бус. "
    "Удирдах албан тушаалд эмэгтэйчүүдийн эзлэх хувь бага хэвээр байна. "
    "Бэлгийн дарамтаас урьдчилан сэргийлэх журмыг ажилтнуудын тал хувь нь мэддэггүй."
)
RECOMMENDATIONS = (
    "1. Жендэрийн бодлогын хэрэгжилтийн төлөвлөгөөг төсөвтэй нь батлах.\n"
    "2. Сонгон шалгаруулалтын журамд хүйсийн тэнцвэрийн зорилт тусгах.\n"
    "3. Бүх ажилтанд бэлгийн дарамтаас урьдчилан сэргийлэх сургалт зохион байгуулах."
)
ACTION_TITLES = [
    "Жендэрийн бодлогын хэрэгжилтийн төлөвлөгөө батлах",
    "Бэлгийн дарамтаас урьдчилан сэргийлэх журам батлах, танилцуулах",
    "Хүний нөөцийн мэдээллийг хүйсээр ангилж тайлагнах",
    "Удирдах ажилтнуудад жендэрийн сургалт зохион байгуулах",
    "Жендэрийн зорилтод тусгай төсөв тусгах",
]
STATUS_CYCLE = ["planned", "in_progress", "in_progress", "done", "done", "dropped"]


def _unit(*parts) -> float:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _level(slug: str, code: str, step: int) -> int:
    start, pace = PROFILE.get(slug, (2, 0.5))
    if _unit(slug, code, "na") < 0.04:
        return Level.NOT_APPLICABLE
    value = start + pace * step + (_unit(slug, code, step) - 0.5) * 1.6
    return int(min(Level.EXCEEDS, max(Level.MISSING, round(value))))


def _audit(
    org, year, step, framework, indicators, measures, coordinator, contact, status=Audit.Status.ACCEPTED
):
    audit, created = Audit.objects.get_or_create(
        organisation=org,
        year=year,
        version=1,
        defaults={
            "framework": framework,
            "status": status,
            "method": Audit.Method.PARTICIPATORY if step % 2 else Audit.Method.SELF,
            "period_start": dt.date(year, 1, 1),
            "period_end": dt.date(year, 12, 31),
            "participants_women": 6 + int(_unit(org.slug, year, "w") * 10),
            "participants_men": 3 + int(_unit(org.slug, year, "m") * 8),
            "findings": FINDINGS if status != Audit.Status.DRAFT else "",
            "recommendations": RECOMMENDATIONS if status != Audit.Status.DRAFT else "",
            "publish_scorecard": org.slug in PUBLISHED,
            "created_by": contact,
            "submitted_by": contact if status != Audit.Status.DRAFT else None,
            "submitted_at": timezone.now() if status != Audit.Status.DRAFT else None,
            "reviewed_by": coordinator if status == Audit.Status.ACCEPTED else None,
            "reviewed_at": timezone.now() if status == Audit.Status.ACCEPTED else None,
        },
    )
    if not created:
        return audit
    draft = status == Audit.Status.DRAFT
    AuditRating.objects.bulk_create(
        AuditRating(
            audit=audit,
            indicator=indicator,
            level=None if draft and i > 5 else _level(org.slug, indicator.code, step),
            evidence="" if draft else f"{indicator.code}: тушаал, тайлан, ажилтнуудын санал асуулгын дүн.",
        )
        for i, indicator in enumerate(indicators)
    )
    women = Decimal(
        25 + int(_unit(org.slug, "women") * 15) + step * int(PROFILE.get(org.slug, (2, 0.5))[1] * 6)
    )
    values = {
        "M 1": (women, Decimal(25), Decimal(40)),
        "M 2": (Decimal(20 + step * 20), Decimal(10), Decimal(80)),
    }
    MeasureValue.objects.bulk_create(
        MeasureValue(audit=audit, measure=m, actual=values.get(m.code, (None,))[0],
                     baseline=values.get(m.code, (None, None))[1], target=values.get(m.code, (None, None, None))[2])
        for m in measures
    )  # fmt: skip
    return audit


def _actions(orgs, audits, coordinator, member, contact) -> None:
    today = timezone.localdate()
    n = 0
    for slug, org in orgs.items():
        people = list(User.objects.filter(organisation=org, status=User.Status.APPROVED).order_by("pk")[:3])
        if slug == "dundgovi":
            people.insert(0, member)
        if slug == "dornod":
            people.insert(0, contact)
        latest = audits.get(slug)
        gaps = list(
            latest.ratings.filter(level__in=[Level.MISSING, Level.APPROACHES]).select_related("indicator")[:5]
        ) if latest else []  # fmt: skip
        for i, title in enumerate(ACTION_TITLES):
            ref = f"demo:{slug}:{i}"
            if Action.objects.filter(legacy_ref=ref).exists():
                n += 1
                continue
            status = STATUS_CYCLE[(n + i) % len(STATUS_CYCLE)]
            due = today + dt.timedelta(days=int(-200 + _unit(ref) * 400))
            if i == 0 and slug in ("dundgovi", "dornod"):  # the demo accounts each own an overdue one
                status, due = "in_progress", today - dt.timedelta(days=20)
            progress = {
                "planned": 0,
                "in_progress": 20 + int(_unit(ref, "p") * 60),
                "done": 100,
                "dropped": 10,
            }[status]
            gap = gaps[i] if i < len(gaps) else None
            action = Action.objects.create(
                title=title,
                owner=people[i % len(people)] if people else None,
                due_on=due,
                status=status,
                progress=progress,
                done_on=(due - dt.timedelta(days=int(_unit(ref, "d") * 40) - 10))
                if status == "done"
                else None,
                dropped_reason="Байгууллагын бүтэц өөрчлөгдсөн тул дараагийн төлөвлөгөөнд шилжүүлэв."
                if status == "dropped"
                else "",
                source=Action.Source.AUDIT,
                audit=latest,
                indicator=gap.indicator if gap else None,
                legacy_ref=ref,
                created_by=coordinator,
            )
            action.organisations.add(org)
            if status != "planned":
                ActionUpdate.objects.create(
                    action=action, at=timezone.now() - dt.timedelta(days=60), author=action.owner,
                    note="Ажлын хэсэг байгуулж, төлөвлөгөө гаргав.", status="in_progress", progress=min(progress, 20),
                )  # fmt: skip
                ActionUpdate.objects.create(
                    action=action, at=timezone.now() - dt.timedelta(days=10), author=action.owner,
                    note="Удирдлагын зөвлөлөөр хэлэлцүүлэв." if status != "dropped" else action.dropped_reason,
                    status=status, progress=progress,
                )  # fmt: skip
            n += 1


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    context = context or {}
    legacy.carry_over(
        action_model=Action,
        update_model=ActionUpdate,
        followup_model=FollowUpAction,
        jointplan_model=JointPlanItem,
    )
    # The migration seeds the default framework; a flushed database (a transactional test, a
    # restore of an empty dump) has none, so the demo brings it back the same way.
    framework_data.load(Framework, Area, Indicator, Measure)
    framework = Framework.objects.get(is_current=True)
    indicators = framework_indicators(framework.pk)
    measures = list(framework.measures.all())
    orgs = context.get("organisations") or {o.slug: o for o in Organisation.objects.all()}
    coordinator = context.get("coordinator") or User.objects.get(email="coordinator@example.mn")
    member = context.get("member") or User.objects.get(email="member@example.mn")
    contact = context.get("contact") or User.objects.filter(is_organisation_contact=True).first()
    this_year = timezone.localdate().year
    latest = {}
    for slug, org in sorted(orgs.items()):
        for step, year in enumerate(range(this_year - 3, this_year)):
            latest[slug] = _audit(org, year, step, framework, indicators, measures, coordinator, contact)
    if "dornod" in orgs:  # the demo contact's audit of this year, a draft to continue
        _audit(
            orgs["dornod"],
            this_year,
            3,
            framework,
            indicators,
            measures,
            coordinator,
            contact,
            Audit.Status.DRAFT,
        )
    if "nso" in orgs:  # one awaiting the coordinators' review
        _audit(
            orgs["nso"],
            this_year,
            3,
            framework,
            indicators,
            measures,
            coordinator,
            contact,
            Audit.Status.SUBMITTED,
        )
    _actions(orgs, latest, coordinator, member, contact)
    if "igg" in orgs:
        award, created = Award.objects.get_or_create(
            organisation=orgs["igg"],
            year=this_year - 1,
            title_mn="Жендэрийн бодлогыг хамгийн сайн хэрэгжүүлсэн байгууллага",
            defaults={
                "title_en": "Best Implementation of Gender Policy",
                "awarded_by_mn": "Жендэрийн тэгш байдлын үндэсний хороо",
                "awarded_by_en": "National Committee on Gender Equality",
            },
        )
        if created:
            award.members.add(coordinator, *User.objects.filter(organisation=orgs["igg"])[:3])
    return {}
