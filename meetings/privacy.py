"""What meetings do when a member erases their account."""

from .models import Attendance


def attendance_forget_name(sender, user, **kwargs) -> None:
    """Attendance rows keep gender and organisation (the counts) but not the name."""
    Attendance.objects.filter(user=user).exclude(full_name="").update(full_name="")
