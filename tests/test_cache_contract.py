"""The cache contract (cop_portal/pagecache.py): services name what they change, the cache
drops exactly those entries, and a page is kept only from what its selector shows a visitor.

Also the two bugs of the signal flush it replaced: (1) a meeting awaiting review, opened by
someone who runs it, was then served to visitors; (2) writes without a model signal (the
attendance sheet's bulk insert, the member import, the ballot count's raw SQL) left pages
stale."""

from __future__ import annotations

import ast
import gzip
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import Client

from coordinators.models import Election
from cop_portal import pagecache
from meetings import services as meeting_services
from meetings.models import Attendance, ConventionReport, Meeting, Registration, SiteVisit
from members import services as member_services
from members.models import Community, Organisation, User
from results.models import Action, Award
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    PastMeetingFactory,
    RegistrationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

ATTENDED = re.compile(r'data-testid="attendance-count"[^>]*>\D*(\d+)\D*<')
ROOT = Path(__file__).resolve().parent.parent
# Every app of the project (a top-level package with an apps.py): a new app is walked too.
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))


def _body(response) -> str:
    raw = response.content
    if response.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return raw.decode()


# --- the mechanism -------------------------------------------------------------------------


def test_invalidate_drops_only_what_depends_on_the_name():
    built = []

    def build(value):
        built.append(value)
        return value

    for name in ("meeting:1", "meeting:2"):
        pagecache.cached(name, names=(name,), audience="public", build=lambda n=name: build(n), timeout=60)
    pagecache.invalidate("meeting:1")
    for name in ("meeting:1", "meeting:2"):
        pagecache.cached(name, names=(name,), audience="public", build=lambda n=name: build(n), timeout=60)
    assert built == ["meeting:1", "meeting:2", "meeting:1"]


def test_invalidate_runs_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pagecache.invalidate("meeting:7")
    before = pagecache.versions(["meeting:7"])
    for callback in callbacks:
        callback()
    assert pagecache.versions(["meeting:7"])["meeting:7"] != before["meeting:7"]


def test_the_audience_is_part_of_the_key():
    pagecache.cached("x", names=("insights",), audience="coordinator", build=lambda: "secret", timeout=60)
    assert (
        pagecache.cached("x", names=("insights",), audience="public", build=lambda: "open", timeout=60)
        == "open"
    )


def test_an_enclosing_entry_depends_on_the_names_of_a_fragment_it_used():
    def page():
        return pagecache.cached(
            "inner", names=("organisation:3",), audience="public", build=lambda: "i", timeout=60
        )

    pagecache.cached("outer", names=(), audience="public", build=page, timeout=60)
    rebuilt = []
    pagecache.invalidate("organisation:3")
    pagecache.cached("outer", names=(), audience="public", build=lambda: rebuilt.append(1), timeout=60)
    assert rebuilt == [1]


# --- bug (1): one visibility rule, the selector's ---------------------------------------------


@pytest.mark.parametrize("status", [Meeting.Status.REVIEW, Meeting.Status.DRAFT])
def test_a_meeting_hidden_from_visitors_stays_hidden_after_its_organiser_opened_it(
    client, coordinator, status
):
    meeting = MeetingFactory(status=status, title_mn="Хянагдаж буй уулзалт", published_at=None)
    client.force_login(coordinator)
    assert client.get(meeting.get_absolute_url()).status_code == 200

    visitor = Client()
    response = visitor.get(meeting.get_absolute_url())
    assert response.status_code == 404
    assert "Хянагдаж буй уулзалт" not in _body(response)
    # ... nor afterwards, from any cache.
    assert Client().get(meeting.get_absolute_url()).status_code == 404


def test_the_organiser_still_sees_their_meeting_awaiting_review(client, member):
    meeting = MeetingFactory(status=Meeting.Status.REVIEW, organiser=member, published_at=None)
    Client().get(meeting.get_absolute_url())  # a visitor first: 404, nothing kept for them
    client.force_login(member)
    assert client.get(meeting.get_absolute_url()).status_code == 200


# --- bug (2): writes without a model signal ------------------------------------------------------


def test_attendance_taken_on_the_sheet_shows_on_the_meeting_page(client, coordinator, member):
    """Five present: a multiple of 5 reads the same rounded (visitors) and exact (members)."""
    meeting = PastMeetingFactory()
    people = [RegistrationFactory(meeting=meeting).user for _ in range(6)]
    first = client.get(meeting.get_absolute_url())
    assert re.search(r'data-testid="attendance-count" data-rounded="true">\D*0<', _body(first))
    assert client.get(meeting.get_absolute_url())["X-Page-Cache"] == "hit"

    meeting_services.attendance_record_sheet(
        meeting=meeting, present_user_ids=[p.pk for p in people[:5]], actor=coordinator
    )
    page = _body(client.get(meeting.get_absolute_url()))
    assert re.search(r'data-testid="attendance-count" data-rounded="true">\D*5<', page)
    client.force_login(member)
    page = _body(client.get(meeting.get_absolute_url()))
    assert 'data-testid="attendance-count" data-rounded="false">5<' in page


