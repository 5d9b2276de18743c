"""Views of site visits and the annual convention: lists, pages and the progress report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView, TemplateView

from cop_portal import pagecache
from cop_portal.errors import error_text

from .. import extensions, permissions, selectors, services
from ..forms import ConventionReportForm
from .meetings import REPORT_SAVED, REPORT_SUBMITTED


class VisitListView(ListView):
    template_name = "meetings/visit_list.html"
    context_object_name = "visits"
    paginate_by = 20

    def get_queryset(self):
        when = self.request.GET.get("when", "")
        self.when = when if when in ("upcoming", "past") else ""
        return selectors.visit_list(when=self.when)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["when"] = self.when
        ctx["query_string"] = f"when={self.when}" if self.when else ""
        # A visit's participants are its meeting's attendance: rounded for visitors as on the
        # meeting's page, with the same rounding.
        ctx["counts_rounded"] = not permissions.user_reads_exact_counts(self.request.user)
        for visit in ctx["visits"]:
            if ctx["counts_rounded"]:
                visit.participant_count = selectors.meeting_attended_public(
                    visit.meeting_id, visit.participant_count
                )
        return ctx


class VisitDetailView(View):
    def get(self, request, pk):
        visit = selectors.visit_get(pk=pk)
        if visit is None:
            raise Http404
        pagecache.depends(f"meeting:{visit.meeting_id}")
        return render(
            request,
            "meetings/visit_detail.html",
            {
                "visit": visit,
                "meeting": visit.meeting,
                "participants": selectors.visit_participants(visit=visit),
                "sections": extensions.sections("visit", visit, request),
            },
        )


class ConventionListView(TemplateView):
    """Every annual convention, the latest first; also the answer for a year without one (404)."""

    template_name = "meetings/convention_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "conventions": selectors.convention_list()}


class ConventionView(TemplateView):
    template_name = "meetings/convention_detail.html"

    def get(self, request, year, **kwargs):
        self.convention = selectors.convention_get(year=year)
        if self.convention is None:
            # A year without a convention: the list of those there are, with a 404 status.
            context = {"conventions": selectors.convention_list(), "missing_year": year}
            return render(request, ConventionListView.template_name, context, status=404)
        return super().get(request, year=year, **kwargs)

    def get_context_data(self, year, **kwargs):
        convention = self.convention
        pagecache.depends(f"meeting:{convention.pk}")
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "sections": extensions.sections("convention", convention, self.request),
            "convention": convention,
            "year": year,
            "years": selectors.convention_years(),
            "can_report": not convention.is_past and selectors.user_may_report_progress(user),
        }


class ConventionReportView(LoginRequiredMixin, View):
    """The organisation contact's progress report for the year's convention. Before the
    convention is scheduled a draft can already be written (it joins the convention later)."""

    def _setup(self, request, year):
        user = request.user
        if not selectors.user_may_report_progress(user):
            raise PermissionDenied(services.ERROR_REPORT_NOT_CONTACT)
        convention = selectors.convention_get(year=year)
        report = selectors.convention_report_for(
            convention=convention, year=year, organisation_id=user.organisation_id
        )
        return convention, report

    def _render(self, request, year, convention, report, form, status=200):
        return render(
            request,
            "meetings/convention_report_form.html",
            {"year": year, "convention": convention, "report": report, "form": form},
            status=status,
        )

    def get(self, request, year):
        convention, report = self._setup(request, year)
        # A new report starts from the year's activity of the organisation's branch CoPs.
        organisation_id = request.user.organisation_id
        initial = {}
        if report is None:
            initial = selectors.convention_report_initial(organisation_id=organisation_id, year=year)
            if convention is not None:  # the other apps' figures are dated by the convention
                initial.update(extensions.report_initial(organisation_id, convention))
        form = ConventionReportForm(instance=report, initial=initial)
        return self._render(request, year, convention, report, form)

    def post(self, request, year):
        convention, report = self._setup(request, year)
        form = ConventionReportForm(request.POST, instance=report)
        if not form.is_valid():
            return self._render(request, year, convention, report, form, status=400)
        submit = "submit" in request.POST
        try:
            services.convention_report_save(
                convention=convention, year=year, actor=request.user, submit=submit, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
            status = 409 if convention is None else 400
            return self._render(request, year, convention, report, form, status=status)
        messages.success(request, REPORT_SUBMITTED if submit else REPORT_SAVED)
        return redirect("meetings:convention-report", year=year)
