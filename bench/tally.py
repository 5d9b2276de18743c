"""Tally benchmark: the close of 20,000 sealed ballots, then the results page's count.

    DJANGO_DEBUG=true .venv/bin/python bench/tally.py [BALLOTS]

Runs against the configured database (SQLite by default; set DATABASE_URL for PostgreSQL)
inside a transaction that is rolled back, so it leaves nothing behind. Prints the seconds of
the close (open every sealed ballot, shuffle, write the plain ballots back, empty the box:
TRUNCATE on PostgreSQL, DELETE on SQLite), of the tally query, of the full results (tally +
winners per seat) and their sum; target < 1 s. SQLite's file rebuild after a real close runs
after the commit and is not included (a rolled-back transaction cannot vacuum).
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from coordinators import sealing, selectors, services  # noqa: E402
from coordinators.models import Ballot, Election, Nomination, SealedBallot, Seat  # noqa: E402
from members.models import Level, Organisation, User  # noqa: E402


class Rollback(Exception):
    pass


def main(n: int = 20_000) -> None:
    call_command("migrate", verbosity=0)
    try:
        with transaction.atomic():
            now = timezone.now()
            election = Election.objects.create(
                year=32000,
                phase=Election.Phase.VOTING_CLOSED,
                nominations_open_at=now - dt.timedelta(days=30),
                nominations_close_at=now - dt.timedelta(days=20),
                voting_open_at=now - dt.timedelta(days=10),
                voting_close_at=now - dt.timedelta(days=1),
                term_starts_on=dt.date(2999, 1, 1),
                term_ends_on=dt.date(2999, 12, 31),
            )
            organisation = Organisation.objects.create(
                name_mn="Бенчмарк", slug="bench-tally", kind="ministry", level=Level.CENTRAL, province="tov"
            )
            nominations = []
            for s, (code, level) in enumerate((("central", Level.CENTRAL), ("local", Level.LOCAL))):
                seat = Seat.objects.create(
                    election=election, code=code, name_mn=code, level=level, position=s
                )
                for i in range(3):
                    user = User.objects.create(
                        email=f"bench-{code}-{i}@example.mn", organisation=organisation, status="approved"
                    )
                    nominations.append(
                        Nomination.objects.create(
                            seat=seat, nominee=user, nominated_by=user, status="accepted"
                        )
                    )
            key = sealing.election_key(election.pk)
            start = time.perf_counter()
            sealed = []
            for i in range(n):
                choice = nominations[i % len(nominations)]
                box = sealing.seal(
                    key,
                    seat_id=choice.seat_id,
                    nomination_id=None if i % 17 == 0 else choice.pk,
                    receipt=sealing.receipt_new(),
                )
                sealed.append(SealedBallot(election=election, seat_id=choice.seat_id, box=box))
            seal_s = time.perf_counter() - start
            SealedBallot.objects.bulk_create(sealed, batch_size=2000)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE coordinators_sealedballot")

            start, cpu = time.perf_counter(), time.process_time()
            assert services.ballots_unseal(election) == n
            close_s, close_cpu = time.perf_counter() - start, time.process_time() - cpu
            assert Ballot.objects.filter(seat__election=election).count() == n
            assert not SealedBallot.objects.filter(election=election).exists()

            start = time.perf_counter()
            counts = selectors.tally(election)
            tally_s = time.perf_counter() - start
            assert sum(sum(c.values()) for c in counts.values()) == n

            start = time.perf_counter()
            results = selectors.election_results(election)
            results_s = time.perf_counter() - start
            assert sum(r.ballots for r in results) == n
            print(f"sealing {n} ballots (spread over the voting period): {seal_s:.3f} s")
            print(
                f"close: open {n} sealed ballots, shuffle, write back, empty the box: {close_s:.3f} s "
                f"({close_cpu:.3f} s of this process's CPU; the rest is the database and other load)"
            )
            print(f"tally: {n} ballots on {connection.vendor} in {tally_s:.3f} s (one GROUP BY query)")
            print(f"results with winners per seat: {results_s:.3f} s")
            print(f"close + results: {close_s + results_s:.3f} s (target < 1 s)")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
