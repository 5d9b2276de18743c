"""What meetings do when a member erases their account."""

from cop_portal.pagecache import invalidate

from .models import Attendance


def attendance_forget_name(sender, user, **kwargs) -> None:
    """Attendance rows keep gender and organisation (the counts) but not the name."""
    named = Attendance.objects.filter(user=user).exclude(full_name="")
    meeting_ids = set(named.values_list("meeting_id", flat=True))
    named.update(full_name="")
    invalidate(*(f"meeting:{pk}" for pk in meeting_ids))  # a visit's page lists its participants
