"""The permission matrix: every URL of the site and every admin view and action, for each role.

The expected answers live in the tables below. A URL pattern or an admin model without a
row fails the test, so a new page cannot skip the question "who may open this?".
Site pages are opened with GET on real objects; admin views with an id that does not exist,
which Django checks for permission before it looks the object up (403 = refused, 302 =
allowed to look, the object is missing).
"""

from __future__ import annotations

import re
from pprint import pformat

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from library.services import item_create
from meetings.models import Meeting
from members.services import coordinator_group_sync
from tests.factories import (
    ActionFactory,
    ApplicantFactory,
    AuditFactory,
    CommunityFactory,
    ContactFactory,
    ExpertFactory,
    MeetingFactory,
    NominationFactory,
    ProposalFactory,
    RootCommunityFactory,
    SiteVisitFactory,
    UserFactory,
    election_with_seats,
)
from tests.security.second_factor import login_with_second_factor

pytestmark = pytest.mark.django_db

ROLES = (
    "visitor",
    "applicant",
    "member",
    "contact",
    "focal",
    "coordinator",
    "superuser",
    "coordinator_no2fa",
)
# A coordinator signed in with a password alone (no second factor enrolled): every power is held
# back, so each page beyond a member's leads to enrolment (302) instead of opening.
SECOND_FACTOR = 302


def row(
    visitor, applicant, member, contact, coordinator, superuser, *, focal=None, coordinator_no2fa=None
) -> dict[str, int]:
    """Expected answers per role. ``focal`` is a member who is the focal person of the world's
    branch; unless the row says otherwise they are answered as any member is. The coordinator
    without a second factor is answered as a member where a member and a coordinator are
    answered alike, and sent to the second factor (302) where they differ or a member is
    refused (a refusal of someone whose powers wait leads to the second factor first)."""
    focal = member if focal is None else focal
    if coordinator_no2fa is None:
        coordinator_no2fa = member if coordinator == member != 403 else SECOND_FACTOR
    answers = (visitor, applicant, member, contact, focal, coordinator, superuser, coordinator_no2fa)
    return dict(zip(ROLES, answers, strict=True))


def everyone(status: int) -> dict[str, int]:
    return row(*[status] * 6)


SIGNED_IN = row(302, 200, 200, 200, 200, 200)
MEMBERS = row(302, 403, 200, 200, 200, 200)

