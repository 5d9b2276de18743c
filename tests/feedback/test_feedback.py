"""Feedback after meetings: queued once per person present, one answer per person,
the signed link, small groups suppressed in results, topics turned into proposals."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from feedback import selectors, services
from feedback.models import Feedback
from feedback.tokens import feedback_token, feedback_url
from notices.models import Delivery
from notices.services import deliveries_create_due, notices_send_due
from proposals.models import Proposal
from tests.factories import AttendanceFactory, PastMeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended():
    start = timezone.now() - dt.timedelta(hours=5)
    return PastMeetingFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))


def _answer(meeting, user, usefulness=4, **extra):
    return services.feedback_save(meeting=meeting, user=user, actor=user, usefulness=usefulness, **extra)


def test_requests_queued_once_per_person_present(ended, monkeypatch):
    monkeypatch.setattr("notices.services.queueing._kick_sender", lambda: None)
    present = AttendanceFactory.create_batch(3, meeting=ended)
    AttendanceFactory(meeting=ended, user=None, full_name="Зочин")
    deliveries_create_due()
    deliveries_create_due()
    rows = Delivery.objects.filter(kind="feedback_request")
    assert sorted(rows.values_list("user_id", flat=True)) == sorted(a.user_id for a in present)
    assert all(row.context["feedback_url"].startswith("http") for row in rows)


@pytest.mark.usefixtures("signing_clock")
def test_request_e_mail_carries_the_signed_link_and_no_calendar_file(ended):
    attendance = AttendanceFactory(meeting=ended)
    deliveries_create_due()
    assert notices_send_due() == 1
    message = mail.outbox[0]
    assert feedback_url(ended.pk, attendance.user_id) in message.body
    assert message.attachments == []


def test_no_request_for_a_meeting_that_ended_long_ago():
    start = timezone.now() - dt.timedelta(days=5)
    AttendanceFactory(meeting=PastMeetingFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2)))
    assert deliveries_create_due() == 0


def test_one_answer_per_person_edits_the_first(ended):
    user = AttendanceFactory(meeting=ended).user
    _answer(ended, user, 2)
    _answer(ended, user, 5, topics_wanted="Төсөв")
    feedback = Feedback.objects.get()
    assert (feedback.usefulness, feedback.topics_wanted) == (5, "Төсөв")


def test_answers_lock_after_14_days(ended):
    user = AttendanceFactory(meeting=ended).user
    feedback = _answer(ended, user)
    Feedback.objects.filter(pk=feedback.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    with pytest.raises(ValidationError) as error:
        _answer(ended, user, 1)
    assert error.value.messages == [str(services.ERROR_LOCKED)]


def test_only_people_present_answer(ended, member):
    with pytest.raises(PermissionDenied):
        _answer(ended, member)


def test_signed_link_opens_the_form_without_sign_in(client, ended):
    user = AttendanceFactory(meeting=ended).user
    url = f"/feedback/{feedback_token(ended.pk, user.pk)}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"usefulness": "5", "what_worked": "Жишээнүүд"})
    assert response.status_code == 302
    assert Feedback.objects.get().user == user


def test_altered_link_is_refused(client, ended):
    user = AttendanceFactory(meeting=ended).user
    token = feedback_token(ended.pk, user.pk)
    other = UserFactory()
    forged = feedback_token(ended.pk, other.pk).split(":")[0] + ":" + token.split(":", 1)[1]
    assert client.get(f"/feedback/{forged}/").status_code == 400
    assert client.get(f"/feedback/{token[:-2]}xx/").status_code == 400


def test_results_suppress_groups_under_five(ended):
    """5 women and 2 men: the men alone are too few, and the women's mean beside the overall
    one would give theirs back, so no gender group is shown (tests/feedback/test_results_disclosure.py)."""
    for _ in range(5):
        _answer(ended, AttendanceFactory(meeting=ended, user=UserFactory(gender="woman")).user, 4)
    for _ in range(2):
        _answer(ended, AttendanceFactory(meeting=ended, user=UserFactory(gender="man")).user, 1)
    results = selectors.feedback_results(meeting=ended)
    assert results.count == 7
    assert results.by_gender == []
    assert results.suppressed_groups >= 2


def test_results_page_for_organisers_only(client, ended, coordinator, member, django_assert_max_num_queries):
    _answer(ended, AttendanceFactory(meeting=ended).user, 3, topics_wanted="Жендэрийн статистик")
    client.force_login(member)
    assert client.get(f"/meetings/{ended.pk}/feedback/results/").status_code == 403
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(f"/meetings/{ended.pk}/feedback/results/")
    assert "Жендэрийн статистик" in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_results_query_budget(client, ended, coordinator, size, django_assert_max_num_queries):
    for _ in range(size):
        _answer(ended, AttendanceFactory(meeting=ended).user, 3, topics_wanted="Сэдэв")
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(f"/meetings/{ended.pk}/feedback/results/").status_code == 200


def test_topics_become_a_proposal_once(client, ended, coordinator):
    user = AttendanceFactory(meeting=ended).user
    feedback = _answer(ended, user, topics_wanted="Эрэгтэйчүүдийн оролцоо\nдэлгэрэнгүй")
    client.force_login(coordinator)
    client.post(f"/meetings/{ended.pk}/feedback/{feedback.pk}/propose/")
    client.post(f"/meetings/{ended.pk}/feedback/{feedback.pk}/propose/")
    proposal = Proposal.objects.get()
    assert proposal.title == "Эрэгтэйчүүдийн оролцоо" and proposal.proposer == user


# --- who gets which page ------------------------------------------------------------------------

PAGES = ["FORM", "RESULTS", "LINK"]
# Expected status per role, in the order of PAGES (302: to the login page).
MATRIX = {
    "anonymous": [302, 302, 200],
    "applicant": [403, 403, 200],
    "attendee": [200, 403, 200],
    "member": [403, 403, 200],
    "coordinator": [403, 200, 200],
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_page_access_per_role(client, role, ended, coordinator):
    from tests.factories import ApplicantFactory

    attendee = AttendanceFactory(meeting=ended).user
    user = {
        "anonymous": None,
        "applicant": ApplicantFactory(),
        "attendee": attendee,
        "member": UserFactory(),
        "coordinator": coordinator,
    }[role]
    if user:
        client.force_login(user)
    urls = {
        "FORM": f"/meetings/{ended.pk}/feedback/",
        "RESULTS": f"/meetings/{ended.pk}/feedback/results/",
        "LINK": f"/feedback/{feedback_token(ended.pk, attendee.pk)}/",
    }
    assert [client.get(urls[p]).status_code for p in PAGES] == MATRIX[role]


def test_feedback_permissions_are_predicates(ended, coordinator):
    from feedback import permissions

    present = AttendanceFactory(meeting=ended).user
    stranger = UserFactory()
    assert permissions.user_can_give_feedback(present, ended)
    assert not permissions.user_can_give_feedback(stranger, ended)
    assert not permissions.user_can_give_feedback(stranger, ended, user=present)  # not one's own
    assert not permissions.user_can_give_feedback(None, ended)
    assert permissions.user_can_see_feedback_results(coordinator, ended)
    assert not permissions.user_can_see_feedback_results(present, ended)
    assert permissions.user_can_turn_feedback_into_proposal(coordinator, ended)
    assert not permissions.user_can_turn_feedback_into_proposal(present, ended)


def test_results_tables_have_visible_column_and_row_headings(client, ended, coordinator):
    for _ in range(5):
        _answer(ended, AttendanceFactory(meeting=ended, user=UserFactory(gender="woman")).user, 4)
    client.force_login(coordinator)
    page = client.get(f"/meetings/{ended.pk}/feedback/results/").content.decode()
    for table in ("feedback-gender", "feedback-level"):
        assert f'data-testid="{table}"' in page, table
        body = page[page.index(f'data-testid="{table}"') :]
        body = body[: body.index("</table>")]
        head = body[body.index("<thead>") : body.index("</thead>")]
        assert head.count('<th scope="col"') == 3 and "visually-hidden" not in head
        assert '<th scope="row"' in body[body.index("<tbody>") :]
        assert "<td>" not in head
