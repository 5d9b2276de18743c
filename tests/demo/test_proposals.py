"""Demo data: proposals in every state, feedback, and the demo member's certificate."""

import pytest
from django.core.management import call_command

from feedback.models import Feedback
from meetings.models import Attendance
from members.models import User
from proposals.models import Proposal, ProposalSupport

pytestmark = pytest.mark.django_db


def test_seed_demo_has_proposals_feedback_and_a_certificate(client):
    counts = (Proposal.objects.count(), ProposalSupport.objects.count(), Feedback.objects.count())
    call_command("seed_demo")
    assert (Proposal.objects.count(), ProposalSupport.objects.count(), Feedback.objects.count()) == counts
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Proposal.Status.values)
    assert Proposal.objects.filter(hidden_at__isnull=False).exists()
    assert Proposal.objects.filter(status="accepted", meeting__isnull=False).exists()
    assert counts[1] > 0 and counts[2] >= 5
    member = User.objects.get(email="member@example.mn")
    attendance = Attendance.objects.filter(user=member).order_by("-meeting__starts_at").first()
    client.force_login(member)
    response = client.get(f"/profile/participation/certificate/{attendance.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
