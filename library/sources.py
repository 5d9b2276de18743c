"""What the library indexes, read through the other apps' selectors: one ``Document`` per
source object, with who may read it. Lower apps never call the library: the periodic
refresh (``services.index_refresh``) reads them here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse

from meetings import selectors as meetings_selectors
from proposals import selectors as proposals_selectors

from .models import Entry, Item, Language


@dataclass
class Document:
    source: str
    source_id: int
    kind: str
    title: str
    url: str
    dated_at: dt.datetime
    updated_at: dt.datetime
    body: str = ""
    title_en: str = ""
    summary_en: str = ""
    language: str = Language.MONGOLIAN
    members_only: bool = False
    themes: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    province: str = ""
    year: int | None = None
    extra: str = ""  # indexed, never shown (text read from a file)
    # The uploaded file whose text ``FileText`` keeps (another app's object; items keep theirs).
    file_name: str = ""


def with_file_text(doc: Document, text: str) -> Document:
    """``doc`` with the text read from its file added to what is indexed (never shown)."""
    doc.extra = _join(doc.extra, text)
    return doc


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def from_item(item: Item) -> Document:
    return Document(
        source=Entry.Source.ITEM,
        source_id=item.pk,
        kind=item.kind,
        title=item.title,
        title_en=item.title_en,
        body=item.description,
        summary_en=item.summary_en,
        language=item.language,
        members_only=item.members_only,
        themes=list(item.themes or []),
        organisation_id=item.organisation_id,
        province=item.province,
        year=item.year or item.created_at.year,
        url=item.get_absolute_url(),
        dated_at=item.created_at,
        updated_at=item.updated_at,
        extra=item.extracted_text,
    )


def from_visit(visit) -> Document:
    meeting = visit.meeting
    counted = [
        (o.label_mn, o.label_en, f"{o.quantity.normalize():f} {o.unit}".strip())
        for o in visit.counted_outcomes.all()
    ]
    return Document(
        source=Entry.Source.VISIT,
        source_id=visit.pk,
        kind="practice",
        title=meeting.title_mn,
        title_en=meeting.title_en,
        body=_join(
            visit.purpose_mn,
            visit.good_practices,
            visit.outcomes,
            *(f"{label}: {amount}" for label, _en, amount in counted),
            visit.report,
        ),
        summary_en=_join(visit.purpose_en, *(f"{en}: {amount}" for _mn, en, amount in counted if en)),
        organisation_id=meeting.host_organisation_id,
        province=meeting.province,
        year=meeting.starts_at.year,
        url=reverse("meetings:visit-detail", kwargs={"pk": visit.pk}),
        dated_at=meeting.starts_at,
        updated_at=max(visit.updated_at, meeting.updated_at),
        extra=visit.place,
    )


def from_material(material) -> Document:
    meeting = material.meeting
    return Document(
        source=Entry.Source.MATERIAL,
        source_id=material.pk,
        kind="material",
        title=material.title,
        body=meeting.title_mn,
        members_only=material.members_only,
        organisation_id=meeting.host_organisation_id,
        province=meeting.province,
        year=meeting.starts_at.year,
        url=reverse("meetings:meeting-detail", kwargs={"pk": meeting.pk}),
        dated_at=meeting.starts_at,
        updated_at=max(material.updated_at, meeting.updated_at),
        file_name=material.file.name or "",
    )


def from_minutes(meeting) -> Document:
    return Document(
        source=Entry.Source.MINUTES,
        source_id=meeting.pk,
        kind="minutes",
        title=meeting.title_mn,
        title_en=meeting.title_en,
        body=meeting.minutes_mn or meeting.minutes_en,
        summary_en=meeting.minutes_en if meeting.minutes_mn else "",
        language=Language.MONGOLIAN if meeting.minutes_mn else Language.ENGLISH,
        organisation_id=meeting.host_organisation_id,
        province=meeting.province,
        year=meeting.starts_at.year,
        url=reverse("meetings:meeting-detail", kwargs={"pk": meeting.pk}),
        dated_at=meeting.minutes_published_at or meeting.starts_at,
        updated_at=meeting.updated_at,
    )


def from_report(report) -> Document:
    convention = report.convention
    return Document(
        source=Entry.Source.REPORT,
        source_id=report.pk,
        kind="report",
        title=f"{report.organisation.name_mn} — {convention.title_mn}",
        body=_join(report.achievements, report.indicators_reached, report.challenges, report.next_year_plan),
        organisation_id=report.organisation_id,
        province=report.organisation.province,
        year=convention.starts_at.year,
        url=reverse("meetings:convention-detail", kwargs={"year": convention.starts_at.year}),
        dated_at=report.submitted_at or convention.starts_at,
        updated_at=max(report.updated_at, convention.updated_at),
    )


def from_plan(plan) -> Document:
    convention = plan.convention
    return Document(
        source=Entry.Source.PLAN,
        source_id=plan.pk,
        kind="plan",
        title=plan.action_mn,
        title_en=plan.action_en,
        body=_join(convention.title_mn, plan.progress_note),
        organisation_id=plan.lead_organisation_id,
        province=convention.province,
        year=convention.starts_at.year,
        url=reverse("meetings:convention-detail", kwargs={"year": convention.starts_at.year}),
        dated_at=convention.starts_at,
        updated_at=max(plan.updated_at, convention.updated_at),
    )


def from_proposal(proposal) -> Document:
    return Document(
        source=Entry.Source.PROPOSAL,
        source_id=proposal.pk,
        kind="proposal",
        title=proposal.title,
        body=_join(proposal.description, proposal.answer),
        # Proposals are read by members only (their pages are).
        members_only=True,
        organisation_id=proposal.host_organisation_id,
        province=proposal.province,
        year=(proposal.answered_at or proposal.created_at).year,
        url=reverse("proposals:proposal-detail", kwargs={"pk": proposal.pk}),
        dated_at=proposal.answered_at or proposal.created_at,
        updated_at=proposal.updated_at,
    )


def _items() -> QuerySet[Item]:
    return Item.objects.all()


# source -> (the rows to index, how one row becomes a document)
SOURCES: dict[str, tuple[Callable[[], Iterable], Callable[..., Document]]] = {
    Entry.Source.ITEM: (_items, from_item),
    Entry.Source.VISIT: (meetings_selectors.visit_list_for_library, from_visit),
    Entry.Source.MATERIAL: (meetings_selectors.material_list_for_library, from_material),
    Entry.Source.MINUTES: (meetings_selectors.meeting_list_with_minutes, from_minutes),
    Entry.Source.REPORT: (meetings_selectors.convention_report_list_accepted, from_report),
    Entry.Source.PLAN: (meetings_selectors.joint_plan_item_list, from_plan),
    Entry.Source.PROPOSAL: (proposals_selectors.proposal_list_accepted, from_proposal),
}


def _material(pk: int):
    return meetings_selectors.material_list_for_library().filter(pk=pk).first()


# Sources whose objects carry an uploaded file read for the search: source -> (one row by id,
# or None when it is gone or no longer shown; its file is ``row.file``).
FILE_SOURCES: dict[str, Callable[[int], object]] = {
    Entry.Source.MATERIAL: _material,
}