def test_a_member_import_shows_on_the_organisation_page(client, organisation, root):
    """Visitors read the count rounded (cop_portal/disclosure.py); five more people are five
    more on the page whatever the rounding (the same identity rounds 5q + r the same way)."""
    url = f"/organisations/{organisation.slug}/"
    before = _member_count(_body(client.get(url)))
    assert client.get(url)["X-Page-Cache"] == "hit"

    body = "".join(f"imported{i}@example.mn,Хүн {i},{organisation.slug},,,woman,mn\n" for i in range(5))
    header = "email,full_name,organisation,position,phone,gender,preferred_language\n"
    member_services.members_import(data=header + body, actor=None, invite=False)
    assert _member_count(_body(client.get(url))) == before + 5


def _member_count(page: str) -> int:
    return int(re.search(r'data-testid="member-count"[^>]*>\D*(\d+)<', page).group(1))


# --- a vote or an RSVP drops only its own pages -----------------------------------------------------


def test_an_rsvp_keeps_other_meetings_and_the_home_page_cached(client, member):
    one, other = MeetingFactory(capacity=10), MeetingFactory(capacity=10)
    for url in ("/", one.get_absolute_url(), other.get_absolute_url()):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"

    meeting_services.rsvp_create(meeting=one, user=member, actor=member)

    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(one.get_absolute_url())["X-Page-Cache"] == "miss"


def test_attendance_at_one_meeting_keeps_the_other_meetings_of_its_branch_cached(client, coordinator):
    taken = PastMeetingFactory()
    other = MeetingFactory(community=taken.community)
    person = RegistrationFactory(meeting=taken).user
    for url in (other.get_absolute_url(), "/"):
        client.get(url)
    meeting_services.attendance_record_sheet(meeting=taken, present_user_ids=[person.pk], actor=coordinator)
    assert [client.get(url)["X-Page-Cache"] for url in (other.get_absolute_url(), "/")] == ["hit", "hit"]


def test_a_profile_edit_keeps_the_public_pages_cached(client, member):
    meeting = MeetingFactory()
    urls = ("/", "/meetings/", meeting.get_absolute_url(), "/organisations/")
    for url in urls:
        client.get(url)
    member_services.user_profile_update(
        user=member, actor=member, full_name="Шинэ Нэр", position="Мэргэжилтэн"
    )
    assert [client.get(url)["X-Page-Cache"] for url in urls] == ["hit"] * len(urls)


def test_an_edit_of_an_organisation_in_the_admin_shows_on_its_meetings(client):
    organisation = OrganisationFactory(name_mn="Хуучин нэр")
    meeting = MeetingFactory(host_organisation=organisation)
    assert "Хуучин нэр" in _body(client.get(meeting.get_absolute_url()))
    model_admin = admin.site._registry[Organisation]
    organisation.name_mn = "Шинэ нэр"
    model_admin.save_model(None, organisation, None, True)
    assert "Шинэ нэр" in _body(client.get(meeting.get_absolute_url()))


# --- the contract: every service that writes invalidates ---------------------------------------

