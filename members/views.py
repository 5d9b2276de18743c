"""Views of the members app: thin, a permission check and one service call each."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView, TemplateView

from cop_portal import emails
from cop_portal.errors import error_text

from . import permissions, selectors, services
from .forms import (
    ApplyForm,
    BranchRegisterForm,
    DecisionForm,
    EmailPreferencesForm,
    MemberSearchForm,
    OrganisationFilterForm,
    ProfileForm,
)
from .models import Community, Organisation, User

UNSUBSCRIBE_INVALID = _(
    "This unsubscribe link is not valid. Change your e-mail preferences on your profile instead."
)
UNSUBSCRIBED = _("You will no longer receive these e-mails.")
PROFILE_SAVED = _("Your profile was saved.")
APPLIED = _("Your application was sent. You will receive an e-mail when it is decided.")
EMAIL_PREFERENCES_SAVED = _("Your e-mail preferences were saved.")
CALENDAR_TOKEN_ROTATED = _("Your old calendar address no longer works. Use the new one below.")
APPLICATION_APPROVED = _("%(name)s is now a member.")
APPLICATION_DECLINED = _("The application of %(name)s was declined.")
BRANCH_REGISTERED = _("Your branch CoP was registered. A coordinator will review it.")
BRANCH_JOINED = _("You joined this CoP.")
BRANCH_LEFT = _("You left this CoP.")


# --- organisations ------------------------------------------------------------------------------


class OrganisationListView(ListView):
    template_name = "members/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = OrganisationFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.organisation_list(**{k: v for k, v in filters.items() if v})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, query=query.urlencode())
        return context


class OrganisationDetailView(TemplateView):
    template_name = "members/organisation_detail.html"

    def get_context_data(self, **kwargs):
        try:
            organisation = selectors.organisation_get(slug=kwargs["slug"])
        except Organisation.DoesNotExist as exc:
            raise Http404 from exc
        user = self.request.user
        contacts = (
            selectors.organisation_contacts(organisation=organisation)
            if permissions.user_is_member(user)
            else []
        )
        return {**super().get_context_data(**kwargs), "organisation": organisation, "contacts": contacts}


# --- people -------------------------------------------------------------------------------------


class MemberListView(permissions.MemberRequiredMixin, ListView):
    template_name = "members/member_list.html"
    context_object_name = "people"
    paginate_by = 25

    def get_queryset(self):
        self.search_form = MemberSearchForm(self.request.GET or None)
        search = self.search_form.cleaned_data["q"] if self.search_form.is_valid() else ""
        return selectors.member_directory(search=search)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.search_form.cleaned_data.get("q", "") if self.search_form.is_bound else ""
        context.update(search_form=self.search_form, q=q, query=urlencode({"q": q}) if q else "")
        return context


class ApplicationListView(permissions.MemberRequiredMixin, ListView):
    """Pending applications: an organisation contact sees their organisation's, a coordinator all."""

    template_name = "members/application_list.html"
    context_object_name = "applications"
    paginate_by = 25
    refusal = permissions.CONTACTS_ONLY

    def allowed(self, user) -> bool:
        return permissions.user_can_list_applications(user)

    def get_queryset(self):
        return selectors.applications_for(actor=self.request.user)


class ApplicationDecideView(permissions.MemberRequiredMixin, View):
    refusal = permissions.CONTACTS_ONLY

    def allowed(self, user) -> bool:
        return permissions.user_can_list_applications(user)

    def post(self, request, pk, decision):
        person = get_object_or_404(User, pk=pk)
        if not permissions.user_can_decide_membership(request.user, person):
            raise PermissionDenied(services.MEMBERSHIP_DECIDE_REFUSED)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(" ".join(str(e) for e in form.errors.get("reason", [])))
        try:
            if decision == "approve":
                services.membership_approve(user=person, actor=request.user)
                messages.success(request, APPLICATION_APPROVED % {"name": person})
            else:
                services.membership_decline(
                    user=person, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, APPLICATION_DECLINED % {"name": person})
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        return redirect("members:application-list")


# --- communities --------------------------------------------------------------------------------


class CommunityListView(TemplateView):
    """The CoP network: the root CoP, then its branches a page at a time, each with its
    own sub-branches (a branch with a parent still waiting for approval is listed too)."""

    template_name = "members/community_list.html"
    branches_per_page = 25

    def get_context_data(self, **kwargs):
        user = self.request.user
        roots, branches = selectors.community_network()
        page = Paginator(branches, self.branches_per_page).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "roots": roots,
            "page_obj": page,
            "can_register": permissions.user_can_register_branch(user),
            "recommended_size": settings.COP_BRANCH_RECOMMENDED_SIZE,
        }


class CommunityDetailView(TemplateView):
    """A CoP's page: who hosts and runs it, its members (for members, as the directory shows
    them), and, through the meetings app's template tags, its meetings, materials, minutes,
    yearly activity and calendar feed (members never imports meetings)."""

    template_name = "members/community_detail.html"
    members_per_page = 50

    def get_context_data(self, **kwargs):
        try:
            community = selectors.community_get(slug=kwargs["slug"])
        except Community.DoesNotExist as exc:
            raise Http404 from exc
        user = self.request.user
        if not permissions.user_can_see_community(user, community):
            raise Http404
        is_member = permissions.user_is_member(user)
        joined = selectors.community_is_member(community=community, user=user) if is_member else False
        can_manage = permissions.user_can_manage_branch(user, community) and not community.is_root
        members_page = None
        if is_member:
            paginator = Paginator(selectors.community_members(community=community), self.members_per_page)
            members_page = paginator.get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "community": community,
            "is_member": is_member,
            "joined": joined,
            "organisers": selectors.community_organisers(community=community)
            if not community.is_root
            else [],
            "can_manage": can_manage,
            "manage_url": _manage_url(community) if can_manage else "",
            "sees_activity": joined or can_manage,
            "members_page": members_page,
            "recommended_size": settings.COP_BRANCH_RECOMMENDED_SIZE,
            "too_big": not community.is_root
            and community.member_count > settings.COP_BRANCH_RECOMMENDED_SIZE,
        }


