"""An organisation's audit: open it, record it (a draft saved and resumed, phone-first),
submit it, name its lead and reviewer, review it, correct it; its evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal.errors import error_text
from meetings.files import file_response

from .. import permissions, selectors, services
from ..forms import AuditCreateForm, AuditHeaderForm, AuditRatingsForm, CorrectionForm, PersonForm, ReviewForm
from ._common import organisation_or_404, refuse

SAVED = _("Draft saved. You can come back and continue at any time.")
UNCHANGED = _("Nothing changed.")
SUBMITTED = _("The audit is submitted for review.")
ACCEPTED = _("The audit is accepted and now frozen.")
RETURNED = _("The audit is returned with your notes.")
CORRECTION_OPENED = _(
    "A correction is opened as a new version; the accepted audit stays until it is accepted."
)
LEAD_NAMED = _("The audit lead is saved.")
REVIEWER_NAMED = _("The peer reviewer is saved.")


def _audit_or_404(request, pk):
    audit = selectors.audit_get(pk=pk)
    if audit is None or not permissions.user_can_see_audit(request.user, audit):
        raise Http404
    return audit


class AuditCreateView(LoginRequiredMixin, View):
    def _organisation(self, request, slug):
        organisation = organisation_or_404(slug)
        if not permissions.user_can_start_audit(request.user, organisation):
            raise PermissionDenied(services.ERROR_CANNOT_START)
        return organisation

    def get(self, request, slug):
        try:
            organisation = self._organisation(request, slug)
        except PermissionDenied as error:
            return refuse(request, error)
        return render(
            request, "results/audit_create.html", {"organisation": organisation, "form": AuditCreateForm()}
        )

    def post(self, request, slug):
        try:
            organisation = self._organisation(request, slug)
        except PermissionDenied as error:
            return refuse(request, error)
        form = AuditCreateForm(request.POST)
        if form.is_valid():
            try:
                audit = services.audit_create(
                    organisation=organisation, year=form.cleaned_data["year"], actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                return redirect(audit)
        context = {"organisation": organisation, "form": form}
        return render(request, "results/audit_create.html", context, status=400)


class AuditDetailView(LoginRequiredMixin, View):
    """The audit; while it is a draft (or returned) and the viewer records it, the form."""

    def _forms(self, audit, data=None, files=None):
        header = AuditHeaderForm(data, instance=audit, prefix="h")
        ratings = AuditRatingsForm(
            data, files, ratings=selectors.audit_ratings(audit), measures=selectors.audit_measures(audit)
        )
        return header, ratings

    def _render(self, request, audit, header=None, ratings=None, status=200):
        user = request.user
        can_edit = permissions.user_can_edit_audit(user, audit)
        if can_edit and header is None:
            header, ratings = self._forms(audit)
        context = {
            "audit": audit,
            "can_edit": can_edit,
            "header_form": header,
            "ratings_form": ratings,
            "ratings": None if can_edit else selectors.audit_ratings(audit),
            "measures": None if can_edit else selectors.audit_measures(audit),
            "can_review": permissions.user_can_review_audit(user, audit),
            "can_correct": permissions.user_can_correct_audit(user, audit),
            "can_name_lead": permissions.user_can_name_audit_lead(user, audit),
            "can_name_reviewer": permissions.user_can_name_reviewer(user),
            "can_add_action": permissions.user_can_create_action(user, {audit.organisation_id}),
            "review_form": ReviewForm(),
            "correction_form": CorrectionForm(),
            "lead_form": PersonForm(initial={"email": getattr(audit.lead, "email", "")}),
            "reviewer_form": PersonForm(initial={"email": getattr(audit.reviewer, "email", "")}),
        }
        return render(request, "results/audit_detail.html", context, status=status)

    def get(self, request, pk):
        return self._render(request, _audit_or_404(request, pk))

    def post(self, request, pk):
        audit = _audit_or_404(request, pk)
        if not permissions.user_can_edit_audit(request.user, audit):
            return refuse(request, services.ERROR_CANNOT_EDIT, back_url=audit.get_absolute_url())
        header, ratings = self._forms(audit, request.POST, request.FILES)
        if not (header.is_valid() and ratings.is_valid()):
            return self._render(request, audit, header, ratings, status=400)
        try:
            changed = services.audit_save(
                audit=audit,
                actor=request.user,
                header=header.cleaned_data,
                ratings=ratings.ratings_data(),
                measures=ratings.measures_data(),
            )
            if "submit" in request.POST:
                services.audit_submit(audit=audit, actor=request.user)
                messages.success(request, SUBMITTED)
            else:
                messages.success(request, SAVED if changed else UNCHANGED)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
        return redirect(audit)


class _AuditPost(LoginRequiredMixin, View):
    def get(self, request, pk):
        return redirect(_audit_or_404(request, pk))

    def post(self, request, pk):
        audit = _audit_or_404(request, pk)
        try:
            target, message = self.act(request, audit)
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                return refuse(request, error, back_url=audit.get_absolute_url())
            messages.error(request, error_text(error))
            return redirect(audit)
        messages.success(request, message)
        return redirect(target)


class AuditReviewView(_AuditPost):
    def act(self, request, audit):
        if not permissions.user_can_review_audit(request.user, audit):
            raise PermissionDenied(services.ERROR_CANNOT_REVIEW)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            raise ValidationError(services.ERROR_RETURN_NOTES)
        notes = form.cleaned_data["notes"]
        if form.cleaned_data["decision"] == "accept":
            return services.audit_accept(audit=audit, actor=request.user, notes=notes), ACCEPTED
        return services.audit_return(audit=audit, actor=request.user, notes=notes), RETURNED


class AuditCorrectView(_AuditPost):
    def act(self, request, audit):
        form = CorrectionForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        return services.audit_correct(audit=audit, actor=request.user, reason=reason), CORRECTION_OPENED


class AuditLeadView(_AuditPost):
    def act(self, request, audit):
        form = PersonForm(request.POST)
        if not form.is_valid():
            raise ValidationError(error_text(ValidationError(form.errors["email"])))
        return services.audit_name_lead(
            audit=audit, actor=request.user, lead=form.cleaned_data["email"]
        ), LEAD_NAMED


class AuditReviewerView(_AuditPost):
    def act(self, request, audit):
        form = PersonForm(request.POST)
        if not form.is_valid():
            raise ValidationError(error_text(ValidationError(form.errors["email"])))
        reviewer = form.cleaned_data["email"]
        return services.audit_name_reviewer(
            audit=audit, actor=request.user, reviewer=reviewer
        ), REVIEWER_NAMED


class EvidenceFileView(View):
    """Evidence is for those who see the audit (its organisation's members, its reviewer,
    coordinators), like members-only materials."""

    def get(self, request, pk):
        rating = selectors.evidence_get(pk=pk)
        if (
            rating is None
            or not rating.evidence_file
            or not permissions.user_can_see_audit(request.user, rating.audit)
        ):
            raise Http404
        return file_response(rating.evidence_file)
