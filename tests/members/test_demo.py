"""The members part of the demo: branch CoPs, an organisation contact, an applicant."""

import pytest

from members import demo
from members.models import Community, User

pytestmark = pytest.mark.django_db


def test_demo_seeds_the_article_branches_one_pending_branch_and_a_contact():
    context = demo.seed()
    demo.seed()  # idempotent
    approved = Community.objects.filter(status=Community.Status.APPROVED, parent__isnull=False)
    # The institute's first branch and the new Dundgovi branch, each run by its own people.
    assert sorted(b.host_organisation.kind for b in approved) == ["provincial", "research"]
    for branch in approved:
        assert branch.focal_person.has_usable_password() and branch.organisers.exists()
        assert branch.members.count() >= 4
    assert context["branches"]["dundgovi"].focal_person.email == demo.DUNDGOVI_FOCAL_EMAIL
    pending = Community.objects.get(status=Community.Status.PENDING)
    assert pending.host_organisation.kind == "provincial"
    assert list(User.objects.filter(is_organisation_contact=True)) == [context["contact"]]
    assert context["contact"].organisation == pending.host_organisation
    assert (
        User.objects.filter(status=User.Status.APPLIED, organisation=pending.host_organisation).count() == 1
    )
    assert set(User.objects.exclude(gender="").values_list("gender", flat=True)) == set(User.Gender.values)
