import pytest

from tests.meetings.factories import MeetingFactory


@pytest.fixture
def meeting(db):
    return MeetingFactory()


@pytest.fixture
def mailbox_tasks(monkeypatch):
    """Run queued e-mail tasks inline and collect (template, user_id, context, kind)."""
    sent = []

    def fake_delay_on_commit(template, user_id, context=None, kind=None):
        sent.append((template, user_id, context, kind))

    monkeypatch.setattr("cop_portal.tasks.email_send.delay_on_commit", fake_delay_on_commit)
    return sent
