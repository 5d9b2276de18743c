"""Path converters whose values always fit the database: an out-of-range number is a 404.

Django's ``int`` converter accepts any run of digits; ``/meetings/99999999999999999999/``
then overflows the database integer (500) and ``/convention/10000/`` a ``date`` (500).
URL patterns use ``<id:…>`` for primary keys and ``<year:…>`` for years instead;
``tests/security/test_url_converters.py`` fails if an ``int`` converter comes back.
"""

from django.urls import register_converter

# Largest value of a signed 64-bit column (BigAutoField); SQLite and PostgreSQL agree.
MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # the resolver moves on: no pattern matches, 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number < 1000:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
    register_converter(YearConverter, "year")