# URL name -> expected GET status per role. Placeholders are filled from the objects of
# ``world`` (see URL_ARGS). 405: the URL only takes POST.
SITE: dict[str, dict[str, int]] = {
    "home": everyone(200),
    "healthz": everyone(200),
    "metrics": everyone(404),  # answers a token or a listed address, never a role; neither set here
    "set_language": everyone(302),  # a GET only redirects back; the switch itself is a POST
    "members:privacy": everyone(200),
    "members:organisation-list": everyone(200),
    "members:organisation-detail": everyone(200),
    "members:member-list": MEMBERS,
    "members:application-list": row(302, 403, 403, 200, 200, 200),
    "members:application-approve": row(302, 403, 403, 405, 405, 405),
    "members:application-decline": row(302, 403, 403, 405, 405, 405),
    "branches:community-list": everyone(200),
    "branches:community-register": row(302, 403, 403, 200, 403, 403),  # contacts only; staff use the admin
    "branches:community-detail": everyone(200),
    "branches:community-join": row(302, 403, 405, 405, 405, 405),
    # GET asks first; nobody of the world follows the branch, so members are sent back to it.
    "branches:community-leave": row(302, 403, 302, 302, 302, 302),
    "members:profile": SIGNED_IN,
    "members:profile-apply": row(302, 405, 405, 405, 405, 405),
    "members:profile-emails": row(302, 405, 405, 405, 405, 405),
    "members:calendar-token-rotate": row(302, 405, 405, 405, 405, 405),
    "members:profile-data": SIGNED_IN,
    "members:account-delete": SIGNED_IN,
    "members:unsubscribe": everyone(400),
    "coordinators:election-list": everyone(200),
    "coordinators:election-detail": everyone(200),
    # GET shows what advancing will do and asks to confirm (a POST advances).
    "coordinators:election-advance": row(302, 403, 403, 403, 200, 200),
    "coordinators:nomination-create": row(302, 403, 200, 200, 200, 200),
    "coordinators:nomination-accept": row(302, 405, 405, 405, 405, 405),
    "coordinators:nomination-decline": row(302, 405, 405, 405, 405, 405),
    "coordinators:nomination-withdraw": row(302, 403, 403, 403, 200, 200),  # GET asks first
    # The election of ``world`` is not in its voting phase: everyone signed in is refused.
    "coordinators:ballot-cast": row(302, 403, 403, 403, 403, 403),
    "coordinators:tiebreak-record": row(302, 403, 403, 403, 405, 405),
    "coordinators:runoff-start": row(302, 403, 403, 403, 405, 405),
    "coordinators:coordinator-list": everyone(200),
    "meetings:meeting-list": everyone(200),
    "meetings:meeting-mine": SIGNED_IN,
    "meetings:meeting-calendar": everyone(200),
    "branches:branch-calendar": everyone(200),
    "meetings:meeting-feed": everyone(200),
    "branches:branch-feed": everyone(200),
    "meetings:meeting-detail": everyone(200),
    "meetings:meeting-ics": everyone(200),
    "meetings:rsvp-create": row(302, 405, 405, 405, 405, 405),
    # GET asks first; nobody of the world is registered, so everyone is sent back to the meeting.
    "meetings:rsvp-cancel": everyone(302),
    "meetings:attendance-sheet": row(302, 403, 403, 403, 200, 200),
    "meetings:calendar-feed": everyone(404),
    "meetings:visit-list": everyone(200),
    "meetings:visit-detail": everyone(200),
    "meetings:material-file": everyone(404),
    "meetings:visit-report-file": everyone(404),
    "meetings:visit-photo-file": everyone(404),
    "meetings:convention-list": everyone(200),
    "meetings:convention-detail": everyone(200),
    "proposals:proposal-list": MEMBERS,
    "proposals:proposal-create": MEMBERS,
    "proposals:proposal-detail": MEMBERS,
    # Only the proposer (nobody of the world's roles) edits, until the proposal is answered.
    "proposals:proposal-edit": row(302, 403, 403, 403, 403, 403),
    "proposals:proposal-support": row(302, 403, 405, 405, 405, 405),
    "proposals:proposal-withdraw": row(302, 403, 405, 405, 405, 405),
    "proposals:proposal-answer": row(302, 403, 405, 405, 405, 405),
    "proposals:proposal-hide": row(302, 403, 405, 405, 405, 405),
    "proposals:proposal-meeting": row(302, 403, 403, 403, 200, 200),
    "feedback:feedback-form": row(302, 403, 403, 403, 403, 403),
    "feedback:feedback-results": row(302, 403, 403, 403, 200, 200),
    "feedback:feedback-propose": row(302, 405, 405, 405, 405, 405),
    "feedback:feedback-link": everyone(400),  # a link that is not a signed token
    # A meeting of the world's branch, run by its focal person (and coordinators) on the site.
    "branches:branch-meeting-registrations": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-registrations-csv": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-attendance": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-materials": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-minutes": row(302, 403, 403, 403, 200, 200, focal=200),
    "participation:record": SIGNED_IN,  # an applicant sees an empty record
    "participation:certificate": row(302, 404, 404, 404, 404, 404),
    # The year of ``world`` has no participation for anyone: nothing to certify.
    "participation:statement": row(302, 404, 404, 404, 404, 404),
    "participation:verify": everyone(404),
    "participation:links-renew": row(302, 405, 405, 405, 405, 405),
    "meetings:convention-report": row(302, 403, 403, 200, 403, 403),
    "insights:dashboard": row(302, 403, 403, 403, 200, 200),
    "insights:export": row(302, 403, 403, 403, 200, 200),
    "insights:annual-report": row(302, 403, 403, 403, 200, 200),
    "branches:network": row(302, 403, 403, 403, 200, 200, focal=403),
    "insights:public": everyone(200),
    "insights:public-export": everyone(200),
    # A branch's own pages: its focal person (and co-organisers) and the coordinators.
    "branches:branch-manage": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-settings": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-create": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-edit": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-publish": row(302, 403, 403, 403, 405, 405, focal=405),
    "branches:branch-meeting-cancel": row(302, 403, 403, 403, 200, 200, focal=200),
    "branches:branch-meeting-series": row(302, 403, 403, 403, 200, 200, focal=200),
    # Gender results. The world's audit is a draft of the member's organisation; its action is
    # owned by the member. Visitors read the network's aggregates and what an organisation published.
    "results:network": everyone(200),
    "results:ratings-export": row(302, 403, 403, 403, 200, 200),
    "results:organisation-results": everyone(200),
    "results:scorecard": row(
        403, 403, 200, 403, 200, 200, focal=403, coordinator_no2fa=302
    ),  # nothing published yet
    "results:audit-create": row(302, 403, 403, 403, 200, 200),  # another organisation's contact
    "results:audit-detail": row(302, 404, 200, 404, 200, 200, focal=404, coordinator_no2fa=404),
    "results:audit-review": row(
        302, 404, 302, 404, 302, 302, focal=404, coordinator_no2fa=404
    ),  # GET goes back to the audit
    "results:audit-correct": row(302, 404, 302, 404, 302, 302, focal=404, coordinator_no2fa=404),
    "results:audit-lead": row(302, 404, 302, 404, 302, 302, focal=404, coordinator_no2fa=404),
    "results:audit-reviewer": row(302, 404, 302, 404, 302, 302, focal=404, coordinator_no2fa=404),
    "results:evidence-file": everyone(404),  # the world's ratings carry no file
    "results:action-create": row(302, 403, 403, 403, 200, 200),  # another organisation's contact
    "results:action-list": MEMBERS,
    "results:action-detail": row(302, 403, 200, 404, 200, 200, focal=404, coordinator_no2fa=404),
    "results:action-evidence-file": everyone(404),
    # The library: reading is public (members-only rows filtered inside), adding is for
    # coordinators and focal persons; the world's item was added by the coordinator.
    "library:library-list": everyone(200),
    "library:library-feed": everyone(200),
    "library:item-detail": everyone(200),
    "library:item-file": everyone(404),  # the world's item has no file
    "library:item-create": row(302, 403, 403, 403, 200, 200, focal=200),
    "library:item-edit": row(302, 403, 403, 403, 200, 200, focal=403),
    # Following a theme: a POST form for members; anyone signed in lists and unfollows theirs.
    "library:theme-list": SIGNED_IN,
    "library:theme-follow": row(302, 403, 405, 405, 405, 405),
    "library:theme-unfollow": row(302, 405, 405, 405, 405, 405),
    "library:expert-list": everyone(200),
    "library:expert-detail": everyone(200),
    "library:expert-profile": MEMBERS,
    "library:expert-contact": row(302, 403, 405, 405, 405, 405),
    # The open-data API: public reads for everyone (a session changes nothing); a member's own
    # data only with a personal token (never the session), so every role here reads 401.
    "api:api-root": everyone(200),
    "api:openapi-json": everyone(200),
    "api:docs": everyone(200),
    "api:organisation-list": everyone(200),
    "api:branch-list": everyone(200),
    "api:meeting-list": everyone(200),
    "api:visit-list": everyone(200),
    "api:convention-list": everyone(200),
    "api:election-list": everyone(200),
    "api:election-results": everyone(404),  # the world's election has published nothing yet
    "api:library-list": everyone(200),
    "api:insights-public": everyone(200),
    "api:results-network": everyone(200),
    "api:my-registrations": everyone(401),
    "api:my-calendar": everyone(401),
    "apitokens:token-list": MEMBERS,
    "apitokens:token-revoke": row(302, 405, 405, 405, 405, 405),
}
# allauth's own pages (sign-in, sign-up, e-mail, password, two-factor) follow allauth's rules;
# listed so that a new one is noticed, checked for the visitor only (never a 500).
ALLAUTH_PREFIXES = ("account_", "mfa_")

