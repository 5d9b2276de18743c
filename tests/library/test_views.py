"""The library's pages: search, filters, refusals of bad input, an item, adding, the feed."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from library.forms import ERROR_BAD_FILTER  # noqa: F401  (the 400 page says it)
from library.views import ERROR_NO_PAGE
from tests.conftest import is_postgres
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
URL = "/library/"
# the user (the session is read from the cache), and on SQLite the page with its count and the facets in six queries; on
# PostgreSQL the near spellings of the words and one grouped query for the facets, the count
# and the page's entries (its plan through the full-text index sent with it). May-add
# (coordinator? focal?) is read at sign-in with the account menu's values, not per page.
QUERIES = 3 if is_postgres() else 8
# Without words and with one filter: the user, the count and facets from the summary, the page,
# and (a theme filter, for a member) the themes they follow for the follow button
QUERIES_WITHOUT_WORDS = 4


def test_the_search_finds_and_highlights(client, seedlings_visit):
    page = client.get(URL, {"q": "мод тарих"}).content.decode()
    assert seedlings_visit.meeting.title_mn in page
    assert "<mark>мод</mark> <mark>тарих</mark>" in page


def test_a_visitor_page_never_shows_a_members_only_title(client, member, secret_item, statistics_training):
    for query in ({}, {"q": "зэрлэгтахь"}, {"theme": "harassment"}, {"province": "dornod"}):
        page = client.get(URL, query).content.decode()
        assert "Зэрлэгтахь" not in page, query
        # Its theme and province are nobody else's: no facet counts them for a visitor.
        assert "Дарамтаас урьдчилан сэргийлэх" not in page and "facet-province" not in page, query
    client.force_login(member)
    assert "Зэрлэгтахь" in client.get(URL, {"q": "зэрлэгтахь"}).content.decode()


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"kind": "nonsense"}, {"page": "0"}, {"organisation": "-1"}, {"q": "х" * 201}],
)
def test_bad_input_is_refused_with_a_message(client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "cannot be run" in response.content.decode() or "хийх боломжгүй" in response.content.decode()


def test_a_page_past_the_end_is_404_with_a_message(client, settings):
    settings.LANGUAGE_CODE = "en"
    response = client.get(URL, {"page": "5"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.context["errors"] == [str(ERROR_NO_PAGE)]


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_reads_a_fixed_number_of_queries(client, member, django_assert_num_queries, size):
    EntryFactory.create_batch(size, year=2024, themes=",data,")
    client.force_login(member)
    with django_assert_num_queries(QUERIES):
        response = client.get(URL, {"q": "гарын", "year": "2024"})
    assert response.status_code == 200


def test_two_filters_without_words_list_the_newest_that_pass_both(client, member):
    """No words and two filters: not the summary's (one filter at most), the facets' query, whose
    page is then newest first (it had no order to sort by without words and failed)."""
    start = timezone.now() - dt.timedelta(days=30)
    made = [
        EntryFactory(kind="law", province="dornod", dated_at=start + dt.timedelta(days=i)) for i in range(3)
    ]
    EntryFactory(kind="law", province="khovd")
    EntryFactory(kind="law", province="dornod", members_only=True)
    response = client.get(URL, {"kind": "law", "province": "dornod"})
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 3
    assert [e.pk for e in response.context["entries"]] == [e.pk for e in reversed(made)]
    blocks = {
        b["name"]: {row["text"]: row["count"] for row in b["rows"]} for b in response.context["facet_blocks"]
    }
    assert blocks["province"] == {"Дорнод": 3, "Ховд": 1}
    client.force_login(member)
    response = client.get(URL, {"kind": "law", "province": "dornod", "year": "1999"})
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 0


@pytest.mark.parametrize("size", [3, 30])
def test_a_filter_without_words_reads_a_fixed_number_of_queries(
    client, member, django_assert_num_queries, size
):
    EntryFactory.create_batch(size, year=2024, themes=",data,")
    EntryFactory.create_batch(size, year=2023, members_only=True)
    client.force_login(member)
    with django_assert_num_queries(QUERIES_WITHOUT_WORDS):
        response = client.get(URL, {"theme": "data"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


def test_an_item_page_and_its_file(client, coordinator, statistics_training):
    page = client.get(statistics_training.get_absolute_url()).content.decode()
    assert statistics_training.title in page
    assert client.get(reverse("library:item-file", args=[statistics_training.pk])).status_code == 404


def test_a_members_only_item_is_not_found_by_a_visitor(client, secret_item):
    assert client.get(secret_item.get_absolute_url()).status_code == 404


def test_a_coordinator_adds_an_item_through_the_form(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("library:item-create"),
        {
            "title": "Жендэрийн төсвийн загвар",
            "kind": "template",
            "language": "mn",
            "licence": "cc-by-4.0",
            "themes": ["budgeting"],
        },
    )
    assert response.status_code == 302
    assert "Жендэрийн төсвийн загвар" in client.get(URL, {"q": "төсвийн"}).content.decode()


def test_the_item_form_refuses_bad_input_with_400(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("library:item-create"), {"title": "", "kind": "nonsense"})
    assert response.status_code == 400


def test_the_feed_is_atom_and_public_only(client, seedlings_visit, secret_item, statistics_training):
    response = client.get(reverse("library:library-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert seedlings_visit.meeting.title_mn in titles and statistics_training.title in titles
    assert secret_item.title not in titles
    for entry in root.findall(f"{ATOM}entry"):
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")


def test_a_control_character_in_an_item_does_not_break_the_feed(client, coordinator):
    from library.services import item_create

    item_create(actor=coordinator, title="Хуулсан\x0bгарчиг", description="PDF-ээс\x02 хуулсан")
    root = ElementTree.fromstring(client.get(reverse("library:library-feed")).content)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["Хуулсангарчиг"]


def test_a_cached_search_changes_when_an_item_is_added(client, coordinator):
    from library.services import item_create

    assert "Шинэ гарын авлага" not in client.get(URL, {"q": "гарын"}).content.decode()
    item_create(actor=coordinator, title="Шинэ гарын авлага")
    assert "Шинэ гарын авлага" in client.get(URL, {"q": "гарын"}).content.decode()


def test_a_members_cached_search_is_never_served_to_a_visitor(client, member, secret_item):
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(member)
    assert "Зэрлэгтахь" in signed_in.get(URL, {"q": "зэрлэгтахь"}).content.decode()
    assert "Зэрлэгтахь" not in client.get(URL, {"q": "зэрлэгтахь"}).content.decode()


def test_an_english_reader_sees_the_english_summary(client, seedlings_visit):
    page = client.get(URL, {"q": "tree", "lang": "en"}).content.decode()
    assert "<mark>Tree</mark> planting with parents in Dundgovi" in page


def test_the_add_button_follows_the_role_kept_at_sign_in(client, member, coordinator):
    from tests.factories import CommunityFactory, RootCommunityFactory

    client.force_login(member)
    assert 'data-testid="library-add"' not in client.get(URL).content.decode()
    CommunityFactory(parent=RootCommunityFactory(), focal_person=member)
    client.force_login(member)  # the role is read again at sign-in (or after a minute)
    assert 'data-testid="library-add"' in client.get(URL).content.decode()
    client.force_login(coordinator)
    assert 'data-testid="library-add"' in client.get(URL).content.decode()
