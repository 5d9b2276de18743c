"""``{% load feedback_tags %}``: the feedback a member still owes, for their home page."""

from django import template

from members.permissions import user_is_member

from .. import selectors

register = template.Library()


@register.simple_tag
def feedback_due(user, limit: int = 3):
    """Meetings the member attended lately and has not answered about (one query)."""
    if not user_is_member(user):
        return []
    return selectors.feedback_due_for(user=user, limit=limit)
