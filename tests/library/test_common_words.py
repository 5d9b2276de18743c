"""A word found in very many entries has its matches kept (PostgreSQL): noted by the search,
filled by the index refresh, kept exact by the entries' trigger on every write, and read by the
search instead of the full-text index, with the same results, counts and access control."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library import selectors, services, tasks
from library.facets import entry_facets_with_page
from library.models import CommonWord, CommonWordMatch, Entry
from library.models_common import MATCH_COLUMNS
from library.selectors import Filters, search_prepare
from library.text import index_text
from tests.conftest import is_postgres
from tests.factories import EntryFactory, OrganisationFactory

from .test_bounded import _entries
from .test_views import QUERIES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not is_postgres(), reason="the matches are kept on PostgreSQL only (a trigger)"),
]
URL = "/library/"
BOUND = 4  # a multiple of the pages' size (2): only the first BOUND results are paged through
WORD = "гарын"  # in every EntryFactory entry's body


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_BOUND", BOUND)
    return BOUND


def _world():
    """Public and members-only entries over two years, provinces and organisations."""
    org = OrganisationFactory()
    made = _entries(3, year=2023, province="dornod", organisation=org)
    made += _entries(2, year=2024, province="khovd", themes=",data,", kind="law")
    made += _entries(2, year=2024, province="dornod", members_only=True, kind="template")
    made += _entries(1, year=2023, title="Гарын авлага гарчигт", province="khovd")
    EntryFactory(title="Өөр зүйл", body="Огт өөр")  # not found by the word
    return made


def _kept_rows(word):
    return Counter(
        CommonWordMatch.objects.filter(word__word=word).values_list("entry_id", *MATCH_COLUMNS, "in_title")
    )


def _entry_rows(word):
    """What the matches must be: the entries the search's own test finds, as the trigger copies them."""
    found = Entry.objects.extra(where=["search_vector @@ to_tsquery('simple', %s)"], params=[f"{word}:*"])
    return Counter(
        (e["id"], *(e[c] for c in MATCH_COLUMNS), word in e["search_text"].split("\n", 1)[0])
        for e in found.values("id", *MATCH_COLUMNS, "search_text")
    )


def _search(viewer, number=1, **filters):
    prepared = search_prepare(Filters(q=WORD, **filters))
    facets, count, entries = entry_facets_with_page(viewer=viewer, filters=prepared, number=number, size=2)
    if entries is None:
        found = selectors.entry_search_page(
            viewer=viewer, filters=prepared, number=number, size=2, count=count
        )
        entries = found[0] if found else None
    return facets, (int(count), count.at_least), entries and [e.pk for e in entries]


def _newest_facets(viewer, **filters):
    """The facets as counted among the newest ``BOUND`` matches the viewer may read."""
    qs = selectors.entry_search_base(viewer=viewer, filters=search_prepare(Filters(q=WORD)))
    rows = list(qs.order_by("-dated_at", "-id").values("kind", "province", "year")[:BOUND])

    def passing(row, but):
        return all(row[k] == v for k, v in filters.items() if k != but)

    return {
        name: Counter(str(r[name]) for r in rows if passing(r, name)) for name in ("kind", "province", "year")
    }


def _shown(facets):
    return {
        name: Counter({value: n for value, _label, n in facets[name]})
        for name in ("kind", "province", "year")
    }


def test_a_kept_word_finds_what_the_full_text_index_finds(bound, member):
    _world()
    before = {
        (who, number, tuple(sorted(filters.items()))): _search(viewer, number, **filters)[1:]
        for who, viewer in (("visitor", None), ("member", member))
        for number in (1, 2, 3)
        for filters in ({}, {"year": 2024}, {"province": "khovd"}, {"year": 2023, "province": "dornod"})
    }
    assert services.common_word_fill(word=WORD) == 8
    assert _kept_rows(WORD) == _entry_rows(WORD)
    with CaptureQueriesContext(connection) as queries:
        after = {
            key: _search(viewer, key[1], **dict(key[2]))[1:]
            for key in before
            for viewer in [None if key[0] == "visitor" else member]
        }
    assert after == before  # counts and pages (past the bound: newest first, as the date walk)
    assert any("library_commonwordmatch" in q["sql"] for q in queries.captured_queries)
    # The facets count among the newest matches a reader may read.
    for viewer in (None, member):
        for filters in ({}, {"year": 2024}, {"province": "khovd"}):
            assert _shown(_search(viewer, 1, **filters)[0]) == _newest_facets(viewer, **filters)


