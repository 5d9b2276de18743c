"""Benchmark: the library's search over 50,000 index entries, beside /healthz in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_library \\
        DJANGO_DEBUG=true .venv/bin/python bench/library.py [N_REQUESTS] [N_ENTRIES] [--explain]

Seeds (once; later runs reuse it) N_ENTRIES (default 50,000) search index entries marked
"bench-": titles and bodies drawn from a Mongolian and English vocabulary of the CoP's work,
a tenth of them members-only, with kinds, themes, years, provinces and organisations. Then it
runs, in-process through the real WSGI stack (Django's test client), each search page (as a
visitor and as a member) N_REQUESTS times (default 100), once as a new search (its cached
page dropped before each request) and once asked again (from the cache), then the API's
search (/api/v1/library/?q=, not cached) for a common word and a rarer one, each request after
a timed /healthz, and prints per page p50/p95/max in milliseconds, SQL queries of the first
request, the p50 of its /healthz requests and requests/s as a ratio of theirs (measured in
turn with the page's, so a busy machine's changing load weighs on both alike). Machine load
shows in the figures: note `uptime`.
The issue's targets: search p95 <= 50 ms and >= 0.2 x /healthz.

The search's counts without words (``FacetCount``) are kept by the index services; the seed
writes its rows in bulk, so it counts them again (``summary_rebuild``) when they disagree.
``--explain`` (PostgreSQL) then EXPLAINs every query of each new search (a visitor's and a
member's) and flags a sequential scan of the entries: the searches must read them through
their indexes.
"""

import argparse
import datetime as dt
import itertools
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["COP_API_REQUESTS_PER_WINDOW"] = str(10**9)  # one client makes every API request

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cop_portal import pagecache  # noqa: E402
from library.models import Entry, FacetCount, Item, Theme  # noqa: E402
from library.selectors import LEXICON_CACHE_NAME  # noqa: E402
from library.services.common_words import common_words_fill  # noqa: E402
from library.services.index import CACHE_NAME  # noqa: E402
from library.services.summary import summary_rebuild  # noqa: E402
from library.text import index_text  # noqa: E402
from members.models import Level, Organisation, Province, User  # noqa: E402

MEMBER_EMAIL = "bench-library-member@example.mn"
_VOCABULARY_MN = (
    "жендэр хүйс хүйсээр ангилсан статистик мэдээлэл сургалт слайд төсөвлөлт төсөв мэдрэмжтэй "
    "бодлого хууль журам дарамт урьдчилан сэргийлэх манлайлал эмэгтэй эрэгтэй удирдах ажилтан "
    "байгууллага аймаг сум цэцэрлэг сургууль багш эцэг эх аав ээж хүүхэд хүүхэлдэй тоглоом мод "
    "тарих суулгац ой байгаль орчин цөлжилт уурхай ажилчин орлого бүлэг туршлага айлчлал чуулган "
    "төлөвлөгөө тайлан шалгуур үзүүлэлт хэрэгжилт үнэлгээ шинжилгээ гарын авлага загвар маягт "
    "хэлэлцүүлэг уулзалт зөвлөгөө оролцоо тэгш байдал ялгаварлан гадуурхах хөдөлмөр цалин"
)
_VOCABULARY_EN = (
    "gender sex-disaggregated data statistics training deck budget budgeting policy law harassment "
    "prevention leadership women men kindergarten teachers parents fathers dolls seedlings trees "
    "environment desertification mining workers income group practice visit convention plan report "
    "indicator audit analysis toolkit template guide participation equality pay"
)
WORDS_MN, WORDS_EN = _VOCABULARY_MN.split(), _VOCABULARY_EN.split()
# Case endings multiply the forms of each word, and a long tail of rarer words makes the
# frequencies look like real text (Zipf): a common word is in many entries, most are in few.
_ENDINGS_MN = ("", "ын", "ийн", "д", "аар", "тай", "ууд", "ыг", "ээс", "гүй")
_SYLLABLES = [c + v for c in "бдлмнрстхц" for v in "аоу"]


def _zipf_vocabulary(rng: random.Random, base: list[str], endings: tuple[str, ...], tail: int) -> list[str]:
    forms = [w + e for w in base for e in endings]
    forms += ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(tail)]
    rng.shuffle(forms)
    return forms


def _zipf_sampler(rng: random.Random, words: list[str]):
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return lambda n: " ".join(rng.choices(words, weights=weights, k=n))


QUERIES = [
    ("сургалт хүйс", {}),
    ("мод тарих", {}),
    ("хүйсээр ангилсан", {}),
    ("төсөвлөлт", {"year": "2022"}),
    ("статистикийнн", {}),  # a typo: found by trigrams
    ("хүйс", {}),  # one word in a fifth of the entries: thousands of results
    ("хүйс", {"year": "2022"}),  # the same with a filter: 726 results for a visitor
    ("training gender", {"lang": "en"}),
    ("", {"theme": "data"}),
    ("", {"page": "3"}),
]
# The API's search (public entries in id order, a cursor to the next page), a common word and a rarer one.
API_QUERIES = ["хүйс", "мод тарих"]


