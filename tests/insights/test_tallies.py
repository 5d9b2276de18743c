"""The attendance tallies against the raw rows: after every kind of write (the attendance
services, bulk loads, the admin's edits and deletes, cascades, meetings moved or cancelled,
rolled back transactions), every tally equals a count of the attendance rows, and every insights
figure read from the tallies equals the raw count of ``meetings.selectors``' reports."""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from insights import selectors, tallies
from insights.filters import InsightFilters
from insights.models import MeetingMonthTally, MeetingTally, MonthTally, OrganisationTally
from meetings import selectors as meetings_selectors
from meetings import services as meeting_services
from meetings.models import Attendance, Meeting
from members.models import Province, User
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    OrganisationFactory,
    PastMeetingFactory,
    RegistrationFactory,
    RootCommunityFactory,
    SiteVisitFactory,
    UserFactory,
)
from tests.insights.helpers import add_attendance, ub

GENDERS = ["woman", "man", "another", "undisclosed", ""]


def _org(value) -> int:
    return 0 if value is None else value


def counted_from_raw() -> dict[str, set[tuple]]:
    """The tallies as the ORM counts them from the raw attendance rows and people (not the
    triggers' nor the rebuild's SQL)."""
    by_meeting = Attendance.objects.values("meeting_id", "gender").annotate(n=Count("id")).order_by()
    by_org = (
        Attendance.objects.values("meeting_id", "organisation_id", "gender")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_month = Attendance.objects.exclude(meeting__status=Meeting.Status.CANCELLED).annotate(
        month=TruncMonth("meeting__starts_at", tzinfo=timezone.get_default_timezone())
    )
    return {
        "meeting": {(r["meeting_id"], r["gender"], r["n"]) for r in by_meeting},
        "organisation": {(r["meeting_id"], _org(r["organisation_id"]), r["gender"], r["n"]) for r in by_org},
        "month": {
            (r["month"].date(), _org(r["organisation_id"]), r["gender"], r["n"])
            for r in by_month.values("month", "organisation_id", "gender").annotate(n=Count("id")).order_by()
        },
        "member": members_counted_from_raw(),
        "meeting_month": {
            (r["month"].date(), r["meeting__format"], r["meeting__province"], r["gender"], r["n"])
            for r in by_month.values("month", "meeting__format", "meeting__province", "gender")
            .annotate(n=Count("id"))
            .order_by()
        },
    }


def members_counted_from_raw() -> set[tuple]:
    """The member tallies as the ORM counts them from the people."""
    rows = (
        User.objects.filter(status=User.Status.APPROVED, is_active=True)
        .annotate(year=ExtractYear("date_joined", tzinfo=timezone.get_default_timezone()))
        .values("year", "organisation_id", "gender")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["year"], _org(r["organisation_id"]), r["gender"], r["n"]) for r in rows}


def assert_exact():
    assert tallies.tallies_as_stored() == counted_from_raw()
    assert tallies.tallies_differences() == {}


def test_tallies_start_empty_and_count_a_bulk_load(db):
    assert_exact()
    org = OrganisationFactory()
    meeting = PastMeetingFactory()
    add_attendance(meeting, org, "woman", 3)
    add_attendance(meeting, None, "", 2)
    assert set(MeetingTally.objects.values_list("gender", "n")) == {("woman", 3), ("", 2)}
    assert set(OrganisationTally.objects.values_list("organisation_id", "gender", "n")) == {
        (org.pk, "woman", 3),
        (0, "", 2),
    }
    assert MonthTally.objects.count() == 2
    assert_exact()


def test_tallies_follow_the_attendance_services(db, coordinator):
    meeting = PastMeetingFactory()
    people = [
        UserFactory(organisation=OrganisationFactory(), gender=GENDERS[i % len(GENDERS)]) for i in range(6)
    ]
    regs = [RegistrationFactory(meeting=meeting, user=p) for p in people]
    meeting_services.attendance_mark(meeting=meeting, registrations=regs[:3], actor=coordinator)
    assert_exact()
    # The whole sheet: 1 and 2 unticked, 4 and 5 ticked.
    meeting_services.attendance_record_sheet(
        meeting=meeting, present_user_ids=[people[0].pk, people[4].pk, people[5].pk], actor=coordinator
    )
    assert_exact()
    # One page of the sheet (people 4 and 5 shown, 5 unticked).
    meeting_services.attendance_record_sheet(
        meeting=meeting,
        present_user_ids=[people[4].pk],
        shown_user_ids=[people[4].pk, people[5].pk],
        actor=coordinator,
    )
    assert_exact()
    meeting_services.attendance_add_walk_in(meeting=meeting, actor=coordinator, user=people[1])
    meeting_services.attendance_add_walk_in(
        meeting=meeting,
        actor=coordinator,
        full_name="Зочин",
        organisation=people[2].organisation,
        gender="man",
    )
    assert_exact()
    assert sum(MeetingTally.objects.values_list("n", flat=True)) == Attendance.objects.count() == 4


