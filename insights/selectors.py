"""Reads for the insights pages, through the selectors of the apps that own the data.

Every figure is grouped and counted by the database (see the "Reports" blocks of
``members.selectors``, ``meetings.selectors`` and ``coordinators.selectors``); each function
here runs one or two queries whatever the data size and returns small grouped rows.
"""

from coordinators import selectors as coordinators_selectors
from meetings import selectors as meetings_selectors
from members import selectors as members_selectors

from .filters import InsightFilters


def attendance_count_by_meeting(f: InsightFilters) -> list[dict]:
    """Rows ``{month, format, province, gender, n}`` (two queries)."""
    return meetings_selectors.attendance_count_by_meeting(**f.meeting_kwargs())


def attendance_count_by_organisation(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, name_mn, name_en, level, gender, n}`` (organisation recorded at
    the meeting; None for walk-ins without one). Two queries: counts, then the organisations."""
    counts = meetings_selectors.attendance_count_by_organisation(**f.meeting_kwargs())
    ids = {c["organisation_id"] for c in counts if c["organisation_id"] is not None}
    orgs = members_selectors.organisation_values(ids=ids)
    missing = {"name_mn": "", "name_en": "", "level": None}
    rows = [
        {"organisation_id": c["organisation_id"], **_org_fields(orgs.get(c["organisation_id"], missing)), **c}
        for c in counts
    ]
    return sorted(rows, key=lambda r: (r["organisation_id"] is None, r["name_mn"], r["organisation_id"] or 0))


def _org_fields(org: dict) -> dict:
    return {"name_mn": org["name_mn"], "name_en": org["name_en"], "level": org["level"]}


def member_count_by_organisation(f: InsightFilters) -> list[dict]:
    """Rows ``{organisation_id, organisation__name_mn, organisation__name_en, gender, n}``."""
    return members_selectors.member_count_by_organisation(**f.member_kwargs())


def member_count_by_year_joined(f: InsightFilters) -> list[dict]:
    """Rows ``{year, n}``: members by the year they joined (Asia/Ulaanbaatar)."""
    return members_selectors.member_count_by_year_joined(**f.member_kwargs())


def branch_count_by_year_founded(f: InsightFilters) -> list[dict]:
    """Rows ``{year, n}``: approved (or since closed) branch CoPs by founding year."""
    return members_selectors.branch_count_by_year_founded(**f.member_kwargs())


def site_visit_count_by_province(f: InsightFilters) -> list[dict]:
    """Rows ``{meeting__province, visits, participants}``."""
    return meetings_selectors.site_visit_count_by_province(**f.meeting_kwargs())


def site_visit_outcome_totals(f: InsightFilters) -> list[dict]:
    """Rows ``{visit__meeting__province, label_mn, label_en, unit, total, visits}``."""
    return meetings_selectors.site_visit_outcome_totals(**f.meeting_kwargs())


def election_turnout_list() -> list[dict]:
    """Turnout of elections whose voting has closed, newest first, with whole percentages
    (one query)."""
    return coordinators_selectors.election_turnout_list(ndigits=None)
