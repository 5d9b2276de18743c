"""Small look-and-feel fixes that a template edit could silently undo."""

import pytest

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_organisation_filter_selects_are_styled(client):
    page = client.get("/organisations/").content.decode()
    assert page.count('class="form-select"') == 3


def test_register_button_is_a_large_touch_target(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'class="btn btn-primary btn-touch"' in page


def test_navbar_keeps_language_and_account_outside_the_collapsing_menu(client, member):
    client.force_login(member)
    page = client.get("/").content.decode()
    persistent = page[page.index('data-testid="nav-persistent"') : page.index('id="nav-main"')]
    assert 'data-testid="lang-en"' in persistent and 'data-testid="account-menu"' in persistent


def test_every_scrolling_table_box_is_focusable_and_named(client):
    page = client.get("/insights/public/").content.decode()
    boxes = page.count('<div class="table-responsive"')
    assert boxes > 0
    assert page.count('<div class="table-responsive" tabindex="0" role="region" aria-label="') == boxes
