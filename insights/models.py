"""The verification links printed on certificates: opaque, and revocable by their holder."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_link_token() -> str:
    """128 random bits: the link says nothing about the person or the certificate."""
    return secrets.token_urlsafe(16)


class CertificateLink(models.Model):
    """One certificate's public check (``/verify/<token>/``): which certificate the random token
    stands for; the facts are re-read from the records when it is opened. The holder can
    withdraw every link of theirs at once (new ones are made with the next download)."""

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("Certificate of attendance")
        STATEMENT = "statement", _("Yearly participation statement")

    token = models.CharField(_("token"), max_length=43, unique=True, default=new_link_token, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="certificate_links",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    attendance_id = models.PositiveBigIntegerField(_("attendance"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate link")
        verbose_name_plural = _("certificate links")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="attendance") & Q(attendance_id__isnull=False))
                | (Q(kind="statement") & Q(year__isnull=False)),
                name="certificate_link_names_its_certificate",
            ),
            models.UniqueConstraint(
                fields=["holder", "kind", "attendance_id", "year"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_link_one_live_per_certificate",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.holder_id}"


# --- Tallies: attendance counted ahead of the reports ------------------------------------------
# Kept by database triggers (``insights.tallies``) in the transaction of every write to the
# attendance and meeting tables, whoever writes: the attendance services, the admin, a cascade
# (a deleted meeting, an organisation set to NULL), a seed. ``manage.py insights_tallies``
# rebuilds them from the raw rows and compares. ``organisation_id`` 0 stands for "none
# recorded" (a unique key cannot hold NULL on every database); rows whose count falls to 0 are
# deleted. The counts key on what the attendance row recorded (its gender and organisation,
# copied at recording time), so a member's later change of gender or organisation changes
# nothing here, as it changes nothing in the raw counts.
NO_ORGANISATION_ID = 0


class MeetingTally(models.Model):
    """Attendance rows per meeting and recorded gender (about five rows a meeting): the monthly,
    format and province tables join the meeting for its month, format, province and status."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    gender = models.CharField(max_length=12, blank=True)
    n = models.IntegerField()

    class Meta:
        db_table = "insights_meeting_tally"
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["meeting", "gender"], name="meeting_tally_key")]
        # The counts of the meetings a filter keeps read from the index alone (no table rows).
        indexes = [models.Index(fields=["meeting", "gender", "n"], name="meeting_tally_cover")]

    def __str__(self):
        return f"{self.meeting_id} {self.gender}: {self.n}"


class OrganisationTally(models.Model):
    """Attendance rows per meeting, recorded organisation and gender: the tables by organisation
    and level when a filter names meetings (dates within a month, CoP, format, province), and
    every table filtered by organisation."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    organisation_id = models.BigIntegerField()
    gender = models.CharField(max_length=12, blank=True)
    n = models.IntegerField()

    class Meta:
        db_table = "insights_organisation_tally"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation_id", "gender"], name="organisation_tally_key"
            )
        ]
        indexes = [
            models.Index(fields=["organisation_id", "meeting"], name="organisation_tally_org"),
            # The counts of the meetings a filter keeps (a province, dates within a month) read
            # from the index alone: 97 -> 24 ms for a province at 10,000,000 attendance rows.
            models.Index(
                fields=["meeting", "organisation_id", "gender", "n"], name="organisation_tally_cover"
            ),
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.organisation_id} {self.gender}: {self.n}"


class MonthTally(models.Model):
    """Attendance rows of meetings not cancelled, per month the meeting starts in (site time
    zone, first day), recorded organisation and gender: the tables by organisation and level for
    whole months (no filter, a year, a range of whole months) without other filters."""

    month = models.DateField()
    organisation_id = models.BigIntegerField()
    gender = models.CharField(max_length=12, blank=True)
    n = models.IntegerField()

    class Meta:
        db_table = "insights_month_tally"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["month", "organisation_id", "gender"], name="month_tally_key")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.organisation_id} {self.gender}: {self.n}"


class MeetingMonthTally(models.Model):
    """Attendance rows of meetings not cancelled, per month the meeting starts in (site time
    zone, first day), the meeting's format and province, and recorded gender (a few thousand
    rows for the country): the monthly, format and province tables when no filter needs the
    meetings themselves (CoP, organisation, dates within a month)."""

    month = models.DateField()
    format = models.CharField(max_length=20)
    province = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=12, blank=True)
    n = models.IntegerField()

    class Meta:
        db_table = "insights_meeting_month_tally"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["month", "format", "province", "gender"], name="meeting_month_tally_key"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.format} {self.province} {self.gender}: {self.n}"


class MemberTally(models.Model):
    """Members (approved and active) per year they joined (site time zone), organisation and
    gender, kept by triggers on the people table: the members tables by organisation and the
    growth curve read these rows instead of grouping every person. They key on the person's
    current organisation and gender, as the members' figures always have (unlike attendance,
    which keeps what was recorded at the meeting)."""

    year = models.IntegerField()
    organisation_id = models.BigIntegerField()
    gender = models.CharField(max_length=12, blank=True)
    n = models.IntegerField()

    class Meta:
        db_table = "insights_member_tally"
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["year", "organisation_id", "gender"], name="member_tally_key")
        ]

    def __str__(self):
        return f"{self.year} {self.organisation_id} {self.gender}: {self.n}"