def test_a_visitor_never_reads_a_members_only_match(client, bound):
    secret = _entries(4, title="Дотоод гарын авлага", kind="template", province="khovd", members_only=True)
    public = _entries(5, province="dornod")
    services.common_word_fill(word=WORD)
    page = client.get(URL, {"q": WORD}).content.decode()
    assert "Дотоод" not in page and "khovd" not in page and "Ховд" not in page
    response = client.get(URL, {"q": WORD, "province": "khovd"})
    assert response.context["page_obj"].paginator.count == 0
    response = client.get(URL, {"q": WORD, "province": "dornod"})
    assert response.context["page_obj"].paginator.count.at_least
    assert {e.pk for e in response.context["entries"]} <= {e.pk for e in public}
    assert not {e.pk for e in response.context["entries"]} & {e.pk for e in secret}


def test_every_write_of_an_entry_keeps_the_matches_exact(bound):
    made = _world()
    services.common_word_fill(word=WORD)
    services.common_word_fill(word="огт")
    # Changed as the index services change them: moved, made members-only, the word gone, new.
    Entry.objects.filter(pk=made[0].pk).update(year=2020, province="uvs", themes=",data,", members_only=True)
    gone = made[1]
    gone.title, gone.body = "Шинэ нэр", "Үгүй болсон"
    gone.search_text = index_text(gone.title, gone.body)
    gone.save()
    Entry.objects.filter(pk=made[2].pk).delete()
    EntryFactory(title="Гарын шинэ авлага", year=2025)
    Entry.objects.bulk_create(
        [
            Entry(**{**_fields(made[3]), "source_id": 900_000 + i, "title": "Огт гарын", "year": 2019})
            for i in range(2)
        ]
    )
    for word in (WORD, "огт"):
        assert _kept_rows(word) == _entry_rows(word)
    assert not CommonWordMatch.objects.filter(entry_id__in=[gone.pk, made[2].pk], word__word=WORD).exists()


def _fields(entry):
    keep = ("source", "kind", "body", "language", "has_english", "members_only", "themes", "province", "url")
    return {
        **{f: getattr(entry, f) for f in keep},
        "title": entry.title,
        "dated_at": entry.dated_at,
        "source_updated_at": entry.source_updated_at,
        "search_text": index_text("Огт гарын", entry.body),
    }


def test_a_search_notes_a_common_word_and_the_refresh_keeps_it(client, bound, monkeypatch):
    monkeypatch.setattr(tasks.search_index, "index_refresh", dict)  # the entries have no sources here
    _entries(5)
    client.get(URL, {"q": WORD})
    client.get(URL, {"q": WORD, "page": "2"})
    client.get(URL, {"q": "авлага"})
    client.get(URL, {"q": "өөр"})  # found nowhere: not noted
    asked = dict(CommonWord.objects.values_list("word", "asked"))
    assert asked == {WORD: 2, "авлага": 1}
    assert not CommonWord.objects.filter(filled_at__isnull=False).exists()
    done = tasks.index_refresh()
    assert done["common words filled"] == [WORD, "авлага"]
    assert set(CommonWord.objects.filter(filled_at__isnull=False).values_list("word", flat=True)) == set(
        asked
    )
    assert _kept_rows(WORD) == _entry_rows(WORD)
    # Kept from now on: the next search reads them, and notes nothing more.
    client.get(URL, {"q": WORD, "year": "1999"})
    assert CommonWord.objects.get(word=WORD).asked == 2


