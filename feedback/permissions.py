"""Who may give feedback on a meeting, read its results and turn wanted topics into a
proposal: every rule once, asked by the views and the services."""

from __future__ import annotations

from meetings.models import Attendance
from meetings.permissions import user_can_manage_meeting
from members.permissions import user_can_act_for


def user_can_give_feedback(actor, meeting, *, user=None) -> bool:
    """People give their own answer (``user``: whose it is, by default the actor), and only
    about a meeting they were recorded as present at (signed in, or through their signed link).
    When it is open is the service's rule, not a permission."""
    user = actor if user is None else user
    if user is None or not user_can_act_for(actor, user):
        return False
    return Attendance.objects.filter(meeting=meeting, user_id=user.pk).exists()


def user_can_see_feedback_results(user, meeting) -> bool:
    """Coordinators, the meeting's organiser and the people running its branch read the answers."""
    return user_can_manage_meeting(user, meeting)


def user_can_turn_feedback_into_proposal(user, meeting) -> bool:
    """Whoever reads the answers may open a proposal from the topics one of them wanted."""
    return user_can_see_feedback_results(user, meeting)
