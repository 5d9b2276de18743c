"""One normalisation for the index and the query; snippets escape and highlight."""

import io
import zipfile

import pytest

from library.text import extract_text, highlight, normalise, snippet, terms


def test_normalise_folds_case_and_mongolian_letters_keeping_length():
    text = "ӨВӨЛ Үүл Ёслол"
    assert normalise(text) == "овол уул еслол"
    assert len(normalise(text)) == len(text)


def test_terms_are_normalised_bounded_and_unique():
    assert terms("Хүйсээр  хүйсээр АНГИЛСАН, x") == ["хуйсээр", "ангилсан"]
    assert len(terms(" ".join(f"үг{i}" for i in range(30)))) == 8


def test_highlight_escapes_and_marks_word_prefixes():
    html = highlight("<b>Хүйсээр</b> ангилсан", ["хуйс"])
    assert html == "&lt;b&gt;<mark>Хүйс</mark>ээр&lt;/b&gt; ангилсан"


def test_snippet_is_a_window_around_the_first_match():
    text = "эхлэл " * 100 + "мод тарих аян" + " төгсгөл" * 100
    out = snippet(text, ["мод"])
    assert "<mark>мод</mark> тарих" in out
    assert out.startswith("… ") and out.endswith(" …")
    assert len(out) < 400


def _docx(paragraphs):
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_docx_text_is_read():
    assert (
        extract_text("deck.docx", _docx(["Хүйсээр ангилсан", "статистик"])) == "Хүйсээр ангилсан\nстатистик"
    )


def test_pdf_text_is_read():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Seedlings handbook for kindergartens")
    pdf.save()
    assert "Seedlings handbook" in extract_text("handbook.pdf", buffer.getvalue())


def test_extraction_is_bounded_in_size(monkeypatch):
    monkeypatch.setattr("library.text.MAX_EXTRACT_CHARS", 50)
    text = extract_text("long.docx", _docx(["үг " * 100] * 10))
    assert len(text) <= 50 + 10


def test_a_broken_file_is_a_value_error():
    with pytest.raises(ValueError):
        extract_text("broken.pdf", b"%PDF-1.4 not really")
