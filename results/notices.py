"""Gender results' e-mails: actions coming due and overdue (their owners), the monthly list of
an organisation's overdue actions (its contacts), audits awaiting review (coordinators and the
named peer reviewer). The outbox's scan queues them (``results_reminders_create_due``)."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category, register_due_producer

from .services.reminders import results_reminders_create_due

register_category("results", _("Gender results: my actions coming due or overdue, audits to review"))

T = "results/emails/"
register("action_due", template=T + "action_due", category="results")
register("actions_overdue", template=T + "actions_overdue", category="results")
register("organisation_overdue", template=T + "organisation_overdue", category="results")
register("audit_to_review", template=T + "audit_to_review", category="results")
register_due_producer(results_reminders_create_due)