@transaction.atomic
def seed(n_entries: int) -> None:
    have = Entry.objects.filter(url__startswith="/bench-").count()
    if have >= n_entries:
        print(f"reusing {have} bench entries")
        return
    rng = random.Random(11)
    orgs = []
    for i in range(30):
        org, _ = Organisation.objects.get_or_create(
            slug=f"bench-lib-org-{i}",
            defaults={
                "name_mn": f"bench-Номын сангийн байгууллага {i}",
                "kind": Organisation.Kind.MINISTRY,
                "level": Level.CENTRAL,
                "province": Province.values[i % len(Province.values)],
            },
        )
        orgs.append(org)
    kinds, themes, provinces = Item.Kind.values, Theme.values, Province.values
    mongolian = _zipf_sampler(rng, _zipf_vocabulary(rng, WORDS_MN, _ENDINGS_MN, 20_000))
    english = _zipf_sampler(rng, _zipf_vocabulary(rng, WORDS_EN, ("", "s", "ing"), 5_000))
    now = timezone.now()
    batch = []
    for i in range(have, n_entries):
        in_english = i % 5 == 0
        text = english if in_english else mongolian
        title, body = text(rng.randint(3, 7)), text(rng.randint(40, 120))
        summary_en = english(25) if i % 3 == 0 else ""
        chosen = rng.sample(themes, rng.randint(0, 2))
        batch.append(
            Entry(
                source=Entry.Source.ITEM,
                source_id=10_000_000 + i,
                kind=rng.choice(kinds),
                title=title,
                body=body,
                summary_en=summary_en,
                language="en" if in_english else "mn",
                has_english=in_english or bool(summary_en),
                members_only=i % 10 == 0,
                themes="," + ",".join(chosen) + "," if chosen else "",
                organisation=rng.choice(orgs),
                province=rng.choice(provinces),
                year=rng.randint(2012, 2026),
                url=f"/bench-{i}/",
                dated_at=now - dt.timedelta(hours=i),
                source_updated_at=now,
                search_text=index_text(title, body, summary_en),
            )
        )
        if len(batch) == 2000:
            Entry.objects.bulk_create(batch)
            batch = []
    Entry.objects.bulk_create(batch)
    if connection.vendor == "postgresql":  # the lexicon the services fill entry by entry
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO library_word (word) SELECT word FROM ts_stat('SELECT search_vector FROM library_entry')"
                " WHERE length(word) <= 40 AND word ~ '^[[:alnum:]]+$' ON CONFLICT DO NOTHING"
            )
        pagecache.invalidate(LEXICON_CACHE_NAME)  # the near spellings kept per word
    print(f"seeded {n_entries - have} bench entries")


def count_summary() -> None:
    """The search's counts agree with the entries (the seed wrote them in bulk)."""
    counted = FacetCount.objects.filter(filter="", facet="").values_list("n", flat=True)
    if sum(counted) != Entry.objects.count():
        print(f"counted the search's summary again: {summary_rebuild()} keys")


def explain_check(clients: dict[str, Client]) -> list[str]:
    """EXPLAIN each query of the entries in every new search (a visitor's and a member's, and
    the API's): the tables and how each is read; a sequential scan of the entries is flagged."""
    lines = []
    asked = [
        ("/library/", {"q": q, **extra} if q else extra, who, client)
        for (q, extra), (who, client) in itertools.product(QUERIES, clients.items())
    ]
    asked += [("/api/v1/library/", {"q": q}, "api", clients["visitor"]) for q in API_QUERIES]
    for url, params, who, client in asked:
        pagecache.invalidate(CACHE_NAME)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params)
        # Replayed as the page ran them: a SET LOCAL of the search's plan applies to what follows.
        replayed = [
            q["sql"] for q in queries.captured_queries if "library_" in q["sql"] or q["sql"].startswith("SET")
        ]
        number = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in replayed:
                # A SET alone holds for what follows; sent with a statement, for that one only.
                setting, planned = ("", sql)
                if sql.startswith("SET"):
                    setting, _, planned = sql.partition("; ")
                    cursor.execute(setting)
                    if not planned:
                        continue
                number += 1
                cursor.execute("EXPLAIN " + planned)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                if setting and planned:
                    cursor.execute("RESET enable_seqscan")
                scans = sorted(
                    set(
                        re.findall(
                            r"((?:Seq|Index|Index Only|Bitmap Heap) Scan)(?: using \w+)? on (\w+)", plan
                        )
                    )
                )
                flag = (
                    "  <-- sequential scan of the entries" if ("Seq Scan", "library_entry") in scans else ""
                )
                read = ", ".join(f"{table} ({how})" for how, table in scans) or "no table"
                label = "&".join(f"{k}={v}" for k, v in params.items())
                lines.append(f"{label:<28} {who:<7} query {number}: {read}{flag}")
    return lines


