import pytest

from tests.factories import MeetingFactory


@pytest.fixture
def meeting(db):
    return MeetingFactory()


class QueuedNotices:
    """The notices the services queued, as (template, user id, kind) read from the delivery
    rows the reminders' sender will send (registration confirmations left out)."""

    TEMPLATES = {
        "promoted": "meetings/emails/waitlist_promoted",
        "changed": "meetings/emails/meeting_changed",
        "cancelled": "meetings/emails/meeting_cancelled",
    }

    def _rows(self):
        from meetings.models import Delivery

        rows = Delivery.objects.filter(kind__in=self.TEMPLATES).order_by("id").values_list("kind", "user_id")
        return [(self.TEMPLATES[kind], user_id, "meeting_notice") for kind, user_id in rows]

    def __iter__(self):
        return iter(self._rows())

    def __len__(self):
        return len(self._rows())

    def __eq__(self, other):
        return self._rows() == list(other)


@pytest.fixture
def mailbox_tasks(db):
    return QueuedNotices()
