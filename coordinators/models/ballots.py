"""Who voted (participation) and what was voted (sealed while voting, plain after the close), kept apart."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Level

from .elections import Election, Nomination, Seat


class Participation(models.Model):
    """That a member voted for a seat (turnout and the one-vote rule); never what they chose.

    Deliberately without a timestamp: nothing here orders a voter against the ballots.
    """

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="participations"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="election_participations",
    )
    # Snapshots for turnout, so later profile changes do not rewrite history.
    gender = models.CharField(_("gender when voting"), max_length=12, blank=True)
    level = models.CharField(_("level when voting"), max_length=10, choices=Level.choices, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["seat", "member"], name="participation_one_per_seat_and_member"),
        ]

    def __str__(self):
        return f"{self.member} — {self.seat}"


class Ballot(models.Model):
    """What was voted for a seat: a nomination, or an abstention when ``nomination`` is empty.

    Written when voting closes, all at once and shuffled (see the module docstring). No voter
    reference, no timestamp, a random key; not in the admin, no permissions.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="ballots")
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("choice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        help_text=_("Empty means the voter abstained."),
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        default_permissions = ()

    def __str__(self):
        return str(_("ballot"))


class SealedBallot(models.Model):
    """A ballot while voting is open: choice and receipt code sealed with the election's key.

    Opened, written back as a ``Ballot`` and truncated away when voting closes. No voter reference, no
    timestamp, a random key; not in the admin, no permissions.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="sealed_ballots"
    )
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="+")
    box = models.BinaryField(_("sealed choice"))

    class Meta:
        verbose_name = _("sealed ballot")
        verbose_name_plural = _("sealed ballots")
        default_permissions = ()

    def __str__(self):
        return str(_("sealed ballot"))
