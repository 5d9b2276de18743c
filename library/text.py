"""Text for the search: one normalisation for the index and the query, highlighted snippets,
and the text of uploaded PDF and DOCX files (bounded in size and time)."""

from __future__ import annotations

import html
import io
import re
import time
import zipfile
from functools import lru_cache
from xml.etree import ElementTree

from django.utils.safestring import SafeString, mark_safe

# Mongolian letters people type as their Russian look-alikes (Ө/О, Ү/У) and Ё written Е:
# both sides of the match are folded the same way. One character for one, so an offset in
# the normalised text is the same offset in the original (the snippets rely on it).
_FOLDS = (("ө", "о"), ("ү", "у"), ("ё", "е"), ("ѳ", "о"), ("ұ", "у"))
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MIN_TERM_LENGTH = 2
SNIPPET_CHARS = 220
# What the index keeps of one source (extracted files can be long).
MAX_INDEX_CHARS = 60_000
# Bounds of reading an uploaded file.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_EXTRACT_CHARS = 200_000
MAX_EXTRACT_SECONDS = 20
MAX_PDF_PAGES = 300


def normalise(text: str) -> str:
    """Lower case with Ө→О, Ү→У, Ё→Е; the same length as ``text``."""
    text = text or ""
    lowered = text.lower()  # one call for the whole text (the snippets normalise every body shown)
    # Character by character where the whole text's lower case differs: a letter whose lower
    # case is longer (kept as it is), or Σ (lowered as ς at the end of a word).
    if len(lowered) != len(text) or "Σ" in text:
        lowered = "".join(c if len(low := c.lower()) != 1 else low for c in text)
    for letter, folded in _FOLDS:  # str.replace is many times faster than str.translate here
        lowered = lowered.replace(letter, folded)
    return lowered


def terms(query: str, *, limit: int | None = MAX_TERMS) -> list[str]:
    """The words of a query (or a text), normalised, deduplicated, bounded in number and length."""
    found: dict[str, None] = {}
    for word in _WORD.findall(normalise(query or "")):
        word = word.strip("_")[:MAX_TERM_LENGTH]
        if len(word) >= MIN_TERM_LENGTH:
            found.setdefault(word)
            if limit is not None and len(found) >= limit:
                break
    return list(found)


def index_text(*parts: str) -> str:
    return normalise("\n".join(p for p in parts if p))[:MAX_INDEX_CHARS]


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """The words as one pattern, each where a word of the text starts (longest first: of two
    words starting at the same place the longer one is marked, as their spans merged would be)."""
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
    )


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words start a word of ``text`` (prefix matches), as (start, end) spans: one
    pass of one pattern over the folded text (the words are whole ``\\w`` runs, so two
    matches never overlap nor touch)."""
    if not words:
        return []
    return [m.span() for m in _pattern(tuple(words)).finditer(normalise(text))]


# Django's ``escape`` is this (quotes too), without its lazy-string wrapper around every call:
# a snippet escapes a few pieces of each of the page's twenty results.
_escape = html.escape


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, the words (prefixes of its words) in <mark>."""
    out, last = [], 0
    for start, end in _spans(text, words):
        out += [_escape(text[last:start]), "<mark>", _escape(text[start:end]), "</mark>"]
        last = end
    out.append(_escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(text: str, words: list[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``text`` around the first match, escaped and highlighted. Only the window is
    highlighted: the rest of a long text is searched for its first match only."""
    text = " ".join((text or "").split())
    first = _pattern(tuple(words)).search(normalise(text)) if words else None
    start = max(0, first.start() - length // 3) if first else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    window = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(prefix + highlight(window, words) + suffix)  # noqa: S308 - the ellipses are plain text


# --- files ----------------------------------------------------------------------------------


class _Budget:
    def __init__(self, seconds: float, chars: int):
        self.deadline = time.monotonic() + seconds
        self.chars = chars
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str) -> bool:
        """Keep ``text``; False once the time or the size is spent."""
        if text:
            self.parts.append(text[: self.chars - self.size])
            self.size += len(self.parts[-1])
        return self.size < self.chars and time.monotonic() < self.deadline

    def text(self) -> str:
        return "\n".join(self.parts)


def _pdf_text(data: bytes, budget: _Budget) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or not budget.add(page.extract_text() or ""):
            break
    return budget.text()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes, budget: _Budget) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_FILE_BYTES * 5:  # a zip bomb is not a document
            return ""
        root = ElementTree.fromstring(archive.read(info))
    for paragraph in root.iter(f"{_W}p"):
        line = "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))
        if not budget.add(line):
            break
    return budget.text()


def extract_text(name: str, data: bytes, *, seconds: float = MAX_EXTRACT_SECONDS) -> str:
    """The text of a PDF or DOCX file (other types: empty), at most ``MAX_EXTRACT_CHARS``
    characters and about ``seconds`` of work; raises ValueError for a broken file."""
    if len(data) > MAX_FILE_BYTES:
        raise ValueError("file too large")
    budget = _Budget(seconds, MAX_EXTRACT_CHARS)
    suffix = name.lower().rsplit(".", 1)[-1]
    try:
        if suffix == "pdf":
            return _pdf_text(data, budget)
        if suffix == "docx":
            return _docx_text(data, budget)
    except Exception as exc:  # noqa: BLE001 - any parser failure is "could not read"
        raise ValueError(str(exc)) from exc
    return ""
