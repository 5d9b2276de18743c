"""Organisation contacts reach their convention report: from the account menu and their
organisation's page; a report can be started before its convention is scheduled (a draft that
joins the convention later) instead of a 404; an accepted report is shown frozen, without a form."""

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import ConventionReport, Meeting
from tests.factories import MeetingFactory, UserFactory
from tests.insights.helpers import ub

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


def test_a_report_is_started_before_its_convention_is_scheduled_and_joins_it(client, contact, member):
    year = timezone.localdate().year + 3
    client.force_login(contact)
    page = client.get(f"/convention/{year}/report/")
    assert page.status_code == 200 and 'data-testid="convention-not-scheduled"' in page.content.decode()
    assert 'name="submit"' not in page.content.decode()  # a draft only, until the convention exists
    assert client.post(f"/convention/{year}/report/", {"achievements": "Эрт эхэлсэн"}).status_code == 302
    early = ConventionReport.objects.get()
    assert (early.convention, early.year, early.status) == (None, year, ConventionReport.Status.DRAFT)
    refused = client.post(f"/convention/{year}/report/", {"achievements": "x", "submit": "1"})
    assert refused.status_code == 409
    early.refresh_from_db()
    assert early.status == ConventionReport.Status.DRAFT and early.achievements == "Эрт эхэлсэн"
    # The coordinators schedule the convention: the draft is there, and submitted it joins it.
    convention = MeetingFactory(format=Meeting.Format.CONVENTION, starts_at=ub(year, 6, 20, 9))
    assert "Эрт эхэлсэн" in client.get(f"/convention/{year}/report/").content.decode()
    response = client.post(f"/convention/{year}/report/", {"achievements": "Эрт эхэлсэн", "submit": "1"})
    assert response.status_code == 302
    report = ConventionReport.objects.get()
    assert (report.pk, report.convention, report.status) == (
        early.pk,
        convention,
        ConventionReport.Status.SUBMITTED,
    )
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
