"""The demo library, tried as a new user would (the issue's "done when")."""

import pytest

from library.models import Entry, Expert, Item

pytestmark = pytest.mark.django_db


def test_the_demo_has_sixty_items_in_both_languages_and_a_few_experts():
    assert Item.objects.count() >= 60
    assert Item.objects.filter(language="en").exists() and Item.objects.exclude(summary_en="").count() >= 60
    assert Expert.objects.count() >= 3
    assert {"visit", "minutes", "plan", "report"} <= set(Entry.objects.values_list("source", flat=True))


def test_a_focal_person_finds_trainings_and_decks(client):
    from members.demo import DEMO_PASSWORD, FOCAL_EMAIL

    client.login(email=FOCAL_EMAIL, password=DEMO_PASSWORD)
    page = client.get("/library/", {"q": "сургалт хүйс"}).content.decode()
    assert "Хүйсээр ангилсан статистикийн сургалт" in page
    assert "сургалтын слайд" in page


def test_mod_tarih_finds_the_dundgovi_seedlings(client):
    page = client.get("/library/", {"q": "мод тарих"}).content.decode()
    assert "220 мод тарих суулгац" in page
    assert "Дундговь аймгийн Байгаль орчны газарт хийсэн айлчлал" in page


def test_an_english_speaker_finds_the_dundgovi_practice(client):
    page = client.get("/library/", {"q": "seedlings", "lang": "en"}).content.decode()
    assert "Dundgovi: 220 tree seedlings" in page


def test_a_visitor_never_sees_a_members_only_title(client):
    secret = Item.objects.filter(members_only=True).first()
    assert secret is not None
    for query in ({}, {"q": "салбар зөвлөл"}, {"q": "маягт"}):
        assert secret.title not in client.get("/library/", query).content.decode()
    assert secret.title not in client.get("/library/feed.atom").content.decode()


def test_the_kindergarten_male_dolls_are_found():
    from library.selectors import Filters, entry_search

    assert entry_search(viewer=None, filters=Filters(q="эрэгтэй хүүхэлдэй")).exists()
