"""A CoP's public side: the network of CoPs, a CoP's page (who runs it, its members, its
meetings, materials, minutes and the year's activity), following and leaving it, and
registering a branch."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cop_portal import disclosure, pagecache
from cop_portal.confirm import confirm_page, confirmed
from cop_portal.errors import error_text
from members import selectors as members_selectors
from members.models import Community
from members.permissions import MemberRequiredMixin, user_can_manage_branch, user_is_member

from .. import selectors, services
from ..forms import BranchRegisterForm
from ..permissions import BRANCH_REGISTER_CONTACTS_ONLY, user_can_register_branch, user_can_see_community

BRANCH_REGISTERED = _("Your branch CoP was registered. A coordinator will review it.")
BRANCH_JOINED = _("You joined this CoP.")
BRANCH_LEFT = _("You left this CoP.")
BRANCH_NOT_JOINED = _("You are not a member of this CoP.")
BRANCH_LEAVE_QUESTION = _("Leave %(name)s?")
BRANCH_LEAVE_MAIL = _("The announcements of its new meetings stop coming to you by e-mail.")
BRANCH_LEAVE_PAGE = _("Its members list and the year's activity are no longer shown to you.")
BRANCH_LEAVE_AGAIN = _("You can join again at any time from this CoP's page.")
BRANCH_LEAVE_YES = _("Yes, leave this CoP")
BRANCH_STAY = _("No, stay a member")
MEETINGS_PER_PAGE = 10


def _pager(queryset, params, name: str, anchor: str) -> dict:
    """A page of ``queryset`` chosen by the GET parameter ``name``, with links to the
    neighbouring pages that keep the page's other parameters."""
    page = Paginator(queryset, MEETINGS_PER_PAGE).get_page(params.get(name))

    def link(number: int) -> str:
        query = params.copy()
        query[name] = number
        return f"?{query.urlencode()}#{anchor}"

    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }


def branch_page_context(*, community, user, params, sees_activity: bool) -> dict:
    """What the page shows of meetings: three paginated lists and, for the branch's people,
    the year's activity (a fixed number of queries)."""
    members = user_is_member(user)
    context = {
        "upcoming": _pager(
            selectors.branch_meetings_upcoming(community=community), params, "upcoming", "upcoming"
        ),
        "past": _pager(selectors.branch_meetings_past(community=community), params, "past", "past"),
        "materials": _pager(
            selectors.branch_materials(community=community, members=members), params, "materials", "materials"
        ),
        "calendar_url": reverse("branches:branch-calendar", kwargs={"slug": community.slug}),
        "min_group": disclosure.MIN_GROUP,
        "activity": None,
    }
    if sees_activity:
        try:
            year = int(params.get("year", ""))
        except ValueError:
            year = None
        context["activity"] = selectors.branch_activity(community=community, year=year)
    return context


class CommunityListView(TemplateView):
    """The CoP network: the root CoP, then its branches a page at a time, each with its
    own sub-branches (a branch with a parent still waiting for approval is listed too)."""

    template_name = "branches/community_list.html"
    branches_per_page = 25

    def get_context_data(self, **kwargs):
        user = self.request.user
        roots, branches = members_selectors.community_network()
        page = Paginator(branches, self.branches_per_page).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "roots": roots,
            "page_obj": page,
            "can_register": user_can_register_branch(user),
            "recommended_size": settings.COP_BRANCH_RECOMMENDED_SIZE,
        }


class CommunityDetailView(TemplateView):
    """A CoP's page: who hosts and runs it, its members (for members, as the directory shows
    them), its meetings, materials, minutes, yearly activity and calendar feed."""

    template_name = "branches/community_detail.html"
    members_per_page = 50

    def get_context_data(self, **kwargs):
        try:
            community = members_selectors.community_get(slug=kwargs["slug"])
        except Community.DoesNotExist as exc:
            raise Http404 from exc
        pagecache.depends(f"community:{community.pk}")
        user = self.request.user
        if not user_can_see_community(user, community):
            raise Http404
        is_member = user_is_member(user)
        joined = members_selectors.community_is_member(community=community, user=user) if is_member else False
        can_manage = user_can_manage_branch(user, community) and not community.is_root
        members_page = None
        if is_member:
            paginator = Paginator(
                members_selectors.community_members(community=community), self.members_per_page
            )
            members_page = paginator.get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "community": community,
            "is_member": is_member,
            "joined": joined,
            "organisers": members_selectors.community_organisers(community=community)
            if not community.is_root
            else [],
            "can_manage": can_manage,
            "manage_url": reverse("branches:branch-manage", kwargs={"slug": community.slug})
            if can_manage
            else "",
            "sees_activity": joined or can_manage,
            "members_page": members_page,
            "recommended_size": settings.COP_BRANCH_RECOMMENDED_SIZE,
            "too_big": not community.is_root
            and community.member_count > settings.COP_BRANCH_RECOMMENDED_SIZE,
            "branch": branch_page_context(
                community=community, user=user, params=self.request.GET, sees_activity=joined or can_manage
            ),
        }


class CommunityJoinView(MemberRequiredMixin, View):
    leave = False

    def post(self, request, slug):
        community = get_object_or_404(Community, slug=slug)
        if not user_can_see_community(request.user, community):
            raise Http404
        try:
            if self.leave:
                services.branch_leave(community=community, user=request.user, actor=request.user)
                messages.success(request, BRANCH_LEFT)
            else:
                services.branch_join(community=community, user=request.user, actor=request.user)
                messages.success(request, BRANCH_JOINED)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return redirect(community)


class CommunityLeaveView(CommunityJoinView):
    """Leaving asks first (GET, or a POST without ``confirm=yes``): the branch's members and
    activity disappear from the page and its announcements stop."""

    leave = True

    def _community(self, request, slug):
        community = get_object_or_404(Community, slug=slug)
        if not user_can_see_community(request.user, community):
            raise Http404
        return community

    def _question(self, request, community, status=200):
        return confirm_page(
            request,
            title=community.name,
            question=BRANCH_LEAVE_QUESTION % {"name": community.name},
            effects=[BRANCH_LEAVE_MAIL, BRANCH_LEAVE_PAGE, BRANCH_LEAVE_AGAIN],
            confirm_label=BRANCH_LEAVE_YES,
            back_url=community.get_absolute_url(),
            back_label=BRANCH_STAY,
            status=status,
        )

    def get(self, request, slug):
        community = self._community(request, slug)
        if not members_selectors.community_is_member(community=community, user=request.user):
            messages.info(request, BRANCH_NOT_JOINED)
            return redirect(community)
        return self._question(request, community)

    def post(self, request, slug):
        if not confirmed(request):
            return self._question(request, self._community(request, slug), status=400)
        return super().post(request, slug)


class CommunityRegisterView(MemberRequiredMixin, View):
    template_name = "branches/community_register.html"
    refusal = BRANCH_REGISTER_CONTACTS_ONLY

    def allowed(self, user) -> bool:
        return user_can_register_branch(user)

    def get(self, request):
        form = BranchRegisterForm(organisation=request.user.organisation)
        # The organisation's branches already registered, so that none is registered twice.
        branches = members_selectors.community_list_for_organisation(
            organisation_id=request.user.organisation_id
        )
        return render(request, self.template_name, {"form": form, "organisation_branches": branches})

    def post(self, request):
        form = BranchRegisterForm(request.POST, organisation=request.user.organisation)
        if form.is_valid():
            try:
                community = services.branch_register(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, BRANCH_REGISTERED)
                return redirect(community)
        return render(request, self.template_name, {"form": form}, status=400)
