"""Ballot secrecy against a database reader (README, "Ballot secrecy: threat model").

While voting is open the rows written with a vote can be tied to the voter (same transaction,
neighbouring positions), so they must not show the choice; once voting closes nothing in the
database may order or join a ballot to a voter. The ordering tests compare what a reader would
get by pairing rows in physical order (rowid on SQLite, ctid on PostgreSQL) with the truth,
against the same pairing under random permutations: no better than chance.
"""

import random
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from coordinators import messages, sealing, services
from coordinators.models import Ballot, Election, Participation, SealedBallot
from coordinators.services import counting
from members.models import Organisation, User
from tests.factories import NominationFactory, OrganisationFactory, election_with_seats

VOTERS = 200
PERMUTATIONS = 4999
ALPHA = 0.001


@pytest.fixture
def seeded_shuffle(monkeypatch):
    """The close's random source, seeded, so the ordering tests are deterministic.

    With the system's random source the p-value below is uniform over runs for a correct
    shuffle, so the test failed a correct implementation once in 1/ALPHA = 1000 runs. Seeded,
    the shuffle is the same permutation on every run (a fixed, uniformly drawn one): the test
    gives the same answer each time and a correct implementation passes it every time. Nothing
    is weakened: an implementation that writes the ballots in the voters' order, or in any
    order not drawn from the random source, gives the same matches as before, and the test
    still rejects it at ALPHA (a copy of the voter order matches all 200 and scores
    p = 1/(PERMUTATIONS + 1) = 0.0002). That the close reads the system's source at all is
    checked by ``test_the_close_draws_its_order_from_the_system_random_source``.
    """
    rng = random.Random(20260101)
    source = SimpleNamespace(urandom=rng.randbytes)
    monkeypatch.setattr(counting, "os", source)
    return source


def _open_election():
    election, central, _local = election_with_seats(phase=Election.Phase.VOTING)
    now = election.nominations_open_at
    Election.objects.filter(pk=election.pk).update(
        nominations_close_at=now, voting_open_at=now, ballot_key_id=""
    )
    election.refresh_from_db()
    candidates = NominationFactory.create_batch(2, seat=central)
    return election, central, candidates


def _voters(n: int) -> list[User]:
    organisation = OrganisationFactory(kind=Organisation.Kind.MINISTRY)
    tag = random.randrange(10**9)
    return User.objects.bulk_create(
        User(
            email=f"secret-voter-{tag}-{i}@example.mn",
            status=User.Status.APPROVED,
            organisation=organisation,
            calendar_token=f"secret-{tag}-{i}",
        )
        for i in range(n)
    )


def _cast(election, seat, candidates, voters) -> dict[int, int | None]:
    """Each voter votes in their own transaction, as through the page; returns who chose what."""
    rng = random.Random(13)
    truth = {}
    when = election.voting_open_at
    for voter in voters:
        choice = rng.choice([*candidates, None])
        services.ballot_cast(seat=seat, actor=voter, nomination=choice, now=when)
        truth[voter.pk] = choice.pk if choice else None
    return truth


def _physical(table: str, column: str) -> list:
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY {order}")
        return [row[0] for row in cursor.fetchall()]


def _p_value(voters_in_order: list, truth: dict, ballots_in_order: list) -> float:
    expected = [truth[v] for v in voters_in_order]

    def matches(ballots):
        return sum(a == b for a, b in zip(expected, ballots, strict=True))

    observed = matches(ballots_in_order)
    rng = random.Random(7)
    shuffled = list(ballots_in_order)
    at_least = 0
    for _ in range(PERMUTATIONS):
        rng.shuffle(shuffled)
        at_least += matches(shuffled) >= observed
    return (at_least + 1) / (PERMUTATIONS + 1)


@pytest.mark.django_db(transaction=True)
def test_physical_order_of_ballots_pairs_with_voters_no_better_than_chance(coordinator, seeded_shuffle):
    election, central, candidates = _open_election()
    truth = _cast(election, central, candidates, _voters(VOTERS))
    services.elections_advance_due(now=election.voting_close_at)
    voters_in_order = _physical(Participation._meta.db_table, "member_id")
    ballots_in_order = _physical(Ballot._meta.db_table, "nomination_id")
    assert len(ballots_in_order) == len(voters_in_order) == VOTERS
    assert sorted(ballots_in_order, key=str) == sorted(truth.values(), key=str)  # every vote counted
    assert _p_value(voters_in_order, truth, ballots_in_order) > ALPHA


@pytest.mark.django_db(transaction=True)
def test_transaction_ids_join_no_ballot_to_a_voter():
    if connection.vendor != "postgresql":
        pytest.skip("xmin is PostgreSQL's")
    election, central, candidates = _open_election()
    _cast(election, central, candidates, _voters(30))
    services.elections_advance_due(now=election.voting_close_at)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM coordinators_participation p JOIN coordinators_ballot b "
            "ON p.xmin = b.xmin AND p.seat_id = b.seat_id"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM coordinators_ballot")
        assert cursor.fetchone()[0] == 1  # all written by the closing transaction


@pytest.mark.django_db(transaction=True)
def test_the_sealed_rows_are_gone_after_the_close(monkeypatch):
    vacuumed = []
    real = counting.ballot_tables_vacuum
    monkeypatch.setattr(counting, "ballot_tables_vacuum", lambda: vacuumed.append(real()))
    election, central, candidates = _open_election()
    _cast(election, central, candidates, _voters(5))
    services.elections_advance_due(now=election.voting_close_at)
    assert not SealedBallot.objects.exists()
    assert Election.objects.get(pk=election.pk).ballot_box_cleared_at is not None
    # PostgreSQL truncates inside the close (tests/coordinators/test_close_for_good.py);
    # SQLite deletes and rebuilds its file after the commit.
    assert vacuumed == ([] if connection.vendor == "postgresql" else [True])


