"""Settings of the test suite: the production settings and the few changes that make tests
fast and let them run side by side. ``pyproject.toml`` points pytest here; the processes a
test starts (a Celery worker or beat, gunicorn, ``manage.py``) inherit the choice through
``DJANGO_SETTINGS_MODULE`` unless they name another module.
"""

import os

from cop_portal.settings import *  # noqa: F403
from cop_portal.settings import CACHES, CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, REDIS_URL, VAR_DIR

# The production hasher is slow on purpose (a quarter of a second per password); the suite
# creates thousands of people, and no test depends on which hasher stores their passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# pytest-xdist names each process of a parallel run (gw0, gw1…). Those processes only run
# tests that start no other process (``make test`` keeps the others for a serial run), so the
# cache lives in memory (with Redis: keys of their own), and the embedded broker's folders are
# their own. pytest-django gives each its own test database (``…_gw0``).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    if REDIS_URL:
        CACHES = {
            "default": {
                **CACHES["default"],
                "BACKEND": "tests.cache.OwnKeysRedisCache",
                "KEY_PREFIX": f"cop-{XDIST_WORKER}",
            }
        }
    else:
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        _broker_dir = VAR_DIR / "xdist" / XDIST_WORKER / "broker"
        CELERY_BROKER_TRANSPORT_OPTIONS = {
            **CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(_broker_dir / "queue"),
            "data_folder_out": str(_broker_dir / "queue"),
            "control_folder": str(_broker_dir / "control"),
            "processed_folder": str(_broker_dir / "processed"),
        }

# ``make test`` runs the serial part as two pytest processes at once (--part=browser and
# --part=processes), each with its own COP_VAR_DIR (SQLite test database, cache and broker
# folders) and its own COP_TEST_LANE, which the processes its tests start inherit. With
# PostgreSQL and Redis the lane names the test database (``test_…_browser``), the cache keys
# (``cache.clear()`` drops those only) and the broker's keys (a worker of one lane never takes
# the other's tasks, nor those the parallel part left in the shared queue).
TEST_LANE = "" if XDIST_WORKER else os.environ.get("COP_TEST_LANE", "")
# On any Redis broker, the private one of tests/notices/test_worker.py too.
TEST_BROKER_KEYPREFIX = f"cop-{TEST_LANE}:" if TEST_LANE else ""
if TEST_LANE:
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        DATABASES["default"]["TEST"] = {
            **DATABASES["default"].get("TEST", {}),
            "NAME": f"test_{DATABASES['default']['NAME']}_{TEST_LANE}",
        }
    if REDIS_URL:
        CACHES = {
            "default": {
                **CACHES["default"],
                "BACKEND": "tests.cache.OwnKeysRedisCache",
                "KEY_PREFIX": f"cop-{TEST_LANE}",
            }
        }
        CELERY_BROKER_TRANSPORT_OPTIONS = {
            **CELERY_BROKER_TRANSPORT_OPTIONS,
            "global_keyprefix": TEST_BROKER_KEYPREFIX,
        }

# Every test client comes from 127.0.0.1: the API's per-client limit would count the whole
# suite as one client. The rate-limit tests lower it again (tests/api/test_http.py).
COP_API_REQUESTS_PER_WINDOW = 1_000_000
