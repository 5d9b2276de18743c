"""Views of feedback: the form (signed in or through the signed link) and the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal import disclosure
from cop_portal.errors import error_text, refusal
from meetings.models import Meeting

from . import selectors, services
from .forms import FeedbackForm
from .models import Feedback
from .permissions import user_can_see_feedback_results
from .tokens import read_feedback_token

THANKS = _("Thank you: your feedback is saved. You can change it for 14 days.")
LINK_INVALID = _("This feedback link is not valid: it was altered or has expired. Sign in to give feedback.")
PROPOSAL_MADE = _("A proposal was made from these topics.")


def _page(request, meeting, user, *, action: str):
    try:
        existing = services.feedback_check_open(meeting=meeting, user=user)
    except (PermissionDenied, ValidationError) as error:
        return refusal(request, error, back_url=meeting.get_absolute_url(), back_label=meeting.title)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_save(meeting=meeting, user=user, actor=user, **form.cleaned_data)
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, THANKS)
                return redirect(meeting)
        status = 400
    else:
        initial = (
            {
                f: getattr(existing, f)
                for f in ("usefulness", "what_worked", "what_to_change", "topics_wanted")
            }
            if existing
            else {}
        )
        form, status = FeedbackForm(initial=initial), 200
    ctx = {"meeting": meeting, "form": form, "existing": existing, "action": action}
    return render(request, "feedback/feedback_form.html", ctx, status=status)


class FeedbackFormView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        meeting = get_object_or_404(Meeting, pk=kwargs["pk"])
        return _page(request, meeting, request.user, action=request.path)


class FeedbackLinkView(View):
    """The signed link from the e-mail: no sign-in needed, it names the person."""

    def dispatch(self, request, token):
        try:
            meeting_id, user_id = read_feedback_token(token)
        except (signing.BadSignature, KeyError, ValueError):
            return refusal(request, str(LINK_INVALID), status=400)
        meeting = get_object_or_404(Meeting, pk=meeting_id)
        user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
        return _page(request, meeting, user, action=request.path)


class FeedbackResultsView(LoginRequiredMixin, View):
    def get(self, request, pk):
        meeting = get_object_or_404(Meeting.objects.select_related("community"), pk=pk)
        if not user_can_see_feedback_results(request.user, meeting):
            return refusal(request, PermissionDenied(services.ERROR_CANNOT_PROPOSE))
        results = selectors.feedback_results(meeting=meeting)
        return render(
            request,
            "feedback/feedback_results.html",
            {"meeting": meeting, "results": results, "min_group": disclosure.MIN_GROUP},
        )


class FeedbackProposeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, feedback_pk):
        feedback = get_object_or_404(Feedback, pk=feedback_pk, meeting_id=pk)
        try:
            proposal = services.feedback_topics_to_proposal(feedback=feedback, actor=request.user)
        except PermissionDenied as error:
            return refusal(request, error)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("feedback:feedback-results", pk=pk)
        messages.success(request, PROPOSAL_MADE)
        return redirect(proposal)