def _member() -> User:
    user, _ = User.objects.get_or_create(
        email=MEMBER_EMAIL,
        defaults={
            "full_name": "bench-Гишүүн",
            "status": User.Status.APPROVED,
            "gender": "woman",
            "organisation": Organisation.objects.get(slug="bench-lib-org-0"),
        },
    )
    return user


def _get_ms(client: Client, url: str, params: dict) -> float:
    t0 = time.perf_counter()
    client.get(url, params)
    return (time.perf_counter() - t0) * 1000


def _run(
    client: Client, health: Client, url: str, params: dict, n: int, *, cold: bool = False
) -> tuple[list[float], list[float], int]:
    """``n`` timed requests, each after a timed /healthz (so the ratio compares the two at the
    same moment of a busy machine's load); ``cold``: the cached search pages dropped before
    each one (what a new query costs), else served from the cache after the first (a query
    asked again)."""
    if cold:
        pagecache.invalidate(CACHE_NAME)
    reset_queries()  # DEBUG keeps the last 9,000 queries: a full log would count none
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    timings, base = [], []
    for _ in range(n):
        base.append(_get_ms(health, "/healthz", {}))
        if cold:
            pagecache.invalidate(CACHE_NAME)
        timings.append(_get_ms(client, url, params))
    return sorted(timings), sorted(base), len(queries)


def keep_common_words(client: Client, queries: list) -> None:
    """Each search asked once, as a reader would: a word found in more entries than the search
    counts is noted; the index refresh (every ten minutes) then keeps its matches, as here."""
    for q, extra in queries:
        pagecache.invalidate(CACHE_NAME)
        client.get("/library/", {"q": q, **extra} if q else extra)
    filled = common_words_fill()
    if filled:
        print(f"kept the matches of the common words: {', '.join(filled)}")


def main(n: int = 100, n_entries: int = 50_000, explain: bool = False, only: str = "") -> None:
    call_command("migrate", verbosity=0)
    seed(n_entries)
    count_summary()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE library_entry, library_word, library_facetcount")
    visitor, member, health = (Client(HTTP_HOST="127.0.0.1") for _ in range(3))
    member.force_login(_member())
    queries = [(q, extra) for q, extra in QUERIES if re.search(only, f"{q}&{extra}")]
    keep_common_words(visitor, queries)
    print(f"{Entry.objects.count()} entries on {connection.vendor}; {n} requests per page")
    print(
        f"{'page':<56} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'SQL':>4}"
        f" {'healthz p50':>11} {'vs healthz':>10}"
    )
    rows, every_base = [], []
    for q, extra in queries:
        params = {"q": q, **extra} if q else extra
        query = "&".join(f"{k}={v}" for k, v in params.items())
        for who, client in (("visitor", visitor), ("member", member)):
            for cold in (True, False):
                timings, base, sql = _run(client, health, "/library/", params, n, cold=cold)
                rows.append((f"/library/?{query} ({who}, {'new' if cold else 'again'})", timings, base, sql))
                every_base += base
    for q in [q for q in API_QUERIES if re.search(only, q)]:  # not cached: every request is a new search
        timings, base, sql = _run(visitor, health, "/api/v1/library/", {"q": q}, n)
        rows.append((f"/api/v1/library/?q={q} (visitor)", timings, base, sql))
        every_base += base
    every_base.sort()
    rows.insert(0, ("/healthz (every run below)", every_base, every_base, 1))
    for label, timings, base, sql in rows:
        p95 = timings[int(len(timings) * 0.95) - 1]
        ratio = statistics.mean(base) / statistics.mean(timings)
        print(
            f"{label:<56} {statistics.median(timings):7.1f} {p95:7.1f} {timings[-1]:7.1f} {sql:4d}"
            f" {statistics.median(base):11.1f} {ratio:10.2f}"
        )
    if explain and connection.vendor == "postgresql":
        print(
            "\nEXPLAIN of each new search's queries of the library (sequential scans of the entries flagged):"
        )
        print("\n".join(explain_check({"visitor": visitor, "member": member})))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n_requests", nargs="?", type=int, default=100, help="timed requests per page (100)")
    parser.add_argument(
        "n_entries", nargs="?", type=int, default=50_000, help="index entries to seed (50,000)"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN each new search's queries")
    parser.add_argument("--only", default="", help="only the searches matching this regular expression")
    args = parser.parse_args()
    main(args.n_requests, args.n_entries, explain=args.explain, only=args.only)
