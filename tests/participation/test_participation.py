"""The participation record, certificate PDFs (Mongolian text intact) and /verify/."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from insights.participation import tokens
from meetings.models import Meeting
from tests.factories import AttendanceFactory, PastMeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Батбаярын Оюунчимэг"


@pytest.fixture
def person():
    return UserFactory(full_name=NAME)


@pytest.fixture
def attendance(person):
    start = timezone.now() - dt.timedelta(days=3)
    meeting = PastMeetingFactory(
        title_mn="Жендэрийн аудитын сургалт", format=Meeting.Format.TRAINING, starts_at=start
    )
    return AttendanceFactory(meeting=meeting, user=person)


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_record_lists_meetings_by_year_and_format(client, person, attendance):
    AttendanceFactory(user=person, meeting=PastMeetingFactory(format=Meeting.Format.SITE_VISIT))
    client.force_login(person)
    response = client.get("/profile/participation/")
    years = response.context["years"]
    assert sum(len(r.attended) for r in years) == 2
    assert sum(r.trainings for r in years) == 1 and sum(r.visits for r in years) == 1


def test_certificate_pdf_has_the_mongolian_name_intact(client, person, attendance):
    client.force_login(person)
    response = client.get(f"/profile/participation/certificate/{attendance.pk}.pdf?lang=mn")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert NAME in text
    assert "Жендэрийн аудитын сургалт" in text
    assert (
        attendance.meeting.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d")
        in text
    )


def test_certificate_only_for_ones_own_attendance(client, member, attendance):
    client.force_login(member)
    assert client.get(f"/profile/participation/certificate/{attendance.pk}.pdf").status_code == 404


def test_statement_pdf_in_english(client, person, attendance):
    client.force_login(person)
    year = timezone.localtime(attendance.meeting.starts_at).year
    text = _text(client.get(f"/profile/participation/{year}.pdf?lang=en").content)
    assert NAME in text and "Participation statement" in text


def test_verify_accepts_a_real_token_and_shows_the_facts(client, attendance):
    response = client.get(
        f"/verify/{tokens.attendance_token(holder=attendance.user, attendance_id=attendance.pk)}/"
    )
    assert response.status_code == 200
    assert response.context["facts"]["name"] == NAME
    assert response.context["facts"]["meeting"] == attendance.meeting.title


def test_verify_refuses_forged_and_altered_tokens(client, attendance):
    real = tokens.attendance_token(holder=attendance.user, attendance_id=attendance.pk)
    for token in (real[:-3] + "abc", real.upper(), "not-a-token", "x" * 200):
        response = client.get(f"/verify/{token}/")
        assert response.status_code == 404 and not response.context["valid"]


def test_verify_refuses_a_token_whose_record_is_gone(client, attendance):
    token = tokens.attendance_token(holder=attendance.user, attendance_id=attendance.pk)
    attendance.delete()
    assert client.get(f"/verify/{token}/").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_record_query_budget(client, person, size, django_assert_max_num_queries):
    for _ in range(size):
        AttendanceFactory(user=person)
    client.force_login(person)
    with django_assert_max_num_queries(14):
        assert client.get("/profile/participation/").status_code == 200
    # Warm: the record is kept per member; only the session and the user are read.
    with django_assert_max_num_queries(2):
        assert client.get("/profile/participation/").status_code == 200


def test_record_is_kept_per_member_and_follows_attendance(client, attendance, coordinator):
    from meetings.services import attendance_add_walk_in

    title = attendance.meeting.title_mn
    client.force_login(attendance.user)
    assert title in client.get("/profile/participation/").content.decode()
    other = UserFactory()
    client.force_login(other)
    assert title not in client.get("/profile/participation/").content.decode()  # not the first member's
    attendance_add_walk_in(meeting=attendance.meeting, actor=coordinator, user=other)
    assert title in client.get("/profile/participation/").content.decode()  # the new row shows at once


PAGES = ["/profile/participation/", "CERTIFICATE", "STATEMENT", "VERIFY"]
# Expected status per role, in the order of PAGES (302: to the login page).
MATRIX = {
    "anonymous": [302, 302, 302, 200],
    "other": [200, 404, 404, 200],
    "owner": [200, 200, 200, 200],
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_page_access_per_role(client, role, person, attendance):
    user = {"anonymous": None, "other": UserFactory(), "owner": person}[role]
    if user:
        client.force_login(user)
    year = timezone.localtime(attendance.meeting.starts_at).year
    urls = {
        "CERTIFICATE": f"/profile/participation/certificate/{attendance.pk}.pdf",
        "STATEMENT": f"/profile/participation/{year}.pdf",
        "VERIFY": f"/verify/{tokens.attendance_token(holder=attendance.user, attendance_id=attendance.pk)}/",
    }
    assert [client.get(urls.get(p, p)).status_code for p in PAGES] == MATRIX[role]


def test_an_english_download_from_the_mongolian_page_is_english_throughout(client, person, attendance):
    """The meeting formats come from the language asked for, not the page's, and the file name
    says which language the file is in."""
    client.force_login(person)  # the page speaks Mongolian
    year = timezone.localtime(attendance.meeting.starts_at).year
    statement = client.get(f"/profile/participation/{year}.pdf?lang=en")
    assert "Training" in _text(statement.content) and "сургалт" not in _text(statement.content)
    assert statement["Content-Disposition"].endswith(f'participation-{year}-en.pdf"')
    certificate = client.get(f"/profile/participation/certificate/{attendance.pk}.pdf?lang=en")
    assert "сургалт" not in _text(certificate.content)
    assert certificate["Content-Disposition"].endswith(f'certificate-{attendance.pk}-en.pdf"')
    mongolian = client.get(f"/profile/participation/certificate/{attendance.pk}.pdf?lang=mn")
    assert mongolian["Content-Disposition"].endswith(f'certificate-{attendance.pk}-mn.pdf"')


def test_a_verification_link_says_nothing_by_itself(attendance):
    """Signed tokens carried the record's id and kind in readable base64; a link is now 128
    random bits, stored with what it certifies."""
    import re

    from django.core import signing

    token = tokens.attendance_token(holder=attendance.user, attendance_id=attendance.pk)
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="cop.certificate")
    # the same certificate downloaded again carries the same link until it is withdrawn
    assert tokens.attendance_token(holder=attendance.user, attendance_id=attendance.pk) == token


def test_the_holder_withdraws_the_links_and_gets_new_ones(client, person, attendance):
    old = tokens.attendance_token(holder=person, attendance_id=attendance.pk)
    year = timezone.localtime(attendance.meeting.starts_at).year
    statement = tokens.statement_token(holder=person, year=year)
    assert client.get(f"/verify/{old}/").status_code == 200
    client.force_login(person)
    response = client.post("/profile/participation/links/renew/")
    assert response.status_code == 302
    assert client.get(f"/verify/{old}/").status_code == 404
    assert client.get(f"/verify/{statement}/").status_code == 404
    new = tokens.attendance_token(holder=person, attendance_id=attendance.pk)
    assert new != old and client.get(f"/verify/{new}/").status_code == 200


def test_nobody_else_withdraws_a_holders_links(client, member, person, attendance):
    token = tokens.attendance_token(holder=person, attendance_id=attendance.pk)
    client.force_login(member)
    client.post("/profile/participation/links/renew/")
    assert client.get(f"/verify/{token}/").status_code == 200


def test_an_old_signed_token_is_no_longer_accepted(client, attendance):
    from django.core import signing

    legacy = signing.dumps({"k": "a", "id": attendance.pk}, salt="cop.certificate", compress=True)
    assert client.get(f"/verify/{legacy}/").status_code == 404
