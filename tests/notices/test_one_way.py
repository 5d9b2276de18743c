"""One way to send mail: every e-mail is a registered kind queued in the outbox, exactly once
per (kind, recipient, key); nothing else in the project hands a message to a mail server."""

import re
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import get_template

from notices import registry
from notices.models import Delivery
from notices.services import notices_send_due, notify

ROOT = Path(__file__).resolve().parent.parent.parent
# The outbox itself, allauth's account mail (sign-up, password reset), which keeps its path, and
# the embedded e-mail backend (where messages land: it receives, it does not send on its own).
ALLOWED = ("notices/", "cop_portal/accounts.py", "cop_portal/mail.py")
DIRECT_SENDS = re.compile(
    r"\bsend_mail\b|\bsend_mass_mail\b|\bmail_admins\b|\bmail_managers\b|\bEmailMessage\b"
    r"|\bEmailMultiAlternatives\b|\bget_connection\(|\.send_messages\(|\.send\(\s*\)"
    r"|\bemail_send\b|\w*mail\w*\.(delay|apply_async|delay_on_commit)\("
)


def _project_files() -> list[Path]:
    skip = {".venv", "tests", "node_modules", "var", ".git", "static"}
    return sorted(p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts))


def test_nothing_outside_the_outbox_sends_mail():
    found = []
    for path in _project_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(ALLOWED):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if DIRECT_SENDS.search(line) and not line.lstrip().startswith("#"):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == [], "send through notices.services.notify:\n" + "\n".join(found)


def test_the_check_finds_a_direct_send():
    assert DIRECT_SENDS.search('email_send.delay_on_commit("x", 1, {}, "kind")')
    assert DIRECT_SENDS.search("message.send()")
    assert DIRECT_SENDS.search("from django.core.mail import send_mail")
    assert not DIRECT_SENDS.search("user_erased.send(sender=User, user=locked)")


def test_every_kind_has_its_template_triplet_and_a_known_category():
    categories = registry.categories()
    for kind in registry.kinds().values():
        for suffix in (".subject.txt", ".txt", ".html"):
            get_template(kind.template + suffix)
        assert kind.category is None or kind.category in categories, kind.name
        assert kind.template.split("/")[1] == "emails", kind.template


@pytest.mark.django_db
def test_the_same_key_twice_is_one_row_and_one_message(member, mailoutbox):
    notify("test_message", recipients=[member.pk], key="once", context={"note": "first"})
    notify("test_message", recipients=[member.pk, member.pk], key="once", context={"note": "second"})
    assert notices_send_due() == 1
    assert Delivery.objects.filter(kind="test_message", user=member).count() == 1
    assert len(mailoutbox) == 1 and "first" in mailoutbox[0].body
    notify("test_message", recipients=[member.pk], key="once", context={"note": "third"})
    assert notices_send_due() == 0 and len(mailoutbox) == 1


@pytest.mark.django_db
def test_an_unknown_kind_or_a_missing_key_is_refused(member):
    with pytest.raises(ValueError):
        notify("no_such_kind", recipients=[member.pk], key="k")
    with pytest.raises(ValueError):
        notify("test_message", recipients=[member.pk], key="")


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_racing_calls_with_one_key_queue_one_row_and_send_one_message(member, settings):
    """Four requests (or a retried task and the scan) queue the same reminder at the same
    moment on PostgreSQL: the unique (kind, recipient, key) keeps one row, sent once."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL): SQLite serialises all writers, so no race can happen"
        )
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    barrier = threading.Barrier(4, timeout=10)
    errors = []

    def queue():
        try:
            barrier.wait()
            notify("test_message", recipients=[member.pk], key="race", context={"note": "race"})
            notices_send_due()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=queue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert Delivery.objects.filter(kind="test_message", key="race").count() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
