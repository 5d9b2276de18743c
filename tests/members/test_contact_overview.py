"""An organisation contact sees their organisation's pending applications and branch CoP decisions."""

import pytest

from members.models import Community
from tests.factories import ApplicantFactory, CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def branches(root, organisation):
    return {
        "pending": CommunityFactory(
            parent=root,
            host_organisation=organisation,
            status=Community.Status.PENDING,
            name_mn="Хүлээгдэж буй бүлэг",
        ),
        "declined": CommunityFactory(
            parent=root,
            host_organisation=organisation,
            status=Community.Status.DECLINED,
            name_mn="Татгалзсан бүлэг",
            decision_reason="Дүрэм дутуу",
        ),
        "other": CommunityFactory(
            parent=root, status=Community.Status.PENDING, name_mn="Өөр байгууллагын бүлэг"
        ),
    }


def test_contact_profile_shows_pending_and_declined_branches(client, contact, branches):
    ApplicantFactory(organisation=contact.organisation)
    client.force_login(contact)
    page = client.get("/profile/").content.decode()
    section = page[page.index('data-testid="my-organisation"') :]
    assert section.index("Хүлээгдэж буй бүлэг") < section.index("Татгалзсан бүлэг")
    assert "Дүрэм дутуу" in section
    assert "Өөр байгууллагын бүлэг" not in section
    assert "/members/applications/" in section and "1 " in section


def test_register_page_lists_the_branches_already_registered(client, contact, branches):
    client.force_login(contact)
    page = client.get("/branches/register/").content.decode()
    assert 'data-testid="organisation-branches"' in page and "Хүлээгдэж буй бүлэг" in page


def test_a_plain_member_has_no_organisation_section(client, member):
    client.force_login(member)
    assert 'data-testid="my-organisation"' not in client.get("/profile/").content.decode()
