"""Search in Mongolian, with access control inside the query."""

import pytest

from library.facets import _facets_each, entry_facets
from library.selectors import Filters, entry_search, search_prepare
from tests.conftest import is_postgres
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def _titles(q, viewer=None, **filters):
    return [e.title for e in entry_search(viewer=viewer, filters=Filters(q=q, **filters))]


def test_mod_tarih_finds_the_seedlings_visit(seedlings_visit):
    assert _titles("мод тарих") == [seedlings_visit.meeting.title_mn]


def test_huiseer_angilsan_finds_the_statistics_training(statistics_training):
    assert _titles("хүйсээр ангилсан") == [statistics_training.title]


@pytest.mark.parametrize("query", ["ХҮЙСЭЭР", "хуйсээр", "хүйс", "статистик хүйс"])
def test_case_letter_variants_and_partial_words_match(statistics_training, query):
    assert _titles(query) == [statistics_training.title]


def test_yo_and_ye_are_the_same_letter(coordinator):
    from library.services import item_create

    item = item_create(actor=coordinator, title="Ёс зүйн дүрэм", kind="law")
    assert _titles("ес зүй") == [item.title]


def test_every_word_must_match(statistics_training, seedlings_visit):
    assert _titles("хүйсээр тарих") == []


@pytest.mark.skipif(not is_postgres(), reason="typos are matched by pg_trgm, on PostgreSQL only")
def test_a_small_typo_still_finds_on_postgres(statistics_training):
    assert statistics_training.title in _titles("статистикийнн")


def test_a_visitor_never_sees_a_members_only_item(secret_item, statistics_training):
    everything = Filters()
    assert secret_item.title not in [e.title for e in entry_search(viewer=None, filters=everything)]
    assert _titles("Зэрлэгтахь") == []
    facets = entry_facets(viewer=None, filters=Filters(q="Зэрлэгтахь"))
    assert all(rows == [] for rows in facets.values())
    facets = entry_facets(viewer=None, filters=everything)
    assert "harassment" not in [value for value, _label, _n in facets["theme"]]
    assert "dornod" not in [value for value, _label, _n in facets["province"]]


def test_a_member_finds_the_members_only_item(secret_item, member):
    assert _titles("зэрлэгтахь", viewer=member) == [secret_item.title]
    facets = entry_facets(viewer=member, filters=Filters())
    assert ("harassment", 1) in [(v, n) for v, _label, n in facets["theme"]]


def test_english_filter_shows_what_exists_in_english(seedlings_visit, statistics_training):
    assert _titles("", lang="en") == [seedlings_visit.meeting.title_mn]
    assert _titles("tree planting", lang="en") == [seedlings_visit.meeting.title_mn]


def test_facets_count_with_the_other_filters_applied(db):
    EntryFactory(kind="toolkit", year=2020)
    EntryFactory(kind="toolkit", year=2021)
    EntryFactory(kind="law", year=2021)
    facets = entry_facets(viewer=None, filters=Filters(year=2021))
    assert {v: n for v, _label, n in facets["kind"]} == {"toolkit": 1, "law": 1}
    assert {v: n for v, _label, n in facets["year"]} == {"2020": 1, "2021": 2}


def test_results_with_the_word_in_the_title_come_first(db):
    import datetime as dt

    from django.utils import timezone

    EntryFactory(
        title="Төсөвлөлтийн гарын авлага", body="жендэр", dated_at=timezone.now() - dt.timedelta(days=9)
    )
    EntryFactory(title="Тайлан", body="төсөвлөлт " * 3)
    assert _titles("төсөвлөлт")[0] == "Төсөвлөлтийн гарын авлага"


@pytest.mark.skipif(not is_postgres(), reason="one query with grouping sets on PostgreSQL only")
def test_the_one_query_facets_count_as_the_six_queries_do(
    member, secret_item, statistics_training, seedlings_visit
):
    EntryFactory.create_batch(3, kind="law", year=2020, province="dornod", themes=",data,")
    for viewer in (None, member):
        for q in ("", "хүйс", "мод"):
            filters = search_prepare(Filters(q=q))
            assert entry_facets(viewer=viewer, filters=filters) == _facets_each(
                viewer=viewer, filters=filters
            )