def test_tallies_follow_edits_deletes_and_cascades(db):
    a, b = OrganisationFactory(), OrganisationFactory()
    m1 = PastMeetingFactory(starts_at=ub(2026, 1, 31, 23))
    m2 = PastMeetingFactory(starts_at=ub(2026, 2, 10))
    rows = (
        add_attendance(m1, a, "woman", 4) + add_attendance(m2, b, "man", 3) + add_attendance(m2, None, "", 2)
    )
    # The admin edits one row's gender, organisation and meeting (save() writes every column).
    row = Attendance.objects.get(pk=rows[0].pk)
    row.gender, row.organisation, row.meeting = "another", b, m2
    row.save()
    assert_exact()
    # A save that changes nothing counted, and an update of other columns.
    row.full_name = "Нэр"
    row.save()
    Attendance.objects.filter(meeting=m2).update(joined_online=True)
    assert_exact()
    # A bulk update of what is counted.
    Attendance.objects.filter(organisation=b).update(gender="undisclosed")
    assert_exact()
    # Deletes: one row, then a bulk delete.
    Attendance.objects.get(pk=rows[1].pk).delete()
    Attendance.objects.filter(meeting=m2, organisation__isnull=True).delete()
    assert_exact()
    # A deleted organisation leaves its attendance without one (SET NULL).
    a.delete()
    assert_exact()
    # A deleted meeting takes its attendance with it (and its tallies).
    m1.delete()
    assert_exact()
    assert not MeetingTally.objects.filter(meeting_id=m1.pk).exists()


def test_month_tally_follows_the_meeting_moved_cancelled_and_restored(db):
    org = OrganisationFactory()
    meeting = PastMeetingFactory(starts_at=ub(2026, 1, 15))
    add_attendance(meeting, org, "woman", 2)
    assert list(MonthTally.objects.values_list("month", "n")) == [(dt.date(2026, 1, 1), 2)]
    # 1 March 04:00 in Ulaanbaatar is still February in UTC: the month is Ulaanbaatar's.
    meeting.starts_at, meeting.ends_at = ub(2026, 3, 1, 4), ub(2026, 3, 1, 6)
    meeting.save()
    assert list(MonthTally.objects.values_list("month", "n")) == [(dt.date(2026, 3, 1), 2)]
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED, cancellation_reason="Цас")
    assert not MonthTally.objects.exists()
    add_attendance(meeting, org, "man", 1)  # attendance of a cancelled meeting: not in a month
    assert_exact()
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.PUBLISHED, starts_at=ub(2026, 4, 2), ends_at=ub(2026, 4, 2, 12)
    )
    assert list(MonthTally.objects.order_by("gender").values_list("month", "gender", "n")) == [
        (dt.date(2026, 4, 1), "man", 1),
        (dt.date(2026, 4, 1), "woman", 2),
    ]
    assert_exact()


def test_meeting_month_tally_follows_the_meeting_moved_reformatted_and_cancelled(db):
    meeting = PastMeetingFactory(
        starts_at=ub(2026, 1, 15), format=Meeting.Format.TRAINING, province=Province.DORNOD
    )
    add_attendance(meeting, None, "woman", 2)
    key = ("month", "format", "province", "gender", "n")
    assert list(MeetingMonthTally.objects.values_list(*key)) == [
        (dt.date(2026, 1, 1), "training", "dornod", "woman", 2)
    ]
    meeting.format, meeting.province = Meeting.Format.EXPERT_DISCUSSION, Province.ULAANBAATAR
    meeting.starts_at, meeting.ends_at = ub(2026, 3, 1, 4), ub(2026, 3, 1, 6)
    meeting.save()
    assert list(MeetingMonthTally.objects.values_list(*key)) == [
        (dt.date(2026, 3, 1), "expert_discussion", "ulaanbaatar", "woman", 2)
    ]
    assert_exact()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED, cancellation_reason="Цас")
    assert not MeetingMonthTally.objects.exists()
    add_attendance(meeting, None, "man", 1)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED, province="")
    assert set(MeetingMonthTally.objects.values_list("province", "gender", "n")) == {
        ("", "woman", 2),
        ("", "man", 1),
    }
    assert_exact()