def _manage_url(community: Community) -> str:
    """The branch's management page (``meetings:branch-manage``, asked by name: members never
    imports meetings)."""
    return reverse("meetings:branch-manage", kwargs={"slug": community.slug})


class CommunityJoinView(permissions.MemberRequiredMixin, View):
    leave = False

    def post(self, request, slug):
        community = get_object_or_404(Community, slug=slug)
        if not permissions.user_can_see_community(request.user, community):
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


class CommunityRegisterView(permissions.MemberRequiredMixin, View):
    template_name = "members/community_register.html"
    refusal = permissions.BRANCH_REGISTER_CONTACTS_ONLY

    def allowed(self, user) -> bool:
        return permissions.user_can_register_branch(user)

    def get(self, request):
        form = BranchRegisterForm(organisation=request.user.organisation)
        # The organisation's branches already registered, so that none is registered twice.
        branches = selectors.community_list_for_organisation(organisation_id=request.user.organisation_id)
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


# --- own profile --------------------------------------------------------------------------------


PROFILE_TEMPLATE = "members/profile.html"


def render_profile(request, status=200, **forms):
    """The profile page with its four parts; ``forms`` replaces one with its bound, invalid copy."""
    user = request.user
    context = {
        "profile_form": forms.get("profile_form") or ProfileForm(instance=user),
        "apply_form": forms.get("apply_form") or ApplyForm(initial={"organisation": user.organisation_id}),
        "email_form": forms.get("email_form") or EmailPreferencesForm.for_user(user),
        "calendar_url": f"{settings.SITE_URL}/calendar/{user.calendar_token}.ics",
        "can_apply": permissions.user_can_apply(user),
    }
    if user.is_member and user.is_organisation_contact:
        # A contact sees what waits on their organisation: applications and its branches' decisions.
        context["organisation_branches"] = selectors.community_list_for_organisation(
            organisation_id=user.organisation_id
        )
        context["pending_applications"] = selectors.applications_for(actor=user).count()
    return render(request, PROFILE_TEMPLATE, context, status=status)


class ProfileView(LoginRequiredMixin, View):
    def get(self, request):
        return render_profile(request)

    def post(self, request):
        form = ProfileForm(request.POST, instance=User.objects.get(pk=request.user.pk))
        if form.is_valid():
            try:
                services.user_profile_update(user=request.user, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, PROFILE_SAVED)
                return redirect("members:profile")
        return render_profile(request, status=400, profile_form=form)


class ProfileApplyView(LoginRequiredMixin, View):
    def post(self, request):
        form = ApplyForm(request.POST)
        if form.is_valid():
            try:
                services.membership_apply(
                    user=request.user, organisation=form.cleaned_data["organisation"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, APPLIED)
                return redirect("members:profile")
        return render_profile(request, status=400, apply_form=form)


class ProfileEmailView(LoginRequiredMixin, View):
    def post(self, request):
        form = EmailPreferencesForm(request.POST)
        if not form.is_valid():
            return render_profile(request, status=400, email_form=form)
        services.user_email_preferences_update(
            user=request.user, muted_kinds=form.muted_kinds(), actor=request.user
        )
        messages.success(request, EMAIL_PREFERENCES_SAVED)
        return redirect("members:profile")


class CalendarTokenRotateView(LoginRequiredMixin, View):
    def post(self, request):
        services.calendar_token_rotate(user=request.user, actor=request.user)
        messages.success(request, CALENDAR_TOKEN_ROTATED)
        return redirect("members:profile")


@method_decorator(csrf_exempt, name="dispatch")  # RFC 8058 one-click POSTs carry no CSRF token.
class UnsubscribeView(View):
    """GET shows a confirmation button; POST switches the kind off."""

    def _resolve(self, token):
        try:
            user_id, kind = emails.read_unsubscribe_token(token)
        except (signing.BadSignature, ValueError, TypeError, KeyError):
            return None, None
        user = get_user_model().objects.filter(pk=user_id).first()
        return user, kind

    def get(self, request, token):
        user, kind = self._resolve(token)
        if user is None:
            return render(request, "members/unsubscribe.html", {"invalid": True}, status=400)
        return render(
            request,
            "members/unsubscribe.html",
            {"kind_label": emails.KINDS[kind], "already": kind in user.muted_email_kinds},
        )

    def post(self, request, token):
        user, kind = self._resolve(token)
        if user is None:
            return HttpResponseBadRequest(str(UNSUBSCRIBE_INVALID))
        services.user_mute_email_kind(user=user, kind=kind, actor=user)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return render(
                request, "members/unsubscribe.html", {"done": True, "kind_label": emails.KINDS[kind]}
            )
        messages.success(request, UNSUBSCRIBED)
        return redirect("home")
