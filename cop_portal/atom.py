"""The one Atom feed generator of the site: Django's, without the characters XML 1.0 cannot
carry. A control character pasted into a title or a description (from a PDF or a word
processor) would otherwise fail the whole feed with a 500 for every reader."""

from __future__ import annotations

import re

from django.utils import feedgenerator

# XML 1.0 allows tab, newline and carriage return among the C0 controls, and no U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    """``value`` without what XML 1.0 cannot carry (strings, and lists of them; the rest as is)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(v) for v in value)
    return value


class Atom1Feed(feedgenerator.Atom1Feed):
    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})