def test_a_member_changing_profile_changes_no_count(db, coordinator):
    """The rows keep the gender and organisation recorded at the meeting, so do the counts."""
    person = UserFactory(gender="woman", organisation=OrganisationFactory())
    meeting = PastMeetingFactory()
    meeting_services.attendance_add_walk_in(meeting=meeting, actor=coordinator, user=person)
    before = tallies.tallies_as_stored()
    User.objects.filter(pk=person.pk).update(gender="man", organisation=OrganisationFactory())
    after = tallies.tallies_as_stored()
    # (The member tallies count people as they are now: those move, see test_member_tallies.)
    assert after.pop("member") != before.pop("member")
    assert after == before
    assert_exact()


def test_a_rolled_back_write_leaves_the_tallies_as_they_were(db):
    meeting = PastMeetingFactory()
    add_attendance(meeting, None, "woman", 2)
    before = tallies.tallies_as_stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        add_attendance(meeting, None, "man", 5)
        raise RuntimeError
    assert tallies.tallies_as_stored() == before
    assert_exact()


def test_rebuild_recounts_what_the_triggers_kept_and_check_says_so(db, capsys):
    meeting = PastMeetingFactory()
    add_attendance(meeting, OrganisationFactory(), "woman", 3)
    kept = tallies.tallies_as_stored()
    MeetingTally.objects.update(n=99)
    MonthTally.objects.all().delete()
    with pytest.raises(Exception, match="differ"):
        call_command("insights_tallies", "--check")
    call_command("insights_tallies", "--rebuild", "--check")
    assert tallies.tallies_as_stored() == kept
    assert "match" in capsys.readouterr().out


# --- every figure against the raw counts, at two data sizes ------------------------------------


