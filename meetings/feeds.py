"""Feeds of meetings.

Atom feeds of meetings (RFC 4287, Django's syndication framework): the CoP's public
meetings, newest announcements first. Never the online link (that stays with the people
holding a seat). The branch feed (branches app) is this feed over a branch's meetings.

The one shape of every calendar feed (all meetings, a member's own, a branch's): a subclass
says which feed a request asks for; the view builds it once per change of what it shows, keeps
it compressed and answers a calendar app that already has it with 304 (``cached_document``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.syndication.views import Feed as SyndicationFeed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.atom import Atom1Feed
from cop_portal.conditional import cached_document

from . import selectors
from .ical import calendar_bytes
from .models import Meeting

FEED_SIZE = 50
CANCELLED_TITLE = _("Cancelled: %(title)s")


class MeetingAtomFeed(SyndicationFeed):
    feed_type = Atom1Feed
    title = _("Gender CoP meetings")
    subtitle = _("Meetings, trainings, site visits and conventions of the Gender CoP.")
    link = "/meetings/"

    def meetings(self, obj):
        return selectors.meeting_list_calendar()

    def items(self, obj=None):
        return list(self.meetings(obj).order_by("-published_at", "-starts_at", "-id")[:FEED_SIZE])

    def item_title(self, meeting):
        if meeting.is_cancelled:
            return str(CANCELLED_TITLE % {"title": meeting.title})
        return meeting.title

    def item_description(self, meeting):
        when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
        place = meeting.venue or meeting.get_mode_display()
        return f"{when} · {place}\n\n{meeting.description}"

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting):
        return meeting.published_at or meeting.created_at

    def item_updateddate(self, meeting):
        return meeting.updated_at

    def item_categories(self, meeting):
        return [meeting.get_format_display()]


ICS_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Feed:
    """One feed: its title, its meetings, the cache's ``name`` for the document, the cache
    ``names`` it shows and its ``audience``, the HTTP ``cache_control`` and download
    ``filename``; ``links_for(meetings)``: the meetings whose online link the reader may have
    (those they hold a confirmed seat for; none by default)."""

    title: str
    meetings: Callable[[], Iterable[Meeting]]
    name: str
    names: tuple[str, ...]
    audience: str
    cache_control: str
    filename: str
    links_for: Callable[[list[Meeting]], frozenset[int]] | None = None


class MeetingFeedView(View):
    def feed(self, request, **kwargs) -> Feed | HttpResponse:
        """The feed asked for, or the response that refuses it (raise ``Http404`` to hide it)."""
        raise NotImplementedError

    def get(self, request, **kwargs):
        feed = self.feed(request, **kwargs)
        if isinstance(feed, HttpResponse):
            return feed

        def build():
            meetings = list(feed.meetings())
            links = feed.links_for(meetings) if feed.links_for else frozenset()
            body = calendar_bytes(meetings, name=str(feed.title), links_for=links)
            return body, max((m.updated_at for m in meetings), default=None)

        return cached_document(
            request,
            name=feed.name,
            names=feed.names,
            audience=feed.audience,
            build=build,
            content_type=ICS_TYPE,
            cache_control=feed.cache_control,
            filename=feed.filename,
        )
