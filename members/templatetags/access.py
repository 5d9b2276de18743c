"""``{% load access %}``: the predicates of ``members.permissions`` as template filters, so
templates ask the same rule as the views (``{% if user|can_list_applications %}``)."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from .. import menu, permissions

register = template.Library()

register.filter("is_member", permissions.user_is_member)
register.filter("is_coordinator", permissions.user_is_coordinator)
register.filter("is_organisation_contact", permissions.user_is_organisation_contact)


@register.filter
def can_list_applications(user) -> bool:
    """The navigation's "Applications" link. Coordinators are staff (their term grants both),
    so the coordinator-group query runs only for staff, not on every member's page view."""
    if permissions.user_is_organisation_contact(user):
        return True
    return bool(getattr(user, "is_staff", False)) and permissions.user_can_list_applications(user)


@register.simple_tag(takes_context=True)
def branches_run_by(context) -> list[dict]:
    """The account menu's "My branch" links: the branches the signed-in person runs, as name
    and URL of the management page (kept in the session, see ``members.menu``)."""
    request = context.get("request")
    rows = menu.menu_get(request, "branches") if request is not None else None
    english = get_language() == "en"
    return [
        {
            "name": (row["name_en"] if english and row["name_en"] else row["name_mn"]),
            "url": reverse("branches:branch-manage", kwargs={"slug": row["slug"]}),
        }
        for row in rows or []
    ]


@register.simple_tag(takes_context=True)
def menu_entry(context, name: str):
    """Another app's menu entry (e.g. ``"review"``: meetings awaiting a coordinator)."""
    request = context.get("request")
    return menu.menu_get(request, name) if request is not None else None