# Admin model -> expected status of (changelist, add, change, delete) for a coordinator and
# a superuser; every other role is sent to the sign-in page (302).
ADMIN: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "auth.group": {"coordinator": (403, 403, 403, 403), "superuser": (200, 200, 302, 302)},
    "sites.site": {"coordinator": (403, 403, 403, 403), "superuser": (200, 200, 302, 302)},
    "account.emailaddress": {"coordinator": (403, 403, 403, 403), "superuser": (200, 200, 302, 302)},
    "mfa.authenticator": {"coordinator": (403, 403, 403, 403), "superuser": (200, 200, 302, 302)},
    "cop_portal.auditevent": {"coordinator": (403, 403, 403, 403), "superuser": (200, 403, 302, 403)},
    "members.organisation": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "members.user": {"coordinator": (200, 200, 302, 403), "superuser": (200, 200, 302, 302)},
    "members.community": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "notices.delivery": {"coordinator": (200, 403, 302, 302), "superuser": (200, 403, 302, 302)},
    # Recorded by the sender; cleared only by the action, which releases the held e-mails.
    "notices.bouncingaddress": {"coordinator": (200, 403, 302, 403), "superuser": (200, 403, 302, 403)},
    "meetings.meetingdeliverysummary": {
        "coordinator": (200, 403, 302, 403),
        "superuser": (200, 403, 302, 403),
    },
    # Proposals, supports and feedback are written on the site through the services; read-only here.
    "proposals.proposal": {"coordinator": (200, 403, 302, 403), "superuser": (200, 403, 302, 403)},
    "proposals.proposalsupport": {"coordinator": (200, 403, 302, 403), "superuser": (200, 403, 302, 403)},
    "feedback.feedback": {"coordinator": (200, 403, 302, 403), "superuser": (200, 403, 302, 403)},
    "meetings.conventionreport": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "meetings.meeting": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "meetings.registration": {"coordinator": (200, 403, 302, 302), "superuser": (200, 403, 302, 302)},
    "meetings.attendance": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "meetings.sitevisit": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "coordinators.election": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "coordinators.nomination": {"coordinator": (200, 403, 302, 403), "superuser": (200, 403, 302, 403)},
    "coordinators.coordinatorterm": {"coordinator": (200, 403, 302, 403), "superuser": (200, 200, 302, 302)},
    # The framework is edited until an audit uses a version; audits move on the site only.
    "results.framework": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "results.area": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "results.audit": {"coordinator": (200, 403, 302, 403), "superuser": (200, 403, 302, 403)},
    "results.action": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "results.award": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "library.item": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
    "library.expert": {"coordinator": (200, 200, 302, 302), "superuser": (200, 200, 302, 302)},
}

