"""The coordinators' monthly digest of quiet branch CoPs: sent once a month however often the
task runs, in each coordinator's language, and not at all when every branch meets."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from branches import tasks
from branches.models import BranchDigest
from branches.services import digest
from members.services import coordinator_group_sync
from notices.models import Delivery
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

LONG_AGO = timezone.now() - dt.timedelta(days=400)


def _coordinator(language: str):
    user = UserFactory(is_staff=True, preferred_language=language)
    user.groups.add(coordinator_group_sync())
    return user


def _branch(**kwargs):
    return CommunityFactory(parent=RootCommunityFactory(), decided_at=LONG_AGO, **kwargs)


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks")
def test_sent_once_a_month_in_each_coordinators_language(mailoutbox, django_capture_on_commit_callbacks):
    english, mongolian = _coordinator("en"), _coordinator("mn")
    quiet = _branch(name_mn="Нам гүм салбар", name_en="Quiet branch")
    MeetingFactory(community=quiet, starts_at=timezone.now() - dt.timedelta(days=150))
    lively = _branch(name_mn="Идэвхтэй салбар", name_en="Lively branch")
    MeetingFactory(community=lively, starts_at=timezone.now() - dt.timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.branch_digest_send_monthly() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.branch_digest_send_monthly() == 0  # the beat fired twice
    assert sorted(m.to[0] for m in mailoutbox) == sorted([english.email, mongolian.email])
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "Quiet branch" in by_address[english.email].body
    assert "Нам гүм салбар" in by_address[mongolian.email].body
    assert "Lively" not in by_address[english.email].body
    assert "/insights/network/?quiet=1" in by_address[english.email].body
    assert list(BranchDigest.objects.values_list("branch_count", "recipient_count")) == [(1, 2)]

    next_month = timezone.now() + dt.timedelta(days=32)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.branch_digest_send(now=next_month) == 2
    assert BranchDigest.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks")
def test_nothing_is_sent_when_every_branch_meets(mailoutbox, django_capture_on_commit_callbacks):
    _coordinator("mn")
    branch = _branch()
    MeetingFactory(community=branch, starts_at=timezone.now() - dt.timedelta(days=40))
    _branch_young = CommunityFactory(parent=RootCommunityFactory(), decided_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.branch_digest_send_monthly() == 0
    assert mailoutbox == []
    assert not BranchDigest.objects.exists()
    assert _branch_young.pk  # a branch approved this month is not judged yet


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_digest(monkeypatch):
    _coordinator("mn")
    _branch()
    monkeypatch.setattr("notices.services.queueing._kick_sender", lambda: None)
    barrier = threading.Barrier(2, timeout=10)
    original = digest.selectors.branch_inactive_list

    def both_read_first(**kwargs):
        rows = original(**kwargs)
        barrier.wait()
        return rows

    monkeypatch.setattr(digest.selectors, "branch_inactive_list", both_read_first)
    results = []

    def run():
        try:
            results.append(digest.branch_digest_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [0, 1]
    assert Delivery.objects.filter(kind="branch_digest").count() == 1
    assert BranchDigest.objects.count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_beat_task_twice_and_one_digest_goes_out(celery_worker_process):
    from tests.worker import wait_until

    coordinator = _coordinator("en")
    _branch(name_en="Silent branch")
    before = celery_worker_process.mail_count()
    tasks.branch_digest_send_monthly.delay()
    tasks.branch_digest_send_monthly.delay()
    celery_worker_process.wait_for_mail(before + 1)
    wait_until(lambda: BranchDigest.objects.count() == 1, message="no digest row")
    text = "".join(f.read_text() for f in celery_worker_process.mail_files())
    assert "Silent branch" in text and coordinator.email in text
    assert "Traceback" not in celery_worker_process.log()
