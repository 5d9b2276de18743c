"""``{% load access %}``: the predicates of ``members.permissions`` as template filters, so
templates ask the same rule as the views (``{% if user|can_list_applications %}``)."""

from django import template
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language

from cop_portal import pagecache

from .. import permissions, selectors

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


@register.simple_tag
def branches_run_by(user) -> list[dict]:
    """The account menu's "My branch" links: the branches ``user`` runs, as name and URL of the
    management page. Kept per data version, so a page costs no query once it was read."""
    if not permissions.user_is_member(user):
        return []
    key = f"menu:branches:{pagecache.version()}:{user.pk}"
    rows = cache.get(key)
    if rows is None:
        rows = selectors.community_list_run_by(user=user)
        cache.set(key, rows, 300)
    english = get_language() == "en"
    return [
        {
            "name": (row["name_en"] if english and row["name_en"] else row["name_mn"]),
            "url": reverse("branches:branch-manage", kwargs={"slug": row["slug"]}),
        }
        for row in rows
    ]