# Service functions that write only rows no cached page or feed shows, each with the reason.
WRITES_NOTHING_CACHED = {
    "api/services.py:token_create": "personal API tokens: shown on no cached page",
    "api/services.py:token_revoke": "personal API tokens: shown on no cached page",
    "members/services/bounces.py:on_email_changed": "a bouncing address: shown to its owner and coordinators only",
    "members/services/bounces.py:on_email_confirmed": "a bouncing address: shown to its owner and coordinators only",
    "members/services/bounces.py:user_email_bounce_mark": "a bouncing address: shown to its owner and coordinators only",
    "members/services/bounces.py:user_email_bounce_unmark": "a bouncing address: shown to its owner and coordinators only",
    "members/services/bounces.py:user_email_fixed": "a bouncing address: shown to its owner and coordinators only",
    "library/services/common_words.py:common_word_asked": "how often a word was searched for: shown on no page",
    "notices/services/bounces.py:address_bounce_clear": "outbox rows",
    "notices/services/bounces.py:address_bounce_forget": "outbox rows",
    "notices/services/bounces.py:address_bounce_record": "outbox rows",
    # The library's search pages are cached under "library" (its index services drop it);
    # the experts' roster is not cached.
    "library/services/experts.py:expert_delete": "the experts' roster is not cached",
    "library/services/experts.py:expert_opt_in": "the experts' roster is not cached",
    "library/services/experts.py:expert_opt_out": "the experts' roster is not cached",
    "library/services/experts.py:expert_save": "the experts' roster is not cached",
    "library/services/experts.py:expert_contact": "a message row and outbox rows: e-mail only",
    "library/services/summary.py:summary_change": "the search's counts: its callers (the index services) drop 'library'",
    # Followed themes are read on each request (the search's cache holds results only).
    "library/services/following.py:theme_follow": "followed themes: on no cached page",
    "library/services/following.py:theme_unfollow": "followed themes: on no cached page",
    "library/services/following.py:theme_follow_forget": "followed themes: on no cached page",
    "library/services/following.py:theme_digest_send": "outbox rows: e-mail only",
    "branches/services/digest.py:branch_digest_send": "digest rows: e-mail only",
    "coordinators/services/reminders.py:voting_reminders_send_due": "outbox rows: e-mail only",
    "coordinators/services/reminders.py:voting_open_notify": "outbox rows: e-mail only",
    "coordinators/services/reminders.py:nominations_open_notify": "outbox rows: e-mail only",
    "insights/participation/services.py:certificate_link_get_or_create": "certificate links: on no cached page",
    "insights/participation/services.py:certificate_links_revoke": "certificate links: on no cached page",
    "coordinators/services/counting.py:ballot_tables_vacuum": "VACUUM changes no row",
    "coordinators/services/terms.py:coordinator_terms_sync": "staff flags: no cached page shows them",
    "coordinators/services/voting.py:election_ballot_key": "the key's fingerprint is shown nowhere",
    "feedback/services.py:feedback_topics_to_proposal": "proposals are not cached",
    "feedback/services.py:feedback_requests_create_due": "outbox rows",
    "meetings/reminders/services/queueing.py:branch_announcement_enqueue": "outbox rows",
    "meetings/reminders/services/queueing.py:meeting_deliveries_create_due": "outbox rows",
    "meetings/reminders/services/queueing.py:meeting_reminders_send_now": "outbox rows",
    "meetings/reminders/services/queueing.py:notice_enqueue": "outbox rows",
    "notices/services/queueing.py:notify": "outbox rows",
    "notices/services/queueing.py:deliveries_create_due": "outbox rows",
    "notices/services/queueing.py:deliveries_resend": "outbox rows",
    "notices/services/sending.py:deliveries_claim": "outbox rows",
    "notices/services/sending.py:deliveries_send_batch": "outbox rows",
    "notices/services/sending.py:deliveries_release_stuck": "outbox rows",
    "notices/services/sending.py:notices_send_due": "outbox rows",
    "notices/services/sending.py:notices_scan": "outbox rows",
    "meetings/services/review.py:review_requested": "outbox rows",
    "meetings/services/review.py:review_published": "outbox rows",
    "members/services/invitations.py:member_invite": "outbox rows",
    "members/services/groups.py:coordinator_group_sync": "a group: no cached page shows it",
    "members/services/groups.py:coordinator_group_sync_on_migrate": "a group: no cached page shows it",
    "members/services/membership.py:membership_apply": "an applicant shows on no cached page",
    "members/services/membership.py:membership_decline": "an applicant shows on no cached page",
    "members/services/profile.py:user_email_preferences_update": "private preferences",
    "members/services/profile.py:user_mute_email_kind": "private preferences",
    "members/services/profile.py:calendar_token_rotate": "the old feed address stops answering",
    "proposals/services.py:proposal_create": "proposals are not cached",
    "proposals/services.py:proposal_edit": "proposals are not cached",
    "proposals/services.py:proposal_support": "proposals are not cached",
    "proposals/services.py:proposal_support_withdraw": "proposals are not cached",
    "proposals/services.py:proposal_answer": "proposals are not cached",
    "proposals/services.py:proposal_hide": "proposals are not cached",
    "proposals/services.py:proposal_show": "proposals are not cached",
    # Audits in progress show on no cached page; accepting one drops "results".
    "results/services/audits.py:audit_create": "an audit in progress shows on no cached page",
    "results/services/audits.py:audit_name_lead": "an audit in progress shows on no cached page",
    "results/services/audits.py:audit_save": "an audit in progress shows on no cached page",
    "results/services/audits.py:audit_submit": "an audit in progress shows on no cached page",
    "results/services/audits.py:audit_name_reviewer": "an audit in progress shows on no cached page",
    "results/services/audits.py:audit_return": "an audit in progress shows on no cached page",
    "results/services/audits.py:audit_correct": "a correction shows nowhere until accepted",
    "results/services/framework.py:framework_new_version": "a new version has no accepted audit yet",
    "results/services/framework.py:framework_make_current": "only new audits use it",
    "results/services/reminders.py:actions_due_soon": "outbox rows",
    "results/services/reminders.py:actions_overdue": "outbox rows",
    "results/services/reminders.py:organisation_overdue_digest": "outbox rows",
    "results/services/reminders.py:audits_to_review": "outbox rows",
    "results/services/reminders.py:results_reminders_create_due": "outbox rows",
}
WRITE_METHODS = {"save", "create", "bulk_create", "get_or_create", "update_or_create", "delete"}
RAW_SQL = {"execute", "executemany", "copy_expert"}