def _world(rows: int) -> dict:
    """Meetings over two years in two provinces and formats, some cancelled, one site visit,
    a branch CoP; ``rows`` attendance rows spread over them at random (seeded)."""
    rng = random.Random(rows)
    root = RootCommunityFactory()
    branch = CommunityFactory(parent=root)
    orgs = [OrganisationFactory() for _ in range(4)]
    meetings = []
    for i in range(12):
        meetings.append(
            MeetingFactory(
                starts_at=ub(2025 + i % 2, 1 + (i * 5) % 12, 1 + (i * 7) % 28, (i * 5) % 24),
                format=[Meeting.Format.TRAINING, Meeting.Format.EXPERT_DISCUSSION][i % 2],
                province=[Province.ULAANBAATAR, Province.DORNOD][i // 2 % 2],
                community=branch if i % 3 == 0 else root,
                host_organisation=orgs[i % 3],  # orgs[3] hosts nothing: it is deleted below
                status=Meeting.Status.CANCELLED if i % 5 == 4 else Meeting.Status.PUBLISHED,
                cancellation_reason="Цас" if i % 5 == 4 else "",
            )
        )
    SiteVisitFactory(meeting=meetings[1])
    for _i in range(rows):
        add_attendance(meetings[rng.randrange(12)], rng.choice([*orgs, None]), rng.choice(GENDERS), 1)
    return {"root": root, "branch": branch, "orgs": orgs, "meetings": meetings}


def _filters(world) -> list[InsightFilters]:
    tz = ub(2025, 1, 1).tzinfo
    return [
        InsightFilters(),
        InsightFilters(start=ub(2025, 1, 1, 0), end=ub(2026, 1, 1, 0)),  # a year: whole months
        InsightFilters(start=ub(2025, 3, 1, 0), end=ub(2025, 9, 1, 0)),  # whole months
        InsightFilters(start=ub(2025, 3, 10, 0)),  # a day within a month
        InsightFilters(end=dt.datetime(2026, 2, 1, tzinfo=dt.UTC)),  # not a midnight of Ulaanbaatar
        InsightFilters(start=dt.datetime(2025, 6, 1, tzinfo=tz), end=ub(2025, 12, 17, 0)),
        InsightFilters(province=Province.DORNOD),
        InsightFilters(format=Meeting.Format.TRAINING, start=ub(2025, 1, 1, 0)),
        InsightFilters(organisation=world["orgs"][1]),
        InsightFilters(organisation=world["orgs"][2], start=ub(2026, 1, 1, 0), end=ub(2027, 1, 1, 0)),
        InsightFilters(community=world["branch"]),
        InsightFilters(community=world["root"], province=Province.ULAANBAATAR),
    ]


def _canon(rows, keys) -> list:
    return sorted(tuple(str(r[k]) for k in keys) for r in rows if r["n"])


def _summed(rows, keys) -> dict:
    out: dict = {}
    for r in rows:
        k = tuple(r[k] for k in keys)
        out[k] = out.get(k, 0) + r["n"]
    return {k: n for k, n in out.items() if n}


@pytest.mark.parametrize("rows", [30, 600])
def test_every_figure_equals_the_raw_count(db, rows):
    world = _world(rows)
    assert_exact()
    for f in _filters(world):
        raw = meetings_selectors.attendance_count_by_meeting(**f.meeting_kwargs())
        mine = selectors.attendance_count_by_meeting(f)
        keys = ("month", "format", "province", "gender")
        assert _summed(mine, keys) == _summed(raw, keys), f
        raw = meetings_selectors.attendance_count_by_organisation(**f.meeting_kwargs())
        mine = selectors.attendance_count_by_organisation(f)
        keys = ("organisation_id", "gender")
        assert _summed(mine, keys) == _summed(raw, keys), f
        assert selectors.site_visit_count_by_province(f) == meetings_selectors.site_visit_count_by_province(
            **f.meeting_kwargs()
        ), f
    # After writes of every kind the figures still agree.
    meetings = world["meetings"]
    Attendance.objects.filter(meeting=meetings[0]).delete()
    Attendance.objects.filter(meeting=meetings[2]).update(gender="man", organisation=world["orgs"][0])
    Meeting.objects.filter(pk=meetings[3].pk).update(
        starts_at=ub(2025, 12, 31, 22), ends_at=ub(2025, 12, 31, 23)
    )
    Meeting.objects.filter(pk=meetings[4].pk).update(status=Meeting.Status.PUBLISHED)
    Meeting.objects.filter(pk=meetings[6].pk).update(
        format=Meeting.Format.TRAINING, province=Province.KHENTII
    )
    meetings[5].delete()
    world["orgs"][3].delete()
    assert_exact()
    for f in _filters(world):
        for name, keys in (
            ("attendance_count_by_meeting", ("month", "format", "province", "gender")),
            ("attendance_count_by_organisation", ("organisation_id", "gender")),
        ):
            raw = getattr(meetings_selectors, name)(**f.meeting_kwargs())
            assert _summed(getattr(selectors, name)(f), keys) == _summed(raw, keys), (name, f)


@pytest.mark.parametrize("rows", [30, 600])
def test_attendance_figures_take_fixed_queries(db, rows, django_assert_num_queries):
    """One query by meeting, two by organisation (counts, then names), whatever the size and
    whichever tally answers (month tally for whole months, organisation tally otherwise)."""
    world = _world(rows)
    for f in _filters(world):
        assert f.community_ids is None or f.community_ids  # the CoP subtree: read once per page, before
        with django_assert_num_queries(1):
            selectors.attendance_count_by_meeting(f)
        with django_assert_num_queries(2):
            selectors.attendance_count_by_organisation(f)


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_no_tally_behind(world, member):
    """``flush`` (which ends every database test that commits) empties the tallies with the
    rows they count: on SQLite it deletes table after table, and the delete triggers of rows
    deleted after their tallies used to leave tallies below zero for the next test to read."""
    assert tallies.tallies_as_stored()["meeting"]
    call_command("flush", interactive=False, verbosity=0)
    assert not any(tallies.tallies_as_stored().values())


@pytest.mark.django_db
def test_tallies_of_a_database_with_rows_stay_after_migrate(world):
    before = tallies.tallies_as_stored()
    tallies.tallies_emptied_with_their_rows()
    assert tallies.tallies_as_stored() == before


@pytest.mark.django_db
def test_tallies_left_without_their_rows_go_with_the_pages_built_from_them():
    """What SQLite's flush left (a tally below zero, no attendance): emptied, and the insights
    pages built from it dropped."""
    from cop_portal import pagecache

    def page(text):
        return pagecache.cached(
            "left-tally", names=("insights",), audience="all", build=lambda: text, timeout=60
        )

    MeetingMonthTally.objects.create(
        month=dt.date(2026, 3, 1), format="training", province="", gender="", n=-3
    )
    assert page("before") == "before"
    tallies.tallies_emptied_with_their_rows()
    assert not MeetingMonthTally.objects.exists()
    assert page("after") == "after"
