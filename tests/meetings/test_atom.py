"""/meetings/feed.atom and /branches/<slug>/feed.atom: Atom documents a parser reads, with
public meetings only and never an online link."""

from xml.etree import ElementTree

import pytest

from meetings.models import Meeting
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated") and root.findtext(f"{ATOM}title")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    return {e.findtext(f"{ATOM}title"): e for e in entries}


def test_the_meetings_feed_has_public_meetings_only(client):
    shown = MeetingFactory(title_mn="Жендэрийн төсвийн сургалт")
    MeetingFactory(title_mn="Ноорог уулзалт", status=Meeting.Status.DRAFT)
    MeetingFactory(title_mn="Хянагдаж буй", status=Meeting.Status.REVIEW)
    entries = _entries(client.get("/meetings/feed.atom"))
    assert list(entries) == [shown.title_mn]
    assert shown.online_url not in client.get("/meetings/feed.atom").content.decode()


def test_a_cancelled_meeting_says_so(client):
    MeetingFactory(title_mn="Хойшилсон", status=Meeting.Status.CANCELLED, cancellation_reason="Цас")
    (title,) = _entries(client.get("/meetings/feed.atom"))
    assert "Хойшилсон" in title and title != "Хойшилсон"


def test_the_branch_feed_has_the_branch_meetings(client):
    branch = CommunityFactory(parent=RootCommunityFactory())
    mine = MeetingFactory(community=branch, title_mn="Салбарын уулзалт")
    MeetingFactory(title_mn="Төвийн уулзалт")
    MeetingFactory(community=branch, title_mn="Хянагдаж буй", status=Meeting.Status.REVIEW)
    entries = _entries(client.get(f"/branches/{branch.slug}/feed.atom"))
    assert list(entries) == [mine.title_mn]


def test_an_unknown_branch_feed_is_404(client):
    assert client.get("/branches/no-such-branch/feed.atom").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_the_feed_reads_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    MeetingFactory.create_batch(size)
    # the site's domain (for absolute links), the meetings
    with django_assert_num_queries(2):
        client.get("/meetings/feed.atom")


def test_a_control_character_in_a_title_does_not_break_the_feeds(client):
    branch = CommunityFactory(parent=RootCommunityFactory())
    MeetingFactory(community=branch, title_mn="Хуулсан\x0bгарчиг", description_mn="PDF-ээс\x02 хуулсан")
    for url in ("/meetings/feed.atom", f"/branches/{branch.slug}/feed.atom"):
        assert list(_entries(client.get(url))) == ["Хуулсангарчиг"], url
