"""Insights pages: a permission check, the filter form, then the sections built from the filters."""

import hashlib

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal import pagecache

from . import dashboard, exports, sections
from .filters import FILTERS_INVALID, InsightFilterForm, PublicFilterForm, current_year
from .permissions import CoordinatorRequiredMixin

UNKNOWN_SECTION = _("There is no such section of the insights.")


class _InsightsBase(View):
    form_class = InsightFilterForm
    public = False
    template_name = "insights/dashboard.html"

    def bound_form(self):
        return self.form_class(self.request.GET or None)

    def get(self, request, *args, **kwargs):
        form = self.bound_form()
        if form.is_bound and not form.is_valid():
            context = {"form": form, "error": FILTERS_INVALID, "sections": [], "public": self.public}
            return render(request, self.template_name, context, status=400)
        filters = form.to_filters() if form.is_bound else form.empty_filters()
        context = {
            "form": form,
            "sections": sections.build_all(filters, public=self.public),
            "public": self.public,
            "query": request.GET.urlencode(),
        }
        return render(request, self.template_name, context)


class InsightsDashboardView(CoordinatorRequiredMixin, View):
    """One section at a time (``?section=``), with tabs to the others that keep the filters."""

    def get(self, request):
        slug = request.GET.get("section") or dashboard.DEFAULT_SECTION
        if not dashboard.is_section(slug):
            raise Http404(UNKNOWN_SECTION)
        query = dashboard.filter_query(request.GET)
        form = InsightFilterForm(request.GET or None)
        context = {"form": form, "current": slug, "query": query, "tabs": dashboard.tabs(slug, query)}
        if form.is_bound and not form.is_valid():
            context.update(error=FILTERS_INVALID, section=None, elections=None)
            return render(request, "insights/dashboard.html", context, status=400)
        filters = form.to_filters() if form.is_bound else form.empty_filters()
        show_all = request.GET.get("all") == "1"

        def build() -> str:
            # The section's figures come from their own cache entry; this keeps them as rendered.
            body = {**context, **dashboard.build_cached(slug, filters, query, show_all)}
            return render_to_string("insights/_dashboard_body.html", body, request=request)

        digest = hashlib.sha256(query.encode()).hexdigest()[:24]
        body = pagecache.cached(
            f"insights:page:{slug}:{int(show_all)}:{digest}",
            names=("insights",),
            audience="coordinator",
            build=build,
            timeout=dashboard.CACHE_SECONDS,
        )
        context["body"] = mark_safe(body)  # noqa: S308 - our own render
        context["filters_html"] = _filters_html(request, form, slug)
        return render(request, "insights/dashboard.html", context)


def _filters_html(request, form, slug: str) -> str:
    """The valid filter form as rendered (its lists of every branch and organisation cost more
    than the section), kept for coordinators per filters until a branch or organisation is
    added or renamed."""
    wanted = hashlib.sha256(repr(sorted(request.GET.lists())).encode()).hexdigest()[:32]
    html = pagecache.cached(
        f"insights:filters:{slug}:{wanted}",
        names=("community:all", "organisation:all", "labels"),
        audience="coordinator",
        build=lambda: render_to_string(
            "insights/_filters.html", {"form": form, "section_slug": slug}, request=request
        ),
        timeout=3600,
    )
    return mark_safe(html)  # noqa: S308 - our own render


class PublicInsightsView(_InsightsBase):
    form_class = PublicFilterForm
    public = True
    template_name = "insights/public.html"


class _ExportBase(View):
    form_class = InsightFilterForm
    public = False
    registry = sections.COORDINATOR_SECTIONS

    def get(self, request, section):
        if section not in self.registry:
            raise Http404(UNKNOWN_SECTION)
        form = self.form_class(request.GET or None)
        if form.is_bound and not form.is_valid():
            return render(
                request,
                "insights/bad_filters.html",
                {"form": form, "error": FILTERS_INVALID},
                status=400,
            )
        filters = form.to_filters() if form.is_bound else form.empty_filters()
        stamp = timezone.localdate().isoformat()
        prefix = "participation" if self.public else "insights"
        built = sections.build_one(section, filters, public=self.public)
        return exports.section_csv(built, f"{prefix}-{section}-{stamp}.csv")


class InsightsExportView(CoordinatorRequiredMixin, _ExportBase):
    pass


class PublicInsightsExportView(_ExportBase):
    form_class = PublicFilterForm
    public = True
    registry = sections.PUBLIC_SECTIONS


class AnnualReportView(CoordinatorRequiredMixin, View):
    """A printable annual participation report for the convention (one year, all sections)."""

    def get(self, request):
        form = PublicFilterForm(request.GET or {"year": current_year()})
        if not form.is_valid():
            return render(
                request, "insights/bad_filters.html", {"form": form, "error": FILTERS_INVALID}, status=400
            )
        year = form.cleaned_data["year"] or current_year()
        filters = PublicFilterForm({"year": year})
        filters.is_valid()
        context = {
            "form": form,
            "year": year,
            "sections": sections.build_all(filters.to_filters(), public=False),
            "generated": timezone.localtime(),
        }
        return render(request, "insights/annual_report.html", context)
