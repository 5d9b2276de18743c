"""The close of voting: open the sealed ballots and write them back unlinkable to the voters."""

from __future__ import annotations

import io
import logging
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from cop_portal.pagecache import invalidate

from .. import messages, sealing
from ..models import Ballot, Election, SealedBallot

logger = logging.getLogger(__name__)


def _shuffle(items: list) -> None:
    """Put ``items`` in a uniformly random order drawn from the operating system's random source
    (sorting by independent 128-bit keys: one system call for all of them)."""
    noise = os.urandom(16 * len(items))
    order = sorted(range(len(items)), key=lambda i: noise[16 * i : 16 * i + 16])
    items[:] = [items[i] for i in order]


def _random_uuid_hex(count: int) -> list[str]:
    """``count`` version-4 UUIDs as hex, from one read of the system's random source."""
    raw = os.urandom(16 * count).hex()
    out = []
    for i in range(0, 32 * count, 32):
        h = raw[i : i + 32]
        out.append(f"{h[:12]}4{h[13:16]}{'89ab'[int(h[16], 16) & 3]}{h[17:]}")
    return out


def _ballots_insert(ballots: list[tuple[int, int | None]]) -> None:
    """Insert plain ballots in the given order, with fresh random keys (the model's rows, by raw
    SQL: 20,000 model instances would cost most of the close's time budget)."""
    table = connection.ops.quote_name(Ballot._meta.db_table)
    seat = connection.ops.quote_name(Ballot._meta.get_field("seat").column)
    nomination = connection.ops.quote_name(Ballot._meta.get_field("nomination").column)
    rows = [(key, s, n) for key, (s, n) in zip(_random_uuid_hex(len(ballots)), ballots, strict=True)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one round trip and the least server work per row.
            data = "".join(f"{key}\t{s}\t{'' if n is None else n}\n" for key, s, n in rows)
            cursor.cursor.copy_expert(
                f"COPY {table} (id, {seat}, {nomination}) FROM STDIN WITH (FORMAT text, NULL '')",
                io.StringIO(data),
            )
        else:
            cursor.executemany(f"INSERT INTO {table} (id, {seat}, {nomination}) VALUES (%s, %s, %s)", rows)


def _box_lock_timeout_set() -> str:
    """Bound the wait for the box's lock; returns the previous value to restore."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, true)",
            [f"{int(settings.COP_BALLOT_BOX_LOCK_TIMEOUT_MS)}ms"],
        )
    return previous


def _box_lock() -> None:
    """Take the sealed ballots' table for this transaction alone (PostgreSQL), before reading it.

    TRUNCATE needs an ACCESS EXCLUSIVE lock; taken first, the close never upgrades a lock it
    already holds (no deadlock with a ballot being cast). It waits for any session that has read
    the table in a transaction still open (a backup, a long report) at most
    ``COP_BALLOT_BOX_LOCK_TIMEOUT_MS``, then the close is refused with nothing changed."""
    table = connection.ops.quote_name(SealedBallot._meta.db_table)
    previous = _box_lock_timeout_set()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    except OperationalError as exc:
        raise ValidationError(messages.BALLOT_BOX_BUSY) from exc
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def _filenode() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_filenode(%s)", [SealedBallot._meta.db_table])
        return cursor.fetchone()[0]


def _box_clear(election: Election) -> None:
    """Remove ``election``'s sealed ballots so that no page of the database keeps them.

    PostgreSQL: TRUNCATE gives the table (and its indexes) new, empty files, whatever snapshot
    another session holds, where a DELETE would leave every row, with the transaction id it
    shares with its voter's participation, in the pages until no older snapshot remains. Other
    elections' sealed ballots (a vote running at the same time) are read first and written back
    in a random order by this transaction, still sealed. The caller holds ``_box_lock``.
    Elsewhere (SQLite, development): DELETE, and the file is rebuilt after the commit.
    Then checks that it holds, or raises."""
    table = connection.ops.quote_name(SealedBallot._meta.db_table)
    column = connection.ops.quote_name(SealedBallot._meta.get_field("election").column)
    if connection.vendor == "postgresql":
        before = _filenode()
        others = list(
            SealedBallot.objects.exclude(election=election).values_list("election_id", "seat_id", "box")
        )
        with connection.cursor() as cursor:
            # Foreign keys are checked at commit; rows this transaction wrote would hold back a
            # TRUNCATE ("pending trigger events"), so check them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {table}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        _shuffle(others)
        keys = _random_uuid_hex(len(others))
        SealedBallot.objects.bulk_create(
            SealedBallot(id=key, election_id=e, seat_id=s, box=bytes(b))
            for key, (e, s, b) in zip(keys, others, strict=True)
        )
        cleared = _filenode() != before
    else:
        # ``QuerySet.delete()`` would send a ``post_delete`` per row; nothing refers to a sealed row.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [election.pk])
        cleared = True
        transaction.on_commit(ballot_tables_vacuum)
    if not cleared or SealedBallot.objects.filter(election=election).exists():
        raise ValidationError(messages.BALLOT_BOX_NOT_CLEARED)


def ballots_unseal(election: Election) -> int:
    """Open every sealed ballot of ``election`` and write it back as a plain ``Ballot``.

    Runs inside the transaction that closes voting, with the election row locked, so the
    result is all or nothing: fresh rows with random keys, inserted in an order drawn from the
    operating system's random source and sharing one transaction id, so neither their keys,
    their physical order nor their transaction ids follow the order of the voters. The
    receipt codes go to the election as one sorted list, apart from the choices; the sealed
    rows are removed for good (``_box_clear``) and the election records when. Returns how many.
    """
    if connection.vendor == "postgresql":
        _box_lock()
    rows = list(SealedBallot.objects.filter(election=election).values_list("seat_id", "box"))
    if not rows:
        _box_cleared(election)
        return 0
    opener = sealing.Opener(sealing.election_key(election.pk))
    ballots: list[tuple[int, int | None]] = []
    receipts: list[str] = []
    try:
        for seat_id, box in rows:
            nomination_id, receipt = opener.open(box, seat_id=seat_id)
            ballots.append((seat_id, nomination_id))
            receipts.append(receipt)
    except sealing.SealError as exc:
        raise ValidationError(messages.BALLOT_SEAL_BROKEN) from exc
    del rows
    _shuffle(ballots)
    _ballots_insert(ballots)
    _box_clear(election)
    election.receipts = sorted([*election.receipts, *receipts])
    Election.objects.filter(pk=election.pk).update(receipts=election.receipts)
    invalidate(f"election:{election.year}", "insights")  # raw SQL: no signal would tell
    _box_cleared(election)
    return len(ballots)


def _box_cleared(election: Election) -> None:
    election.ballot_box_cleared_at = timezone.now()
    Election.objects.filter(pk=election.pk).update(ballot_box_cleared_at=election.ballot_box_cleared_at)


def ballot_tables_vacuum() -> bool:
    """After a close on SQLite (development) commits: rebuild the database file so the deleted
    sealed rows leave it. Outside any transaction; a failure is logged, the close stands.
    Returns whether it ran. (PostgreSQL needs none: the close truncates.)"""
    if connection.in_atomic_block or connection.vendor != "sqlite":
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")
    except DatabaseError:
        logger.exception("Vacuuming the ballot tables after the close failed; run it by hand.")
        return False
    return True
