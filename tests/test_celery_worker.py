"""A real worker process sends what the web process queues in the outbox (filesystem broker
or Redis)."""

import pytest
from django.db import transaction

from notices.models import Delivery
from notices.services import notify
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_email_queued_on_commit_is_sent_by_the_worker(celery_worker_process, member):
    before = celery_worker_process.mail_count()
    with transaction.atomic():
        notify("test_message", recipients=[member.pk], key="worker-commit", context={"note": "from-a-test"})
    celery_worker_process.wait_for_mail(before + 1)
    text = "".join(f.read_text() for f in celery_worker_process.mail_files())
    assert "from-a-test" in text and member.email in text


def test_worker_survives_a_burst_of_emails(celery_worker_process, member):
    before = celery_worker_process.mail_count()
    for i in range(60):
        notify("test_message", recipients=[member.pk], key=f"burst-{i}", context={"note": f"burst-{i}"})
    celery_worker_process.wait_for_mail(before + 60, timeout=90)
    assert celery_worker_process.alive
    assert "JSONDecodeError" not in celery_worker_process.log()


def test_the_same_key_twice_is_one_email(celery_worker_process, member):
    before = celery_worker_process.mail_count()
    notify("test_message", recipients=[member.pk], key="once", context={"note": "first"})
    notify("test_message", recipients=[member.pk], key="once", context={"note": "second"})
    notify("test_message", recipients=[member.pk], key="after", context={"note": "after"})
    celery_worker_process.wait_for_mail(before + 2)
    wait_until(lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2, timeout=30)
    assert Delivery.objects.count() == 2
    text = "".join(f.read_text() for f in celery_worker_process.mail_files())
    assert "first" in text and "second" not in text