# Admin model -> the actions each back-office role is offered (others never reach the admin).
ACTIONS: dict[str, dict[str, set[str]]] = {
    "auth.group": {"coordinator": set(), "superuser": {"delete_selected"}},
    "sites.site": {"coordinator": set(), "superuser": {"delete_selected"}},
    "account.emailaddress": {"coordinator": set(), "superuser": {"delete_selected", "make_verified"}},
    "mfa.authenticator": {"coordinator": set(), "superuser": {"delete_selected"}},
    "cop_portal.auditevent": {"coordinator": set(), "superuser": {"export_csv"}},
    "members.organisation": {"coordinator": {"delete_selected"}, "superuser": {"delete_selected"}},
    "members.user": {
        "coordinator": {"approve", "decline", "make_contact", "remove_contact"},
        "superuser": {"approve", "decline", "make_contact", "remove_contact", "delete_selected"},
    },
    "members.community": {
        "coordinator": {"approve", "close", "decline", "delete_selected"},
        "superuser": {"approve", "close", "decline", "delete_selected"},
    },
    # (Sending a meeting's reminders now is the meeting e-mail summary's action.)
    "notices.delivery": {
        "coordinator": {"resend_failed", "delete_selected"},
        "superuser": {"resend_failed", "delete_selected"},
    },
    "notices.bouncingaddress": {"coordinator": {"clear"}, "superuser": {"clear"}},
    "meetings.meetingdeliverysummary": {
        "coordinator": {"send_reminders_now"},
        "superuser": {"send_reminders_now"},
    },
    "meetings.conventionreport": {
        "coordinator": {"accept", "return_for_changes", "delete_selected"},
        "superuser": {"accept", "return_for_changes", "delete_selected"},
    },
    "proposals.proposal": {"coordinator": set(), "superuser": set()},
    "proposals.proposalsupport": {"coordinator": set(), "superuser": set()},
    "feedback.feedback": {"coordinator": set(), "superuser": set()},
    "meetings.meeting": {
        "coordinator": {
            "cancel_with_notice",
            "duplicate",
            "export_csv",
            "mark_confirmed_attended",
            "publish",
            "schedule_series",
            "delete_selected",
        },
        "superuser": {
            "cancel_with_notice",
            "duplicate",
            "export_csv",
            "mark_confirmed_attended",
            "publish",
            "schedule_series",
            "delete_selected",
        },
    },
    "meetings.registration": {
        "coordinator": {"cancel_registrations", "mark_attended", "delete_selected"},
        "superuser": {"cancel_registrations", "mark_attended", "delete_selected"},
    },
    "meetings.attendance": {"coordinator": {"delete_selected"}, "superuser": {"delete_selected"}},
    "meetings.sitevisit": {
        "coordinator": {"export_participants_csv", "delete_selected"},
        "superuser": {"export_participants_csv", "delete_selected"},
    },
    "coordinators.election": {
        "coordinator": {"advance_phase", "extend_voting", "approve_schedule", "delete_selected"},
        "superuser": {"advance_phase", "extend_voting", "approve_schedule", "delete_selected"},
    },
    "coordinators.nomination": {"coordinator": {"withdraw"}, "superuser": {"withdraw"}},
    "coordinators.coordinatorterm": {"coordinator": set(), "superuser": {"sync_access", "delete_selected"}},
    "results.framework": {
        "coordinator": {"new_version", "make_current", "delete_selected"},
        "superuser": {"new_version", "make_current", "delete_selected"},
    },
    "results.area": {"coordinator": {"delete_selected"}, "superuser": {"delete_selected"}},
    "results.audit": {"coordinator": set(), "superuser": set()},
    "results.action": {"coordinator": {"delete_selected"}, "superuser": {"delete_selected"}},
    "results.award": {"coordinator": {"delete_selected"}, "superuser": {"delete_selected"}},
    "library.item": {"coordinator": {"delete_selected"}, "superuser": {"delete_selected"}},
    "library.expert": {"coordinator": {"delete_selected"}, "superuser": {"delete_selected"}},
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else route


def _site_patterns() -> dict[str, str]:
    return {
        name: route
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith("admin/") and not route.startswith("^media/")
    }


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    """As in production: every power waits for a second factor verified in the session."""
    settings.COP_STAFF_REQUIRE_2FA = True
    settings.COP_ORGANISERS_REQUIRE_2FA = True


@pytest.fixture
def people(db):
    staff = UserFactory(is_staff=True)
    staff.groups.add(coordinator_group_sync())
    root = UserFactory(is_staff=True, is_superuser=True)
    for user in (staff, root):
        TOTP.activate(user, generate_totp_secret())
    password_only = UserFactory(is_staff=True)
    password_only.groups.add(coordinator_group_sync())
    return {
        "coordinator_no2fa": password_only,
        "visitor": None,
        "applicant": ApplicantFactory(),
        "member": UserFactory(),
        "contact": ContactFactory(),
        "focal": UserFactory(),
        "coordinator": staff,
        "superuser": root,
    }


@pytest.fixture
def world(people):
    election, central, _local = election_with_seats()
    meeting = MeetingFactory()
    convention = MeetingFactory(format=Meeting.Format.CONVENTION)
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=people["focal"])
    return {
        "slug": branch.slug,
        "branch_meeting": MeetingFactory(community=branch).pk,
        "organisation_slug": people["member"].organisation.slug,
        "meeting": meeting.pk,
        "visit": SiteVisitFactory().pk,
        "year": election.year,
        "convention_year": convention.starts_at.year,
        "nomination": NominationFactory(seat=central).pk,
        "seat": central.pk,
        "applicant": people["applicant"].pk,
        "proposal": ProposalFactory().pk,
        "audit": AuditFactory(organisation=people["member"].organisation).pk,
        "action": ActionFactory(owner=people["member"]).pk,
        "item": item_create(actor=people["coordinator"], title="Гарын авлага").pk,
        "expert": ExpertFactory().pk,
    }


