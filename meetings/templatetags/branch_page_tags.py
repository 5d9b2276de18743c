"""The meetings side of a CoP's page (``members:community-detail``): the members app's
template includes ``meetings/branch/_sections.html``, which asks this tag."""

from django import template

from ..branch_page.page import branch_page_context

register = template.Library()


@register.simple_tag(takes_context=True)
def branch_page(context, community, sees_activity=False):
    """Meetings, materials, minutes and (for ``sees_activity``) the year's activity of the branch."""
    request = context["request"]
    return branch_page_context(
        community=community, user=request.user, params=request.GET, sees_activity=bool(sees_activity)
    )
