"""What the outbox needs from the meetings app to send an e-mail about a meeting: the
meeting and the member's seat for a batch, why a row is no longer worth sending, the
template context and the calendar file."""

from __future__ import annotations

import copy
import json

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.dateparse import parse_datetime

from notices import emails
from notices.registry import NoticeHooks

from ..ical import meeting_ics
from ..models import Meeting, Registration

AGENDA_LINES = 8
SKIP_GONE = "meeting deleted"
SKIP_MOVED = "meeting moved since the reminder was queued"
SKIP_CANCELLED = "meeting cancelled"
SKIP_STARTED = "meeting already started"
SKIP_NOT_REGISTERED = "registration no longer confirmed"
SKIP_HAS_MINUTES = "minutes already uploaded"


def _meeting_url(meeting: Meeting) -> str:
    try:
        return f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    except NoReverseMatch:
        return settings.SITE_URL


class MeetingHooks(NoticeHooks):
    """An e-mail about a meeting (``about=meeting``), with its calendar file.

    ``needs_seat``: sent only while the member's registration is confirmed;
    ``sent_if_cancelled``: still sent when the meeting is cancelled (the cancellation itself,
    a request for feedback); ``until_start``: not sent once the meeting has started;
    ``moved_skips``: not sent when the meeting moved since queued (a reminder);
    ``minutes_skip``: not sent once minutes exist; ``online_link``: confirmed members see
    the online link; ``calendar``: a calendar file is attached.
    """

    def __init__(
        self,
        *,
        needs_seat=False,
        sent_if_cancelled=False,
        until_start=False,
        moved_skips=False,
        minutes_skip=False,
        online_link=True,
        calendar=True,
    ):
        self.needs_seat = needs_seat
        self.sent_if_cancelled = sent_if_cancelled
        self.until_start = until_start
        self.moved_skips = moved_skips
        self.minutes_skip = minutes_skip
        self.online_link = online_link
        self.calendar = calendar

    def prepare(self, rows: list) -> None:
        ids = {row.subject_id for row in rows}
        meetings = Meeting.objects.prefetch_related("agenda_items").in_bulk(ids)
        confirmed = set(
            Registration.objects.filter(
                meeting_id__in=ids,
                user_id__in={r.user_id for r in rows},
                status=Registration.Status.CONFIRMED,
            ).values_list("meeting_id", "user_id")
        )
        for row in rows:
            row.about = meetings.get(row.subject_id)
            row.seat_confirmed = (row.subject_id, row.user_id) in confirmed

    def skip(self, row, *, now) -> str:
        meeting = row.about
        if meeting is None:
            return SKIP_GONE
        if self.minutes_skip and (meeting.minutes_mn or meeting.minutes_en or meeting.minutes_published_at):
            return SKIP_HAS_MINUTES
        if not self.sent_if_cancelled and meeting.status == Meeting.Status.CANCELLED:
            return SKIP_CANCELLED
        if self.moved_skips:
            queued_for = parse_datetime((row.context or {}).get("meeting_starts_at") or "")
            if queued_for is not None and queued_for != meeting.starts_at:
                return SKIP_MOVED
        if self.until_start and meeting.starts_at <= now:
            return SKIP_STARTED
        if self.needs_seat and not row.seat_confirmed:
            return SKIP_NOT_REGISTERED
        return ""

    def _with_link(self, row) -> bool:
        """The online link goes only to confirmed registrants (as on the page and in the
        feeds): a "changed" notice also reaches the waitlist, a cancelled meeting has no
        link, and a request for feedback is about a meeting that is over."""
        return self.online_link and row.seat_confirmed and row.about.has_online_part

    def _parts(self, row, cache: dict) -> tuple[str, str]:
        """The meeting's URL and calendar file (with or without the online link), made once
        per batch."""
        meeting, with_link = row.about, self._with_link(row)
        parts = cache.setdefault("meeting_parts", {})  # the mail merge keys its own entries by tuple
        key = (meeting.pk, with_link)
        if key not in parts:
            agenda = [item.title_mn for item in meeting.agenda_items.all()[:AGENDA_LINES]]
            url = _meeting_url(meeting)
            shown = meeting if with_link else copy.copy(meeting)
            if not with_link:
                shown.online_url = ""  # neither the location nor the description may carry it
            parts[key] = (url, meeting_ics(shown, url=url, agenda=agenda))
        return parts[key]

    def context(self, row, cache: dict) -> dict:
        meeting = row.about
        url, _ics = self._parts(row, cache)
        return {
            **(row.context or {}),
            "meeting": meeting,
            "meeting_url": url,
            "agenda_items": list(meeting.agenda_items.all()[:AGENDA_LINES]),
            "show_online_link": self._with_link(row),
        }

    def attachments(self, row, cache: dict) -> list:
        if not self.calendar:
            return []
        _url, ics = self._parts(row, cache)
        return [emails.Attachment("meeting.ics", ics, "text/calendar")]

    def group(self, row) -> tuple:
        # Same meeting, notice details and link: the same e-mail but for the recipient.
        return (row.subject_id, json.dumps(row.context, sort_keys=True), self._with_link(row))
