"""The index follows its sources: the refresh is incremental and idempotent; items at once."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from library import services
from library.models import Entry, Item
from meetings.models import Meeting
from tests.factories import (
    ConventionReportFactory,
    JointPlanItemFactory,
    MaterialFactory,
    PastMeetingFactory,
    ProposalFactory,
    SiteVisitFactory,
)

pytestmark = pytest.mark.django_db


def test_refresh_brings_every_source_in_once(seedlings_visit):
    MaterialFactory(members_only=True)
    PastMeetingFactory(minutes_mn="Хүйсээр ангилсан мэдээллийн тухай ярилцав.")
    ConventionReportFactory(status="accepted")
    ConventionReportFactory()  # a draft: not in the library
    JointPlanItemFactory()
    ProposalFactory(status="accepted")
    ProposalFactory()  # open: not in the library
    services.index_refresh()
    sources = sorted(Entry.objects.values_list("source", flat=True))
    assert sources == ["material", "minutes", "plan", "proposal", "report", "visit"]
    assert Entry.objects.get(source="material").members_only
    assert Entry.objects.get(source="proposal").members_only
    again = services.index_refresh()
    assert all(result == (0, 0) for result in again.values())


def test_refresh_rewrites_what_changed_and_drops_what_left(seedlings_visit):
    meeting = seedlings_visit.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        title_mn="Дундговийн айлчлал", updated_at=meeting.updated_at.replace(year=2030)
    )
    assert services.index_refresh()["visit"] == (1, 0)
    assert Entry.objects.get(source="visit").title == "Дундговийн айлчлал"
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    assert services.index_refresh()["visit"] == (0, 1)
    assert not Entry.objects.filter(source="visit").exists()


def test_the_reindex_command_reports_each_source(seedlings_visit):
    out = io.StringIO()
    call_command("library_reindex", "--full", stdout=out)
    assert "visit: 1 written, 0 removed" in out.getvalue()


def test_an_item_is_indexed_when_created_and_gone_when_deleted(coordinator, statistics_training):
    assert Entry.objects.filter(source="item", source_id=statistics_training.pk).exists()
    services.item_delete(item=statistics_training, actor=coordinator)
    assert not Entry.objects.filter(source="item").exists()


def test_a_member_who_runs_no_branch_cannot_add(member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.item_create(actor=member, title="Гарын авлага")


def test_a_focal_person_can_add(member):
    from tests.factories import CommunityFactory, RootCommunityFactory

    CommunityFactory(parent=RootCommunityFactory(), focal_person=member)
    item = services.item_create(actor=member, title="Салбарын гарын авлага")
    assert item.added_by == member


def _docx(text):
    import zipfile

    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f'<w:document xmlns:w="{ns}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_the_text_of_an_uploaded_file_is_searchable(
    coordinator, eager_tasks, django_capture_on_commit_callbacks
):
    from library.selectors import Filters, entry_search

    upload = SimpleUploadedFile("deck.docx", _docx("Эцэг эхийн оролцоо цэцэрлэгт"))
    with django_capture_on_commit_callbacks(execute=True):
        item = services.item_create(actor=coordinator, title="Сургалтын слайд", file=upload)
    item.refresh_from_db()
    assert item.extraction == Item.Extraction.DONE
    found = entry_search(viewer=None, filters=Filters(q="цэцэрлэгт оролцоо"))
    assert [e.source_id for e in found] == [item.pk]


def test_an_unreadable_file_is_marked_and_the_item_stays_found(coordinator):
    item = services.item_create(actor=coordinator, title="Эвдэрсэн файл")
    Item.objects.filter(pk=item.pk).update(file="library/broken.pdf")
    from django.core.files.storage import default_storage

    default_storage.save("library/broken.pdf", io.BytesIO(b"%PDF-1.4 broken"))
    assert services.item_extract_text(item_id=item.pk) == Item.Extraction.FAILED
    assert Entry.objects.filter(source="item", source_id=item.pk).exists()


def test_visit_outcomes_and_english_summary_are_indexed(db):
    visit = SiteVisitFactory(outcomes="Эрэгтэй хүүхэлдэй", purpose_en="Male dolls in a kindergarten")
    services.index_refresh()
    entry = Entry.objects.get(source="visit", source_id=visit.pk)
    assert entry.has_english
    assert "эрэгтэй хуухэлдэй" in entry.search_text


def test_the_beat_runs_the_refresh_and_the_daily_rebuild(settings):
    from library import tasks

    beat = {
        settings.CELERY_BEAT_SCHEDULE[k]["task"] for k in ("library-index-refresh", "library-index-rebuild")
    }
    assert beat == {tasks.index_refresh.name, tasks.index_rebuild.name}
