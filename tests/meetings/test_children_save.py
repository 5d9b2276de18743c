"""Rows edited with a meeting or a visit (the admin's inlines) are written by the services."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import AgendaItem, Material, SiteVisitOutcome
from tests.factories import MeetingFactory, SiteVisitFactory, SiteVisitOutcomeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_meeting_children_save_records_the_uploader_and_pins_the_meeting(
    meeting, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    other = MeetingFactory()
    material = Material(meeting=other, title="Хөтөлбөр", file=SimpleUploadedFile("agenda.pdf", PDF))
    item = AgendaItem(meeting=meeting, title_mn="Нээлт")
    services.meeting_children_save(meeting=meeting, actor=coordinator, saved=[material, item])
    material.refresh_from_db()
    assert material.uploaded_by == coordinator
    assert material.meeting == meeting
    assert list(meeting.agenda_items.all()) == [item]


def test_meeting_children_save_refuses_a_member(meeting, member):
    with pytest.raises(PermissionDenied):
        services.meeting_children_save(meeting=meeting, actor=member, saved=[AgendaItem(title_mn="Нээлт")])
    assert not AgendaItem.objects.exists()


def test_visit_children_save_deletes_only_the_visits_own_rows(coordinator):
    visit = SiteVisitFactory()
    mine = SiteVisitOutcomeFactory(visit=visit)
    foreign = SiteVisitOutcomeFactory()
    added = SiteVisitOutcome(label_mn="Сургалт", quantity=Decimal("3"))
    services.visit_children_save(visit=visit, actor=coordinator, saved=[added], deleted=[mine, foreign])
    assert list(visit.counted_outcomes.all()) == [added]
    assert SiteVisitOutcome.objects.filter(pk=foreign.pk).exists()