def _site_url(name: str, route: str, world: dict) -> str:
    values = {
        "slug": world["organisation_slug"]
        if name.startswith(("members:organisation", "results:"))
        else world["slug"],
        "pk": {
            "members:application-approve": world["applicant"],
            "members:application-decline": world["applicant"],
            "coordinators:nomination-accept": world["nomination"],
            "coordinators:nomination-decline": world["nomination"],
            "coordinators:nomination-withdraw": world["nomination"],
            "meetings:visit-detail": world["visit"],
        }.get(name, _default_pk(name, world)),
        "feedback_pk": 999999,
        "year": world["convention_year"] if name.startswith("meetings:convention") else world["year"],
        "seat_id": world["seat"],
        "token": "not-a-token",
        "section": "attendance-by-month",
        "theme": "data",
    }
    return "/" + re.sub(r"<(\w+):(\w+)>", lambda m: str(values[m.group(2)]), route)


def _default_pk(name: str, world: dict) -> int:
    if name.startswith("results:audit-"):
        return world["audit"]
    if name.startswith("results:action-"):
        return world["action"]
    if name.startswith("results:"):
        return 999999  # evidence files
    if name.startswith("proposals:proposal"):
        return world["proposal"]
    if name.startswith("library:item"):
        return world["item"]
    if name.startswith("library:expert"):
        return world["expert"]
    if name.startswith("branches:branch-"):
        return world["branch_meeting"]
    return world["meeting"]