@pytest.mark.django_db
def test_a_database_reader_during_voting_cannot_read_a_choice(voting, central, member):
    a, b = central.nominations.all()
    voters = [member, *_voters(2)]
    for voter, choice in zip(voters, [a, b, None], strict=True):
        services.ballot_cast(seat=central, actor=voter, nomination=choice)
    assert not Ballot.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, election_id, seat_id, box FROM {SealedBallot._meta.db_table}")
        rows = cursor.fetchall()
    boxes = [bytes(row[-1]) for row in rows]
    assert len(boxes) == 3
    assert {len(box) for box in boxes} == {sealing.SEALED_LENGTH}  # an abstention looks like a vote
    wrong = sealing.Opener(sealing.election_key(voting.pk, secret="a guess at the server secret"))
    for box in boxes:
        with pytest.raises(sealing.SealError):
            wrong.open(box, seat_id=central.pk)
    columns = {f.column for f in SealedBallot._meta.concrete_fields}
    assert columns == {"id", "election_id", "seat_id", "box"}  # nothing else beside the seal
    assert Election.objects.get(pk=voting.pk).receipts == []


@pytest.mark.django_db
def test_the_same_choice_seals_differently_each_time(voting, central, member):
    a = central.nominations.first()
    services.ballot_cast(seat=central, actor=member, nomination=a)
    services.ballot_cast(seat=central, actor=_voters(1)[0], nomination=a)
    first, second = (bytes(box) for box in SealedBallot.objects.values_list("box", flat=True))
    assert first != second


@pytest.mark.django_db
def test_each_voter_gets_a_receipt_the_page_lists_after_the_close(
    client, voting, central, member, coordinator
):
    client.force_login(member)
    response = client.post(
        f"/elections/{voting.year}/seats/{central.pk}/vote/", {"choice": "abstain", "confirm": "yes"}
    )
    shown = [response.context["code"]]
    assert "-" in shown[0] and shown[0] in response.content.decode()
    services.ballot_cast(seat=central, actor=_voters(1)[0], nomination=central.nominations.first())
    page = client.get(voting.get_absolute_url()).content.decode()
    assert 'data-testid="receipts"' not in page  # not before the close
    services.election_advance(election=voting, actor=coordinator, now=voting.voting_close_at)
    receipts = Election.objects.get(pk=voting.pk).receipts
    assert len(receipts) == Ballot.objects.filter(seat=central).count() == 2
    assert receipts == sorted(receipts)
    page = client.get(voting.get_absolute_url()).content.decode()
    listed = [sealing.receipt_display(code) for code in receipts]
    assert all(code in page for code in listed)
    assert any(code in shown[0] for code in listed)


@pytest.mark.django_db
def test_a_changed_ballot_key_refuses_ballots_before_they_are_lost(voting, central, member, settings):
    services.ballot_cast(seat=central, actor=member, nomination=None)
    settings.COP_BALLOT_KEY = "another-secret-set-by-mistake-0123456789"
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(seat=central, actor=_voters(1)[0], nomination=None)
    assert exc.value.messages == [str(messages.BALLOT_KEY_CHANGED)]
    assert SealedBallot.objects.count() == 1


@pytest.mark.django_db
def test_the_close_with_a_wrong_key_keeps_the_sealed_ballots(voting, central, member, coordinator, settings):
    services.ballot_cast(seat=central, actor=member, nomination=None)
    settings.COP_BALLOT_KEY = "another-secret-set-by-mistake-0123456789"
    with pytest.raises(ValidationError) as exc:
        services.election_advance(election=voting, actor=coordinator, now=voting.voting_close_at)
    assert exc.value.messages == [str(messages.BALLOT_SEAL_BROKEN)]
    assert SealedBallot.objects.count() == 1 and not Ballot.objects.exists()
    assert Election.objects.get(pk=voting.pk).phase == Election.Phase.VOTING


@pytest.mark.django_db(transaction=True)
def test_ballots_written_before_sealing_are_rewritten_out_of_voter_order(monkeypatch, seeded_shuffle):
    import importlib

    from django.apps import apps

    election, central, candidates = _open_election()
    voters = _voters(VOTERS)
    rng = random.Random(5)
    truth = {}
    for voter in voters:  # as the old ballot_cast wrote them: one pair per voter, in order
        choice = rng.choice([*candidates, None])
        Participation.objects.create(election=election, seat=central, member=voter)
        Ballot.objects.create(seat=central, nomination=choice)
        truth[voter.pk] = choice.pk if choice else None
    migration = importlib.import_module("coordinators.migrations.0005_rewrite_existing_ballots")
    monkeypatch.setattr(migration, "os", seeded_shuffle)
    migration.rewrite(apps, SimpleNamespace(connection=connection))
    voters_in_order = _physical(Participation._meta.db_table, "member_id")
    ballots_in_order = _physical(Ballot._meta.db_table, "nomination_id")
    assert sorted(ballots_in_order, key=str) == sorted(truth.values(), key=str)
    assert _p_value(voters_in_order, truth, ballots_in_order) > ALPHA


def test_the_close_draws_its_order_from_the_system_random_source(monkeypatch):
    """The seeded tests above replace this source; here the real one is read, once per close."""
    reads = []
    real = counting.os.urandom
    monkeypatch.setattr(counting.os, "urandom", lambda n: reads.append(n) or real(n))
    items = list(range(50))
    counting._shuffle(items)
    assert reads == [16 * 50] and sorted(items) == list(range(50))
