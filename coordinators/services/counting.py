"""The close of voting: open the sealed ballots and write them back unlinkable to the voters."""

from __future__ import annotations

import io
import logging
import os

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

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


def _sealed_delete(election: Election) -> None:
    """Delete the election's sealed rows in one statement. ``QuerySet.delete()`` would load
    every row and send a ``post_delete`` per row (20,000 signals, most of the close's time);
    nothing refers to a sealed row, so no cascade is skipped. ``ballots_unseal`` names the
    election to the page cache."""
    table = connection.ops.quote_name(SealedBallot._meta.db_table)
    column = connection.ops.quote_name(SealedBallot._meta.get_field("election").column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [election.pk])


def ballots_unseal(election: Election) -> int:
    """Open every sealed ballot of ``election`` and write it back as a plain ``Ballot``.

    Runs inside the transaction that closes voting, with the election row locked, so the
    result is all or nothing: fresh rows with random keys, inserted in an order drawn from the
    operating system's random source and sharing one transaction id, so neither their keys,
    their physical order nor their transaction ids follow the order of the voters. The
    receipt codes go to the election as one sorted list, apart from the choices; the sealed
    rows are deleted and their table vacuumed once the transaction commits. Returns how many.
    """
    rows = list(SealedBallot.objects.filter(election=election).values_list("seat_id", "box"))
    if not rows:
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
    _sealed_delete(election)
    election.receipts = sorted([*election.receipts, *receipts])
    Election.objects.filter(pk=election.pk).update(receipts=election.receipts)
    invalidate(f"election:{election.year}", "insights")  # raw SQL: no signal would tell
    transaction.on_commit(ballot_tables_vacuum)
    return len(ballots)


def ballot_tables_vacuum() -> bool:
    """After the close commits: remove the deleted sealed rows physically. PostgreSQL rewrites
    the sealed ballots' table (VACUUM FULL: the dead rows and their transaction ids leave its
    pages); SQLite rebuilds the database file. Outside any transaction; a failure is logged,
    the close stands. Returns whether it ran."""
    if connection.in_atomic_block:
        return False
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"VACUUM FULL {SealedBallot._meta.db_table}")
                cursor.execute(f"VACUUM ANALYZE {Ballot._meta.db_table}")
            elif connection.vendor == "sqlite":
                cursor.execute("VACUUM")
            else:
                return False
    except DatabaseError:
        logger.exception("Vacuuming the ballot tables after the close failed; run it by hand.")
        return False
    return True
