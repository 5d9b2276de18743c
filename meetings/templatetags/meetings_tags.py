"""Template tags that let other pages (the home page) show meetings without a view change."""

from django import template

from .. import selectors

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
def place(venue: str, province: str) -> str:
    """ "Venue, Province" without saying the province twice ("Улаанбаатар, Улаанбаатар")."""
    venue, province = (venue or "").strip(), (province or "").strip()
    if not province or province.casefold() in venue.casefold():
        return venue
    if not venue or venue.casefold() in province.casefold():
        return province
    return f"{venue}, {province}"
