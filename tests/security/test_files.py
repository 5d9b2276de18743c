"""Members-only files are served by a view that checks who asks (issue 12), debug off."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from meetings.files import MEMBERS_ONLY_FILE
from meetings.models import Material, Meeting
from tests.factories import MeetingFactory, SiteVisitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_debug_off")]

PDF = b"%PDF-1.4\n%members only\n"


@pytest.fixture
def _debug_off(settings):
    settings.DEBUG = False


def _material(*, members_only: bool, meeting=None) -> Material:
    return Material.objects.create(
        meeting=meeting or MeetingFactory(),
        title="Төсвийн гарын авлага",
        file=SimpleUploadedFile("budget guide.pdf", PDF, "application/pdf"),
        members_only=members_only,
    )


def _url(material) -> str:
    return f"/files/materials/{material.pk}/"


def test_storage_names_cannot_be_guessed_from_month_and_name():
    first, second = _material(members_only=True), _material(members_only=True)
    assert first.file.name != second.file.name
    token = first.file.name.split("/")[-2]
    assert len(token) >= 20 and first.file.name.endswith("budget_guide.pdf")


def test_a_visitor_is_refused_a_members_only_file(client):
    response = client.get(_url(_material(members_only=True)))
    assert response.status_code == 403 and str(MEMBERS_ONLY_FILE) in response.content.decode()


def test_an_applicant_is_refused_a_members_only_file(client, applicant):
    client.force_login(applicant)
    assert client.get(_url(_material(members_only=True))).status_code == 403


def test_a_member_downloads_a_members_only_file_as_an_attachment(client, member):
    client.force_login(member)
    response = client.get(_url(_material(members_only=True)))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_visitor_downloads_a_public_material(client):
    response = client.get(_url(_material(members_only=False)))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_a_draft_meetings_material_is_hidden(client, member):
    client.force_login(member)
    material = _material(members_only=False, meeting=MeetingFactory(status=Meeting.Status.DRAFT))
    assert client.get(_url(material)).status_code == 404


@override_settings(COP_MEDIA_ACCEL_PREFIX="/protected-media/")
def test_in_production_nginx_sends_the_bytes(client, member):
    client.force_login(member)
    material = _material(members_only=True)
    response = client.get(_url(material))
    assert response["X-Accel-Redirect"] == "/protected-media/" + material.file.name.replace(" ", "%20")
    assert response.content == b"" and response["X-Content-Type-Options"] == "nosniff"


def test_media_is_not_served_under_its_storage_path(client, member):
    client.force_login(member)
    material = _material(members_only=True)
    assert client.get(f"/media/{material.file.name}").status_code == 404


def test_meeting_page_links_to_the_checking_view(client, member):
    material = _material(members_only=False)
    page = client.get(material.meeting.get_absolute_url()).content.decode()
    assert _url(material) in page and "/media/" not in page


def test_visit_report_is_served_through_the_view(client):
    visit = SiteVisitFactory(report_file=SimpleUploadedFile("report.pdf", PDF, "application/pdf"))
    response = client.get(f"/files/visit-reports/{visit.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("status", [Meeting.Status.DRAFT, Meeting.Status.REVIEW])
@pytest.mark.parametrize("members_only", [False, True])
def test_those_who_run_a_branch_meeting_open_its_files_before_it_is_public(client, status, members_only):
    from members.models import CommunityOrganiser
    from tests.factories import CommunityFactory, RootCommunityFactory, UserFactory

    focal, organiser, follower = UserFactory(), UserFactory(), UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    CommunityOrganiser.objects.create(community=branch, user=organiser)
    branch.members.add(follower)
    meeting = MeetingFactory(community=branch, status=status, published_at=None)
    material = _material(members_only=members_only, meeting=meeting)
    for person in (focal, organiser):
        client.force_login(person)
        response = client.get(_url(material))
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    client.force_login(follower)  # follows the branch but does not run it
    assert client.get(_url(material)).status_code == 404
    client.logout()
    assert client.get(_url(material)).status_code == 404  # not 403: nothing says the file exists


def test_a_coordinator_without_a_membership_opens_a_members_only_file(client, coordinator):
    coordinator.status = coordinator.Status.APPLIED
    coordinator.save(update_fields=["status"])
    client.force_login(coordinator)
    material = _material(members_only=True, meeting=MeetingFactory(status=Meeting.Status.REVIEW))
    assert client.get(_url(material)).status_code == 200
