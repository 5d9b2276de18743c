"""Pages of the library: the search with its filters, an item, adding and changing items,
an item's file, and the Atom feed."""

from __future__ import annotations

import hashlib
import html
from typing import NamedTuple
from urllib.parse import quote_plus, urlencode

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal import pagecache
from cop_portal.atom import Atom1Feed
from cop_portal.errors import error_messages, refusal
from meetings.files import MEMBERS_ONLY_FILE, file_response
from members.permissions import AccessRequiredMixin

from .. import permissions, selectors, selectors_common, selectors_following, services
from ..facets import entry_facets_counted, entry_facets_with_page
from ..forms import ERROR_BAD_FILTER, ItemForm, SearchForm
from ..models import Entry, Theme
from ..services.index import CACHE_NAME
from ..text import snippet, terms

PAGE_SIZE = 20
CACHE_SECONDS = 600
# What a kept search page holds changes with the code: an entry kept by an older one is not read.
KEPT_FORMAT = "rendered-1"
ERROR_NO_PAGE = _("There is no such page of results.")
ITEM_SAVED = _("The item is saved and can be found in the library.")


FACET_LABELS = {
    "kind": _("Kind"),
    "theme": _("Theme"),
    "lang": _("Language"),
    "year": _("Year"),
    "province": _("Province"),
    "organisation": _("Organisation"),
}


# The search's parameters in the form's order, as the facets' and pages' links carry them.
QUERY_PARAMS = ("q", "kind", "theme", "lang", "organisation", "province", "year")


class ResultRow(NamedTuple):
    """What the page shows of one result (kept in the cache instead of the whole entry)."""

    pk: int
    url: str
    title: str
    title_en: str
    members_only: bool
    date: str
    source: str
    organisation: str
    snippet: str


def _query_pairs(filters) -> list[tuple[str, str]]:
    return [(name, str(value)) for name in QUERY_PARAMS if (value := getattr(filters, name))]


def _facet_blocks(filters, facets: dict) -> list[dict]:
    """Each facet's values with their counts and the link that applies (or removes) them,
    from the search's own parameters (the links of one search are the same for every reader)."""
    pairs = _query_pairs(filters)
    blocks = []
    for name, rows in facets.items():
        if not rows:
            continue
        current = str(getattr(filters, name) or "")
        others = urlencode([(k, v) for k, v in pairs if k != name])
        joined = f"{others}&{name}=" if others else f"{name}="  # then the value, as urlencode writes it
        out = []
        for value, text, count in rows:
            active = str(value) == current
            url = others if active else joined + quote_plus(str(value))
            out.append({"text": text, "count": count, "url": url, "active": active})
        blocks.append({"name": name, "label": str(FACET_LABELS[name]), "rows": out})
    return blocks


