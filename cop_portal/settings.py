"""Settings for the Gender CoP portal: one module, driven by environment variables.

Every variable is documented in README.md. The defaults run the portal on one machine
with nothing else installed (SQLite, a filesystem broker, e-mail written to files);
production sets DJANGO_DEBUG=false, DJANGO_SECRET_KEY, DATABASE_URL and REDIS_URL.
"""

import contextlib
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# A developer checkout may hold a git-ignored .env (make writes DJANGO_DEBUG=true into it)
# so that plain `manage.py` works; variables already in the environment always win.
# Production sets its variables in the service environment and has no .env.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime files of the embedded defaults: SQLite, broker folders, mail, cache.
VAR_DIR = Path(env.str("COP_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
# A read-only deployment configures every path itself, hence the suppress.
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "cop_portal",
    "notices",
    "members",
    "meetings",
    "proposals",
    "feedback",
    "branches",
    "coordinators",
    "results",
    "insights",
    "library",
    "api",
]

MIDDLEWARE = [
    # Outermost: times every answer, page-cache hits included (cop_portal/monitoring/metrics.py).
    "cop_portal.monitoring.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whatever a signed-in person is shown is theirs: no shared cache keeps it.
    "cop_portal.middleware.PrivateCacheMiddleware",
    # After authentication: a signed-in member's saved language counts.
    "cop_portal.middleware.LanguageMiddleware",
    # Visitors' public pages from Redis, per language (cop_portal/pagecache.py).
    "cop_portal.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Powers beyond a member's wait for a second factor in this session (cop_portal/two_factor.py).
    "cop_portal.two_factor.SecondFactorMiddleware",
]

ROOT_URLCONF = "cop_portal.urls"
WSGI_APPLICATION = "cop_portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cop_portal.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # A file, not memory, so a real worker process and the live server share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
else:
    # Persistent connections: a worker would otherwise reconnect for every task.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down: answers from the process instead of raising (see cop_portal/cache.py).
            "BACKEND": "cop_portal.cache.ResilientRedisCache",
            "LOCATION": env.str("REDIS_CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": "cop",
        }
    }
else:
    # A real, cross-process cache so allauth's rate limits hold without a server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Authentication (django-allauth 65.x) ------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}Validator"}
    for name in ("UserAttributeSimilarity", "MinimumLength", "CommonPassword", "NumericPassword")
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # confirming the address signs the new person in
# Account e-mails: the portal's name, domain (SITE_URL), layout and language, a translated prefix.
ACCOUNT_ADAPTER = "cop_portal.accounts.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Two-factor login (allauth.mfa): an authenticator app (TOTP) and recovery codes. Optional for
# members; every power beyond a member's waits for a second factor verified in the session
# (cop_portal/two_factor.py): coordinators, the technical administrator and back-office staff
# with COP_STAFF_REQUIRE_2FA, branch focal persons, co-organisers and organisation contacts with
# COP_ORGANISERS_REQUIRE_2FA. Both on in production, off in development (the demo walks in).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Gender CoP"
COP_STAFF_REQUIRE_2FA = env.bool("COP_STAFF_REQUIRE_2FA", default=not DEBUG)
COP_ORGANISERS_REQUIRE_2FA = env.bool("COP_ORGANISERS_REQUIRE_2FA", default=not DEBUG)
# allauth's rate limits (on, backed by the cache above); failed sign-ins per account and address,
# plus a per-account backstop for addresses it never signed in from (cop_portal/accounts.py).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login_failed_account": "20/h/key"}
# Reverse proxies in front of gunicorn that append the client to X-Forwarded-For (the
# documented nginx: 1). Rate limits key on the address the last trusted hop reports; with 0
# the header is ignored and every visitor behind a proxy would share the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("COP_TRUSTED_PROXY_COUNT", default=0)

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "mn"
LANGUAGES = [("mn", _("Mongolian")), ("en", _("English"))]
# ISO or day-month-year dates and 24-hour times in both languages (admin included).
FORMAT_MODULE_PATH = ["cop_portal.formats"]
# locale/overrides: Mongolian for strings of Django and allauth whose msgids changed
# upstream (makemessages never writes there).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Ulaanbaatar"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
# WhiteNoise warns on every request while the folder is missing (before collectstatic).
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # Random folder per upload: members-only files cannot be found by name (cop_portal/storage.py).
    "default": {"BACKEND": "cop_portal.storage.UnguessableFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads are served by views that check permission (meetings/files.py). In production nginx
# sends the bytes from an internal location with this prefix (X-Accel-Redirect); empty: Django
# streams them itself.
COP_MEDIA_ACCEL_PREFIX = env.str("COP_MEDIA_ACCEL_PREFIX", default="")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Gender CoP <noreply@example.mn>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    # Embedded default: each message written under var/mail/ and echoed to the console.
    EMAIL_BACKEND = "cop_portal.mail.FileAndConsoleBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "copfs://"
if not REDIS_URL:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=270)
# A web request never waits long for the broker: periodic scans catch up later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {}

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security (production values unless DEBUG) --------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=True) else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every page (django-csp): scripts and styles from our own origin
# only (vendored, no CDN); an inline <script> needs {{ request.csp_nonce }}. Bootstrap's
# icons are data: SVGs, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_AGE = timedelta(days=14).total_seconds().__int__()

