from django.utils import translation
from django.utils.html import escape


def shown(message, language: str = "mn") -> str:
    """A translated constant as the page shows it (default language, HTML-escaped)."""
    with translation.override(language):
        return escape(str(message))