def test_at_most_so_many_words_are_kept(bound):
    _entries(5)
    for word, asked in ((WORD, 3), ("авлага", 5), ("жендэр", 1)):
        CommonWord.objects.create(word=word, asked=asked)
    assert services.common_words_fill(limit=2) == ["авлага", WORD]
    assert services.common_words_fill(limit=2) == []
    assert services.common_word_forget(word="авлага")
    assert not CommonWordMatch.objects.filter(word__word="авлага").exists()
    assert services.common_words_fill(limit=2) == ["жендэр"]


def test_a_forgotten_word_is_searched_in_the_entries_again(client, bound, monkeypatch):
    from library.views import search

    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    made = _entries(5)
    services.common_word_fill(word=WORD)
    with CaptureQueriesContext(connection) as kept:
        first = client.get(URL, {"q": WORD}).context["entries"]
    services.common_word_forget(word=WORD)
    with CaptureQueriesContext(connection) as forgotten:
        again = client.get(URL, {"q": WORD}).context["entries"]  # the cached page went with the word
    assert [e.pk for e in first] == [e.pk for e in again] == [e.pk for e in reversed(made)][:2]
    assert any("library_commonwordmatch" in q["sql"] for q in kept.captured_queries)
    searched = [q["sql"] for q in forgotten.captured_queries if "search_vector @@" in q["sql"]]
    assert searched and not any("library_commonwordmatch" in q["sql"] for q in forgotten.captured_queries)


@pytest.mark.parametrize("size", [5, 30])
def test_a_kept_word_reads_a_fixed_number_of_queries(client, member, bound, django_assert_num_queries, size):
    EntryFactory.create_batch(size, year=2024, themes=",data,")
    services.common_word_fill(word=WORD)
    client.force_login(member)
    # Its page in the facets' query too, newest first: no walk of the date index.
    with django_assert_num_queries(QUERIES):
        response = client.get(URL, {"q": WORD})
    assert response.context["page_obj"].paginator.count.at_least
    # With a filter, the page from the filtered matches, newest first; the near spellings kept.
    with django_assert_num_queries(QUERIES - 1):
        response = client.get(URL, {"q": WORD, "year": "2024"})
    assert response.context["page_obj"].paginator.count.at_least


def test_the_command_keeps_forgets_and_lists_the_words(bound):
    _entries(5)
    CommonWord.objects.create(word="авлага", asked=2)
    out = StringIO()
    call_command("library_common_words", keep=["Гарын"], fill=True, stdout=out)
    assert "гарын: 5 matches kept" in out.getvalue() and "kept: авлага" in out.getvalue()
    assert _kept_rows(WORD) == _entry_rows(WORD)
    out = StringIO()
    call_command("library_common_words", forget=["гарын"], stdout=out)
    assert "гарын: forgotten" in out.getvalue() and "авлага\tsearched 2 times\tkept since" in out.getvalue()


def test_the_api_counts_a_kept_word_from_its_matches_and_walks_the_same_entries(client, bound):
    made = [EntryFactory(title=f"Гарын авлага {n}", kind="law" if n % 2 else "toolkit").pk for n in range(7)]
    EntryFactory(title="Гарын нууц", members_only=True)

    def walk(url):
        seen = []
        while url:
            body = client.get(url).json()
            seen += [r["id"] for r in body["results"]]
            url = body["next"]
        return seen

    before = [walk(f"/api/v1/library/?q={WORD}&limit=2"), walk(f"/api/v1/library/?q={WORD}&kind=law&limit=2")]
    services.common_word_fill(word=WORD)
    with CaptureQueriesContext(connection) as queries:
        after = [
            walk(f"/api/v1/library/?q={WORD}&limit=2"),
            walk(f"/api/v1/library/?q={WORD}&kind=law&limit=2"),
        ]
    assert after == before and before[0] == made and before[1] == made[1::2]
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts and all("library_commonwordmatch" in sql for sql in counts)
