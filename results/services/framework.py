"""Framework versions: a new version is a copy that coordinators then edit; past audits keep
the version they were made with."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from members.permissions import user_is_coordinator

from ..models import Area, Framework, Indicator, Measure

ERROR_CANNOT_EDIT_FRAMEWORK = _("Only coordinators manage the indicator framework.")
COPIED_FIELDS = (
    "code", "name_mn", "name_en", "definition_mn", "definition_en", "approaches_mn", "approaches_en",
    "meets_mn", "meets_en", "exceeds_mn", "exceeds_en", "position",
)  # fmt: skip


@transaction.atomic
def framework_new_version(*, framework: Framework, actor) -> Framework:
    """Copy ``framework`` (areas, indicators, measures) as the next version, not yet current."""
    if not user_is_coordinator(actor):
        raise PermissionDenied(ERROR_CANNOT_EDIT_FRAMEWORK)
    version = (Framework.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0) + 1
    copy = Framework.objects.create(version=version, name_mn=framework.name_mn, name_en=framework.name_en)
    for area in framework.areas.prefetch_related("indicators"):
        new_area = Area.objects.create(
            framework=copy, name_mn=area.name_mn, name_en=area.name_en, position=area.position
        )
        Indicator.objects.bulk_create(
            Indicator(area=new_area, **{name: getattr(i, name) for name in COPIED_FIELDS})
            for i in area.indicators.all()
        )
    Measure.objects.bulk_create(
        Measure(
            framework=copy,
            code=m.code,
            name_mn=m.name_mn,
            name_en=m.name_en,
            unit=m.unit,
            position=m.position,
        )
        for m in framework.measures.all()
    )
    audit_record(actor=actor, action="framework.new_version", obj=copy, changes={"from": framework.version})
    return copy


@transaction.atomic
def framework_make_current(*, framework: Framework, actor) -> Framework:
    """New audits use ``framework`` from now on."""
    if not user_is_coordinator(actor):
        raise PermissionDenied(ERROR_CANNOT_EDIT_FRAMEWORK)
    before = Framework.objects.select_for_update().filter(is_current=True).exclude(pk=framework.pk).first()
    Framework.objects.filter(is_current=True).exclude(pk=framework.pk).update(is_current=False)
    Framework.objects.filter(pk=framework.pk).update(is_current=True)
    audit_record(
        actor=actor,
        action="framework.make_current",
        obj=framework,
        changes={"before": getattr(before, "version", None)},
    )
    framework.is_current = True
    return framework
