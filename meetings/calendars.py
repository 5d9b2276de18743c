"""The one shape of every iCalendar feed (all meetings, a member's own, a branch's): a subclass
says which calendar a request asks for; the view builds it once per change of what it shows,
keeps it compressed and answers a calendar app that already has it with 304
(``cached_document``). The Atom feeds are ``feeds.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.views import View

from cop_portal.conditional import cached_document

from .ical import calendar_bytes
from .models import Meeting

ICS_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Calendar:
    """One calendar feed: its title, its meetings, the cache's ``name`` for the document, the cache
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


class MeetingCalendarView(View):
    def feed(self, request, **kwargs) -> Calendar | HttpResponse:
        """The calendar asked for, or the response that refuses it (raise ``Http404`` to hide it)."""
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