def _service_modules() -> list[Path]:
    found = []
    for app in APPS:
        found += (ROOT / app).glob("**/services.py")
        found += [p for p in (ROOT / app).glob("**/services/*.py") if p.name != "__init__.py"]
    return sorted(set(found))


def _calls(node: ast.AST) -> list[tuple[str, ast.Call]]:
    out = []
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            out.append((name, call))
    return out


def _writes_directly(node: ast.AST) -> bool:
    for name, call in _calls(node):
        if name in WRITE_METHODS or name in RAW_SQL:
            return True
        # QuerySet.update, not dict.update: its receiver is a query (a call or a manager).
        if name == "update" and isinstance(call.func, ast.Attribute):
            receiver = call.func.value
            if isinstance(receiver, ast.Call) or (
                isinstance(receiver, ast.Attribute) and receiver.attr == "objects"
            ):
                return True
    return False


def _service_functions() -> dict[str, tuple[str, ast.FunctionDef]]:
    """``path:function`` -> (module path, function) of every top-level function."""
    functions = {}
    for path in _service_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT).as_posix()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                functions[f"{rel}:{node.name}"] = (rel, node)
    return functions


def _closure(functions, test) -> set[str]:
    """The functions for which ``test`` holds, directly or through a service they call
    (a private helper of the same module, or a public service of any module)."""
    public = {key.split(":")[1]: key for key in functions if not key.split(":")[1].startswith("_")}
    result = {key for key, (_rel, node) in functions.items() if test(node)}
    changed = True
    while changed:
        changed = False
        for key, (rel, node) in functions.items():
            if key in result:
                continue
            for name, _call in _calls(node):
                target = f"{rel}:{name}" if f"{rel}:{name}" in functions else public.get(name)
                if target in result:
                    result.add(key)
                    changed = True
                    break
    return result


def _invalidates_directly(node: ast.AST) -> bool:
    return any(name == "invalidate" for name, _call in _calls(node))


def contract_breaches() -> list[str]:
    functions = _service_functions()
    writers = _closure(functions, _writes_directly)
    invalidators = _closure(functions, _invalidates_directly)
    return sorted(
        key
        for key in writers
        if not key.split(":")[1].startswith("_")
        and key not in invalidators
        and key not in WRITES_NOTHING_CACHED
    )


def test_every_service_that_writes_invalidates_what_it_changed():
    assert contract_breaches() == [], (
        "these services write rows but invalidate no cache name: call "
        "cop_portal.pagecache.invalidate(...) next to their audit_record, or list them in "
        "WRITES_NOTHING_CACHED with the reason no cached page shows what they write"
    )


def test_the_exemptions_name_real_services():
    functions = _service_functions()
    assert sorted(set(WRITES_NOTHING_CACHED) - set(functions)) == []


def test_the_contract_test_notices_a_removed_invalidation(monkeypatch):
    """Remove the attendance sheet's invalidation (in the parsed source): the walk names it."""
    real_parse = ast.parse

    def without_invalidate(source, *args, **kwargs):
        tree = real_parse(source, *args, **kwargs)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "attendance_record_sheet":
                for sub in ast.walk(node):
                    for field in ("body", "orelse"):
                        block = getattr(sub, field, None)
                        if isinstance(block, list):
                            block[:] = [
                                s
                                for s in block
                                if not (
                                    isinstance(s, ast.Expr)
                                    and isinstance(s.value, ast.Call)
                                    and getattr(s.value.func, "id", "") == "invalidate"
                                )
                            ] or [ast.Pass()]
        return tree

    monkeypatch.setattr(ast, "parse", without_invalidate)
    assert "meetings/services/attendance.py:attendance_record_sheet" in contract_breaches()


CACHED_MODELS = (Meeting, Registration, Attendance, SiteVisit, ConventionReport, Action, Award)
CACHED_MODELS += (Organisation, Community, User, Election)


@pytest.mark.parametrize("model", CACHED_MODELS, ids=lambda m: m._meta.label)
def test_the_admin_of_each_cached_model_invalidates(model):
    assert isinstance(admin.site._registry[model], pagecache.InvalidatesPagesAdmin)
