"""Organisation contacts reach their convention report: from the account menu and their
organisation's page; a year whose convention is not scheduled says so (and what the report will
start from) instead of a 404; an accepted report is shown frozen, without a form."""

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import ConventionReport, Meeting
from tests.factories import MeetingFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def contact(db):
    return UserFactory(is_organisation_contact=True)


def test_the_menu_and_the_organisation_page_link_to_this_years_report(client, contact, member):
    year = timezone.localdate().year
    client.force_login(contact)
    assert f'href="/convention/{year}/report/"' in client.get("/meetings/").content.decode()
    page = client.get(contact.organisation.get_absolute_url()).content.decode()
    assert 'data-testid="organisation-convention-report"' in page
    client.force_login(member)
    assert "nav-convention-report" not in client.get("/meetings/").content.decode()
    assert (
        "organisation-convention-report"
        not in client.get(member.organisation.get_absolute_url()).content.decode()
    )


def test_a_year_without_a_convention_says_it_is_not_scheduled(client, contact, member):
    year = timezone.localdate().year + 3
    client.force_login(contact)
    response = client.get(f"/convention/{year}/report/")
    assert response.status_code == 200
    assert 'data-testid="convention-not-scheduled"' in response.content.decode()
    assert client.post(f"/convention/{year}/report/", {"achievements": "x"}).status_code == 409
    assert not ConventionReport.objects.exists()
    client.force_login(member)
    assert client.get(f"/convention/{year}/report/").status_code == 403


def test_an_accepted_report_is_shown_frozen(client, contact, coordinator):
    convention = MeetingFactory(format=Meeting.Format.CONVENTION)
    report = services.convention_report_save(
        convention=convention, actor=contact, submit=True, achievements="Батлагдсан тайлан"
    )
    services.convention_report_review(report=report, actor=coordinator, accept=True)
    client.force_login(contact)
    page = client.get(f"/convention/{convention.starts_at.year}/report/").content.decode()
    assert 'data-testid="report-frozen"' in page and "Батлагдсан тайлан" in page
    assert 'name="submit"' not in page and "<textarea" not in page
