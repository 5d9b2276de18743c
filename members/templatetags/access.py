"""``{% load access %}``: the predicates of ``members.permissions`` as template filters, so
templates ask the same rule as the views (``{% if user|can_list_applications %}``)."""

from django import template

from .. import permissions

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
