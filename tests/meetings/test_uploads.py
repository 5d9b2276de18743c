import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from meetings.models import Material, SiteVisitPhoto
from meetings.validators import (
    ERROR_IMAGE_TYPE,
    ERROR_UPLOAD_TYPE,
    validate_document,
    validate_image,
)
from tests.factories import SiteVisitFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "purple").save(buffer, "PNG")
    return buffer.getvalue()


def test_pdf_is_accepted():
    validate_document(SimpleUploadedFile("agenda.pdf", PDF))


def test_png_photo_is_accepted():
    validate_image(SimpleUploadedFile("seedlings.png", _png()))


def test_jpeg_alias_extension_is_accepted():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "JPEG")
    validate_image(SimpleUploadedFile("photo.jpeg", buffer.getvalue()))


def test_forged_pdf_extension_is_refused_with_clear_message():
    with pytest.raises(ValidationError) as info:
        validate_document(SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200))
    assert info.value.code in ("forged", "unknown")


def test_png_renamed_to_pdf_names_the_real_type():
    with pytest.raises(ValidationError) as info:
        validate_document(SimpleUploadedFile("report.pdf", _png()))
    assert info.value.code == "forged"
    assert "PNG" in info.value.messages[0] and ".pdf" in info.value.messages[0]


def test_pdf_renamed_to_jpg_is_not_a_photo():
    with pytest.raises(ValidationError) as info:
        validate_image(SimpleUploadedFile("photo.jpg", PDF))
    assert info.value.code == "forged"


def test_executable_extension_is_refused():
    with pytest.raises(ValidationError) as info:
        validate_document(SimpleUploadedFile("tool.exe", b"MZ\x90\x00"))
    assert info.value.messages == [str(ERROR_UPLOAD_TYPE)]


def test_document_is_not_a_photo():
    with pytest.raises(ValidationError) as info:
        validate_image(SimpleUploadedFile("agenda.pdf", PDF))
    assert info.value.messages == [str(ERROR_IMAGE_TYPE)]


def test_too_large_file_is_refused(settings):
    settings.COP_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as info:
        validate_document(SimpleUploadedFile("agenda.pdf", PDF))
    assert info.value.code == "too_large"


def test_material_model_validation_refuses_forged_file(meeting):
    material = Material(meeting=meeting, title="Хөтөлбөр", file=SimpleUploadedFile("agenda.docx", PDF))
    with pytest.raises(ValidationError) as info:
        material.full_clean()
    assert "file" in info.value.message_dict


def test_visit_photo_model_validation_accepts_png():
    photo = SiteVisitPhoto(visit=SiteVisitFactory(), image=SimpleUploadedFile("p.png", _png()))
    photo.full_clean()
