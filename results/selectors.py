"""Every read the results pages need, with the joins they use; how other apps read results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from .models import Action, ActionUpdate, Audit, AuditRating, Award, Framework, Indicator, Level, MeasureValue
from .models.framework import MET_LEVELS, RATED_LEVELS


def framework_current() -> Framework | None:
    return Framework.objects.filter(is_current=True).first()


def framework_indicators(framework_id: int) -> list[Indicator]:
    return list(
        Indicator.objects.filter(area__framework_id=framework_id)
        .select_related("area")
        .order_by("area__position", "position", "id")
    )


def audit_get(*, pk: int) -> Audit | None:
    return (
        Audit.objects.select_related(
            "organisation", "framework", "lead", "reviewer", "reviewed_by", "corrects"
        )
        .filter(pk=pk)
        .first()
    )


def audit_ratings(audit: Audit) -> list[AuditRating]:
    return list(
        audit.ratings.select_related("indicator__area").order_by(
            "indicator__area__position", "indicator__position"
        )
    )


def audit_measures(audit: Audit) -> list[MeasureValue]:
    return list(audit.measures.select_related("measure").order_by("measure__position"))


def audit_list_for_organisation(organisation) -> list[Audit]:
    return list(
        Audit.objects.filter(organisation=organisation)
        .select_related("reviewer", "lead")
        .order_by("-year", "-version")
    )


def audit_list_awaiting_review(user) -> list[Audit]:
    """Submitted audits this user may review: all for coordinators, theirs for a peer reviewer."""
    audits = Audit.objects.filter(status=Audit.Status.SUBMITTED).select_related("organisation")
    if not user.is_coordinator:
        audits = audits.filter(reviewer=user)
    return list(audits.order_by("submitted_at"))


def audit_list_for_user(user) -> list[Audit]:
    """Audits in progress the user records (as contact or lead)."""
    scope = Q(lead=user)
    if user.is_organisation_contact and user.organisation_id:
        scope |= Q(organisation_id=user.organisation_id)
    return list(
        Audit.objects.filter(scope, status__in=Audit.IN_PROGRESS)
        .select_related("organisation")
        .order_by("-year")
    )


def evidence_get(*, pk: int) -> AuditRating | None:
    return AuditRating.objects.select_related("audit").filter(pk=pk).first()


# --- actions -----------------------------------------------------------------------------------


def action_list(*, viewer, scope: str = "mine", status: str = "", source: str = "", organisation_id=None):
    """Actions for ``/actions/``: ``mine`` (owned), ``organisation`` (the viewer's
    organisation's), ``overdue`` (open past their due date, of the viewer's organisation or
    owned; all of them for coordinators) or ``all`` (coordinators)."""
    today = timezone.localdate()
    actions = Action.objects.select_related("owner").prefetch_related("organisations")
    own = Q(owner=viewer)
    if viewer.organisation_id:
        own |= Q(organisations=viewer.organisation_id)
    if scope == "mine":
        actions = actions.filter(owner=viewer)
    elif scope == "organisation":
        actions = actions.filter(organisations=viewer.organisation_id or -1)
    elif scope == "overdue":
        actions = actions.filter(status__in=Action.OPEN, due_on__lt=today)
        if not viewer.is_coordinator:
            actions = actions.filter(own)
    elif not viewer.is_coordinator:  # "all" is for coordinators; others get theirs
        actions = actions.filter(own)
    if status:
        actions = actions.filter(status=status)
    if source:
        actions = actions.filter(source=source)
    if organisation_id:
        actions = actions.filter(organisations=organisation_id)
    return actions.distinct().order_by(F("due_on").asc(nulls_last=True), "id")


def action_list_open_owned(*, user, limit: int = 3) -> list[Action]:
    """The open actions ``user`` owns, the earliest due first (one query; the member's home)."""
    return list(
        Action.objects.filter(owner=user, status__in=Action.OPEN).order_by(
            F("due_on").asc(nulls_last=True), "id"
        )[:limit]
    )


def action_get(*, pk: int) -> Action | None:
    return (
        Action.objects.select_related(
            "owner", "audit__organisation", "indicator", "visit__meeting", "meeting", "proposal"
        )
        .prefetch_related(
            "organisations",
            Prefetch(
                "updates", queryset=ActionUpdate.objects.select_related("author").order_by("-at", "-id")
            ),
        )
        .filter(pk=pk)
        .first()
    )


def action_update_get(*, pk: int) -> ActionUpdate | None:
    return ActionUpdate.objects.select_related("action").filter(pk=pk).first()


def action_list_for_visit(visit_id: int) -> list[Action]:
    return list(
        Action.objects.filter(visit_id=visit_id).select_related("owner").prefetch_related("organisations")
    )


def action_list_for_report(*, organisation_id: int, since) -> tuple[list[Action], list[Action]]:
    """The organisation's actions done since ``since`` (a date or None), and its open ones."""
    actions = Action.objects.filter(organisations=organisation_id).order_by(
        F("due_on").asc(nulls_last=True), "id"
    )
    done = actions.filter(status=Action.Status.DONE)
    if since is not None:
        done = done.filter(done_on__gte=since)
    return list(done), list(actions.filter(status__in=Action.OPEN))


def audit_latest_accepted(*, organisation_id: int, up_to_year: int) -> Audit | None:
    return (
        Audit.objects.filter(
            organisation_id=organisation_id, status=Audit.Status.ACCEPTED, year__lte=up_to_year
        )
        .order_by("-year")
        .first()
    )


def action_counts_for_organisation(organisation_id: int) -> dict[str, int]:
    today = timezone.localdate()
    return Action.objects.filter(organisations=organisation_id).aggregate(
        done=Count("id", filter=Q(status=Action.Status.DONE)),
        in_progress=Count("id", filter=Q(status__in=Action.OPEN)),
        overdue=Count("id", filter=Q(status__in=Action.OPEN, due_on__lt=today)),
    )


def action_list_for_meeting(meeting_id: int) -> list[Action]:
    """The actions a meeting or convention decided (its joint plan), with their status."""
    return list(
        Action.objects.filter(
            meeting_id=meeting_id, source__in=(Action.Source.JOINT_PLAN, Action.Source.MEETING)
        )
        .prefetch_related("organisations")
        .order_by("id")
    )


# --- year over year ----------------------------------------------------------------------------


@dataclass
class ResultsTable:
    """Indicators (rows) × years (columns) with the rating of each cell."""

    years: list[int] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # {"indicator", "levels": [level|None per year]}
    measures: list[dict] = field(default_factory=list)
    met_share: list[int | None] = field(default_factory=list)  # per year, % met or exceeded


def organisation_has_published(organisation) -> bool:
    return Audit.objects.filter(
        organisation=organisation, status=Audit.Status.ACCEPTED, publish_scorecard=True
    ).exists()


def organisation_results(organisation, *, published_only: bool = False) -> ResultsTable:
    """The organisation's accepted audits, year by year (one query for ratings, one for
    measures); ``published_only``: the years whose audit publishes its scorecard."""
    accepted = Q(audit__organisation=organisation, audit__status=Audit.Status.ACCEPTED)
    if published_only:
        accepted &= Q(audit__publish_scorecard=True)
    ratings = list(
        AuditRating.objects.filter(accepted)
        .select_related("indicator")
        .values(
            "audit__year",
            "indicator_id",
            "indicator__code",
            "indicator__name_mn",
            "indicator__name_en",
            "level",
        )
        .order_by("indicator__area__position", "indicator__position", "audit__year")
    )
    table = ResultsTable(years=sorted({r["audit__year"] for r in ratings}))
    by_indicator: dict[int, dict] = {}
    for r in ratings:
        row = by_indicator.setdefault(
            r["indicator_id"],
            {
                "code": r["indicator__code"],
                "name_mn": r["indicator__name_mn"],
                "name_en": r["indicator__name_en"],
                "by_year": {},
            },
        )
        row["by_year"][r["audit__year"]] = r["level"]
    for row in by_indicator.values():
        row["levels"] = [row["by_year"].get(year) for year in table.years]
        table.rows.append(row)
    for year in table.years:
        rated = [r["level"] for r in ratings if r["audit__year"] == year and r["level"] in RATED_LEVELS]
        met = sum(1 for level in rated if level in MET_LEVELS)
        table.met_share.append(round(100 * met / len(rated)) if rated else None)
    values = (
        MeasureValue.objects.filter(accepted)
        .values(
            "measure_id",
            "measure__code",
            "measure__name_mn",
            "measure__name_en",
            "measure__unit",
            "audit__year",
            "actual",
            "baseline",
            "target",
        )
        .order_by("measure__position", "audit__year")
    )
    measures: dict[int, dict] = {}
    for v in values:
        m = measures.setdefault(
            v["measure_id"],
            {
                "code": v["measure__code"],
                "name_mn": v["measure__name_mn"],
                "name_en": v["measure__name_en"],
                "unit": v["measure__unit"],
                "by_year": {},
                "baseline": None,
                "target": None,
            },
        )
        m["by_year"][v["audit__year"]] = v["actual"]
        m["baseline"] = v["baseline"] if v["baseline"] is not None else m["baseline"]
        m["target"] = v["target"] if v["target"] is not None else m["target"]
    for m in measures.values():
        m["actuals"] = [m["by_year"].get(year) for year in table.years]
        table.measures.append(m)
    return table


@dataclass
class NetworkResults:
    years: list[int]
    indicators: list[
        dict
    ]  # {"code", "name_mn", "name_en", "years": [{"counts": {level: n}, "rated": n, "met": n}]}
    met_share: list[dict]  # per year {"year", "rated", "met"}
    organisations: list[dict]  # per year {"year", "n"}: organisations with an accepted audit


def network_results() -> NetworkResults:
    """Per indicator and year, how many organisations' accepted audits rated it at each level
    (one grouped query); raw counts, shown beyond coordinators through the disclosure module."""
    cells = (
        AuditRating.objects.filter(audit__status=Audit.Status.ACCEPTED, level__isnull=False)
        .values("indicator_id", "audit__year", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    years: set[int] = set()
    for c in cells:
        counts[c["indicator_id"]][c["audit__year"]][c["level"]] = c["n"]
        years.add(c["audit__year"])
    ordered_years = sorted(years)
    indicators = []
    for indicator in (
        Indicator.objects.filter(pk__in=counts)
        .select_related("area")
        .order_by("area__framework__version", "area__position", "position")
    ):
        per_year = []
        for year in ordered_years:
            level_counts = {level: counts[indicator.pk][year].get(level, 0) for level in Level.values}
            rated = sum(level_counts[level] for level in RATED_LEVELS)
            met = sum(level_counts[level] for level in MET_LEVELS)
            per_year.append({"year": year, "counts": level_counts, "rated": rated, "met": met})
        indicators.append(
            {
                "id": indicator.pk,
                "code": indicator.code,
                "name_mn": indicator.name_mn,
                "name_en": indicator.name_en,
                "years": per_year,
            }
        )
    met_share = []
    for i, year in enumerate(ordered_years):
        rated = sum(row["years"][i]["rated"] for row in indicators)
        met = sum(row["years"][i]["met"] for row in indicators)
        met_share.append({"year": year, "rated": rated, "met": met})
    organisations = list(
        Audit.objects.filter(status=Audit.Status.ACCEPTED)
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return NetworkResults(
        ordered_years, indicators, met_share, [{"year": o["year"], "n": o["n"]} for o in organisations]
    )


def actions_on_time() -> dict[str, int]:
    """Actions done (with a due date): how many, how many on time; open ones overdue."""
    today = timezone.localdate()
    return Action.objects.aggregate(
        done=Count("id", filter=Q(status=Action.Status.DONE, due_on__isnull=False)),
        on_time=Count(
            "id", filter=Q(status=Action.Status.DONE, due_on__isnull=False, done_on__lte=F("due_on"))
        ),
        open=Count("id", filter=Q(status__in=Action.OPEN)),
        overdue=Count("id", filter=Q(status__in=Action.OPEN, due_on__lt=today)),
    )


def ratings_for_export():
    """Every accepted rating: indicator × organisation × year (CSV for coordinators)."""
    return (
        AuditRating.objects.filter(audit__status=Audit.Status.ACCEPTED)
        .values_list(
            "audit__year", "audit__organisation__slug", "audit__organisation__name_mn", "indicator__code",
            "indicator__name_en", "level", "audit__version",
        )
        .order_by("audit__year", "audit__organisation__name_mn", "indicator__area__position", "indicator__position")
    )  # fmt: skip


def award_list_for_organisation(organisation_id: int) -> list:
    return list(Award.objects.filter(organisation_id=organisation_id).order_by("-year", "id"))


def award_list_for_user(user) -> list:
    """Awards the member took part in (their participation record)."""
    return list(user.gender_awards.select_related("organisation").order_by("-year", "id"))