def _client(user, role: str = "") -> Client:
    client = Client()
    if user is None:
        return client
    if role == "coordinator_no2fa":
        client.force_login(user)  # a password alone
    else:
        login_with_second_factor(client, user)
    return client


ENROLMENT = "/accounts/2fa/totp/activate/"


def test_every_site_url_has_a_row():
    names = set(_site_patterns())
    missing = {n for n in names if n not in SITE and not n.startswith(ALLAUTH_PREFIXES)}
    assert missing == set(), f"add these URL names to SITE: {sorted(missing)}"
    assert set(SITE) <= names, f"rows for URLs that no longer exist: {sorted(set(SITE) - names)}"


def test_every_admin_model_has_a_row():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN) == set(ACTIONS)


def test_site_urls_answer_each_role_as_the_table_says(people, world):
    patterns = _site_patterns()
    clients = {role: _client(people[role], role) for role in ROLES}
    mismatches = {}
    for name, expected in sorted(SITE.items()):
        url = _site_url(name, patterns[name], world)
        responses = {role: clients[role].get(url) for role in ROLES}
        actual = {role: response.status_code for role, response in responses.items()}
        held_back = responses["coordinator_no2fa"]
        sent_to_enrolment = held_back.get("Location", "").startswith(ENROLMENT)
        if expected["coordinator_no2fa"] == SECOND_FACTOR != expected["member"] and not sent_to_enrolment:
            actual["coordinator_no2fa"] = (held_back.status_code, held_back.get("Location"))
        if actual != expected:
            mismatches[name] = {
                role: (expected[role], actual[role]) for role in ROLES if actual[role] != expected[role]
            }
    assert mismatches == {}, "name -> role -> (expected, actual)" + "\n" + pformat(mismatches)


def test_allauth_pages_never_fail_for_a_visitor():
    for name, route in _site_patterns().items():
        if name.startswith(ALLAUTH_PREFIXES) and "(?P" not in route:
            assert Client().get("/" + route).status_code < 500, route


def test_admin_views_answer_each_role_as_the_table_says(people):
    clients = {role: _client(people[role], role) for role in ROLES}
    mismatches = {}
    for label, answers in sorted(ADMIN.items()):
        app, model = label.split(".")
        base = f"/admin/{app}/{model}/"
        urls = (base, f"{base}add/", f"{base}999999/change/", f"{base}999999/delete/")
        for role in ROLES:
            if role in answers:
                expected = answers[role]
                actual = tuple(clients[role].get(url).status_code for url in urls)
            elif role == "coordinator_no2fa":
                # Staff without a second factor are sent to enrolment before the admin opens.
                expected = (ENROLMENT,)
                actual = tuple(clients[role].get(url).get("Location", "")[: len(ENROLMENT)] for url in urls)
                expected = expected * len(urls)
            else:
                # The admin site sends whoever is not staff to its sign-in page before any
                # model admin is asked; the changelist stands for the four views.
                expected = (302,)
                actual = (clients[role].get(base).status_code,)
            if actual != expected:
                mismatches[(label, role)] = (expected, actual)
    assert mismatches == {}, (
        "(model, role) -> (expected, actual) for changelist, add, change, delete" + "\n" + pformat(mismatches)
    )


def test_admin_actions_offered_to_each_role_as_the_table_says(people):
    registry = {model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()}
    mismatches = {}
    for label, offered in sorted(ACTIONS.items()):
        for role in ("coordinator", "superuser"):
            request = RequestFactory().get("/admin/")
            request.user = people[role]
            model_admin = registry[label]
            # Actions run only from the changelist, which refuses (403) whoever may not view it.
            viewable = model_admin.has_view_or_change_permission(request)
            actual = set(model_admin.get_actions(request)) if viewable else set()
            if actual != offered[role]:
                mismatches[(label, role)] = {
                    "missing": offered[role] - actual,
                    "extra": actual - offered[role],
                }
    assert mismatches == {}, (
        "(model, role) -> actions the table expects but are missing, and extra ones"
        + "\n"
        + pformat(mismatches)
    )
