"""Elections, their seats and nominations, timeline changes and tie-breaks."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, Withdrawal, actor_field, localised
from members.models import Level


def default_tie_rule() -> str:
    return settings.COP_ELECTION_TIE_RULE


class Election(TimeStampedModel):
    """The annual election of the coordinators; its phases follow its dates or a coordinator."""

    class Phase(models.TextChoices):
        # Ordered: a phase only moves forward (a run-off excepted, see services).
        SCHEDULED = "scheduled", _("Scheduled")
        NOMINATION = "nomination", _("Nominations open")
        NOMINATIONS_CLOSED = "nominations_closed", _("Nominations closed")
        VOTING = "voting", _("Voting open")
        VOTING_CLOSED = "voting_closed", _("Voting closed")
        PUBLISHED = "published", _("Results published")

    class VoterScope(models.TextChoices):
        ALL_MEMBERS = "all", _("All approved members vote for every seat")
        SEAT_LEVEL = "level", _("Members vote only for the seat of their level of government")

    class TieRule(models.TextChoices):
        LOTS = "lots", _("Drawing of lots recorded by a coordinator")
        RUNOFF = "runoff", _("Run-off vote between the tied candidates")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.SCHEDULED)
    nominations_open_at = models.DateTimeField(_("nominations open at"))
    nominations_close_at = models.DateTimeField(_("nominations close at"))
    voting_open_at = models.DateTimeField(_("voting opens at"))
    voting_close_at = models.DateTimeField(
        _("voting closes at"),
        help_text=_("Members who have not voted get one reminder 48 hours before this time."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    voter_scope = models.CharField(
        _("who votes for a seat"), max_length=10, choices=VoterScope.choices, default=VoterScope.ALL_MEMBERS
    )
    tie_rule = models.CharField(
        _("tie rule"),
        max_length=10,
        choices=TieRule.choices,
        default=default_tie_rule,
        help_text=_("How a tie for first place is resolved. Fixed before voting opens."),
    )
    round = models.PositiveSmallIntegerField(
        _("voting round"), default=1, editable=False, help_text=_("Goes up by one with each run-off.")
    )
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))
    ballot_key_id = models.CharField(
        _("ballot key fingerprint"),
        max_length=16,
        blank=True,
        editable=False,
        help_text=_(
            "Names the key the ballots are sealed with (not the key); a changed server secret shows here."
        ),
    )
    receipts = models.JSONField(
        _("receipt codes of the counted ballots"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Sorted, without choices; published when voting closes so voters can check theirs."),
    )
    # Four eyes: a coordinator's new election or new dates wait for a second coordinator (or the
    # technical administrator) before any phase moves (``services.schedule``).
    schedule_pending = models.BooleanField(
        _("dates awaiting a second coordinator"),
        default=False,
        editable=False,
        help_text=_(
            "Set when a coordinator creates the election or changes its dates; no phase moves until another coordinator approves."
        ),
    )
    schedule_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dates proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    schedule_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dates approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    ballot_box_cleared_at = models.DateTimeField(
        _("ballot box cleared at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the close removed the sealed ballots from the database's pages for good; "
            "results are published only after it."
        ),
    )
    turnout = models.JSONField(
        _("turnout"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Eligible voters and voters, overall, by gender and by level; recorded when voting closes."
        ),
    )
    # The outbox's e-mails about this election (no column; deleted with the election).
    deliveries = GenericRelation(
        "notices.Delivery",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="election",
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_open_at__lte=F("nominations_close_at"))
                & Q(nominations_close_at__lte=F("voting_open_at"))
                & Q(voting_open_at__lte=F("voting_close_at")),
                name="election_timeline_in_order",
            ),
            models.CheckConstraint(
                condition=Q(term_starts_on__lt=F("term_ends_on")), name="election_term_in_order"
            ),
        ]

    def __str__(self):
        return str(_("Coordinator election %(year)s") % {"year": self.year})

    def get_absolute_url(self):
        return reverse("coordinators:election-detail", kwargs={"year": self.year})

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    def phase_at_least(self, phase: str) -> bool:
        return self.phase_index >= PHASE_ORDER.index(phase)

    def voting_open_now(self, now) -> bool:
        """Ballots are accepted: the voting phase, and ``now`` before the close whatever the phase says
        (the periodic task may not have closed it yet)."""
        return self.phase == self.Phase.VOTING and self.voting_open_at <= now < self.voting_close_at

    @property
    def results_visible(self) -> bool:
        return self.phase_at_least(self.Phase.VOTING_CLOSED)

    def scheduled_phase(self, now) -> str:
        """The phase the dates alone call for at ``now`` (publishing is never automatic here)."""
        if now >= self.voting_close_at:
            return self.Phase.VOTING_CLOSED
        if now >= self.voting_open_at:
            return self.Phase.VOTING
        if now >= self.nominations_close_at:
            return self.Phase.NOMINATIONS_CLOSED
        if now >= self.nominations_open_at:
            return self.Phase.NOMINATION
        return self.Phase.SCHEDULED

    def next_step(self):
        """(label of the next phase, its scheduled time or None) for "what comes next"."""
        dates = {
            self.Phase.NOMINATION: self.nominations_open_at,
            self.Phase.NOMINATIONS_CLOSED: self.nominations_close_at,
            self.Phase.VOTING: self.voting_open_at,
            self.Phase.VOTING_CLOSED: self.voting_close_at,
            self.Phase.PUBLISHED: None,
        }
        if self.phase == self.Phase.PUBLISHED:
            return None
        following = PHASE_ORDER[self.phase_index + 1]
        return self.Phase(following).label, dates[following]


PHASE_ORDER = list(Election.Phase.values)


class Seat(models.Model):
    """A seat of an election (data, not code): one coordinator; who may stand is set by ``level``."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="seats"
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_(
            "Stable identifier of the seat across years (e.g. central, local); rotation compares it."
        ),
    )
    name_mn = models.CharField(_("name in Mongolian"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    level = models.CharField(
        _("level of government"),
        max_length=10,
        choices=Level.choices,
        help_text=_("Candidates must be approved members of an organisation of this level."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    runoff_of = models.ForeignKey(
        "self",
        verbose_name=_("run-off of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="runoffs",
        help_text=_("Set on a run-off seat created to break a tie on another seat."),
    )
    round = models.PositiveSmallIntegerField(_("voting round"), default=1, editable=False)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["election_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "code"], name="seat_code_unique_per_election"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class Nomination(TimeStampedModel, Withdrawal):
    """A member standing for a seat: proposed by a colleague (then accepted) or by themselves."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting the nominee's answer")
        ACCEPTED = "accepted", _("Accepted: a candidate")
        DECLINED = "declined", _("Declined by the nominee")
        WITHDRAWN = "withdrawn", _("Withdrawn by a coordinator")

    ACTIVE = (Status.PROPOSED, Status.ACCEPTED)

    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="nominations"
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominee"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    statement = models.TextField(_("candidate's statement"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["seat_id", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "nominee"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="nomination_one_active_per_seat",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="nomination_withdrawal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.nominee} — {self.seat}"

    @property
    def is_self_nomination(self) -> bool:
        return self.nominee_id == self.nominated_by_id


class TimelineChange(models.Model):
    """A change to an election's dates once voting has opened: only ever an extension of the
    close, with the reason and who made it (shown to members on the election page)."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="timeline_changes"
    )
    previous_close_at = models.DateTimeField(_("voting closed at (before)"))
    new_close_at = models.DateTimeField(_("voting closes at (after)"))
    reason = models.TextField(_("reason"), max_length=1000)
    changed_by = actor_field(_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("timeline change")
        verbose_name_plural = _("timeline changes")
        ordering = ["election_id", "changed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_close_at__gt=F("previous_close_at")), name="timeline_change_only_extends"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="timeline_change_has_reason"),
        ]

    def __str__(self):
        return (
            f"{self.election}: {self.previous_close_at:%Y-%m-%d %H:%M} → {self.new_close_at:%Y-%m-%d %H:%M}"
        )


class TieBreak(models.Model):
    """A drawing of lots between tied candidates, recorded by a coordinator."""

    seat = models.OneToOneField(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="tie_break"
    )
    winner = models.ForeignKey(
        Nomination, verbose_name=_("drawn candidate"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.TextField(_("how the lots were drawn"), max_length=1000)

    class Meta:
        verbose_name = _("drawing of lots")
        verbose_name_plural = _("drawings of lots")

    def __str__(self):
        return f"{self.seat}: {self.winner}"
