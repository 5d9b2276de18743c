"""When a coordinator publishes a meeting a branch sent for review, the branch's focal person
and whoever submitted it are told by e-mail, once each, in their own language, on commit."""

from __future__ import annotations

import pytest
from django.utils import translation

from meetings import services
from meetings.models import Meeting
from members.models import CommunityOrganiser
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

SUBJECT = "Your branch CoP's meeting is published"


@pytest.fixture
def branch(db):
    focal = UserFactory(preferred_language="mn")
    community = CommunityFactory(
        parent=RootCommunityFactory(), focal_person=focal, meetings_reviewed=True, name_en="Dundgovi CoP"
    )
    return community


def _subject(language):
    with translation.override(language):
        return str(translation.gettext(SUBJECT))


def _published(mailoutbox):
    subjects = {_subject("mn"), _subject("en")}
    return [m for m in mailoutbox if m.subject in subjects]


def test_focal_person_and_submitter_hear_once_in_their_language(
    client, branch, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    organiser = UserFactory(preferred_language="en")
    CommunityOrganiser.objects.create(community=branch, user=organiser)
    meeting = MeetingFactory(
        community=branch, status=Meeting.Status.DRAFT, published_at=None, title_en="Water and women"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting, actor=organiser)
    assert meeting.status == Meeting.Status.REVIEW
    assert _published(mailoutbox) == []

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/branches/{branch.slug}/manage/meetings/{meeting.pk}/publish/")
        assert _published(mailoutbox) == []  # nothing before the commit
    for callback in callbacks:
        callback()
    sent = {m.to[0]: m for m in _published(mailoutbox)}
    assert set(sent) == {branch.focal_person.email, organiser.email}
    assert sent[organiser.email].subject == SUBJECT
    assert "Water and women" in sent[organiser.email].body and "Dundgovi CoP" in sent[organiser.email].body
    assert sent[branch.focal_person.email].subject == _subject("mn")
    assert meeting.title_mn in sent[branch.focal_person.email].body
    assert f"/meetings/{meeting.pk}/" in sent[organiser.email].body

    # Publishing again changes nothing and tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_publish(meeting=meeting, actor=coordinator) is False
    assert len(_published(mailoutbox)) == 2


def test_the_focal_person_who_submitted_hears_once(
    branch, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(community=branch, status=Meeting.Status.DRAFT, published_at=None)
    services.meeting_publish(meeting=meeting, actor=branch.focal_person)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting, actor=coordinator)
    assert [m.to for m in _published(mailoutbox)] == [[branch.focal_person.email]]


def test_published_by_saving_the_form_in_the_back_office(
    branch, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    submitter = UserFactory()
    CommunityOrganiser.objects.create(community=branch, user=submitter)
    meeting = MeetingFactory(community=branch, status=Meeting.Status.DRAFT, published_at=None)
    meeting.status = Meeting.Status.PUBLISHED
    services.meeting_save(meeting=meeting, actor=submitter)  # held for review
    assert meeting.status == Meeting.Status.REVIEW
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.status = Meeting.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(meeting=meeting, actor=coordinator)
    assert sorted(m.to[0] for m in _published(mailoutbox)) == sorted(
        [branch.focal_person.email, submitter.email]
    )


def test_a_draft_published_directly_sends_no_review_news(
    branch, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(community=branch, status=Meeting.Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting, actor=coordinator)
    assert _published(mailoutbox) == []
