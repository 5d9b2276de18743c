"""Followers of a branch hear of each newly published meeting of the branch once, in their
language, and can switch these e-mails off like any other kind."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting
from meetings.reminders import services as reminders
from notices import emails
from notices import services as outbox
from notices.models import Delivery
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kick(monkeypatch):
    # Queueing only: no worker is asked to send (the tests send themselves).
    monkeypatch.setattr("notices.services.queueing._kick_sender", lambda: None)


@pytest.fixture
def branch():
    return CommunityFactory(
        parent=RootCommunityFactory(), name_en="Dundgovi branch", name_mn="Дундговь салбар"
    )


@pytest.fixture
def draft(branch):
    return MeetingFactory(
        community=branch, status=Meeting.Status.DRAFT, published_at=None, title_mn="Мод тарих"
    )


def _publish(meeting, coordinator):
    return services.meeting_publish(meeting=meeting, actor=coordinator)


@pytest.mark.usefixtures("signing_clock")
def test_a_follower_gets_the_announcement_once(branch, draft, coordinator, mailoutbox):
    follower = UserFactory(preferred_language="en")
    branch.members.add(follower)
    assert _publish(draft, coordinator) is True
    assert Delivery.objects.count() == 1  # queued with the publication, in its transaction
    assert _publish(draft, coordinator) is False  # publishing again changes nothing
    reminders.branch_announcement_enqueue(meeting_id=draft.pk)  # a retry queues nothing
    outbox.notices_scan()  # nor does the scan's catch-up
    assert outbox.notices_send_due() == 1
    outbox.notices_scan()
    assert outbox.notices_send_due() == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [follower.email]
    assert message.subject.startswith("New meeting of your branch CoP")
    assert "Dundgovi branch, a branch CoP you follow" in message.body
    # The link's token carries the second it was signed: read it rather than compare it.
    token = re.search(r"/unsubscribe/([^/\s]+)/", message.body).group(1)
    assert emails.read_unsubscribe_token(token) == (follower.pk, "branch_announcement")
    # The calendar file never carries the online link: a follower holds no seat.
    calendar = Calendar.from_ical(message.attachments[0][1])
    assert "meet.example.mn" not in calendar.to_ical().decode()
    assert Delivery.objects.get().kind == "branch_announcement"


def test_the_announcement_is_in_mongolian_by_default(branch, draft, coordinator, mailoutbox):
    branch.members.add(UserFactory())
    _publish(draft, coordinator)
    outbox.notices_send_due()
    assert "Дундговь салбар" in mailoutbox[0].body and "Dundgovi" not in mailoutbox[0].body


def test_a_non_follower_gets_nothing(branch, draft, coordinator, mailoutbox):
    UserFactory()
    RootCommunityFactory().members.add(UserFactory())
    _publish(draft, coordinator)
    outbox.notices_send_due()
    assert mailoutbox == [] and not Delivery.objects.exists()


def test_an_unsubscribed_follower_gets_nothing(client, branch, draft, coordinator, mailoutbox):
    follower = UserFactory()
    branch.members.add(follower)
    token = emails.unsubscribe_token(follower.pk, "branch_announcement")
    assert client.post(reverse("members:unsubscribe", kwargs={"token": token})).status_code == 302
    follower.refresh_from_db()
    assert "branch_announcement" in follower.muted_email_kinds
    _publish(draft, coordinator)
    outbox.notices_send_due()
    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED
    assert signing.loads(token, salt=emails.UNSUBSCRIBE_SALT)["k"] == "branch_announcement"


def test_a_meeting_published_in_the_back_office_form_is_announced_by_the_scan(
    branch, coordinator, mailoutbox
):
    follower = UserFactory()
    branch.members.add(follower)
    meeting = MeetingFactory.build(
        community=branch, host_organisation=branch.host_organisation, published_at=None
    )
    services.meeting_save(meeting=meeting, actor=coordinator)  # saved straight as published
    assert not Delivery.objects.exists()
    outbox.notices_scan()
    outbox.notices_send_due()
    assert [m.to for m in mailoutbox] == [[follower.email]]


def test_root_cop_meetings_and_past_meetings_are_not_announced(branch, coordinator, mailoutbox):
    root = RootCommunityFactory()
    root.members.add(UserFactory())
    branch.members.add(UserFactory())
    _publish(MeetingFactory(community=root, status=Meeting.Status.DRAFT), coordinator)
    past = MeetingFactory(community=branch, status=Meeting.Status.DRAFT)
    Meeting.objects.filter(pk=past.pk).update(
        starts_at=past.starts_at.replace(year=2020), ends_at=past.ends_at.replace(year=2020)
    )
    past.refresh_from_db()
    _publish(past, coordinator)
    outbox.notices_scan()
    assert not Delivery.objects.exists()


def test_followers_of_the_branches_above_hear_once_but_not_the_root_cops(branch, coordinator, mailoutbox):
    root = branch.parent
    sub = CommunityFactory(parent=branch, name_en="Saintsagaan group", name_mn="Сайнцагаан бүлэг")
    own, above, both, root_fan = (UserFactory(preferred_language="en") for _ in range(4))
    sub.members.add(own, both)
    branch.members.add(above, both)
    root.members.add(root_fan, own)
    meeting = MeetingFactory(community=sub, status=Meeting.Status.DRAFT, published_at=None)
    _publish(meeting, coordinator)
    assert sorted(Delivery.objects.values_list("user_id", flat=True)) == sorted([own.pk, above.pk, both.pk])
    reminders.branch_announcement_enqueue(meeting_id=meeting.pk)  # a retry queues nothing
    outbox.notices_scan()
    assert outbox.notices_send_due() == 3
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert set(bodies) == {own.email, above.email, both.email}
    assert "Saintsagaan group, a branch CoP you follow" in bodies[own.email]
    assert "Saintsagaan group, a branch CoP you follow" in bodies[both.email]
    assert "Saintsagaan group, a branch CoP within Dundgovi branch which you follow" in bodies[above.email]


def test_a_branch_meeting_is_not_announced_to_the_followers_of_branches_below(branch, coordinator):
    sub = CommunityFactory(parent=branch)
    sub.members.add(UserFactory())
    _publish(MeetingFactory(community=branch, status=Meeting.Status.DRAFT, published_at=None), coordinator)
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("followers", [2, 20])
def test_queueing_the_announcement_reads_a_bounded_number_of_rows(
    branch, followers, django_assert_max_num_queries
):
    sub = CommunityFactory(parent=branch)
    for i in range(followers):
        (sub if i % 2 else branch).members.add(UserFactory())
    meeting = MeetingFactory(community=sub)
    ContentType.objects.get_for_model(meeting)  # cached once per process
    with django_assert_max_num_queries(6):
        assert reminders.branch_announcement_enqueue(meeting_id=meeting.pk) == followers
