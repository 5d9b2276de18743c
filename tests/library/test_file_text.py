"""The text of meeting materials' files (PDF, DOCX) is read by a task, the one way library
items' files are read, and found by the search: members-only materials by members only."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from library import services
from library.models import Entry, FileText, Item
from library.selectors import Filters, entry_search
from library.services.extraction import file_extract_text
from tests.factories import MaterialFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _pdf(line: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, line)
    pdf.save()
    return buffer.getvalue()


def _docx(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
        )
    return buffer.getvalue()


def _found(viewer, q: str) -> list[str]:
    return [e.title for e in entry_search(viewer=viewer, filters=Filters(q=q))]


@pytest.fixture
def materials(db):
    meeting = MeetingFactory()
    public = MaterialFactory(
        meeting=meeting, title="Илтгэл", file=ContentFile(_pdf("Quokka budgeting handbook"), name="deck.pdf")
    )
    secret = MaterialFactory(
        meeting=meeting,
        title="Дотоод гарын авлага",
        members_only=True,
        file=ContentFile(_docx("Зэрлэгтахь жендэрийн сургалтын хөтөлбөр"), name="plan.docx"),
    )
    return public, secret


def _refresh_and_read(capture):
    with capture(execute=True):
        services.index_refresh()


def test_the_text_of_a_pdf_and_a_docx_material_is_found(
    materials, member, eager_tasks, django_capture_on_commit_callbacks
):
    public, secret = materials
    _refresh_and_read(django_capture_on_commit_callbacks)
    states = dict(FileText.objects.values_list("source_id", "state"))
    assert states == {public.pk: Item.Extraction.DONE, secret.pk: Item.Extraction.DONE}
    assert _found(None, "quokka") == [public.title]
    assert _found(member, "зэрлэгтахь") == [secret.title]


def test_a_members_only_materials_text_is_never_found_by_a_visitor(
    materials, eager_tasks, django_capture_on_commit_callbacks
):
    _refresh_and_read(django_capture_on_commit_callbacks)
    assert _found(None, "зэрлэгтахь") == []
    applicant = UserFactory(status="applied")
    assert _found(applicant, "зэрлэгтахь") == []


def test_the_text_survives_a_full_rebuild_and_is_read_once(
    materials, eager_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    _refresh_and_read(django_capture_on_commit_callbacks)
    from library import tasks

    queued = []
    monkeypatch.setattr(tasks.file_extract_text, "delay_on_commit", lambda *a: queued.append(a))
    services.index_refresh(full=True)
    services.index_refresh()
    assert queued == []  # the files were read: no second reading
    assert _found(None, "quokka") == [materials[0].title]


def test_a_replaced_file_is_read_again_and_a_removed_material_forgotten(
    materials, eager_tasks, django_capture_on_commit_callbacks
):
    public, secret = materials
    _refresh_and_read(django_capture_on_commit_callbacks)
    public.file = ContentFile(_pdf("Wombat harassment toolkit"), name="other.pdf")
    public.save()
    _refresh_and_read(django_capture_on_commit_callbacks)
    assert _found(None, "wombat") == [public.title] and _found(None, "quokka") == []
    secret.delete()
    services.index_refresh()
    assert not FileText.objects.filter(source_id=secret.pk).exists()
    assert not Entry.objects.filter(source=Entry.Source.MATERIAL, source_id=secret.pk).exists()


def test_an_unreadable_file_is_marked_failed_and_still_found_by_title(
    eager_tasks, django_capture_on_commit_callbacks
):
    broken = MaterialFactory(title="Эвдэрсэн файл", file=ContentFile(b"%PDF-1.4 not really", name="x.pdf"))
    _refresh_and_read(django_capture_on_commit_callbacks)
    assert FileText.objects.get(source_id=broken.pk).state == Item.Extraction.FAILED
    assert _found(None, "эвдэрсэн") == [broken.title]


def test_a_material_gone_before_its_task_runs_is_missing():
    assert file_extract_text(source=Entry.Source.MATERIAL, source_id=999999) == "missing"
