"""Back office of the deliveries: who may see them, the actions, the query budget."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notices.models import Delivery
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

DELIVERIES = "/admin/notices/delivery/"
SUMMARY = "/admin/meetings/meetingdeliverysummary/"


def _deliveries(count: int, *, status=Delivery.Status.SENT):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(hours=20))
    users = [UserFactory() for _ in range(min(count, 5))]
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(
            subject=meeting,
            user=users[i % len(users)],
            kind="meeting_confirmed",
            key=f"meeting-{meeting.pk}:k{i}",
            due_at=now,
            next_attempt_at=now,
            status=status,
            sent_at=now,
            claim_token=uuid.uuid4() if status == Delivery.Status.SENDING else None,
        )
        for i in range(count)
    )
    return meeting


@pytest.mark.parametrize("url", [DELIVERIES, SUMMARY])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", [DELIVERIES, SUMMARY])
def test_member_is_refused(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("url", [DELIVERIES, SUMMARY])
def test_staff_without_permission_is_refused(client, url):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("size", [10, 1000])
def test_delivery_list_query_budget(client, coordinator, django_assert_max_num_queries, size):
    _deliveries(size)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(DELIVERIES)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_summary_counts_sent_and_failed(client, coordinator, django_assert_max_num_queries, size):
    meeting = _deliveries(size)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(SUMMARY)
    assert response.status_code == 200
    assert meeting.title_mn in response.text
    assert f'<td class="field-sent">{size}</td>' in response.text


def test_stuck_filter_lists_rows_stuck_in_sending(client, coordinator):
    meeting = _deliveries(2, status=Delivery.Status.SENDING)
    Delivery.objects.filter(meeting=meeting).update(claimed_at=timezone.now() - timedelta(hours=2))
    _deliveries(3, status=Delivery.Status.SENDING)  # claimed just now: still being sent
    client.force_login(coordinator)
    response = client.get(DELIVERIES + "?stuck=yes")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_resend_failed_action_queues_them_again(client, coordinator):
    meeting = _deliveries(3, status=Delivery.Status.FAILED)
    client.force_login(coordinator)
    ids = list(Delivery.objects.filter(meeting=meeting).values_list("pk", flat=True))
    response = client.post(DELIVERIES, {"action": "resend_failed", "_selected_action": ids})
    assert response.status_code == 302
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.PENDING}


def test_send_now_action_queues_reminders(client, coordinator):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=2))
    RegistrationFactory.create_batch(2, meeting=meeting)
    client.force_login(coordinator)
    response = client.post(SUMMARY, {"action": "send_reminders_now", "_selected_action": [meeting.pk]})
    assert response.status_code == 302
    assert Delivery.objects.filter(meeting=meeting, kind="meeting_reminder").count() == 2


def test_send_now_action_refused_without_change_permission(client):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_delivery"))
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=2))
    RegistrationFactory(meeting=meeting)
    client.force_login(viewer)
    client.post(SUMMARY, {"action": "send_reminders_now", "_selected_action": [meeting.pk]})
    assert not Delivery.objects.exists()