# --- Logging: to the console, so systemd/journald or the platform collects it ---
# COP_LOG_FORMAT=json: one JSON object per line (cop_portal/monitoring/logs.py).
COP_LOG_FORMAT = "json" if env.str("COP_LOG_FORMAT", default="plain") == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cop_portal.monitoring.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": COP_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# seed_demo's accounts share a published password: only with DJANGO_DEBUG on; `--force` overrides.
COP_DEMO_DATA_ALLOWED = DEBUG

# --- Community settings --------------------------------------------------------------
COP_BRANCH_RECOMMENDED_SIZE = env.int("COP_BRANCH_RECOMMENDED_SIZE", default=25)

# --- Coordinator elections (coordinators app) ---------------------------------------
# A member who held a seat this many elections in a row cannot stand for it again.
COP_MAX_CONSECUTIVE_TERMS = env.int("COP_MAX_CONSECUTIVE_TERMS", default=1)
# How a tie for a seat is resolved: "lots" (a coordinator records a drawing of lots) or "runoff".
COP_ELECTION_TIE_RULE = env.str("COP_ELECTION_TIE_RULE", default="lots")
COP_ELECTION_REMINDER_HOURS = env.int("COP_ELECTION_REMINDER_HOURS", default=48)
COP_ELECTION_MIN_NOMINATION_DAYS = env.int("COP_ELECTION_MIN_NOMINATION_DAYS", default=14)
COP_ELECTION_MIN_VOTING_DAYS = env.int("COP_ELECTION_MIN_VOTING_DAYS", default=7)
# The server secret the per-election ballot keys derive from (README, "Ballot secrecy"); keep it
# out of the database and backups. Changed during voting, the portal refuses ballots until restored.
# Empty: a public development key, which `manage.py check --deploy` reports.
COP_BALLOT_KEY = env.str("COP_BALLOT_KEY", default="")
# How long the close waits for sessions reading the sealed ballots before it gives up (README).
COP_BALLOT_BOX_LOCK_TIMEOUT_MS = env.int("COP_BALLOT_BOX_LOCK_TIMEOUT_MS", default=5000)
CELERY_BEAT_SCHEDULE["coordinators-elections-advance"] = {
    "task": "coordinators.tasks.elections_advance_due",
    "schedule": timedelta(minutes=5),
}
CELERY_BEAT_SCHEDULE["coordinators-voting-reminders"] = {
    "task": "coordinators.tasks.voting_reminders_send_due",
    "schedule": timedelta(minutes=15),
}
# Library: the index follows the apps (what changed; all daily); themes' digest hourly, once a day.
CELERY_BEAT_SCHEDULE["library-index-refresh"] = {"task": "library.tasks.index_refresh", "schedule": 600.0}
CELERY_BEAT_SCHEDULE["library-index-rebuild"] = {"task": "library.tasks.index_rebuild", "schedule": 86400.0}
CELERY_BEAT_SCHEDULE["library-theme-digest"] = {"task": "library.tasks.theme_digest_send", "schedule": 3600.0}
CELERY_BEAT_SCHEDULE["coordinators-terms-sync"] = {
    "task": "coordinators.tasks.coordinator_terms_sync",
    "schedule": crontab(hour=0, minute=5),
}
# Largest upload accepted for meeting materials, visit reports and photos (bytes).
COP_UPLOAD_MAX_BYTES = env.int("COP_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# --- The e-mail outbox (notices) and the meetings' reminders (meetings/reminders) ------
# Default hours before a meeting's start at which registered members are reminded.
COP_REMINDER_OFFSETS_HOURS = env.list("COP_REMINDER_OFFSETS_HOURS", cast=int, default=[168, 24])
COP_REMINDER_SCAN_SECONDS = env.float("COP_REMINDER_SCAN_SECONDS", default=60)
COP_REMINDER_BATCH_SIZE = env.int("COP_REMINDER_BATCH_SIZE", default=200)
# Send tasks the scan starts side by side (each claims its own batches).
COP_REMINDER_PARALLEL = env.int("COP_REMINDER_PARALLEL", default=4)
COP_REMINDER_MAX_ATTEMPTS = env.int("COP_REMINDER_MAX_ATTEMPTS", default=8)
COP_REMINDER_RETRY_BACKOFF_SECONDS = env.float("COP_REMINDER_RETRY_BACKOFF_SECONDS", default=60)
# A row still "sending" this long after its claim is reported as stuck (never resent blindly).
COP_REMINDER_SENDING_TIMEOUT_SECONDS = env.float("COP_REMINDER_SENDING_TIMEOUT_SECONDS", default=900)
COP_REMINDER_MINUTES_AFTER_DAYS = env.int("COP_REMINDER_MINUTES_AFTER_DAYS", default=3)
# Rows marked "handed over" per database write while sending (1 = strictest, slowest).
COP_REMINDER_CHUNK_SIZE = env.int("COP_REMINDER_CHUNK_SIZE", default=20)
# The coordinators' digest of quiet branch CoPs: run daily, sent at most once a month.
CELERY_BEAT_SCHEDULE["branches-digest"] = {
    "task": "branches.tasks.branch_digest_send_monthly",
    "schedule": crontab(hour=9, minute=0),
}
CELERY_BEAT_SCHEDULE["notices-scan"] = {
    "task": "notices.tasks.notices_scan",
    "schedule": COP_REMINDER_SCAN_SECONDS,
}

# --- Page and feed caching (cop_portal/pagecache.py, cop_portal/conditional.py) --------
# Seconds a visitor's cached page may lag behind the clock (edits show at once regardless).
COP_PAGE_CACHE_SECONDS = env.int("COP_PAGE_CACHE_SECONDS", default=60)
# Seconds a built calendar feed is kept (edits replace it at once regardless).
COP_FEED_CACHE_SECONDS = env.int("COP_FEED_CACHE_SECONDS", default=900)

# --- Members' proposals (proposals/): how many one member may open in 24 hours (flooding) ---
COP_PROPOSALS_PER_DAY = env.int("COP_PROPOSALS_PER_DAY", default=3)

# --- Running it: backups, error reports, metrics, liveness (cop_portal/settings_ops.py) ---
from cop_portal.settings_ops import running_settings  # noqa: E402

vars().update(running_settings(env, DEBUG, VAR_DIR, COP_REMINDER_SCAN_SECONDS, CELERY_BEAT_SCHEDULE))
