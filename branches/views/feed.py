"""A branch CoP's own calendar feed: its published (and cancelled) meetings and its
sub-branches', like the all-meetings feed (``meetings.feeds``): never an online link."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from meetings.feeds import Feed, MeetingAtomFeed, MeetingFeedView
from meetings.models import Meeting
from members.models import Community
from members.selectors import community_get

from .. import selectors
from ..permissions import user_can_see_community

FEED_NAME = _("Gender CoP meetings: %(name)s")


class BranchCalendarFeedView(MeetingFeedView):
    def feed(self, request, slug):
        try:
            community = community_get(slug=slug)
        except Community.DoesNotExist as exc:
            raise Http404 from exc
        if not user_can_see_community(request.user, community):
            raise Http404
        public = community.status == Community.Status.APPROVED
        return Feed(
            title=FEED_NAME % {"name": community.name},
            # No ``links_for``: the online link stays with the people holding a seat.
            meetings=lambda: selectors.branch_calendar(community=community),
            name=f"feed:branch:{community.pk}",
            names=("feed:all", f"community:{community.pk}"),
            # A branch not yet approved is seen by its own people only: never shared by caches.
            audience="public" if public else f"community:{community.pk}:people",
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
