"""Names on a site visit's pages are for members only: participants and follow-up owners alike
(a visitor saw a visit's follow-up owner by name although its participants were hidden)."""

import pytest

from results.models import Action
from tests.factories import ActionFactory, ApplicantFactory, AttendanceFactory, SiteVisitFactory, UserFactory

pytestmark = pytest.mark.django_db

OWNER = "Батцэцэг Дорждэрэм"
PARTICIPANT = "Оюунчимэг Ганболд"


@pytest.fixture
def visit():
    visit = SiteVisitFactory()
    AttendanceFactory(meeting=visit.meeting, user=UserFactory(full_name=PARTICIPANT))
    ActionFactory(owner=UserFactory(full_name=OWNER), source=Action.Source.VISIT, visit=visit)
    return visit


def _page(client, visit) -> str:
    return client.get(f"/visits/{visit.pk}/").content.decode()


def test_a_visitor_sees_no_member_name_on_a_visit_page(client, visit):
    page = _page(client, visit)
    assert 'data-testid="follow-up-actions"' in page  # the actions are shown, without their owner
    assert OWNER not in page and PARTICIPANT not in page


def test_an_applicant_sees_no_member_name_either(client, visit):
    client.force_login(ApplicantFactory())
    page = _page(client, visit)
    assert OWNER not in page and PARTICIPANT not in page


def test_a_member_sees_the_owner_and_the_participants(client, visit, member):
    client.force_login(member)
    page = _page(client, visit)
    assert OWNER in page and PARTICIPANT in page
