"""A member's participation record, read through the selectors of members, meetings,
proposals and coordinators (nothing here writes)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from coordinators.selectors import coordinator_terms
from meetings.models import Meeting
from meetings.participation import selectors as meeting_selectors
from members.selectors import community_list_focal_of
from proposals.selectors import proposal_list_accepted_of


@dataclass
class YearRecord:
    year: int
    attended: list = field(default_factory=list)  # Attendance rows
    by_format: dict = field(default_factory=dict)  # format label -> count
    trainings: int = 0
    visits: int = 0
    reports: list = field(default_factory=list)
    organised: list = field(default_factory=list)
    proposals_accepted: list = field(default_factory=list)
    terms: list = field(default_factory=list)


def _year(value) -> int:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).year
    return value.year


def participation_record(*, user) -> tuple[list[YearRecord], list]:
    """Per year, newest first: meetings attended (by format), trainings, visits, reports
    submitted, meetings organised, proposals accepted, coordinator terms; and the branch CoPs
    the member is focal person of."""
    years: dict[int, YearRecord] = {}

    def year(y: int) -> YearRecord:
        return years.setdefault(y, YearRecord(y))

    labels = dict(Meeting.Format.choices)
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for attendance in meeting_selectors.attendance_list_of(user=user):
        meeting = attendance.meeting
        record = year(_year(meeting.starts_at))
        record.attended.append(attendance)
        counts[record.year][str(labels.get(meeting.format, meeting.format))] += 1
        record.trainings += meeting.format == Meeting.Format.TRAINING
        record.visits += meeting.format == Meeting.Format.SITE_VISIT
    for y, by_format in counts.items():
        years[y].by_format = dict(sorted(by_format.items()))
    for report in meeting_selectors.convention_report_list_submitted_by(user=user):
        year(_year(report.submitted_at)).reports.append(report)
    for meeting in meeting_selectors.meeting_list_organised_by(user=user):
        year(_year(meeting.starts_at)).organised.append(meeting)
    for proposal in proposal_list_accepted_of(user=user):
        year(_year(proposal.answered_at or proposal.created_at)).proposals_accepted.append(proposal)
    for term in _terms(member=user):
        for y in range(term.starts_on.year, term.ends_on.year + 1):
            year(y).terms.append(term)
    return sorted(years.values(), key=lambda r: r.year, reverse=True), list(
        community_list_focal_of(user=user)
    )


def _all_terms() -> list:
    terms = coordinator_terms(today=timezone.localdate())
    return list(terms["current"]) + list(terms["upcoming"]) + list(terms["past"])


def _terms(*, member) -> list:
    return [t for t in _all_terms() if t.member_id == member.pk]


def coordinators_in_year(year: int) -> list[str]:
    """Names of the coordinators whose term overlapped ``year``."""
    names = []
    for term in _all_terms():
        if term.starts_on.year <= year <= term.ends_on.year:
            name = term.member.get_full_name()
            if name not in names:
                names.append(name)
    return names
