"""Template tags that let other pages (the home page) show meetings without a view change."""

from django import template
from django.utils.translation import get_language

from .. import selectors
from ..models import Registration

register = template.Library()


@register.simple_tag
def upcoming_meetings(limit: int = 5):
    """The next published meetings (one query)."""
    return selectors.meeting_list_upcoming(limit=limit)


@register.simple_tag
def latest_visits(limit: int = 3):
    """The latest site visits (one query)."""
    return selectors.visit_list_latest(limit=limit)


@register.simple_tag
def my_next_registrations(user, limit: int = 3):
    """The member's next meetings they hold a seat or a waitlist place for (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    upcoming = selectors.registration_list_for_user(user=user, past=False)
    return list(upcoming.exclude(status=Registration.Status.CANCELLED)[:limit])


@register.filter
def seats_taken_public(meeting) -> int:
    """The public lists are the same for everyone (rendered once, cached): seats taken are
    shown rounded there, exact on the meeting's page for members."""
    return selectors.meeting_seats_taken_public(meeting)


_LABELS: dict[tuple[str, str, str], dict] = {}


@register.filter
def choice_label(obj, field_name: str) -> str:
    """``obj.get_<field>_display()`` without its cost: Django flattens and hashes every
    (lazily translated) choice on each call, a gettext per choice; a list of 20 meetings
    spent hundreds of gettext calls on format, mode and province. One dict per language."""
    key = (obj._meta.label_lower, field_name, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        field = obj._meta.get_field(field_name)
        labels = _LABELS[key] = {value: str(label) for value, label in field.flatchoices}
    value = getattr(obj, field_name)
    return labels.get(value, value)


@register.simple_tag
def place(venue: str, province: str) -> str:
    """ "Venue, Province" without saying the province twice ("Улаанбаатар, Улаанбаатар")."""
    venue, province = (venue or "").strip(), (province or "").strip()
    if not province or province.casefold() in venue.casefold():
        return venue
    if not venue or venue.casefold() in province.casefold():
        return province
    return f"{venue}, {province}"
