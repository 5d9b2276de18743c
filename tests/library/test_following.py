"""Following a theme: the forms (POST with CSRF, no JavaScript), who may follow, the themes'
page, and the daily digest through the outbox: once per (member, day), members-only items to
members only, the member's e-mail preference respected."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from library import services
from library.models import Item, Theme, ThemeFollow
from library.services.following import DIGEST_KIND
from library.views.following import THEME_FOLLOWED
from members.models import User
from notices.models import Delivery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOLLOW = reverse("library:theme-follow", args=[Theme.DATA])
UNFOLLOW = reverse("library:theme-unfollow", args=[Theme.DATA])
TOMORROW = dt.timedelta(days=1)


def _digest(now=None):
    return services.theme_digest_send(now=now or timezone.now() + TOMORROW)


def _data_item(coordinator, title="Хүйсээр ангилсан мэдээллийн гарын авлага", **fields):
    return services.item_create(actor=coordinator, title=title, themes=[Theme.DATA], **fields)


def test_a_member_follows_and_unfollows_a_theme_from_an_item_page(client, member, statistics_training):
    client.force_login(member)
    page = client.get(statistics_training.get_absolute_url()).content.decode()
    assert f'data-testid="theme-follow-{Theme.DATA}"' in page
    response = client.post(FOLLOW, {"next": statistics_training.get_absolute_url()}, follow=True)
    assert response.redirect_chain[-1][0] == statistics_training.get_absolute_url()
    assert ThemeFollow.objects.filter(user=member, theme=Theme.DATA).exists()
    page = response.content.decode()
    assert f'data-testid="theme-unfollow-{Theme.DATA}"' in page
    assert str(THEME_FOLLOWED % {"theme": Theme.DATA.label}) in page
    assert client.post(FOLLOW).status_code == 302  # twice: still one row
    assert ThemeFollow.objects.filter(user=member).count() == 1
    assert client.post(UNFOLLOW, {"next": "/library/?theme=data"})["Location"] == "/library/?theme=data"
    assert not ThemeFollow.objects.filter(user=member).exists()


def test_the_library_page_filtered_by_a_theme_offers_to_follow_it(client, member):
    assert 'data-testid="theme-follow-box"' not in client.get("/library/", {"theme": "data"}).content.decode()
    client.force_login(member)
    page = client.get("/library/", {"theme": "data"}).content.decode()
    assert f'action="{FOLLOW}"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'data-testid="theme-follow-box"' not in client.get("/library/").content.decode()


def test_the_themes_page_lists_what_the_member_follows(client, member):
    services.theme_follow(user=member, theme=Theme.BUDGETING, actor=member)
    client.force_login(member)
    page = client.get(reverse("library:theme-list")).content.decode()
    assert f'data-testid="theme-unfollow-{Theme.BUDGETING}"' in page
    assert f'data-testid="theme-follow-{Theme.DATA}"' in page
    assert 'data-testid="profile-themes"' in client.get(reverse("members:profile")).content.decode()


def test_a_visitor_is_sent_to_sign_in_and_follows_nothing(client):
    response = client.post(FOLLOW)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not ThemeFollow.objects.exists()


def test_an_applicant_cannot_follow(client, applicant):
    client.force_login(applicant)
    assert client.post(FOLLOW).status_code == 403
    assert not ThemeFollow.objects.exists()


def test_the_follow_form_needs_its_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(FOLLOW).status_code == 403
    assert not ThemeFollow.objects.exists()


def test_an_unknown_theme_is_404_and_a_foreign_next_is_ignored(client, member):
    client.force_login(member)
    assert client.post(reverse("library:theme-follow", args=["nonsense"])).status_code == 404
    response = client.post(FOLLOW, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("library:theme-list")


def test_the_digest_goes_once_per_member_and_day(member, coordinator, mailoutbox):
    from notices.services import notices_send_due

    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    item = _data_item(coordinator)
    services.item_create(actor=coordinator, title="Төсвийн гарын авлага", themes=[Theme.BUDGETING])
    assert _digest(now=timezone.now()) == 0  # the day is not over yet
    assert _digest() == 1
    assert _digest() == 0 and _digest(now=timezone.now() + 2 * TOMORROW) == 0
    (row,) = Delivery.objects.filter(kind=DIGEST_KIND)
    assert row.user_id == member.pk and row.key == f"theme-digest:{timezone.localdate().isoformat()}"
    assert [e["title"] for e in row.context["entries"]] == [item.title]
    notices_send_due()
    (mail,) = mailoutbox
    assert mail.to == [member.email]
    assert item.title in mail.body and item.get_absolute_url() in mail.body
    assert "Төсвийн" not in mail.body
    # One click stops this kind, as every notice's does.
    assert mail.extra_headers["List-Unsubscribe"].strip("<>") in mail.body
    assert "Sex-disaggregated data" not in mail.body  # the theme named in Mongolian


def test_the_digest_is_written_in_the_members_language(member, coordinator, mailoutbox):
    from notices.services import notices_send_due

    User.objects.filter(pk=member.pk).update(preferred_language="en")
    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    _data_item(coordinator, title_en="Guide to sex-disaggregated data")
    _digest()
    notices_send_due()
    (mail,) = mailoutbox
    assert "Guide to sex-disaggregated data" in mail.body and "Sex-disaggregated data" in mail.body
    assert "new item in the library's themes you follow" in mail.subject


def test_a_members_only_item_is_not_announced_to_a_non_member(member, coordinator):
    lapsed = UserFactory()
    for user in (member, lapsed):
        services.theme_follow(user=user, theme=Theme.DATA, actor=user)
    User.objects.filter(pk=lapsed.pk).update(status=User.Status.DECLINED)
    _data_item(coordinator, title="Нууц тэмдэглэл", members_only=True)
    public = _data_item(coordinator)
    _digest()
    rows = {row.user_id: row.context for row in Delivery.objects.filter(kind=DIGEST_KIND)}
    assert [e["title"] for e in rows[lapsed.pk]["entries"]] == [public.title]
    assert not rows[lapsed.pk]["members_only"]
    assert len(rows[member.pk]["entries"]) == 2 and rows[member.pk]["members_only"]


def test_no_digest_to_a_non_member_when_only_members_only_items_came(member, coordinator):
    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    User.objects.filter(pk=member.pk).update(status=User.Status.DECLINED)
    _data_item(coordinator, members_only=True)
    assert _digest() == 0
    assert not Delivery.objects.filter(kind=DIGEST_KIND).exists()


def test_a_member_who_lapses_after_the_queue_is_not_sent_members_only_items(member, coordinator, mailoutbox):
    from notices.services import notices_send_due

    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    _data_item(coordinator, members_only=True)
    assert _digest() == 1
    User.objects.filter(pk=member.pk).update(status=User.Status.DECLINED)
    notices_send_due()
    assert mailoutbox == []
    assert Delivery.objects.get(kind=DIGEST_KIND).status == Delivery.Status.SKIPPED


def test_a_member_who_switched_the_digest_off_gets_none(member, coordinator, mailoutbox):
    from notices.services import notices_send_due

    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    User.objects.filter(pk=member.pk).update(muted_email_kinds=["theme_digest"])
    _data_item(coordinator)
    _digest()
    notices_send_due()
    assert mailoutbox == []


def test_an_unfollowed_theme_and_an_old_item_are_not_announced(member, coordinator):
    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    item = _data_item(coordinator)
    services.theme_unfollow(user=member, theme=Theme.DATA, actor=member)
    assert _digest() == 0
    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    services.item_update(item=item, actor=coordinator, title="Шинэ гарчиг")  # a change is not news
    assert _digest(now=timezone.now() + 2 * TOMORROW) == 1  # yesterday's catch-up, once
    assert _digest(now=timezone.now() + 3 * TOMORROW) == 0


def test_an_erased_account_follows_nothing(member):
    from members.services.privacy import user_erase

    services.theme_follow(user=member, theme=Theme.DATA, actor=member)
    user_erase(user=member, actor=member)
    assert not ThemeFollow.objects.exists()


@pytest.mark.parametrize("size", [2, 20])
def test_the_digest_reads_a_fixed_number_of_queries(coordinator, django_assert_num_queries, size):
    for n in range(size):
        follower = UserFactory()
        services.theme_follow(user=follower, theme=Theme.DATA, actor=follower)
        _data_item(coordinator, title=f"Гарын авлага {n}", kind=Item.Kind.TOOLKIT)
    # its transaction (2), per day of the catch-up the entries (3), for the day with entries
    # the follows and the outbox's insert (2)
    with django_assert_num_queries(2 + 3 + 2):
        assert _digest() == size


@pytest.mark.parametrize("size", [2, 20])
def test_the_themes_page_and_an_item_page_read_a_fixed_number_of_queries(
    client, member, coordinator, django_assert_num_queries, size
):
    item = _data_item(coordinator)
    for theme in list(Theme.values)[: size // 4]:
        services.theme_follow(user=member, theme=theme, actor=member)
    client.force_login(member)
    # the user (the session from the cache), the followed themes
    with django_assert_num_queries(2):
        assert client.get(reverse("library:theme-list")).status_code == 200
    # the user, the item, may change it (coordinator? focal person?), the followed themes
    with django_assert_num_queries(5):
        assert client.get(item.get_absolute_url()).status_code == 200
