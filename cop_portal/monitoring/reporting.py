"""Error reports to Sentry or a compatible server (GlitchTip), with personal data scrubbed.

No e-mail address, name, phone or gender leaves the server: the SDK sends no default PII, no
local variables and no request bodies, cookies or client addresses; ``scrub`` then removes
the user except their id, filters every field named like personal data, keeps the message
of an exception only for the framework's errors whose messages describe code or schema
(``STRUCTURAL_ERRORS``; the portal's own ``ValueError("... {name} ...")`` is reported by its
type and stack alone), keeps a log record's format string without its arguments and
breadcrumbs without their messages, and in what remains replaces anything shaped like an
e-mail address, the signed-in person's name and phone, and every word of the gender choices
(both languages).
"""

from __future__ import annotations

import re
from contextvars import ContextVar

FILTERED = "[Filtered]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# PostgreSQL repeats the offending values: "DETAIL: Key (email)=(a@b.mn) already exists."
PG_KEY_DETAIL = re.compile(r"(Key \([^)]*\))=\((?:[^()]|\([^()]*\))*\)")
PERSONAL_KEY = re.compile(
    r"(^|_)(e_?mail|email_address|full_name|first_name|last_name|display_name|name|gender|sex|phone|"
    r"position|password|passwd|secret|token|cookie|session|csrf|authorization|address|ip)($|_)",
    re.IGNORECASE,
)
# Fields of the event the SDK itself fills, never personal: kept as they are.
SAFE_KEYS = frozenset(
    {"sdk", "modules", "platform", "level", "logger", "server_name", "release", "environment"}
)
# Exceptions whose messages name code, tables and constraints rather than people's data
# (their values still go through the e-mail, PostgreSQL-detail and gender scrubbing).
STRUCTURAL_ERRORS = frozenset(
    {
        "IntegrityError", "OperationalError", "ProgrammingError", "DataError", "InterfaceError",
        "DatabaseError", "InternalError", "NotSupportedError", "TemplateSyntaxError",
        "TemplateDoesNotExist", "ImproperlyConfigured", "NoReverseMatch", "AttributeError",
        "TypeError", "NameError", "ImportError", "ModuleNotFoundError", "IndexError",
        "ZeroDivisionError", "NotImplementedError", "RecursionError", "TimeoutError",
        "SoftTimeLimitExceeded", "TimeLimitExceeded", "ConnectionError", "ConnectionRefusedError",
    }
)  # fmt: skip
KEPT_HEADERS = frozenset({"user-agent", "accept-language", "content-type", "host", "x-request-id"})

# The person the request is for (set by the metrics middleware, read only when reporting).
current_user: ContextVar = ContextVar("cop_reporting_user", default=None)
_gender_words: re.Pattern | None = None


def _gender_pattern() -> re.Pattern | None:
    """Every value and label of the user model's gender choices, in every language."""
    global _gender_words
    if _gender_words is None:
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.exceptions import FieldDoesNotExist
        from django.utils import translation

        try:
            field = get_user_model()._meta.get_field("gender")
        except FieldDoesNotExist:
            return None
        words = set()
        for value, label in field.choices or ():
            words.add(str(value))
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    words.add(str(label))
        words = sorted((w for w in words if len(w) >= 3), key=len, reverse=True)
        _gender_words = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    return _gender_words


def _personal_values() -> list[str]:
    user = current_user.get()
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    values = [getattr(user, name, "") for name in ("email", "full_name", "phone", "position")]
    return sorted({str(v) for v in values if v and len(str(v)) >= 3}, key=len, reverse=True)


def _scrub_text(text: str, personal: list[str], gender: re.Pattern | None) -> str:
    for value in personal:
        text = text.replace(value, FILTERED)
    text = PG_KEY_DETAIL.sub(r"\1=(" + FILTERED + ")", text)
    text = EMAIL.sub(FILTERED, text)
    if gender is not None:
        text = gender.sub(FILTERED, text)
    return text


def _scrub(value, personal, gender):
    if isinstance(value, str):
        return _scrub_text(value, personal, gender)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "vars":
                continue
            if isinstance(key, str) and PERSONAL_KEY.search(key) and item not in (None, "", [], {}):
                out[key] = FILTERED
            else:
                out[key] = _scrub(item, personal, gender)
        return out
    if isinstance(value, list | tuple):
        return [_scrub(item, personal, gender) for item in value]
    return value


def scrub(event: dict, hint=None) -> dict:
    """``before_send``: the event without personal data (see the module's docstring)."""
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "env", "query_string"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)
        if crumb.get("category") != "query":  # SQL is sent without its parameters
            crumb.pop("message", None)
    for exception in (event.get("exception") or {}).get("values", []):
        if exception.get("type") not in STRUCTURAL_ERRORS and exception.get("value"):
            exception["value"] = FILTERED
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        logentry.pop("formatted", None)
    personal, gender = _personal_values(), _gender_pattern()
    out = {}
    for key, value in event.items():
        if key in SAFE_KEYS or key == "user":
            out[key] = value
        elif key == "request":
            out[key] = _scrub_request(value, personal, gender)
        else:
            out[key] = _scrub(value, personal, gender)
    return out


def _scrub_request(request, personal, gender):
    if not isinstance(request, dict):
        return request
    return {k: (v if k == "headers" else _scrub(v, personal, gender)) for k, v in request.items()}


def sentry_init(dsn: str, *, environment: str, release: str, traces_sample_rate: float = 0.0, **options):
    """Start the SDK with the Django and Celery integrations and ``scrub`` on every event."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration(monitor_beat_tasks=False)],
        # send_default_pii stays at its default (off); naming it is deprecated in SDK 2.7x.
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
        **options,
    )