FILTERS = [
    {},
    {"kind": "law"},
    {"theme": "data"},
    {"lang": "en"},
    {"lang": "mn"},
    {"year": 2020},
    {"province": "dornod"},
]


def _summary_matches_the_entries(viewers, **extra):
    from library.facets import entry_facets_counted
    from library.selectors import entry_search_base

    for viewer in viewers:
        for given in [*FILTERS, *extra.get("more", [])]:
            filters = Filters(**given)
            facets, count = entry_facets_counted(viewer=viewer, filters=filters)
            assert facets == _facets_each(viewer=viewer, filters=filters), (viewer, given)
            assert count == entry_search_base(viewer=viewer, filters=filters).count(), (viewer, given)


def test_the_summary_counts_as_the_entries_do_through_every_write(
    member, coordinator, secret_item, statistics_training, seedlings_visit
):
    from library.services import index_refresh, item_delete, item_update

    EntryFactory.create_batch(3, kind="law", year=2020, province="dornod", themes=",data,")
    org = {"organisation": statistics_training.organisation_id} if statistics_training.organisation_id else {}
    _summary_matches_the_entries((None, member), more=[org] if org else [])
    item_update(item=statistics_training, actor=coordinator, kind="law", year=2020, themes=["budgeting"])
    item_update(item=secret_item, actor=coordinator, members_only=False, province="")
    _summary_matches_the_entries((None, member))
    item_delete(item=statistics_training, actor=coordinator)
    index_refresh(full=True)
    _summary_matches_the_entries((None, member))


def test_a_search_with_words_or_two_filters_is_counted_over_its_matches(statistics_training):
    from library.facets import entry_facets_counted

    assert entry_facets_counted(viewer=None, filters=Filters(q="хүйс")) is None
    assert entry_facets_counted(viewer=None, filters=Filters(kind="law", year=2020)) is None


def test_the_page_comes_with_its_count(db):
    from library.selectors import entry_search_page

    EntryFactory.create_batch(5)
    entries, count = entry_search_page(viewer=None, filters=Filters(q="гарын"), number=2, size=2)
    assert count == 5 and len(entries) == 2
    assert entry_search_page(viewer=None, filters=Filters(q="гарын"), number=4, size=2) is None
    assert entry_search_page(viewer=None, filters=Filters(q="тарих"), number=1, size=2) == ([], 0)


@pytest.mark.skipif(not is_postgres(), reason="one query with grouping sets on PostgreSQL only")
def test_the_one_query_facets_count_as_the_six_queries_do_with_filters(
    member, secret_item, statistics_training, seedlings_visit
):
    EntryFactory.create_batch(3, kind="law", year=2020, province="dornod", themes=",data,")
    EntryFactory.create_batch(2, kind="training", year=2024, themes=",data,budgeting,")
    combinations = [
        *FILTERS,
        {"kind": "law", "year": 2020},
        {"theme": "data", "kind": "training", "lang": "mn"},
    ]
    for viewer in (None, member):
        for q in ("", "хүйс", "гарын"):
            for given in combinations:
                filters = search_prepare(Filters(q=q, **given))
                assert entry_facets(viewer=viewer, filters=filters) == _facets_each(
                    viewer=viewer, filters=filters
                ), (viewer, q, given)


def test_a_word_found_in_very_many_entries_still_puts_the_title_first(db):
    import datetime as dt

    from django.utils import timezone

    EntryFactory(title="Төсөвлөлтийн загвар", body="жендэр", dated_at=timezone.now() - dt.timedelta(days=9))
    EntryFactory(title="Тайлан", body="төсөвлөлт " * 3)
    unranked = entry_search(viewer=None, filters=Filters(q="төсөвлөлт"), ranked=False)
    assert [e.title for e in unranked] == ["Төсөвлөлтийн загвар", "Тайлан"]


@pytest.mark.skipif(not is_postgres(), reason="the full-text index is PostgreSQL's")
def test_full_text_index_keeps_no_pending_list():
    """New entries go into the full-text index as they are written, not into a list that every
    search with words would read until autovacuum merges it (migration 0011)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'library_entry_search_vector'")
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in (options or [])
