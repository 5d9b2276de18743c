"""The experts' roster: members opt in and out, coordinators add outside people, sessions come
from the agendas of public meetings, filters refuse bad input, addresses never show."""

import pytest
from django.core.exceptions import PermissionDenied

from library import services
from library.models import Expert
from library.selectors_experts import ExpertFilters, expert_list
from meetings.models import Meeting
from tests.factories import AgendaItemFactory, ExpertFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/experts/"


def test_a_member_opts_in_and_out(client, member):
    client.force_login(member)
    response = client.post(
        "/experts/me/",
        {
            "role": "trainer",
            "topics": ["data"],
            "languages": ["mn", "en"],
            "provinces": ["dornod"],
            "is_listed": "on",
        },
    )
    assert response.status_code == 302
    expert = Expert.objects.get(user=member)
    assert expert.topics == ",data," and expert.languages == ",mn,en,"
    assert member.full_name in client.get(URL, {"topic": "data"}).content.decode()
    client.post("/experts/me/", {"remove": "1"})
    assert not Expert.objects.filter(user=member).exists()


def test_an_applicant_cannot_opt_in(applicant):
    with pytest.raises(PermissionDenied):
        services.expert_opt_in(actor=applicant, role="expert")


def test_only_coordinators_add_outside_people(member, coordinator):
    with pytest.raises(PermissionDenied):
        services.expert_save(expert=Expert(name="Гадны шинжээч"), actor=member)
    expert = services.expert_save(
        expert=Expert(name="Гадны шинжээч", email="x@example.org"), actor=coordinator
    )
    assert expert.added_by == coordinator


def test_the_roster_never_shows_an_address(client):
    expert = ExpertFactory(email="hidden@example.org")
    for url in (URL, expert.get_absolute_url()):
        page = client.get(url).content.decode()
        assert expert.name in page and "hidden@example.org" not in page


def test_unlisted_and_former_members_are_not_on_the_roster(db):
    ExpertFactory(is_listed=False)
    Expert.objects.create(user=UserFactory(is_active=False))
    listed = ExpertFactory()
    assert list(expert_list()) == [listed]


def test_filters(db):
    data = ExpertFactory(topics=",data,", languages=",ru,")
    ExpertFactory(topics=",harassment,", languages=",mn,")
    assert list(expert_list(filters=ExpertFilters(topic="data"))) == [data]
    assert list(expert_list(filters=ExpertFilters(language="ru"))) == [data]


@pytest.mark.parametrize("query", [{"topic": "x"}, {"language": "xx"}, {"page": "abc"}, {"role": "king"}])
def test_bad_filters_are_refused(client, query):
    assert client.get(URL, query).status_code == 400


def test_sessions_given_come_from_public_agendas(client):
    expert = ExpertFactory(name="Б. Сарангэрэл")
    AgendaItemFactory(speaker="Б. Сарангэрэл", title_mn="Хүйсээр ангилсан статистик")
    AgendaItemFactory(
        speaker="Б. Сарангэрэл", title_mn="Ноорог илтгэл", meeting=MeetingFactory(status=Meeting.Status.DRAFT)
    )
    page = client.get(expert.get_absolute_url()).content.decode()
    assert "Хүйсээр ангилсан статистик" in page and "Ноорог илтгэл" not in page


@pytest.mark.parametrize("size", [2, 20])
def test_the_roster_reads_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    for _ in range(size):
        expert = ExpertFactory()
        AgendaItemFactory(speaker=expert.name)
    # count, the page of experts, their sessions
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200


# --- the contact relay ------------------------------------------------------------------------

MESSAGE = "Сайн байна уу, манай салбарт хүйсээр ангилсан статистикийн сургалт хийж өгөх үү?"


def _contact(client, expert, message=MESSAGE):
    return client.post(f"/experts/{expert.pk}/contact/", {"message": message})


def test_a_member_writes_to_an_outside_expert_without_seeing_the_address(client, member, mailoutbox):
    from cop_portal.audit import AuditEvent
    from notices.services import notices_send_due

    expert = ExpertFactory(email="hidden@example.org")
    client.force_login(member)
    page = client.get(expert.get_absolute_url()).content.decode()
    assert 'data-testid="expert-contact"' in page and "hidden@example.org" not in page
    assert _contact(client, expert).status_code == 302
    notices_send_due()
    (mail,) = mailoutbox
    assert mail.to == ["hidden@example.org"]
    assert MESSAGE in mail.body and member.email in mail.body
    assert AuditEvent.objects.filter(action="expert.contact", object_id=str(expert.pk)).count() == 1


def test_a_member_expert_gets_the_message_at_their_account(client, member, mailoutbox):
    from notices.services import notices_send_due

    other = UserFactory()
    expert = services.expert_opt_in(actor=other, role="trainer")
    client.force_login(member)
    assert _contact(client, expert).status_code == 302
    notices_send_due()
    assert [m.to for m in mailoutbox] == [[other.email]]


def test_the_message_leaves_the_outbox_once_sent(client, member):
    from notices.models import Delivery
    from notices.services import notices_send_due

    expert = ExpertFactory()
    client.force_login(member)
    _contact(client, expert)
    notices_send_due()
    assert all(MESSAGE not in str(row.context) for row in Delivery.objects.all())


def test_the_relay_is_rate_limited(client, member):
    from library.services.experts import CONTACT_DAILY_LIMIT

    client.force_login(member)
    experts = ExpertFactory.create_batch(CONTACT_DAILY_LIMIT + 1)
    for expert in experts[:-1]:
        assert _contact(client, expert).status_code == 302
    assert _contact(client, experts[-1]).status_code == 429


def test_a_too_short_message_is_refused(client, member):
    client.force_login(member)
    assert _contact(client, ExpertFactory(), message="сайн уу").status_code == 400


def test_only_members_write(client, applicant):
    expert = ExpertFactory()
    assert _contact(client, expert).status_code == 302  # to the sign-in page
    client.force_login(applicant)
    assert _contact(client, expert).status_code == 403
