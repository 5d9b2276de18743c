"""Proposals, feedback and the branch digest left meetings for apps of their own
(meetings.0010 and 0011, proposals.0001, feedback.0001, branches.0001): rows written before
the move are all there after it, under the new apps, and so are the content types that
permissions and the audit trail point at. PostgreSQL only (the production database)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from branches.models import BranchDigest
from cop_portal.audit import AuditEvent
from feedback.models import Feedback
from proposals.models import Proposal, ProposalEvent, ProposalSupport
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("meetings", "0009_branch_digest")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the move is checked on PostgreSQL")
def test_rows_written_before_the_move_are_kept_by_it():
    meeting, member, supporter = MeetingFactory(), UserFactory(), UserFactory()
    proposal_type = ContentType.objects.get_for_model(Proposal)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    try:
        OldProposal = old.get_model("meetings", "Proposal")
        proposal = OldProposal.objects.create(title="Т", description="Д", proposer_id=member.pk, meeting=None)
        old.get_model("meetings", "ProposalSupport").objects.create(proposal=proposal, user_id=supporter.pk)
        old.get_model("meetings", "ProposalEvent").objects.create(proposal=proposal, action="created")
        old.get_model("meetings", "Feedback").objects.create(
            meeting_id=meeting.pk, user_id=member.pk, usefulness=4, proposal=proposal
        )
        old.get_model("meetings", "BranchDigest").objects.create(month=dt.date(2026, 11, 1), branch_count=2)
        old_type = old.get_model("contenttypes", "ContentType").objects.get(
            app_label="meetings", model="proposal"
        )
        AuditEvent.objects.create(
            action="proposal.hide", content_type_id=old_type.pk, object_id=str(proposal.pk)
        )
    finally:
        _migrate(leaves)
    ContentType.objects.clear_cache()

    moved = Proposal.objects.get(pk=proposal.pk)
    assert (moved.title, moved.proposer_id) == ("Т", member.pk)
    assert list(ProposalSupport.objects.values_list("proposal_id", "user_id")) == [
        (proposal.pk, supporter.pk)
    ]
    assert ProposalEvent.objects.filter(proposal=moved, action="created").count() == 1
    assert Feedback.objects.get(meeting=meeting, user=member).proposal_id == proposal.pk
    assert BranchDigest.objects.get().branch_count == 2
    # The content type is the one it always was, relabelled: the audit event still finds the row.
    assert ContentType.objects.get_for_model(Proposal).pk == proposal_type.pk
    assert (
        AuditEvent.objects.get(action="proposal.hide").content_type.get_object_for_this_type(pk=proposal.pk)
        == moved
    )
    assert not ContentType.objects.filter(app_label="meetings", model__in=["proposal", "feedback"]).exists()
