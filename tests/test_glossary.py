"""The Mongolian catalogues keep to docs/glossary.md: one name for the CoP, one spelling of "имэйл"."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUES = [
    BASE / "locale" / "mn" / "LC_MESSAGES" / "django.po",
    BASE / "locale" / "overrides" / "mn" / "LC_MESSAGES" / "django.po",
]
# Banned variant (lower case) -> the glossary's word.
BANNED = {
    "и-мэйл": "имэйл",
    "е-мэйл": "имэйл",
    "э-мэйл": "имэйл",
    "имейл": "имэйл",
    "нэвтрүүлэх хамтын ажиллагааны бүлэг": "Жендэрийн асуудал эрхэлсэн мэргэжилтнүүдийн сүлжээ",
    "харилцан суралцах бүлэг": "Жендэрийн асуудал эрхэлсэн мэргэжилтнүүдийн сүлжээ",
}


def test_glossary_documents_every_banned_variant():
    glossary = (BASE / "docs" / "glossary.md").read_text()
    assert all(word in glossary for word in set(BANNED.values()))
    assert all(variant in glossary for variant in BANNED if "-" in variant or variant == "имейл")


@pytest.mark.parametrize("path", CATALOGUES, ids=["project", "overrides"])
def test_catalogue_uses_no_banned_variant(path):
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            lowered = " ".join(text.lower().split())
            found += [
                f"{entry.msgid[:50]!r}: {variant!r} -> {BANNED[variant]!r}"
                for variant in BANNED
                if variant in lowered
            ]
    assert found == [], "\n".join(found)


# One word per meaning: "гарах" is signing out only; leaving a branch is "салах", stopping an
# e-mail kind is "имэйл хүлээн авахаа болих", and following a branch is joining it ("нэгдэх").
ONE_MEANING = {
    "гарах": ("sign out",),
    "бүртгэлээс гарах": (),
    "дагах": (),
    "дагадаг": (),
}


@pytest.mark.parametrize("path", CATALOGUES, ids=["project", "overrides"])
def test_one_word_per_meaning(path):
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            words = " ".join(text.lower().replace(":", " ").replace(".", " ").split())
            for word, meanings in ONE_MEANING.items():
                padded = f" {words} "
                if f" {word} " in padded and not any(m in entry.msgid.lower() for m in meanings):
                    found.append(f"{entry.msgid[:50]!r}: {word!r}")
    assert found == [], "\n".join(found)


def test_glossary_names_each_meaning():
    glossary = (BASE / "docs" / "glossary.md").read_text()
    assert all(word in glossary for word in ("салах", "имэйл хүлээн авахаа болих", "нэгдэх"))
