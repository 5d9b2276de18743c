"""``{% load access %}``: the predicates of ``members.permissions`` as template filters, so
templates ask the same rule as the views (``{% if user|can_list_applications %}``)."""

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
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


# The navigation bar's parts rendered once per process for each combination of what they
# depend on (see ``_kept``): per language and role for the links, per person for the account
# menu. The bound only keeps a process with many visitors from growing: a full table is
# emptied and filled again.
_KEPT: dict[tuple, str] = {}
_KEPT_MAX = 1024
# Stand-ins rendered into a kept part and replaced by each request's own values.
CSRF_HOLE = "__cop_nav_csrf__"
NEXT_HOLE = "__cop_nav_next__"


def _kept(context, template_name: str, key: tuple, *, next_path: bool = False) -> str:
    """``template_name`` rendered in ``context``, kept under ``key`` (which must hold
    everything the template reads), with this request's CSRF token (and, with ``next_path``,
    its path for the language switch) filled in."""
    token = context.get("csrf_token")
    key = (template_name, get_language(), get_script_prefix(), *key)
    html = _KEPT.get(key)
    if html is None:
        with context.push(csrf_token=CSRF_HOLE, next_path=NEXT_HOLE):
            html = context.template.engine.get_template(template_name).render(context)
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        _KEPT[key] = html
    if CSRF_HOLE in html:
        # As ``{% csrf_token %}``: nothing when there is no token.
        value = str(token) if token and str(token) != "NOTPROVIDED" else ""
        html = html.replace(
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_HOLE}">',
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(value)}">' if value else "",
        )
    if next_path:
        request = context.get("request")
        html = html.replace(NEXT_HOLE, escape(request.get_full_path() if request is not None else ""))
    return mark_safe(html)  # noqa: S308 - our own render, the request's values escaped


@register.simple_tag(takes_context=True)
def nav_items(context) -> str:
    """``_partials/nav_items.html`` per language and role: it shows no one's own data, only
    links chosen by the person's roles and the section being viewed, so a signed-in page does
    not reverse its twenty links each time."""
    user = context.get("user")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    key = (
        signed_in,
        signed_in and permissions.user_is_member(user),
        signed_in and can_list_applications(user),
        signed_in and bool(user.is_staff) and bool(user.is_coordinator),
        match.namespace if match else "",
        bool(match) and match.url_name == "profile",
    )
    return _kept(context, "_partials/nav_items.html", key)


@register.simple_tag(takes_context=True)
def account_menu(context) -> str:
    """``_partials/account_menu.html`` per person and what decides its entries (roles, the
    branches they run, the review count, the year), with this request's CSRF token."""
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return _kept(context, "_partials/account_menu.html", (None,))
    staff = bool(user.is_staff)
    key = (
        user.pk,
        user.get_short_name(),
        user.get_full_name(),
        permissions.user_is_member(user),
        permissions.user_is_organisation_contact(user),
        can_list_applications(user),
        staff,
        staff and menu_entry(context, "review"),
        tuple(tuple(sorted(b.items())) for b in branches_run_by(context)),
        timezone.localdate().year,
    )
    return _kept(context, "_partials/account_menu.html", key)


@register.simple_tag(takes_context=True)
def language_switch(context) -> str:
    """``_partials/language_switch.html`` per language, with this request's path and token."""
    return _kept(context, "_partials/language_switch.html", (), next_path=True)
