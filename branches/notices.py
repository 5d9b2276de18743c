"""The branch CoPs' e-mails: registrations to review, decisions, the monthly digest."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category

register_category("branch", _("Branch CoP registrations to review (organisation contacts, coordinators)"))
register_category("branch_digest", _("Monthly list of branch CoPs without recent meetings (coordinators)"))

T = "branches/emails/"
register("branch_registered", template=T + "branch_registered", category="branch")
# The decision reaches the person who registered the branch, as a decision on their application.
register("branch_approved", template=T + "branch_approved", category="membership")
register("branch_declined", template=T + "branch_declined", category="membership")
register("branch_digest", template=T + "branch_digest", category="branch_digest")
