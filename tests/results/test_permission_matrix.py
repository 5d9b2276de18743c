"""Every results URL for the roles of gender results: visitor, member of the organisation,
member of another, the organisation's contact, its audit lead, the audit's peer reviewer (a
member of another organisation), a branch focal person, a coordinator, a technical
administrator. The world: a submitted audit and an accepted one of the organisation (nothing
published), an action owned by the member, evidence on both."""

from __future__ import annotations

from pprint import pformat

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from members.services import coordinator_group_sync
from results import services
from results.models import Level
from tests.factories import ActionFactory, CommunityFactory, ContactFactory, RootCommunityFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "member", "other", "contact", "lead", "reviewer", "focal", "coordinator", "superuser")


def row(*answers) -> dict[str, int]:
    return dict(zip(ROLES, answers, strict=True))


# URL (placeholders from the world) -> expected GET status per role.
EXPECTED = {
    "/results/": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "/results/ratings.csv": row(302, 403, 403, 403, 403, 403, 403, 200, 200),
    "/organisations/{slug}/results/": row(200, 200, 200, 200, 200, 200, 200, 200, 200),
    "/organisations/{slug}/results/scorecard/": row(403, 200, 403, 200, 200, 403, 403, 200, 200),
    "/organisations/{slug}/audits/new/": row(302, 403, 403, 200, 403, 403, 403, 200, 200),
    "/organisations/{slug}/actions/new/": row(302, 403, 403, 200, 403, 403, 403, 200, 200),
    "/audits/{submitted}/": row(302, 200, 404, 200, 200, 200, 404, 200, 200),
    "/audits/{accepted}/": row(302, 200, 404, 200, 200, 200, 404, 200, 200),
    # GET of a form's target goes back to the audit for those who see it.
    "/audits/{submitted}/review/": row(302, 302, 404, 302, 302, 302, 404, 302, 302),
    "/audits/{accepted}/correct/": row(302, 302, 404, 302, 302, 302, 404, 302, 302),
    "/audits/{submitted}/lead/": row(302, 302, 404, 302, 302, 302, 404, 302, 302),
    "/audits/{submitted}/reviewer/": row(302, 302, 404, 302, 302, 302, 404, 302, 302),
    "/audits/evidence/{evidence}/": row(404, 200, 404, 200, 200, 200, 404, 200, 200),
    "/actions/": row(302, 200, 200, 200, 200, 200, 200, 200, 200),
    "/actions/{action}/": row(302, 200, 404, 200, 200, 404, 404, 200, 200),
    "/actions/evidence/{update}/": row(404, 200, 404, 200, 200, 404, 404, 200, 200),
}
# Who may write what (POST), asked of the permission predicates through the services.
POSTS = {
    "review": row(False, False, False, False, False, True, False, True, True),
    "edit_submitted": row(False, False, False, False, False, False, False, False, False),
    "update_action": row(False, True, False, True, False, False, False, True, True),
}


@pytest.fixture
def world(db):
    member = UserFactory()
    org = member.organisation
    contact = ContactFactory(organisation=org)
    lead = UserFactory(organisation=org)
    reviewer = UserFactory()
    focal = UserFactory()
    CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(coordinator_group_sync())
    superuser = UserFactory(is_staff=True, is_superuser=True)
    for user in (coordinator, superuser):
        TOTP.activate(user, generate_totp_secret())
    people = {
        "visitor": None, "member": member, "other": UserFactory(), "contact": contact, "lead": lead,
        "reviewer": reviewer, "focal": focal, "coordinator": coordinator, "superuser": superuser,
    }  # fmt: skip
    audits = {}
    for year in (2024, 2025):
        audit = services.audit_create(organisation=org, year=year, actor=contact, lead=lead)
        services.audit_name_reviewer(audit=audit, actor=coordinator, reviewer=reviewer)
        ratings = {r.indicator_id: {"level": Level.MEETS} for r in audit.ratings.all()}
        first = audit.ratings.first()
        ratings[first.indicator_id]["evidence_file"] = SimpleUploadedFile("e.pdf", b"%PDF-1.4 e")
        services.audit_save(audit=audit, actor=lead, header={}, ratings=ratings, measures={})
        services.audit_submit(audit=audit, actor=lead)
        audits[year] = (audit, first)
    services.audit_accept(audit=audits[2024][0], actor=coordinator)
    action = ActionFactory(owner=member, organisations=[org])
    update = services.action_progress_record(
        action=action, actor=member, status="in_progress", progress=10,
        evidence_file=SimpleUploadedFile("u.pdf", b"%PDF-1.4 u"),
    )  # fmt: skip
    values = {
        "slug": org.slug, "submitted": audits[2025][0].pk, "accepted": audits[2024][0].pk,
        "evidence": audits[2025][1].pk, "action": action.pk, "update": update.pk,
    }  # fmt: skip
    audits[2025][0].refresh_from_db()
    return people, values, audits[2025][0], action


def test_every_results_url_answers_each_role_as_the_table_says(world):
    people, values, _audit, _action = world
    mismatches = {}
    for pattern, expected in EXPECTED.items():
        url = pattern.format(**values)
        actual = {}
        for role in ROLES:
            client = Client()
            if people[role] is not None:
                client.force_login(people[role])
            actual[role] = client.get(url).status_code
        if actual != expected:
            mismatches[pattern] = {r: (expected[r], actual[r]) for r in ROLES if actual[r] != expected[r]}
    assert mismatches == {}, "url -> role -> (expected, actual)\n" + pformat(mismatches)


def test_every_results_url_has_a_row():
    import re

    from tests.security.test_permission_matrix import _site_patterns

    names = _site_patterns().items()
    routes = {"/" + re.sub(r"<[^>]+>", "*", route) for name, route in names if name.startswith("results:")}
    assert routes == {re.sub(r"{[^}]+}", "*", pattern) for pattern in EXPECTED}


def test_who_may_review_edit_and_update(world):
    from results import permissions

    people, _values, audit, action = world
    orgs = {o.pk for o in action.organisations.all()}
    actual = {
        "review": {r: permissions.user_can_review_audit(people[r], audit) for r in ROLES},
        "edit_submitted": {r: permissions.user_can_edit_audit(people[r], audit) for r in ROLES},
        "update_action": {r: permissions.user_can_update_action(people[r], action, orgs) for r in ROLES},
    }
    assert actual == POSTS
