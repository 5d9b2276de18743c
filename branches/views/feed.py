"""A branch CoP's own calendar feed: its published (and cancelled) meetings and its
sub-branches', like the all-meetings feed: never an online link, cached, answered with 304."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.conditional import cached_document
from meetings.feeds import MeetingAtomFeed
from meetings.ical import calendar_bytes
from meetings.models import Meeting
from members.models import Community
from members.selectors import community_get

from .. import selectors
from ..permissions import user_can_see_community

ICS_TYPE = "text/calendar; charset=utf-8"
FEED_NAME = _("Gender CoP meetings: %(name)s")


class BranchCalendarFeedView(View):
    def get(self, request, slug):
        try:
            community = community_get(slug=slug)
        except Community.DoesNotExist as exc:
            raise Http404 from exc
        if not user_can_see_community(request.user, community):
            raise Http404
        public = community.status == Community.Status.APPROVED

        def build():
            meetings = list(selectors.branch_calendar(community=community))
            # No ``links_for``: the online link stays with the people holding a seat.
            body = calendar_bytes(meetings, name=str(FEED_NAME % {"name": community.name}))
            return body, max((m.updated_at for m in meetings), default=None)

        return cached_document(
            request,
            # A branch not yet approved is seen by its own people only: never shared by caches.
            name=f"feed:branch:{community.pk}",
            names=("feed:all", f"community:{community.pk}"),
            audience="public" if public else f"community:{community.pk}:people",
            build=build,
            content_type=ICS_TYPE,
            cache_control="public, max-age=900" if public else "private, no-store",
            filename=f"{community.slug}.ics",
        )


class BranchAtomFeed(MeetingAtomFeed):
    """/branches/<slug>/feed.atom: the branch's meetings and its sub-branches' (as its
    calendar feed), for those who may see the branch."""

    def get_object(self, request, slug):
        try:
            community = community_get(slug=slug)
        except Community.DoesNotExist as exc:
            raise Http404 from exc
        if not user_can_see_community(request.user, community):
            raise Http404
        return community

    def title(self, community):
        return str(FEED_NAME % {"name": community.name})

    def link(self, community):
        return community.get_absolute_url()

    def meetings(self, community):
        # What awaits a coordinator's review is not announced yet.
        return selectors.branch_calendar(community=community).exclude(status__in=Meeting.NOT_PUBLIC)
