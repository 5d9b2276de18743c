"""Atom feeds of meetings (RFC 4287, Django's syndication framework): the CoP's public
meetings, newest announcements first. Never the online link (that stays with the people
holding a seat). The branch feed (branches app) is this feed over a branch's meetings."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors

FEED_SIZE = 50
CANCELLED_TITLE = _("Cancelled: %(title)s")


class MeetingAtomFeed(Feed):
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
