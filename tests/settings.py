"""Settings of the test suite: the production settings and the few changes that make tests
fast. ``pyproject.toml`` points pytest here; the processes a
test starts (a Celery worker or beat, gunicorn, ``manage.py``) inherit the choice through
``DJANGO_SETTINGS_MODULE`` unless they name another module.
"""

from cop_portal.settings import *  # noqa: F403

# The production hasher is slow on purpose (a quarter of a second per password); the suite
# creates thousands of people, and no test depends on which hasher stores their passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
