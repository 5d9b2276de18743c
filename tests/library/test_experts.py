"""The experts' roster: members opt in and out, coordinators add outside people, sessions come
from the agendas of public meetings, filters refuse bad input, addresses never show."""

import pytest
from django.core.exceptions import PermissionDenied

from library import services
from library.models import Expert
from library.selectors import ExpertFilters, expert_list
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
