"""Views of the members app: thin, a permission check and one service call each."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ListView, TemplateView

from cop_portal import pagecache
from cop_portal.errors import error_text
from cop_portal.paging import page_or_404
from notices import emails
from notices.registry import categories

from . import permissions, selectors, services
from .forms import (
    ApplyForm,
    DecisionForm,
    EmailPreferencesForm,
    MemberSearchForm,
    OrganisationFilterForm,
    ProfileForm,
)
from .models import Organisation, User

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


# --- organisations ------------------------------------------------------------------------------


def _round_counts_for(user, organisations) -> bool:
    """Visitors read member counts as the public figures give them (members and coordinators
    exactly); True when they were rounded."""
    if permissions.user_is_member(user) or permissions.user_is_coordinator(user):
        return False
    for organisation in organisations:
        organisation.member_count = selectors.organisation_member_count_public(organisation)
    return True


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
        context["counts_rounded"] = _round_counts_for(self.request.user, context["organisations"])
        return context


class OrganisationDetailView(TemplateView):
    template_name = "members/organisation_detail.html"

    def get_context_data(self, **kwargs):
        try:
            organisation = selectors.organisation_get(slug=kwargs["slug"])
        except Organisation.DoesNotExist as exc:
            raise Http404 from exc
        pagecache.depends(f"organisation:{organisation.pk}")
        user = self.request.user
        contacts = (
            selectors.organisation_contacts(organisation=organisation)
            if permissions.user_is_member(user)
            else []
        )
        return {
            **super().get_context_data(**kwargs),
            "organisation": organisation,
            "contacts": contacts,
            "counts_rounded": _round_counts_for(user, [organisation]),
        }


# --- people -------------------------------------------------------------------------------------


class MemberListView(permissions.MemberRequiredMixin, View):
    """The directory is the same for every member: a page of it is kept for members per search
    until someone's name or details (``people``), membership (``organisation:all``) or an
    organisation's name (``labels``) change."""

    paginate_by = 25

    def get(self, request):
        search_form = MemberSearchForm(request.GET or None)
        q = search_form.cleaned_data["q"] if search_form.is_valid() else ""
        query = urlencode({"q": q}) if q else ""
        page = request.GET.get("page") or "1"

        def build() -> str:
            page_obj = page_or_404(selectors.member_directory(search=q), self.paginate_by, page)
            context = {"people": page_obj.object_list, "page_obj": page_obj, "query": query}
            return render_to_string("members/_member_list.html", context, request=request)

        digest = hashlib.sha256(f"{q}\n{page}".encode()).hexdigest()[:32]
        listing = pagecache.cached(
            f"directory:{digest}",
            names=("people", "organisation:all", "labels"),
            audience="members",
            build=build,
            timeout=600,
        )
        context = {"search_form": search_form, "q": q, "listing": mark_safe(listing)}  # noqa: S308
        return render(request, "members/member_list.html", context)


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


# --- own profile --------------------------------------------------------------------------------


PROFILE_TEMPLATE = "members/profile.html"


def _form_html(form, user) -> str:
    """An unbound form's rendering (crispy's templates cost more than the rest of the page),
    kept per person by the values it shows: a change of values is a new key."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    if form.is_bound:
        return as_crispy_form(form)
    values = hashlib.sha256(repr(sorted(form.initial.items())).encode()).hexdigest()[:32]
    return pagecache.cached(
        f"form:{form.__class__.__name__}:{values}",
        names=(),
        audience=f"user:{user.pk}",
        build=lambda: str(as_crispy_form(form)),
        timeout=3600,
    )


def render_profile(request, status=200, **forms):
    """The profile page with its four parts; ``forms`` replaces one with its bound, invalid copy."""
    user = request.user
    profile_form = forms.get("profile_form") or ProfileForm(instance=user)
    email_form = forms.get("email_form") or EmailPreferencesForm.for_user(user)
    context = {
        "profile_form": profile_form,
        "profile_form_html": mark_safe(_form_html(profile_form, user)),  # noqa: S308 - our own render
        "apply_form": forms.get("apply_form") or ApplyForm(initial={"organisation": user.organisation_id}),
        "email_form": email_form,
        "email_form_html": mark_safe(_form_html(email_form, user)),  # noqa: S308 - our own render
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
        if kind not in categories():
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
            {"kind_label": categories()[kind], "already": kind in user.muted_email_kinds},
        )

    def post(self, request, token):
        user, kind = self._resolve(token)
        if user is None:
            return HttpResponseBadRequest(str(UNSUBSCRIBE_INVALID))
        services.user_mute_email_kind(user=user, kind=kind, actor=user)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return render(
                request, "members/unsubscribe.html", {"done": True, "kind_label": categories()[kind]}
            )
        messages.success(request, UNSUBSCRIBED)
        return redirect("home")
