"""The library on a 360 px phone (Debian's Chromium): a branch's focal person searches
"сургалт хүйс", finds the network's trainings and decks, and follows the theme from the
results with the plain form; nothing is wider than the screen."""

import pytest

from library import services
from library.models import Item, Theme, ThemeFollow
from tests.browser.support import LAYOUT_JS, new_context
from tests.factories import CommunityFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_person_finds_trainings_and_follows_their_theme_at_360_px(browser, live_server):
    focal = UserFactory()
    CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    training = services.item_create(
        actor=focal,
        title="Хүйсээр ангилсан статистикийн сургалт",
        description="Төрийн албан хаагчдад зориулсан хүйсээр ангилсан мэдээллийн сургалтын слайд.",
        kind=Item.Kind.TRAINING,
        themes=[Theme.DATA],
    )
    context = new_context(browser, live_server.url, user=focal, width=360, height=740)
    page = context.new_page()
    page.goto("/library/")
    page.get_by_test_id("library-q").fill("сургалт хүйс")
    page.get_by_test_id("library-q").press("Enter")
    page.get_by_test_id("library-entry").first.wait_for()
    assert training.title in page.get_by_test_id("library-entry").first.inner_text()
    layout = page.evaluate(LAYOUT_JS)
    assert layout["scrollWidth"] <= layout["viewport"], layout
    page.goto(f"/library/?theme={Theme.DATA}")
    page.get_by_test_id(f"theme-follow-{Theme.DATA}").click()
    page.get_by_test_id(f"theme-unfollow-{Theme.DATA}").wait_for()
    assert ThemeFollow.objects.filter(user=focal, theme=Theme.DATA).exists()
    layout = page.evaluate(LAYOUT_JS)
    assert layout["scrollWidth"] <= layout["viewport"], layout
    context.close()
