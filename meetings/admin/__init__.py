"""Coordinators' back office for meetings, the convention and site visits.

Every action goes through the services, so permissions, locking, SEQUENCE bumps and
e-mails are the same as on the public pages. One module per topic; importing this
package registers them all.
"""

from ..reminders import admin as _reminders_admin  # noqa: F401
from . import convention, meetings, registrations, visits  # noqa: F401
