import pytest

from tests.factories import MeetingFactory


@pytest.fixture
def meeting(db):
    return MeetingFactory()
