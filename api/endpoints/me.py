"""A member's own data with a personal token (``Authorization: Bearer <token>``): their
registrations and their calendar. Nothing here answers without a live token."""

from __future__ import annotations

from ninja import Query, Router
from ninja.security import HttpBearer

from meetings import selectors as meetings_selectors

from .. import schemas
from ..pagination import paginate
from ..selectors import token_user
from .public import PageParams, meeting_fields


class MemberToken(HttpBearer):
    """A live personal token of an active, approved member."""

    def authenticate(self, request, token):
        return token_user(secret=token)


router = Router(tags=["member"], auth=MemberToken())


@router.get("/me/registrations/", response=schemas.RegistrationPage, url_name="my-registrations")
def my_registrations(request, page: Query[PageParams], past: bool = False):
    """The member's registrations (confirmed, waitlisted, cancelled) for meetings to come, or past ones."""
    qs = meetings_selectors.registration_list_for_user(user=request.auth, past=past)
    rows, following = paginate(request, qs, cursor=page.cursor, limit=page.checked_limit())
    results = [
        {
            "id": r.pk,
            "status": r.status,
            "queued_at": r.queued_at,
            "meeting": meeting_fields(request, r.meeting),
        }
        for r in rows
    ]
    return {"results": results, "next": following}


@router.get("/me/calendar/", response=schemas.CalendarPage, url_name="my-calendar")
def my_calendar(request, page: Query[PageParams]):
    """The meetings of the member's calendar feed: those they registered or queued for, from a year back."""
    qs = meetings_selectors.meeting_list_calendar(user=request.auth)
    rows, following = paginate(request, qs, cursor=page.cursor, limit=page.checked_limit())
    return {"results": [meeting_fields(request, m) for m in rows], "next": following}
