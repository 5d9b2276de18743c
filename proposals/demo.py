"""Demo proposals in every state, with supports and history (seed_demo calls ``seed`` after
the meetings' demo; idempotent: keyed on the title)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from .models import Proposal, ProposalEvent, ProposalSupport

PROPOSALS = [
    # title, kind, status, answer, hidden reason
    ("Жендэрийн мэдрэмжтэй төсөвлөлтийн сургалт", Proposal.Kind.TOPIC, Proposal.Status.OPEN, "", ""),
    (
        "Эрэгтэй ажилтнуудыг оролцуулах арга зам",
        Proposal.Kind.MEETING,
        Proposal.Status.CONSIDERING,
        "Дараагийн улиралд хэлэлцэнэ.",
        "",
    ),
    (
        "Дорноговь аймгийн ЗДТГ-т туршлага судлах айлчлал",
        Proposal.Kind.SITE_VISIT,
        Proposal.Status.ACCEPTED,
        "Айлчлалыг төлөвлөгөөнд оруулав.",
        "",
    ),
    (
        "Бүх яамдад хүүхэд асрах өрөө байгуулах",
        Proposal.Kind.PLAN_ACTION,
        Proposal.Status.NOT_TAKEN_UP,
        "Энэ нь сүлжээний хамтарсан төлөвлөгөөний хүрээнээс гадуур; яам бүр өөрийн төлөвлөгөөнд тусгана уу.",
        "",
    ),
    ("Жендэрийн статистикийн мэдээллийн сан", Proposal.Kind.TOPIC, Proposal.Status.OPEN, "", ""),
    ("Зар сурталчилгаа", Proposal.Kind.TOPIC, Proposal.Status.OPEN, "", "Сүлжээний сэдэвт хамааралгүй."),
]


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    """``context``: the members' and meetings' demo objects (people, accounts, meetings)."""
    context = context or {}
    coordinator, member, people = context["coordinator"], context["member"], context["people"]
    rng = random.Random(16)
    now = timezone.now()
    upcoming = [m for m in context["meetings"] if m.starts_at > now]
    proposers = [member] + people[:5]
    for index, (title, kind, status, answer, hidden) in enumerate(PROPOSALS):
        proposer = proposers[index % len(proposers)]
        created = now - dt.timedelta(days=30 - index * 4)
        proposal, made = Proposal.objects.get_or_create(
            title=title,
            defaults={
                "description": f"{title}. Дэлгэрэнгүй: https://example.mn/cop/sanal/{index + 1}",
                "kind": kind,
                "proposer": proposer,
                "province": "dornogovi" if kind == Proposal.Kind.SITE_VISIT else "",
            },
        )
        if not made:
            continue
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        ProposalEvent.objects.create(
            proposal=proposal, action=ProposalEvent.Action.CREATED, status="open", actor=proposer
        )
        supporters = [p for p in rng.sample(people, min(len(people), 3 + index * 2)) if p != proposer]
        ProposalSupport.objects.bulk_create(
            [ProposalSupport(proposal=proposal, user=p) for p in supporters], ignore_conflicts=True
        )
        if status != Proposal.Status.OPEN:
            meeting = upcoming[0] if status == Proposal.Status.ACCEPTED and upcoming else None
            Proposal.objects.filter(pk=proposal.pk).update(
                status=status,
                answer=answer,
                answered_by=coordinator,
                answered_at=created + dt.timedelta(days=3),
                meeting=meeting,
            )
            ProposalEvent.objects.create(
                proposal=proposal,
                action=ProposalEvent.Action.ANSWERED,
                status=status,
                note=answer,
                meeting=meeting,
                actor=coordinator,
            )
        if hidden:
            Proposal.objects.filter(pk=proposal.pk).update(
                hidden_at=now, hidden_reason=hidden, hidden_by=coordinator
            )
            ProposalEvent.objects.create(
                proposal=proposal, action=ProposalEvent.Action.HIDDEN, note=hidden, actor=coordinator
            )
    return {}
