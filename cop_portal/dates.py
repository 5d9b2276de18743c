"""Date and time fields: the browser's own picker, and the page's way when typed by hand.

The inputs are native (``type="date"`` and ``type="datetime-local"``) so that phones and desktop
browsers show their calendar; their value is always ISO (2026-03-15, 2026-03-15T14:00), which is
what such a browser sends back. A browser without a picker shows a plain text box, where people
type the page's way: Mongolian pages ISO dates (2026-03-15 14:00), English pages day/month/year
(15/03/2026 14:00), both 24-hour; the placeholder and the help text say so. Since some phone
keypads have digits only, the digits alone (20260315 1400 on a Mongolian page, 15032026 1400 on
an English one) are taken too. A year always has four digits and a month never comes first, so
nothing is read two ways. Times are Ulaanbaatar time (the site's time zone), both ways.
"""

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.forms.widgets import DateTimeBaseInput
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_TIME = re.compile(
    r"^(?P<rest>.*?)(?:[\sT,]+|^)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?$"
)
_OFFSET = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")
_DIGITS_TIME = re.compile(r"^(?P<rest>.*?)\s*(?P<hour>\d{2})(?P<minute>\d{2})$")


@dataclass(frozen=True)
class Convention:
    """How one language writes a date: the strftime format, and the pattern shown to people."""

    day_first: bool
    date_format: str
    date_pattern: str
    time_pattern: str


def convention() -> Convention:
    if (get_language() or "mn").startswith("en"):
        return Convention(True, "%d/%m/%Y", "dd/mm/yyyy", "hh:mm")
    return Convention(False, "%Y-%m-%d", _("yyyy-mm-dd"), _("hh:mm"))


def format_date(value: dt.date) -> str:
    return value.strftime(convention().date_format)