def _facets_html(blocks: list[dict], count) -> SafeString:
    """The facets as the page's aside shows them, built here: with some eighty values the
    template took longer than the rest of a new search's page (and ``format_html`` per value
    as long again: every value, label and link is escaped here with ``html.escape``)."""
    esc = html.escape
    parts = []
    if blocks and getattr(count, "facets_among", None):
        among = gettext("Counts among the first %(n)s results.") % {"n": count.facets_among}
        parts.append(f'<p class="text-muted mb-1" data-testid="facets-among">{esc(among)}</p>')
    remove = esc(gettext("Remove this filter"))
    for block in blocks:
        rows = [
            f'<li><strong>{esc(row["text"])}</strong> ({row["count"]}) <a href="?{esc(row["url"])}"'
            f' aria-label="{remove}">×</a></li>'
            if row["active"]
            else f'<li><a href="?{esc(row["url"])}">{esc(row["text"])}</a>'
            f' <span class="text-muted">({row["count"]})</span></li>'
            for row in block["rows"]
        ]
        parts.append(
            f'<h2 class="h6 mt-2">{esc(block["label"])}</h2>\n'
            f'<ul class="list-unstyled mb-2" data-testid="facet-{esc(block["name"])}">\n'
            + "\n".join(rows)
            + "\n</ul>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value is escaped above


def _result_rows(entries, words: list[str], *, english: bool) -> list[ResultRow]:
    """The page's results as shown: readers in English see the English summary first."""
    # Read once for the page, not per result: the labels, the time zone, the names' language.
    sources = {value: str(label) for value, label in Entry.Source.choices}
    zone = timezone.get_current_timezone()
    name = "name_en" if (get_language() or "mn").startswith("en") else "name_mn"
    rows = []
    for entry in entries:
        text = (entry.summary_en or entry.body) if english else (entry.body or entry.summary_en)
        title_en = entry.title_en if entry.title_en != entry.title else ""
        organisation = entry.organisation if entry.organisation_id else None
        rows.append(
            ResultRow(
                pk=entry.pk,
                url=entry.url,
                title=entry.title,
                title_en=title_en,
                members_only=entry.members_only,
                date=entry.dated_at.astimezone(zone).strftime("%Y-%m-%d"),
                source=sources.get(entry.source, entry.source),
                # As ``Organisation.name``: the English name when English is read and there is one.
                organisation=(getattr(organisation, name) or organisation.name_mn or organisation.name_en)
                if organisation
                else "",
                snippet=snippet(text, words),
            )
        )
    return rows


def _search_page(viewer, filters, number: int) -> dict | None:
    """One page of results with the count and the facets, kept for the reader's audience (who
    may read members-only entries, or not) and language until the library changes; None past
    the end. The results and the facets are kept rendered: a search asked again only fills
    them into the page."""
    audience = "members" if permissions.user_sees_members_only(viewer) else "public"
    key = hashlib.sha256(repr((filters, number)).encode()).hexdigest()[:32]

    def build():
        prepared = selectors.search_prepare(filters, lookup=selectors.words_looked_up_kept)
        # Without words and with at most one filter, the count and facets come from the summary
        # the index services keep; otherwise the facets' one query counts the results too
        # (PostgreSQL), or the page does (SQLite).
        # With words on PostgreSQL the same query finds the page's entries among the matches
        # (when they are within the bound); it carries its plan (``selectors.planned``). A page
        # past the bound walks the date index.
        shown, counted = None, entry_facets_counted(viewer=viewer, filters=prepared)
        if counted is None:
            *counted, shown = entry_facets_with_page(
                viewer=viewer, filters=prepared, number=number, size=PAGE_SIZE
            )
        facets, count = counted
        if getattr(count, "facets_among", None) and (
            word := selectors_common.common_word_candidate(prepared)
        ):
            services.common_word_asked(word=word)  # found in very many entries: its matches may be kept
        if shown is None:
            found = selectors.entry_search_page(
                viewer=viewer, filters=prepared, number=number, size=PAGE_SIZE, count=count
            )
        else:
            found = (shown, count) if shown or number == 1 else None
        if found is None:
            return None
        entries, count = found
        # Readers in English (the page's language or ?lang=en) see the English summary first.
        english = filters.lang == "en" or (get_language() or "").startswith("en")
        rows = _result_rows(entries, terms(filters.q), english=english)
        blocks = _facet_blocks(filters, facets)
        shown = {"count": count, "entries": rows, "facet_blocks": blocks}
        return {
            **shown,
            "results_html": render_to_string("library/_results.html", shown),
            "facets_html": _facets_html(blocks, count),
        }

    return pagecache.cached(
        f"library:search:{KEPT_FORMAT}:{key}",
        names=(CACHE_NAME,),
        audience=audience,
        build=build,
        timeout=CACHE_SECONDS,
    )


def _theme_follow_context(user, themes: list[str]) -> dict:
    """The follow buttons of ``themes`` for a member (one query, only when there are some)."""
    if not themes or not permissions.user_can_follow_theme(user):
        return {"follow_themes": []}
    followed = selectors_following.theme_list_followed(user=user)
    labels = dict(Theme.choices)
    return {"follow_themes": [{"value": t, "label": labels[t], "followed": t in followed} for t in themes]}


class LibraryListView(View):
    """/library/: search and filters with counts; only what the reader may read is counted."""

    def get(self, request):
        form = SearchForm(request.GET)
        if not form.is_valid():
            errors = "; ".join(f"{form.fields[k].label or k}: {' '.join(v)}" for k, v in form.errors.items())
            return refusal(request, ERROR_BAD_FILTER % {"errors": errors}, status=400)
        filters = form.filters()
        number = form.cleaned_data.get("page") or 1
        found = _search_page(request.user, filters, number)
        if found is None:
            return refusal(request, ERROR_NO_PAGE, status=404)
        paginator = Paginator([], PAGE_SIZE)
        paginator.count = found["count"]
        page = Page(found["entries"], number, paginator)
        context = {
            "form": form,
            "filters": filters,
            "page_obj": page,
            "entries": found["entries"],
            "facet_blocks": found["facet_blocks"],
            "results_html": found["results_html"],
            "facets_html": found["facets_html"],
            "query_string": urlencode(_query_pairs(filters)),
            "can_add": permissions.user_can_add_item_kept(request),
            **_theme_follow_context(request.user, [filters.theme] if filters.theme else []),
        }
        return render(request, "library/library_list.html", context)


class ItemDetailView(View):
    def get(self, request, pk):
        item = selectors.item_get(pk=pk)
        if item is None or not permissions.user_can_read_item(request.user, item):
            # A members-only item is not admitted to exist for a visitor.
            raise Http404
        labels = dict(Theme.choices)
        context = {
            "item": item,
            "theme_labels": [labels[t] for t in item.themes if t in labels],
            "can_edit": permissions.user_can_edit_item(request.user, item),
            **_theme_follow_context(request.user, [t for t in item.themes if t in labels]),
        }
        return render(request, "library/item_detail.html", context)


class ItemFileView(View):
    def get(self, request, pk):
        item = selectors.item_get(pk=pk)
        if item is None or not item.file:
            raise Http404
        if not permissions.user_can_read_item(request.user, item):
            return refusal(request, MEMBERS_ONLY_FILE, status=403)
        return file_response(item.file)


class ItemCreateView(AccessRequiredMixin, View):
    refusal = permissions.ADD_REFUSAL
    template_name = "library/item_form.html"

    def allowed(self, user) -> bool:
        return permissions.user_can_add_item(user)

    def get(self, request):
        return render(request, self.template_name, {"form": ItemForm()})

    def post(self, request):
        form = ItemForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                item = services.item_create(
                    actor=request.user, file=form.cleaned_data.get("file"), **form.service_fields()
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, ITEM_SAVED)
                return redirect(item)
        return render(request, self.template_name, {"form": form}, status=400)


class ItemEditView(AccessRequiredMixin, View):
    refusal = permissions.EDIT_REFUSAL
    template_name = "library/item_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.item = selectors.item_get(pk=kwargs["pk"])
        if self.item is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user) -> bool:
        return permissions.user_can_edit_item(user, self.item)

    def get(self, request, pk):
        return render(request, self.template_name, {"form": ItemForm(instance=self.item), "item": self.item})

    def post(self, request, pk):
        # Validate on a copy: the service compares the item before and after.
        form = ItemForm(request.POST, request.FILES, instance=selectors.item_get(pk=pk))
        if form.is_valid():
            new_file = request.FILES.get("file")
            try:
                services.item_update(
                    item=self.item, actor=request.user, file=new_file, **form.service_fields()
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, ITEM_SAVED)
                return redirect(self.item)
        return render(request, self.template_name, {"form": form, "item": self.item}, status=400)


class LibraryFeed(Feed):
    """/library/feed.atom: the newest public entries (never a members-only one)."""

    feed_type = Atom1Feed
    title = _("Gender CoP library")
    subtitle = _("New good practices, materials and items of the Gender CoP's library.")
    link = "/library/"

    def items(self):
        return selectors.entry_list_latest(viewer=None)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return (item.body or item.summary_en)[:500]

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"library:{item.source}:{item.source_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.dated_at

    def item_updateddate(self, item):
        return item.source_updated_at
