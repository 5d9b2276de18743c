"""A real worker process consumes what the web process queues (filesystem broker or Redis)."""

import pytest
from django.db import transaction

from cop_portal.tasks import email_send

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_task_queued_on_commit_is_executed_by_the_worker(celery_worker_process, member):
    before = celery_worker_process.mail_count()
    with transaction.atomic():
        email_send.delay_on_commit("cop_portal/emails/test_message", member.pk, {"note": "from-a-test"})
    celery_worker_process.wait_for_mail(before + 1)
    text = "".join(f.read_text() for f in celery_worker_process.mail_files())
    assert "from-a-test" in text and member.email in text


def test_worker_survives_a_burst_of_tasks(celery_worker_process, member):
    before = celery_worker_process.mail_count()
    for i in range(60):
        email_send.delay("cop_portal/emails/test_message", member.pk, {"note": f"burst-{i}"})
    celery_worker_process.wait_for_mail(before + 60, timeout=90)
    assert celery_worker_process.alive
    assert "JSONDecodeError" not in celery_worker_process.log()


def test_task_for_a_deleted_user_is_a_no_op(celery_worker_process, member):
    before = celery_worker_process.mail_count()
    email_send.delay("cop_portal/emails/test_message", 987654321, {})
    email_send.delay("cop_portal/emails/test_message", member.pk, {"note": "after"})
    celery_worker_process.wait_for_mail(before + 1)
    assert celery_worker_process.mail_count() == before + 1
