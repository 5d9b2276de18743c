from .reminders import admin as _reminders_admin  # noqa: E402,F401
