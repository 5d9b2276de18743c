"""Demo meetings of the two branches of the article, run by their own people: the
institute's first branch and the new Dundgovi branch (the 220 seedlings planted in spring).
A few past meetings with attendance and published minutes, one upcoming each. seed_demo
calls ``seed`` after the meetings' demo; idempotent (keyed on title and start, with the
meetings' demo helpers)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from meetings.demo import demo_attend, demo_meeting
from meetings.models import Meeting
from members.models import Community, User

F, MODE = Meeting.Format, Meeting.Mode


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(
        dt.datetime(day.year, day.month, day.day, hour), timezone.get_current_timezone()
    )


def _branch_meetings(branch: Community, rows, *, attend: int) -> list[Meeting]:
    people = list(
        User.objects.filter(community_memberships__community=branch, status=User.Status.APPROVED).order_by(
            "pk"
        )
    )
    meetings = []
    for days, hour, fmt, mode, title_mn, title_en, minutes_mn in rows:
        starts = _at(days, hour) if isinstance(days, int) else days
        past = starts < timezone.now()
        meeting = demo_meeting(
            title_mn=title_mn,
            starts_at=starts,
            title_en=title_en,
            format=fmt,
            community=branch,
            host_organisation=branch.host_organisation,
            organiser=branch.focal_person,
            ends_at=starts + dt.timedelta(hours=2),
            mode=mode,
            venue=branch.host_organisation.name_mn if mode != MODE.ONLINE else "",
            province=branch.host_organisation.province,
            online_url="https://meet.example.mn/branch" if mode != MODE.IN_PERSON else "",
            status=Meeting.Status.PUBLISHED,
            published_at=starts - dt.timedelta(days=14),
            minutes_mn=minutes_mn if past else "",
            minutes_published_at=starts + dt.timedelta(days=2) if past and minutes_mn else None,
        )
        if past:
            demo_attend(meeting, people[:attend], recorded_by=branch.focal_person)
        meetings.append(meeting)
    return meetings


@transaction.atomic
def seed(context: dict | None = None) -> dict:
    """The two branches' meetings, added to the demo's meetings (``context["meetings"]``) for
    the proposals' and feedback's demos that follow."""
    context = context or {}
    igg = Community.objects.filter(slug="igg-gender-research").select_related("host_organisation").first()
    dundgovi = (
        Community.objects.filter(slug="dundgovi-gender-cop").select_related("host_organisation").first()
    )
    meetings: list[Meeting] = []
    if igg is not None and igg.focal_person_id:
        meetings += _branch_meetings(
            igg,
            [
                (
                    -45,
                    15,
                    F.TRAINING,
                    MODE.IN_PERSON,
                    "Салбарын семинар: хүйсээр ангилсан өгөгдөл цуглуулах",
                    "Branch seminar: collecting sex-disaggregated data",
                    "Хээрийн судалгааны асуулгад хүйсээр ангилсан асуултуудыг нэмэхээр тохиров.",
                ),
                (
                    -17,
                    15,
                    F.EXPERT_DISCUSSION,
                    MODE.HYBRID,
                    "Газар ашиглалтын судалгаа ба жендэр: туршлага солилцоо",
                    "Land-use research and gender: sharing experience",
                    "Дараагийн уулзалтаар бэлчээрийн судалгааны үр дүнг хэлэлцэнэ.",
                ),
                (
                    16,
                    15,
                    F.EXPERT_DISCUSSION,
                    MODE.HYBRID,
                    "Бэлчээрийн судалгааны үр дүнг жендэрийн өнцгөөс хэлэлцэх",
                    "Pasture research results through a gender lens",
                    "",
                ),
            ],
            attend=6,
        )
    if dundgovi is not None and dundgovi.focal_person_id:
        meetings += _branch_meetings(
            dundgovi,
            [
                (
                    _spring_planting(),
                    10,
                    F.OTHER,
                    MODE.IN_PERSON,
                    "Мод тарих өдөр: бэлэглэсэн 220 суулгацыг тарих",
                    "Tree-planting day: planting the 220 donated seedlings",
                    "Бүлгийн гишүүд Мандалговь хотын ногоон байгууламжид 220 суулгац тарив.",
                ),
                (
                    -30,
                    14,
                    F.EXPERT_DISCUSSION,
                    MODE.IN_PERSON,
                    "Цөлжилттэй тэмцэх ажил дахь эмэгтэйчүүдийн оролцоо",
                    "Women's part in fighting desertification",
                    "Ойжуулалтын ажилд оролцогчдын бүртгэлийг хүйсээр гаргахаар шийдэв.",
                ),
                (
                    12,
                    14,
                    F.TRAINING,
                    MODE.HYBRID,
                    "Ойжуулалтын төслийн жендэрийн дүн шинжилгээ",
                    "Gender analysis of the afforestation project",
                    "",
                ),
            ],
            attend=5,
        )
    return {"meetings": [*context.get("meetings", []), *meetings]}


def _spring_planting() -> dt.datetime:
    """The spring after the June 2019 visit: 9 May 2020, 10:00 in Ulaanbaatar."""
    return timezone.make_aware(dt.datetime(2020, 5, 9, 10), timezone.get_current_timezone())
