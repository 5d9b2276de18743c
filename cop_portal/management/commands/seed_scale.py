"""Load a national-scale data set for load tests: ``manage.py seed_scale [--people N ...]``.

Defaults: 210 organisations, 20,000 people, 5,000 meetings (about 1,000 upcoming, the rest
spread over the four years before), 200,000 registrations (most on past meetings, a few
upcoming meetings full with a waitlist) and 100,000 attendance records. Every row it makes
is marked ("scale-" slugs and e-mails, "Scale meeting #" English titles), so a second run
only adds what is missing. Writes in bulk and ends with ANALYZE on PostgreSQL (autovacuum
may be off, and without statistics the planner picks bad plans). Refuses to run with
DJANGO_DEBUG off: it is never meant for a production database.

Two accounts to sign in with, password ``scale-password``: scale-member@example.mn (a
member registered for upcoming meetings) and scale-coordinator@example.mn (coordinator).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from meetings.models import Attendance, Meeting, Registration, SiteVisit, SiteVisitOutcome
from members.models import (
    COORDINATORS_GROUP,
    Community,
    CommunityMembership,
    Level,
    Organisation,
    Province,
    User,
)
from results import scale as results_scale

from ._scale_data import FAMILY, FORMATS, GENDERS, GIVEN_M, GIVEN_W, MODES, TOPICS, _pick, flush_registrations

PASSWORD = "scale-password"
MEMBER_EMAIL = "scale-member@example.mn"
COORDINATOR_EMAIL = "scale-coordinator@example.mn"
TITLE_PREFIX = "Scale meeting #"
BATCH = 5000


class Command(BaseCommand):
    help = "Create a national-scale data set for load tests (debug only; safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=210)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument("--meetings", type=int, default=5_000)
        parser.add_argument("--upcoming", type=int, default=1_000)
        parser.add_argument("--registrations", type=int, default=200_000)
        parser.add_argument("--attendance", type=int, default=100_000)
        parser.add_argument("--actions", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=17)

    def handle(self, *args, **o):
        if not settings.DEBUG:
            raise CommandError("seed_scale only runs with DJANGO_DEBUG=true (never on production data).")
        if o["upcoming"] > o["meetings"]:
            raise CommandError("--upcoming cannot exceed --meetings.")
        started = time.monotonic()
        self.rng = random.Random(o["seed"])
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        with transaction.atomic():
            orgs = self._organisations(o["organisations"])
            root, branches = self._communities(orgs)
            people = self._people(o["people"], orgs)
            self._accounts(people)
            self._branch_members(branches, people)
            meetings = self._meetings(o["meetings"], o["upcoming"], orgs, root, branches)
            self._visits(meetings)
            self._registrations_and_attendance(meetings, people, o)
            member = User.objects.get(email=MEMBER_EMAIL)
            results_scale.seed(orgs=orgs, people=people, actions=o["actions"], rng=self.rng, member=member)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data ready in {time.monotonic() - started:.0f} s: "
                f"{Organisation.objects.count()} organisations, {User.objects.count()} people, "
                f"{Meeting.objects.count()} meetings "
                f"({Meeting.objects.filter(ends_at__gt=timezone.now()).count()} upcoming), "
                f"{Registration.objects.count()} registrations, {Attendance.objects.count()} attendance."
            )
        )
        self.stdout.write(f"  {MEMBER_EMAIL} / {PASSWORD}\n  {COORDINATOR_EMAIL} / {PASSWORD}")

    # --- members ---------------------------------------------------------------------
    def _organisations(self, n: int) -> list[Organisation]:
        kinds = [
            (Organisation.Kind.MINISTRY, 8),
            (Organisation.Kind.AGENCY, 20),
            (Organisation.Kind.PROVINCIAL, 11),
            (Organisation.Kind.DISTRICT, 48),
            (Organisation.Kind.RESEARCH, 8),
            (Organisation.Kind.OTHER, 5),
        ]
        provinces = Province.values
        rng = random.Random(1)
        new = []
        existing = set(
            Organisation.objects.filter(slug__startswith="scale-org-").values_list("slug", flat=True)
        )
        for i in range(n):
            slug = f"scale-org-{i}"
            kind = _pick(rng, kinds)
            central = Organisation.KIND_LEVEL.get(kind, Level.CENTRAL) == Level.CENTRAL
            province = "ulaanbaatar" if central else provinces[i % len(provinces)]
            if slug in existing:
                continue
            new.append(
                Organisation(
                    slug=slug,
                    name_mn=f"Байгууллага {i} ({kind})",
                    name_en=f"Organisation {i}",
                    short_name=f"ORG{i}",
                    kind=kind,
                    level=Organisation.KIND_LEVEL.get(kind, Level.CENTRAL),
                    province=province,
                    member_since=dt.date(2016 + i % 9, 1 + i % 12, 1),
                )
            )
        Organisation.objects.bulk_create(new, batch_size=BATCH)
        return list(Organisation.objects.filter(slug__startswith="scale-org-").order_by("id"))

    def _communities(self, orgs):
        root = Community.objects.filter(parent__isnull=True).first()
        if root is None:
            root = Community.objects.create(
                name_mn="Жендэрийн CoP (масштаб)",
                name_en="Gender CoP (scale)",
                slug="scale-root",
                status=Community.Status.APPROVED,
            )
        existing = set(Community.objects.filter(slug__startswith="scale-cop-").values_list("slug", flat=True))
        new = [
            Community(
                name_mn=f"Салбар CoP {i}",
                name_en=f"Branch CoP {i}",
                slug=f"scale-cop-{i}",
                parent=root,
                host_organisation=orgs[(i * 7) % len(orgs)],
                status=Community.Status.APPROVED if i % 10 else Community.Status.PENDING,
                founded_on=dt.date(2019 + i % 6, 1 + i % 12, 1),
                purpose="Салбар хамтын ажиллагаа.",
            )
            for i in range(max(len(orgs) // 5, 1))
            if f"scale-cop-{i}" not in existing
        ]
        Community.objects.bulk_create(new, batch_size=BATCH)
        branches = list(
            Community.objects.filter(
                slug__startswith="scale-cop-", status=Community.Status.APPROVED
            ).order_by("id")
        )
        return root, branches

    def _people(self, n: int, orgs) -> list[User]:
        rng = random.Random(2)
        password = make_password(PASSWORD)
        existing = User.objects.filter(email__startswith="scale-person-").count()
        # Big ministries and the capital's agencies have many people; soums a few (Zipf-like).
        weights = [1 / (1 + i) ** 0.8 for i in range(len(orgs))]
        statuses = [
            (User.Status.APPROVED, 88),
            (User.Status.APPLIED, 6),
            (User.Status.NEW, 4),
            (User.Status.DECLINED, 2),
        ]
        new = []
        for i in range(n):
            gender = _pick(rng, GENDERS)
            given = rng.choice(GIVEN_M if gender == User.Gender.MAN else GIVEN_W)
            org = rng.choices(orgs, weights=weights)[0]
            status = _pick(rng, statuses)
            if i < existing:
                continue
            new.append(
                User(
                    email=f"scale-person-{i}@example.mn",
                    full_name=f"{given} {rng.choice(FAMILY)}",
                    organisation=org if status != User.Status.NEW or i % 2 else None,
                    gender=gender if i % 9 else "",
                    position="Мэргэжилтэн",
                    preferred_language="en" if i % 10 == 0 else "mn",
                    status=status,
                    password=password,
                    is_organisation_contact=i % 97 == 0,
                )
            )
        User.objects.bulk_create(new, batch_size=BATCH)
        people = list(
            User.objects.filter(email__startswith="scale-person-")
            .order_by("id")
            .only("id", "full_name", "gender", "organisation_id", "status")
        )
        have = set(
            EmailAddress.objects.filter(email__startswith="scale-person-").values_list("email", flat=True)
        )
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user_id=p.id, email=f"scale-person-{i}@example.mn", verified=True, primary=True)
                for i, p in enumerate(people)
                if f"scale-person-{i}@example.mn" not in have
            ],
            batch_size=BATCH,
        )
        return people

    def _accounts(self, people) -> None:
        org = Organisation.objects.filter(slug="scale-org-0").first()
        for email, name in ((MEMBER_EMAIL, "Scale Member"), (COORDINATOR_EMAIL, "Scale Coordinator")):
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "full_name": name,
                    "organisation": org,
                    "status": User.Status.APPROVED,
                    "gender": User.Gender.WOMAN,
                    "password": make_password(PASSWORD),
                },
            )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if email == COORDINATOR_EMAIL:
                user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
        self.member = User.objects.get(email=MEMBER_EMAIL)

    def _branch_members(self, branches, people) -> None:
        if not branches or CommunityMembership.objects.filter(community__in=branches).exists():
            return
        rng = random.Random(3)
        rows = []
        for branch in branches:
            for person in rng.sample(people, min(len(people), rng.randint(8, 60))):
                rows.append(CommunityMembership(community=branch, user_id=person.id))
        CommunityMembership.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)

    # --- meetings ----------------------------------------------------------------------
    def _meetings(self, n: int, upcoming: int, orgs, root, branches) -> list[Meeting]:
        existing = set(
            Meeting.objects.filter(title_en__startswith=TITLE_PREFIX).values_list("title_en", flat=True)
        )
        rng = random.Random(4)
        provinces = Province.values
        past = n - upcoming
        new = []
        for i in range(n):
            if i < past:
                # Four years back, evenly: about 1,000 a year.
                starts = self.now - dt.timedelta(hours=2 + (past - i) * (4 * 365 * 24) // max(past, 1))
            else:
                # Twelve months ahead.
                starts = self.now + dt.timedelta(hours=24 + (i - past) * (365 * 24) // max(upcoming, 1))
            starts = starts.replace(hour=1 + i % 8)  # 09:00–16:00 in Ulaanbaatar
            fmt = _pick(rng, FORMATS)
            mode = _pick(rng, MODES)
            mn, en = rng.choice(TOPICS)
            status = Meeting.Status.PUBLISHED
            roll = rng.random()
            if roll < 0.03:
                status = Meeting.Status.CANCELLED
            elif roll < 0.05:
                status = Meeting.Status.DRAFT
            province = "ulaanbaatar" if rng.random() < 0.45 else rng.choice(provinces)
            community = root if rng.random() < 0.8 or not branches else rng.choice(branches)
            capacity = None if rng.random() < 0.45 else rng.choice([20, 30, 40, 60, 80, 120])
            title = f"{TITLE_PREFIX}{i}"
            if title in existing:
                continue
            new.append(
                Meeting(
                    title_mn=f"{mn} — уулзалт {i}",
                    title_en=title,
                    description_mn=f"{mn}: туршлага солилцох уулзалт.",
                    description_en=f"{en}: an exchange of practice.",
                    format=fmt,
                    community=community,
                    host_organisation=rng.choice(orgs),
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=rng.choice([2, 3, 4])),
                    mode=mode,
                    venue=f"Хурлын танхим {i % 40}",
                    province=province,
                    online_url="https://meet.example.mn/scale" if mode != Meeting.Mode.IN_PERSON else "",
                    capacity=capacity,
                    status=status,
                    published_at=None if status == Meeting.Status.DRAFT else starts - dt.timedelta(days=30),
                    cancelled_at=starts - dt.timedelta(days=3)
                    if status == Meeting.Status.CANCELLED
                    else None,
                    cancellation_reason="Зохион байгуулагч өвчтэй."
                    if status == Meeting.Status.CANCELLED
                    else "",
                )
            )
        Meeting.objects.bulk_create(new, batch_size=BATCH)
        return list(Meeting.objects.filter(title_en__startswith=TITLE_PREFIX).order_by("starts_at", "id"))

    def _visits(self, meetings) -> None:
        visits = [m for m in meetings if m.format == Meeting.Format.SITE_VISIT]
        have = set(SiteVisit.objects.filter(meeting__in=visits).values_list("meeting_id", flat=True))
        created = SiteVisit.objects.bulk_create(
            [
                SiteVisit(
                    meeting=m,
                    place=f"Сум {m.pk % 300}",
                    purpose_mn="Сайн туршлагатай танилцах.",
                    good_practices="Эмэгтэй малчдын хоршоо.",
                )
                for m in visits
                if m.pk not in have
            ],
            batch_size=BATCH,
        )
        SiteVisitOutcome.objects.bulk_create(
            [
                SiteVisitOutcome(
                    visit=v, label_mn="Суулгасан мод", label_en="Trees planted", quantity=50 + v.pk % 200
                )
                for v in created
            ],
            batch_size=BATCH,
        )

    def _registrations_and_attendance(self, meetings, people, o) -> None:
        now = self.now
        live = [m for m in meetings if m.status != Meeting.Status.DRAFT]
        past = [m for m in live if m.ends_at <= now]
        ahead = [m for m in live if m.ends_at > now]
        done = set(
            Registration.objects.filter(meeting__in=meetings).values_list("meeting_id", flat=True).distinct()
        )
        # 80 % of registrations on past meetings; attendance only there.
        per_past = o["registrations"] * 0.8 / max(len(past), 1)
        per_ahead = o["registrations"] * 0.2 / max(len(ahead), 1)
        attend_rate = min(o["attendance"] / max(o["registrations"] * 0.8 * 0.95, 1), 1.0)
        members = [p for p in people if p.status == User.Status.APPROVED] or people
        member_ids = [p.id for p in members]
        by_id = {p.id: p for p in members}
        regs: list[Registration] = []
        atts: list[Attendance] = []
        rng = random.Random(5)
        first_ahead = {m.pk for m in ahead[:5]}
        for m in past + ahead:
            is_past = m.ends_at <= now
            # Spread around the mean; 1.12 makes up for the meetings capped at their capacity.
            want = max(1, int((per_past if is_past else per_ahead) * rng.uniform(0.3, 1.7) * 1.12))
            want = min(want, len(member_ids))
            full = False
            if m.capacity is not None:
                if not is_past and rng.random() < 0.05:
                    full = True  # a popular meeting: seats gone, people waiting
                    want = min(m.capacity + rng.randint(3, 15), len(member_ids))
                elif want > m.capacity:
                    want = m.capacity
            if m.pk in done:
                continue
            chosen = rng.sample(member_ids, want)
            # The benchmark's member is registered for the next few meetings and some later.
            if not is_past and (m.pk in first_ahead or rng.random() < 0.02) and self.member.id not in chosen:
                chosen[0] = self.member.id
            for k, uid in enumerate(chosen):
                queued = m.starts_at - dt.timedelta(days=20) + dt.timedelta(minutes=k * 7)
                status = Registration.Status.CONFIRMED
                if full and m.capacity is not None and k >= m.capacity:
                    status = Registration.Status.WAITLISTED
                elif rng.random() < 0.07:
                    status = Registration.Status.CANCELLED
                regs.append(
                    Registration(
                        meeting=m,
                        user_id=uid,
                        status=status,
                        queued_at=queued,
                        confirmed_at=queued if status == Registration.Status.CONFIRMED else None,
                        cancelled_at=queued + dt.timedelta(days=2)
                        if status == Registration.Status.CANCELLED
                        else None,
                    )
                )
            if len(regs) >= BATCH:
                atts += flush_registrations(regs, by_id, attend_rate, rng, self.now, self.member)
                regs = []
            if len(atts) >= BATCH:
                Attendance.objects.bulk_create(atts, batch_size=BATCH)
                atts = []
        atts += flush_registrations(regs, by_id, attend_rate, rng, self.now, self.member)
        Attendance.objects.bulk_create(atts, batch_size=BATCH)
