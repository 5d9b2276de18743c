"""A word found in very many entries: the search counts up to a bound ("more than 1,000"),
its facets among the first that many, its page newest first through the date index, and
members-only entries are left out of all of it for a visitor."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from library import selectors
from library.facets import entry_facets_with_count
from library.selectors import Filters, search_prepare
from tests.conftest import is_postgres
from tests.factories import EntryFactory

from .test_views import QUERIES

pytestmark = pytest.mark.django_db
URL = "/library/"
BOUND = 3


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_BOUND", BOUND)
    return BOUND


def _entries(n, **fields):
    start = timezone.now() - dt.timedelta(days=100)
    return [
        EntryFactory(dated_at=start + dt.timedelta(days=len(fields) * 50 + i), **fields) for i in range(n)
    ]


def test_more_results_than_the_bound_show_as_more_than_it_in_both_languages(client, settings, bound):
    _entries(5)
    mongolian = client.get(URL, {"q": "гарын"}).content.decode()
    assert "3-аас дээш үр дүн" in mongolian
    settings.LANGUAGE_CODE = "en"
    english = Client().get(URL, {"q": "гарын"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()  # cached
    assert "More than 3 results" in english
    if is_postgres():  # the facets counted in the one bounded query, among the first three
        assert "Counts among the first 3 results." in english
        assert "Тоог эхний 3 үр дүнгээс тоолсон." in mongolian


def test_up_to_the_bound_the_count_is_exact(client, settings, bound):
    _entries(3)
    settings.LANGUAGE_CODE = "en"
    page = client.get(URL, {"q": "гарын"}).content.decode()
    assert "3 results" in page and "More than" not in page and "Counts among" not in page


def test_members_only_entries_are_not_counted_for_a_visitor_in_the_bounded_path(
    client, settings, member, bound
):
    settings.LANGUAGE_CODE = "en"
    public = _entries(2, province="dornod")
    _entries(4, members_only=True, province="khovd", kind="law")
    filters = search_prepare(Filters(q="гарын"))
    with selectors.search_plan(filters):
        facets, count = entry_facets_with_count(viewer=None, filters=filters)
    if is_postgres():
        assert (int(count), count.at_least, count.facets_among) == (2, False, None)
        assert [(p, n) for p, _, n in facets["province"]] == [("dornod", 2)] and [
            k for k, *_ in facets["kind"]
        ] == ["toolkit"]
    page = client.get(URL, {"q": "гарын"})
    assert page.context["page_obj"].paginator.count == 2 and "More than" not in page.content.decode()
    assert [e.pk for e in page.context["entries"]] == [e.pk for e in reversed(public)]
    assert "Khovd" not in page.content.decode() and "khovd" not in page.content.decode()
    client.force_login(member)
    page = client.get(URL, {"q": "гарын"}).content.decode()
    assert "3-аас дээш үр дүн" in page  # the member reads in Mongolian


def test_members_only_entries_never_fill_a_visitors_bounded_set(client, settings, bound):
    """More members-only matches than the bound, found first: the visitor's count and facets
    still come from public entries only."""
    settings.LANGUAGE_CODE = "en"
    _entries(5, members_only=True, kind="law")
    _entries(4, province="dornod")
    page = client.get(URL, {"q": "гарын", "kind": "toolkit"})
    assert page.context["page_obj"].paginator.count == 3 and page.context["page_obj"].paginator.count.at_least
    assert all(not e.members_only for e in page.context["entries"])
    blocks = {b["name"]: b["rows"] for b in page.context["facet_blocks"]}
    assert [row["text"] for row in blocks["kind"]] == ["Toolkit"]  # never "Law": members-only


def test_pages_past_the_bound_are_404_with_a_message(client, monkeypatch, bound):
    from library.views import ERROR_NO_PAGE, search

    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    _entries(7)
    assert client.get(URL, {"q": "гарын", "page": "2"}).status_code == 200
    response = client.get(URL, {"q": "гарын", "page": "3"})  # results 5 and 6: past the first three
    assert response.status_code == 404 and response.context["errors"] == [str(ERROR_NO_PAGE)]


@pytest.mark.skipif(not is_postgres(), reason="the date index walk is PostgreSQL's plan")
def test_above_the_bound_the_page_is_newest_first(bound):
    made = _entries(5)
    filters = search_prepare(Filters(q="гарын"))
    with selectors.search_plan(filters):
        _facets, count = entry_facets_with_count(viewer=None, filters=filters)
        entries, shown = selectors.entry_search_page(
            viewer=None, filters=filters, number=1, size=2, count=count
        )
        second, _ = selectors.entry_search_page(viewer=None, filters=filters, number=2, size=2, count=count)
    assert shown.at_least and [e.pk for e in entries + second] == [e.pk for e in reversed(made)][:4]


@pytest.mark.parametrize("size", [5, 30])
def test_a_common_word_reads_a_fixed_number_of_queries(
    client, member, bound, django_assert_num_queries, size
):
    EntryFactory.create_batch(size, year=2024, themes=",data,")
    client.force_login(member)
    # As a search with a filter, and on PostgreSQL the page newest first through the date index
    # and the word noted as common (its matches may be kept).
    with django_assert_num_queries(QUERIES + 2 * is_postgres()):
        response = client.get(URL, {"q": "гарын"})
    assert response.context["page_obj"].paginator.count.at_least
    # With a filter, above the bound, the facets' query also counts the filtered results up to
    # it (PostgreSQL; more than the bound here, so the page walks the date index), and the
    # word's near spellings are kept from the first search; the word is noted again.
    with django_assert_num_queries(QUERIES + is_postgres()):
        response = client.get(URL, {"q": "гарын", "year": "2024"})
    assert response.context["page_obj"].paginator.count.at_least


def test_the_api_walks_a_common_word_by_id_and_never_lists_a_members_only_entry(client, bound):
    made = [EntryFactory(title=f"Сургалтын гарын авлага {n}").pk for n in range(6)]
    EntryFactory(title="Сургалтын нууц", members_only=True)
    EntryFactory(title="Өөр зүйл")
    assert selectors.entry_search_is_common(viewer=None, filters=Filters(q="сургалт")) == is_postgres()
    seen, url = [], "/api/v1/library/?q=сургалт&limit=2"
    while url:
        body = client.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == sorted(made)


def test_a_common_word_with_a_filter_pages_the_filtered_results_within_the_bound(client, member, bound):
    """More matches of the word than the bound, at most the bound with the filter: the page
    comes from the facets' query (PostgreSQL) and never holds a members-only entry for a visitor."""
    _entries(5, province="khovd")
    public = _entries(2, province="dornod")
    secret = _entries(1, province="dornod", members_only=True)
    page = client.get(URL, {"q": "гарын", "province": "dornod"})
    assert (
        page.context["page_obj"].paginator.count == 2
        and not page.context["page_obj"].paginator.count.at_least
    )
    assert [e.pk for e in page.context["entries"]] == [e.pk for e in reversed(public)]
    assert client.get(URL, {"q": "гарын", "province": "dornod", "page": "2"}).status_code == 404
    client.force_login(member)
    page = client.get(URL, {"q": "гарын", "province": "dornod"})
    assert [e.pk for e in page.context["entries"]] == [e.pk for e in reversed(public + secret)][:3]
    assert page.context["page_obj"].paginator.count == 3
