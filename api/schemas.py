"""The shapes the API answers with (its OpenAPI document is generated from them).

Every text that exists in both languages is given in both (``*_mn``, ``*_en``) and once in
the language asked for; dates are ISO 8601 in UTC; ids are stable."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class Error(Schema):
    detail: str


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    name_mn: str
    name_en: str
    short_name: str
    kind: str
    level: str
    province: str
    website: str
    member_since: dt.date | None
    approved_branches: int
    url: str


class BranchOut(Schema):
    id: int
    slug: str
    name: str
    name_mn: str
    name_en: str
    parent: str | None
    host_organisation: str | None
    founded_on: dt.date | None
    purpose: str
    url: str


class MeetingOut(Schema):
    id: int
    title: str
    title_mn: str
    title_en: str
    description_mn: str
    description_en: str
    format: str
    mode: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    province: str
    community: str | None
    host_organisation: str | None
    capacity: int | None
    url: str


class PublicMeetingOut(MeetingOut):
    seats_taken: int  # rounded like every public count of people (cop_portal.disclosure)


class OutcomeOut(Schema):
    label: str
    label_mn: str
    label_en: str
    quantity: float
    unit: str


class VisitOut(Schema):
    id: int
    meeting: int
    title: str
    place: str
    starts_at: dt.datetime
    host_organisation: str | None
    purpose_mn: str
    purpose_en: str
    good_practices: str
    outcomes: str
    counted_outcomes: list[OutcomeOut]
    participants: int  # rounded (cop_portal.disclosure), as on the visit's page
    url: str


class JointPlanItemOut(Schema):
    action: str
    action_mn: str
    action_en: str
    lead_organisation: str | None
    due_on: dt.date | None
    status: str


class ConventionOut(Schema):
    id: int
    year: int
    title: str
    title_mn: str
    title_en: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    host_organisation: str | None
    reporting_organisations: list[str]
    joint_plan: list[JointPlanItemOut]
    url: str


class ElectionOut(Schema):
    year: int
    phase: str
    voting_open_at: dt.datetime
    voting_close_at: dt.datetime
    term_starts_on: dt.date
    term_ends_on: dt.date
    results_published: bool
    url: str


class CandidateOut(Schema):
    name: str
    organisation: str | None
    votes: int
    elected: bool


class SeatOut(Schema):
    code: str
    name: str
    name_mn: str
    name_en: str
    level: str
    ballots: int
    abstentions: int
    candidates: list[CandidateOut]


class ElectionResultsOut(ElectionOut):
    seats: list[SeatOut]


class LibraryItemOut(Schema):
    id: int
    source: str
    kind: str
    title: str
    title_mn: str
    title_en: str
    summary_en: str
    language: str
    themes: list[str]
    organisation: str | None
    province: str
    year: int | None
    dated_at: dt.datetime
    url: str


class RowOut(Schema):
    key: str
    label: str
    cells: list[int | None]
    total: int | None


class ColumnOut(Schema):
    key: str
    label: str


class TableOut(Schema):
    slug: str
    title: str
    row_header: str
    columns: list[ColumnOut]
    rows: list[RowOut]
    totals: RowOut | None


class InsightsOut(Schema):
    year: int | None
    rule: str
    tables: list[TableOut]


class ResultsYearOut(Schema):
    year: int
    withheld: bool
    met_or_exceeded_percent: int | None  # the whole network, in steps of 10 points


class IndicatorYearOut(Schema):
    year: int
    counts: dict[str, int]  # published organisations per level (not_applicable … exceeds)


class IndicatorOut(Schema):
    code: str
    name: str
    name_mn: str
    name_en: str
    years: list[IndicatorYearOut]


class ResultsOut(Schema):
    rule: str
    years: list[ResultsYearOut]
    indicators: list[IndicatorOut]


class RegistrationOut(Schema):
    id: int
    status: str
    queued_at: dt.datetime
    meeting: MeetingOut


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of ``item``: the rows and the URL of the next page (null on the last)."""
    return type(name, (Schema,), {"__annotations__": {"results": list[item], "next": str | None}})


OrganisationPage = page_of(OrganisationOut, "OrganisationPage")
BranchPage = page_of(BranchOut, "BranchPage")
MeetingPage = page_of(PublicMeetingOut, "MeetingPage")
VisitPage = page_of(VisitOut, "VisitPage")
ConventionPage = page_of(ConventionOut, "ConventionPage")
ElectionPage = page_of(ElectionOut, "ElectionPage")
LibraryPage = page_of(LibraryItemOut, "LibraryPage")
RegistrationPage = page_of(RegistrationOut, "RegistrationPage")
CalendarPage = page_of(MeetingOut, "CalendarPage")
