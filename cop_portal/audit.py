"""The audit trail: one append-only table of who did what to which object, and when.

Nobody edits or deletes a row: the model refuses, the admin is read-only, and no group holds
the permissions. Three writers, one rule: **one event per thing done, named by what was done.**

* **Services** record the domain action, in their own transaction: a dotted name
  ``<object>.<verb>`` (``meeting.publish``, ``membership.decline``, ``election.advance``) and
  the meaningful changes (``{"status": [old, new], "reason": "..."}``). Every service a
  coordinator, organisation contact, branch focal person or co-organiser can trigger does
  this, whether it is called from a site page, the admin, a task or a command. A member's own
  acts (registering, voting, supporting, nominating, giving feedback) are not recorded, and
  nothing that links a voter to a ballot choice ever is.
* **The admin's own log** (a change form saved, an object added or deleted) is mirrored as
  ``admin:add`` / ``admin:change`` / ``admin:delete`` with the fields the form changed: it
  records the edit of the form, which a service may then describe as a domain action too
  (a meeting's form: ``admin:change`` with the fields, ``meeting.save`` with what it meant).
* **An admin list action** is recorded by the services it calls. ``action:<name>`` is
  written only for a selected object no service recorded during that action (a plain bulk
  update), so a published meeting leaves ``meeting.publish`` once, never also
  ``action:publish``.
"""

from __future__ import annotations

import json
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "Audit events are append-only."
# While an admin action runs: the (content type id, object id) its services recorded.
_recorded_in_action: ContextVar[set | None] = ContextVar("audit_recorded_in_action", default=None)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(APPEND_ONLY)

    def delete(self):
        raise TypeError(APPEND_ONLY)


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as written then: the row stays readable if the account is later erased.
    actor_label = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.SET_NULL, null=True, blank=True
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        app_label = "cop_portal"
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(APPEND_ONLY)


def audit_record(*, actor, action: str, obj=None, changes: dict | None = None, covers=()) -> AuditEvent:
    """Append one event: ``actor`` did ``action`` to ``obj`` (``changes``: field -> [old, new],
    or a value such as ``reason``). Call it inside the service's transaction, after its checks.

    ``covers``: other rows the event is about (the registrations an attendance event marks),
    so an admin action that selected them records nothing more."""
    event = AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "email", "") or "")[:200],
        action=action[:100],
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
    )
    seen = _recorded_in_action.get()
    if seen is not None:
        if event.content_type_id:
            seen.add((event.content_type_id, event.object_id))
        for row in covers:
            seen.add((ContentType.objects.get_for_model(row).pk, str(row.pk)))
    return event


ADMIN_FLAGS = {1: "admin:add", 2: "admin:change", 3: "admin:delete"}


def _parsed(change_message: str):
    """The admin's structured change message ([{"changed": {"fields": [...]}}]), or its text."""
    try:
        return json.loads(change_message)
    except ValueError:
        return change_message


def mirror_admin_log(sender, instance, created: bool, **kwargs) -> None:
    """post_save of the admin's LogEntry: its add/change/delete joins the trail."""
    if not created:
        return
    AuditEvent.objects.create(
        actor_id=instance.user_id,
        actor_label=(getattr(instance.user, "email", "") or "")[:200],
        action=ADMIN_FLAGS.get(instance.action_flag, "admin"),
        content_type_id=instance.content_type_id,
        object_id=str(instance.object_id or "")[:64],
        object_repr=(instance.object_repr or "")[:300],
        changes={"admin": _parsed(instance.change_message)} if instance.change_message else {},
    )


def audited_response_action(response_action):
    """Wrap ``ModelAdmin.response_action``: a completed admin action (it redirects back to
    the list) is recorded once per selected object, by the services it called or else as
    ``action:<name>``; an intermediate page (asking for a reason) is not, its confirming POST is."""

    def wrapper(self, request, queryset):
        from django.contrib.admin import helpers

        action = request.POST.get("action", "")
        selected = list(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        token = _recorded_in_action.set(set())
        try:
            response = response_action(self, request, queryset)
            recorded = _recorded_in_action.get()
        finally:
            _recorded_in_action.reset(token)
        if response is not None and response.status_code == 302 and action and selected:
            content_type = ContentType.objects.get_for_model(queryset.model)
            for obj in queryset.model._default_manager.filter(pk__in=selected):
                if (content_type.pk, str(obj.pk)) not in recorded:
                    audit_record(actor=request.user, action=f"action:{action}", obj=obj)
        return response

    wrapper.__wrapped__ = response_action
    return wrapper