def format_datetime(value: dt.datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(convention().date_format + " %H:%M")


def parse_date(text: str) -> dt.date:
    """The date in ``text`` written the page's way (or as ISO); ValueError when it is not one."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{8}", text):
        digits = (
            (text[:4], text[4:6], text[6:]) if not convention().day_first else (text[4:], text[2:4], text[:2])
        )
        year, month, day = digits
        return dt.date(int(year), int(month), int(day))
    parts = [p for p in re.split(r"[\s/.\-,]+", text) if p]
    if len(parts) != 3:
        raise ValueError(text)
    if re.fullmatch(r"\d{4}", parts[0]):
        year, month, day = parts
    elif re.fullmatch(r"\d{4}", parts[2]):
        day, month, year = parts
    else:
        raise ValueError(text)  # a two-digit year, or no year
    if not re.fullmatch(r"\d{1,2}", day):
        raise ValueError(text)
    month_number = MONTHS.get(month) if not month.isdigit() else int(month) if len(month) <= 2 else None
    if month_number is None:
        raise ValueError(text)
    return dt.date(int(year), month_number, int(day))


def parse_datetime(text: str) -> dt.datetime:
    """A naive date and 24-hour time written the page's way; ValueError when it is not one."""
    text = text.strip()
    match = _TIME.match(text) or _DIGITS_TIME.match(text)
    if match is None or not match["rest"]:
        raise ValueError(text)
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match.groupdict().get("second") or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(text)
    return dt.datetime.combine(parse_date(match["rest"]), dt.time(hour, minute, second))


ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"  # what a datetime-local input shows and sends
ISO_DATETIME_SECONDS = "%Y-%m-%dT%H:%M:%S"  # kept when a stored time has them (saved back unchanged)


def iso_date(value) -> str:
    """``value`` (a date, or text written the page's way) as a native date input's value;
    text that is no date comes back as typed, so nothing typed is lost."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value.strftime(ISO_DATE)
    if value in (None, ""):
        return ""
    try:
        return parse_date(str(value)).strftime(ISO_DATE)
    except ValueError:
        return str(value)


def iso_datetime(value) -> str:
    """``value`` (an aware datetime, or text) as a datetime-local input's value, in Ulaanbaatar
    time; text that is no date and time comes back as typed."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime(ISO_DATETIME_SECONDS if value.second else ISO_DATETIME)
    if value in (None, ""):
        return ""
    try:
        return iso_datetime(parse_datetime(str(value)))
    except ValueError:
        return str(value)


class _PageInput(DateTimeBaseInput):
    """A native date or date-and-time input: its value in ISO, and for browsers without a picker
    (a text box) the page's pattern as placeholder."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    iso = re.compile("")

    def pattern(self) -> str:
        raise NotImplementedError

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", self.pattern())
        shown = context["widget"]["value"]
        if shown and not self.iso.fullmatch(str(shown)):
            # Unreadable text sent back: a native input would blank it, so it comes back in a
            # text box, as typed, next to the message naming the format.
            context["widget"]["type"] = "text"
        return context


class PageDateInput(_PageInput):
    input_type = "date"
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")

    def pattern(self) -> str:
        return convention().date_pattern

    def format_value(self, value):
        return iso_date(value) or None


class PageDateTimeInput(_PageInput):
    input_type = "datetime-local"
    iso = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")

    def value_from_datadict(self, data, files, name):
        # A back-office form opened before the switch from Django's split date and time boxes
        # posts ``name_0`` and ``name_1``: read as one value rather than lost.
        if name not in data and f"{name}_0" in data:
            return f"{data.get(f'{name}_0', '')} {data.get(f'{name}_1', '')}".strip()
        return super().value_from_datadict(data, files, name)

    def pattern(self) -> str:
        spec = convention()
        return f"{spec.date_pattern} {spec.time_pattern}"

    def format_value(self, value):
        return iso_datetime(value) or None


def admin_overrides() -> dict:
    """``ModelAdmin.formfield_overrides``: the back office's dates are the same native inputs."""
    from django.db import models

    return {
        models.DateTimeField: {"form_class": PageDateTimeField, "widget": PageDateTimeInput},
        models.DateField: {"form_class": PageDateField, "widget": PageDateInput},
    }


def _example_date() -> str:
    return format_date(dt.date(2026, 3, 15))


def _example_datetime() -> str:
    return format_datetime(dt.datetime(2026, 3, 15, 14, 0))


class _LazyText:
    """Help text and error messages worked out when shown, in the page's language."""

    def __init__(self, build):
        self.build = build

    def __str__(self):
        return self.build()

    def __mod__(self, other):
        return str(self) % other


def date_hint() -> str:
    if convention().day_first:
        return _("Day/month/year, e.g. %(example)s.") % {"example": _example_date()}
    return _("Year-month-day, e.g. %(example)s.") % {"example": _example_date()}


def datetime_hint() -> str:
    if convention().day_first:
        return _("Day/month/year and 24-hour time, e.g. %(example)s.") % {"example": _example_datetime()}
    return _("Year-month-day and 24-hour time, e.g. %(example)s.") % {"example": _example_datetime()}


def _with_picker(hint: str) -> str:
    return _("If no calendar opens, type it: %(hint)s") % {"hint": hint}


def date_invalid() -> str:
    return _("This is not a date we can read. %(hint)s") % {"hint": date_hint()}


def datetime_invalid() -> str:
    return _("This is not a date and time we can read. %(hint)s") % {"hint": datetime_hint()}


class PageDateField(forms.DateField):
    """A date written the page's way: ISO on Mongolian pages, day/month/year on English ones."""

    widget = PageDateInput

    def __init__(self, *, help_text=None, **kwargs):
        hint = _LazyText(lambda: _with_picker(date_hint()))
        if help_text:
            hint = _LazyText(lambda: f"{help_text} {_with_picker(date_hint())}")
        super().__init__(help_text=hint, **kwargs)
        self.error_messages["invalid"] = _LazyText(date_invalid)

    def prepare_value(self, value):
        return iso_date(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class PageDateTimeField(forms.DateTimeField):
    """A date and 24-hour time written the page's way, read in the site's time zone."""

    widget = PageDateTimeInput

    def __init__(self, *, help_text=None, **kwargs):
        hint = _LazyText(lambda: _with_picker(datetime_hint()))
        if help_text:
            hint = _LazyText(lambda: f"{help_text} {_with_picker(datetime_hint())}")
        super().__init__(help_text=hint, **kwargs)
        self.error_messages["invalid"] = _LazyText(datetime_invalid)

    def prepare_value(self, value):
        return iso_datetime(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value if timezone.is_aware(value) else timezone.make_aware(value)
        text = str(value).strip()
        try:
            return timezone.make_aware(parse_datetime(text))
        except ValueError:
            pass
        if _OFFSET.search(text):  # a full ISO 8601 time with its offset (a script, a saved form)
            with contextlib.suppress(ValueError):
                return dt.datetime.fromisoformat(text)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
