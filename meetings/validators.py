"""Upload validators: the file's content decides its type, not its name."""

from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "rtf"}
)
IMAGE_EXTENSIONS = frozenset({"jpg", "png", "gif", "webp"})
# Names people give files whose content sniffs to the canonical extension above.
EXTENSION_ALIASES = {"jpeg": "jpg", "jpe": "jpg"}

ERROR_UPLOAD_TYPE = _(
    "This file type is not accepted. Upload a PDF, an office document (Word, Excel, "
    "PowerPoint, OpenDocument) or an image (JPEG, PNG, GIF, WebP)."
)
ERROR_IMAGE_TYPE = _("This file is not an accepted image. Upload a JPEG, PNG, GIF or WebP photo.")
ERROR_UPLOAD_FORGED = _(
    "The file's name says “.%(claimed)s” but its content is %(actual)s. "
    "Rename it correctly or export it again before uploading."
)
ERROR_UPLOAD_UNKNOWN = _("The content of this file could not be recognised as a document or an image.")
ERROR_UPLOAD_TOO_LARGE = _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")


def _sniff(upload) -> str | None:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    kind = filetype.guess(head)
    return kind.extension if kind else None


@deconstructible
class ContentTypeValidator:
    """Accept a file only when its sniffed content is allowed and matches its extension."""

    def __init__(self, allowed: tuple[str, ...], message_kind: str = "document"):
        self.allowed = tuple(sorted(allowed))
        self.message_kind = message_kind

    def __call__(self, upload):
        limit = getattr(settings, "COP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
        size = getattr(upload, "size", 0) or 0
        if size > limit:
            raise ValidationError(
                ERROR_UPLOAD_TOO_LARGE,
                code="too_large",
                params={"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"},
            )
        claimed = Path(getattr(upload, "name", "") or "").suffix.lower().lstrip(".")
        claimed = EXTENSION_ALIASES.get(claimed, claimed)
        wrong_type = ERROR_IMAGE_TYPE if self.message_kind == "image" else ERROR_UPLOAD_TYPE
        if claimed not in self.allowed:
            raise ValidationError(wrong_type, code="type")
        actual = _sniff(upload)
        if actual is None:
            raise ValidationError(ERROR_UPLOAD_UNKNOWN, code="unknown")
        if actual != claimed:
            raise ValidationError(
                ERROR_UPLOAD_FORGED,
                code="forged",
                params={"claimed": claimed, "actual": actual.upper()},
            )

    def __eq__(self, other):
        return (
            isinstance(other, ContentTypeValidator)
            and self.allowed == other.allowed
            and self.message_kind == other.message_kind
        )


# Sorted so that the migration serialisation of the validators is stable.
validate_document = ContentTypeValidator(tuple(sorted(DOCUMENT_EXTENSIONS | IMAGE_EXTENSIONS)), "document")
validate_image = ContentTypeValidator(tuple(sorted(IMAGE_EXTENSIONS)), "image")


UPLOAD_HELP = _(
    "A PDF, an office document (Word, Excel, PowerPoint, OpenDocument) or an image (JPEG, PNG, "
    "GIF, WebP), at most %(limit)s MB."
)


def upload_limit_mb() -> int:
    return round(getattr(settings, "COP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024) / 1048576)


def upload_help_text() -> str:
    """The limits said on the form, before anyone picks a file (type and size)."""
    return str(UPLOAD_HELP) % {"limit": upload_limit_mb()}


def upload_accept() -> str:
    """The ``accept`` attribute of a document input: the file picker offers the allowed types."""
    return ",".join(f".{ext}" for ext in sorted(DOCUMENT_EXTENSIONS | IMAGE_EXTENSIONS))


IMAGE_UPLOAD_HELP = _("A JPEG, PNG, GIF or WebP image, at most %(limit)s MB.")


def image_upload_help_text() -> str:
    return str(IMAGE_UPLOAD_HELP) % {"limit": upload_limit_mb()}
