"""Demo feedback on the latest past meetings from everyone recorded present (seed_demo calls
``seed`` after the meetings', branches' and proposals' demos; idempotent)."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from meetings.models import Attendance, Meeting

from .models import Feedback

COMMENTS = [
    ("Жишээнүүд бодит байсан.", "Асуулт хариултад илүү цаг.", "Жендэрийн аудитын дараагийн шат"),
    ("Илтгэгч сайн бэлтгэсэн.", "", "Орон нутгийн туршлага"),
    ("Бүлгийн ажил хэрэгтэй байсан.", "Материалыг урьдчилан илгээх.", ""),
]


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    """``context``: the members' and meetings' demo objects (accounts, meetings)."""
    context = context or {}
    coordinator, member = context["coordinator"], context["member"]
    rng = random.Random(16)
    now = timezone.now()
    past = [m for m in context["meetings"] if m.ends_at <= now and m.status == Meeting.Status.PUBLISHED]
    if past:
        latest = max(past, key=lambda m: m.starts_at)
        # The demo member was present at the latest meeting: a certificate to download and
        # feedback given.
        Attendance.objects.get_or_create(
            meeting=latest,
            user=member,
            defaults={
                "full_name": member.get_full_name(),
                "organisation_id": member.organisation_id,
                "gender": member.gender,
                "recorded_by": coordinator,
            },
        )
        for meeting in sorted(past, key=lambda m: m.starts_at)[-3:]:
            present = Attendance.objects.filter(meeting=meeting, user__isnull=False).select_related(
                "user__organisation"
            )
            for n, attendance in enumerate(present):
                worked, change, topics = COMMENTS[n % len(COMMENTS)]
                user = attendance.user
                Feedback.objects.get_or_create(
                    meeting=meeting,
                    user=user,
                    defaults={
                        "usefulness": rng.choice([3, 4, 4, 5, 5]),
                        "what_worked": worked,
                        "what_to_change": change,
                        "topics_wanted": topics,
                        "gender": user.gender,
                        "level": user.organisation.level if user.organisation else "",
                    },
                )
    return {}
