"""After the close no page of the database holds a sealed ballot, whatever else runs meanwhile.

A ``DELETE`` leaves the rows in the table's pages for as long as any other transaction holds an
older snapshot, and ``VACUUM FULL`` copies such rows into the new file: each still carries the
transaction id of the voter's participation row, so with the ballot key the choice is the
voter's. The close empties the box with ``TRUNCATE`` instead, which does not depend on other
snapshots; these tests read the table's pages with ``pageinspect`` while another connection
holds a ``REPEATABLE READ`` transaction open across the close.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from coordinators import messages, services
from coordinators.models import Ballot, Election, Participation, SealedBallot
from tests.coordinators.test_secrecy import _cast, _open_election, _voters

pytestmark = pytest.mark.django_db(transaction=True)

SEALED = SealedBallot._meta.db_table
PARTICIPATION = Participation._meta.db_table


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("pages, snapshots and TRUNCATE's lock are PostgreSQL's; SQLite keeps no old snapshot")


def _second_connection():
    """A connection of its own, as another web process or a backup would hold (autocommit)."""
    raw = connection.Database.connect(**connection.get_connection_params())
    raw.autocommit = True
    return _Other(raw)


class _Other:
    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str) -> None:
        with self.raw.cursor() as cursor:
            cursor.execute(sql)

    def close(self) -> None:
        self.raw.close()


def _page_tuples(table: str) -> list[tuple]:
    """(xmin, data) of every line pointer with a tuple in every block of ``table``, live or dead."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        blocks = cursor.fetchone()[0]
        found = []
        for block in range(blocks):
            cursor.execute(
                "SELECT t_xmin::text, t_data FROM heap_page_items(get_raw_page(%s, %s)) "
                "WHERE t_data IS NOT NULL",
                [table, block],
            )
            found.extend(cursor.fetchall())
    return found


def _voter_xmins() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {PARTICIPATION}")
        return {row[0] for row in cursor.fetchall()}


def test_an_open_snapshot_keeps_no_sealed_ballot_in_the_pages():
    _postgresql_only()
    election, central, candidates = _open_election()
    _cast(election, central, candidates, _voters(12))
    assert sum(xmin in _voter_xmins() for xmin, _data in _page_tuples(SEALED)) == 12  # pairable now
    other = _second_connection()
    try:
        other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        other.execute(f"SELECT count(*) FROM {PARTICIPATION}")  # the snapshot is taken here
        services.elections_advance_due(now=election.voting_close_at)
        assert Election.objects.get(pk=election.pk).phase == Election.Phase.PUBLISHED
        left = _page_tuples(SEALED)
        assert left == []
        assert not {xmin for xmin, _data in left} & _voter_xmins()
        assert Ballot.objects.filter(seat=central).count() == 12
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_transaction_reading_the_box_makes_the_close_wait_then_refuse_clearly(coordinator, settings):
    _postgresql_only()
    settings.COP_BALLOT_BOX_LOCK_TIMEOUT_MS = 300
    election, central, candidates = _open_election()
    _cast(election, central, candidates, _voters(5))
    other = _second_connection()
    try:
        other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        other.execute(f"SELECT count(*) FROM {SEALED}")  # holds a lock on the box's table
        with pytest.raises(ValidationError) as exc:
            services.election_advance(election=election, actor=coordinator, now=election.voting_close_at)
        assert exc.value.messages == [str(messages.BALLOT_BOX_BUSY)]
        assert Election.objects.get(pk=election.pk).phase == Election.Phase.VOTING
        assert SealedBallot.objects.count() == 5  # nothing lost: the close is retried
        # the scheduled close is refused the same way and leaves the election for its next run
        assert services.elections_advance_due(now=election.voting_close_at) == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    services.elections_advance_due(now=election.voting_close_at)
    assert Election.objects.get(pk=election.pk).phase == Election.Phase.PUBLISHED
    assert _page_tuples(SEALED) == []


def test_another_elections_sealed_ballots_survive_the_close_of_one():
    _postgresql_only()
    first, central, candidates = _open_election()
    _cast(first, central, candidates, _voters(3))
    second = Election.objects.create(
        year=first.year + 1,
        phase=Election.Phase.VOTING,
        nominations_open_at=first.nominations_open_at,
        nominations_close_at=first.nominations_close_at,
        voting_open_at=first.voting_open_at,
        voting_close_at=first.voting_close_at.replace(year=first.voting_close_at.year + 1),
        term_starts_on=first.term_starts_on.replace(year=first.term_starts_on.year + 1),
        term_ends_on=first.term_ends_on.replace(year=first.term_ends_on.year + 1),
    )
    seat = second.seats.create(code="central", name_mn="Төв", level=central.level)
    boxes = [bytes(b) for b in SealedBallot.objects.values_list("box", flat=True)]
    SealedBallot.objects.bulk_create(SealedBallot(election=second, seat=seat, box=b) for b in boxes[:2])
    services.elections_advance_due(now=first.voting_close_at)
    assert set(SealedBallot.objects.values_list("election_id", flat=True)) == {second.pk}
    assert sorted(bytes(b) for b in SealedBallot.objects.values_list("box", flat=True)) == sorted(boxes[:2])
    assert len(_page_tuples(SEALED)) == 2


def test_results_are_not_published_while_the_box_is_not_cleared(coordinator):
    election, central, candidates = _open_election()
    _cast(election, central, candidates, _voters(2))
    Election.objects.filter(pk=election.pk).update(phase=Election.Phase.VOTING_CLOSED)
    election.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.election_publish(election=election, actor=coordinator, now=election.voting_close_at)
    assert exc.value.messages == [str(messages.BALLOT_BOX_NOT_CLEARED)]
    assert Election.objects.get(pk=election.pk).phase == Election.Phase.VOTING_CLOSED
