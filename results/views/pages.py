"""Year over year: the network's results (public aggregates), one organisation's results
(its members and coordinators in detail; visitors only what it published), the ratings CSV
(coordinators) and a printable scorecard."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View

from cop_portal import pagecache
from cop_portal.csv import csv_response
from members.permissions import user_is_coordinator

from .. import permissions, selectors
from ..charts import share_chart
from ._common import organisation_or_404, refuse

NOT_PUBLISHED = _(
    "This organisation has not published its scorecard: the network's results show every organisation together."
)
COORDINATORS_ONLY = _("This export is for coordinators.")


def _share(met: int, rated: int) -> int | None:
    return round(100 * met / rated) if rated else None


def _network_shares(network) -> dict[int, int | None]:
    return {
        row["year"]: row["share"] if "share" in row else _share(row["met"], row["rated"])
        for row in network.met_share
    }


def _network(exact: bool):
    """The network's results, built once until "results" is invalidated (per audience)."""
    build = selectors.network_results if exact else selectors.network_results_public
    audience = "coordinator" if exact else "public"
    return pagecache.cached(
        "results:network", names=("results",), audience=audience, build=build, timeout=3600
    )


def _body(request, template: str, context: dict) -> str:
    return mark_safe(render_to_string(template, context, request=request))  # noqa: S308 - our own render


class NetworkResultsView(View):
    """The page's body is kept per audience (coordinators see exact figures and the actions on
    time) and day until the results or the actions change."""

    def get(self, request):
        detailed = user_is_coordinator(request.user)
        can_export = permissions.user_can_export_ratings(request.user)

        def build() -> str:
            network = _network(exact=detailed)
            shares = _network_shares(network)
            context = {
                "network": network,
                "detailed": detailed,
                "shares": [(year, shares[year]) for year in network.years],
                "chart": share_chart(
                    network.years, [(str(_("Network")), [shares[y] for y in network.years])]
                ),
                "on_time": selectors.actions_on_time() if detailed else None,
                "can_export": can_export,
            }
            return _body(request, "results/_network_results.html", context)

        body = pagecache.cached(
            f"results:network-page:{timezone.localdate()}:{int(can_export)}",
            names=("results", "actions") if detailed else ("results",),
            audience="coordinator" if detailed else "public",
            build=build,
            timeout=3600,
        )
        return render(request, "results/network_results.html", {"body": mark_safe(body)})  # noqa: S308


class _OrganisationResults(View):
    def _context(self, request, organisation):
        pagecache.depends(f"organisation:{organisation.pk}")
        detailed = permissions.user_can_see_organisation_detail(request.user, organisation)
        published = detailed or selectors.organisation_has_published(organisation)
        table = (
            selectors.organisation_results(organisation, published_only=not detailed) if published else None
        )
        return {"organisation": organisation, "detailed": detailed, "published": published, "table": table}


class OrganisationResultsView(_OrganisationResults):
    """The page's body is kept per organisation, audience (coordinators; one member who sees
    the detail; everyone else: what the organisation published), the viewer's two buttons and
    the day, until its results, audits, actions or names change."""

    def get(self, request, slug):
        organisation = organisation_or_404(slug)
        user = request.user
        exact = user_is_coordinator(user)
        detailed = permissions.user_can_see_organisation_detail(user, organisation)
        can_start = detailed and permissions.user_can_start_audit(user, organisation)
        can_add = detailed and permissions.user_can_create_action(user, {organisation.pk})
        audience = "coordinator" if exact else f"user:{user.pk}" if detailed else "public"
        body = pagecache.cached(
            f"results:organisation-page:{organisation.pk}:{timezone.localdate()}:{int(can_start)}{int(can_add)}",
            names=("results", "labels", "audits", "actions", f"organisation:{organisation.pk}"),
            audience=audience,
            build=lambda: self._body(request, organisation),
            timeout=3600,
        )
        context = {"organisation": organisation, "body": mark_safe(body)}  # noqa: S308 - our own render
        return render(request, "results/organisation_results.html", context)

    def _body(self, request, organisation) -> str:
        context = self._context(request, organisation)
        organisation, table = context["organisation"], context["table"]
        if table is not None and table.years:
            exact = user_is_coordinator(request.user)
            network = _network_shares(_network(exact=exact))
            context["chart"] = share_chart(
                table.years,
                [
                    (str(organisation), table.met_share),
                    (str(_("Network")), [network.get(year) for year in table.years]),
                ],
            )
            context["rows"] = list(
                zip(table.years, table.met_share, [network.get(y) for y in table.years], strict=True)
            )
        context["awards"] = selectors.award_list_for_organisation(organisation.pk)
        if context["detailed"]:
            context["actions"] = selectors.action_counts_for_organisation(organisation.pk)
            context["audits"] = selectors.audit_list_for_organisation(organisation)
            context["can_start"] = permissions.user_can_start_audit(request.user, organisation)
            context["can_add_action"] = permissions.user_can_create_action(request.user, {organisation.pk})
        return _body(request, "results/_organisation_results.html", context)


class ScorecardView(_OrganisationResults):
    def get(self, request, slug):
        context = self._context(request, organisation_or_404(slug))
        if not context["published"]:
            return refuse(request, NOT_PUBLISHED, back_url="/results/")
        if context["detailed"]:
            context["actions"] = selectors.action_counts_for_organisation(context["organisation"].pk)
        return render(request, "results/scorecard.html", context)


class RatingsExportView(LoginRequiredMixin, View):
    def get(self, request):
        if not permissions.user_can_export_ratings(request.user):
            return refuse(request, COORDINATORS_ONLY)
        response, writer = csv_response("gender-ratings.csv")
        writer.writerow(
            ["year", "organisation", "organisation_name", "indicator", "indicator_name", "level", "version"]
        )
        writer.writerows(selectors.ratings_for_export())
        return response
