"""Listing, search, API and admin explorer times on the large network, next to the demo.

    .venv/bin/python bench/bulk_load.py       # first, once: the large network in cid_scale
    .venv/bin/python bench/scale.py [--runs 7] [--warm] [--explain]

Run by hand, never in CI. Compares two databases (bench/scale_helpers.py): ``cid_scale_demo``, a
fresh copy of the seeded demo (made from the template ``cid_scale_seed``, or seeded first if
there is none), and ``cid_scale``. Each is measured in its own process with
config.settings.production, Redis database 6 (emptied first) and PAGE_CACHE_SECONDS=0, through
Django's test client (HTTPS, Host: localhost): the time of the whole request in the process,
no network, no proxy.

**Data caches cold** by default: before every timed request the content version is renewed
(``home.cache.new_content_version``, what a publication does), so nothing of §24's shared cache
(listings, search results, menus, page data) is reused, and each request pays all its queries:
what the first reader after a publication waits. ``--warm`` measures with the caches warm
instead (nearly everything a cache hit).

Each URL is asked twice first (templates compiled, image renditions made), then ``--runs``
times, the URLs in turn; the figure is the median.

What is measured, in English and Arabic where it has a language:

- the stories and events listings (``/xx/stories/``, ``/xx/events/``): the first page and the
  last (``?page=N``, N from the same query the listing counts with), and the last page of past
  events (``?when=past``);
- search (``/xx/search/?q=``): a topic word (in about one page in thirteen) and a common word
  (in nearly every page);
- the API's lists (``/api/v2/stories/``, ``events/``, ``practices/``): every language, one
  language (English, 10 items: as long in both databases), and the stories' last page
  (``?offset=`` from ``meta.total_count``);
- the admin's page explorer, as the demo superuser, for the stories section with the most
  children: the first page, sorted by title, and the last page (``?p=N``, 50 a page).

Targets (issue 14): the explorer under 1 s on the large network; everything else within 2× of
its time on the demo. Prints a table (demo ms, scale ms, ratio, target, PASS/FAIL, and the SQL
queries of one cold request on each), then, for each miss (each URL with ``--explain``), the
slowest query of that request on the large network and PostgreSQL's ``EXPLAIN (ANALYZE,
BUFFERS)`` of it. Exits 1 on a miss.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from urllib.parse import quote

from scale_helpers import (
    DEMO,
    REDIS_URL,
    ROOT,
    SCALE,
    SEED,
    busy_benchmarks,
    collect_static,
    copy_database,
    database_exists,
    machine_load,
    make_seed,
    production_env,
)

sys.path.insert(0, str(ROOT))

RATIO_TARGET = 2.0
ADMIN_TARGET_MS = 1000
SEARCH_WORDS = {"en": ("kitchen", "city"), "ar": ("مطبخ", "الناس")}
ADMIN_PAGE_SIZE = 50  # Wagtail's explorer
# The API's lists in one language are compared at the same length in both databases: the demo
# has no Arabic events and 4 Arabic practices, so its Arabic lists measured an empty answer
# against a full one. It has 14 to 18 English stories, events and practices.
API_LANGUAGE, API_LANGUAGE_ITEMS = "en", 10
LISTING_PAGE_SIZE = 12  # home.listing.PAGE_SIZE


# The measuring process (one per database) -------------------------------------------------------


def listing_pages(locale) -> dict:
    """The number of pages of the stories, upcoming events and past events listings in
    ``locale``, counted as the listings count."""
    from events.models import EventPage
    from events.models.events import ended, last_ended, upcoming
    from home.localization import one_per_translation
    from stories.models import StoryPage

    stories = one_per_translation(StoryPage.objects.all(), locale).count()
    cutoff = last_ended()
    events = one_per_translation(upcoming(EventPage.objects.all(), cutoff), locale).count()
    past = one_per_translation(ended(EventPage.objects.all(), cutoff), locale).count()
    return {
        name: max(1, math.ceil(count / LISTING_PAGE_SIZE))
        for name, count in (("stories", stories), ("events", events), ("past", past))
    }


def largest_section():
    from stories.models import StoryIndexPage

    return StoryIndexPage.objects.order_by("-numchild", "pk").first()


def targets(client) -> list:
    """(name, kind, URL) of everything measured; kind is "admin" or "public"."""
    from wagtail.models import Locale

    found = []
    for code in ("en", "ar"):
        pages = listing_pages(Locale.objects.get(language_code=code))
        for listing in ("stories", "events"):
            found.append((f"{listing} {code}, first page", "public", f"/{code}/{listing}/"))
            last = f"/{code}/{listing}/?page={pages[listing]}"
            found.append((f"{listing} {code}, last page", "public", last))
        last = f"/{code}/events/?when=past&page={pages['past']}"
        found.append((f"past events {code}, last page", "public", last))
    for code, words in SEARCH_WORDS.items():
        for word in words:
            found.append((f"search {code} “{word}”", "public", f"/{code}/search/?q={quote(word)}"))
    for endpoint in ("stories", "events", "practices"):
        found.append((f"API {endpoint}", "public", f"/api/v2/{endpoint}/"))
        one_language = f"/api/v2/{endpoint}/?locale={API_LANGUAGE}&limit={API_LANGUAGE_ITEMS}"
        items = client.get(one_language, secure=True).json()["items"]
        if len(items) != API_LANGUAGE_ITEMS:
            sys.exit(f"{one_language} lists {len(items)} items, not {API_LANGUAGE_ITEMS}")
        found.append((f"API {endpoint}, {API_LANGUAGE}", "public", one_language))
    total = client.get("/api/v2/stories/", secure=True).json()["meta"]["total_count"]
    offset = max(0, total - 20)
    found.append(("API stories, last page", "public", f"/api/v2/stories/?offset={offset}"))
    section = largest_section()
    last = max(1, math.ceil(section.numchild / ADMIN_PAGE_SIZE))
    explorer = f"/admin/pages/{section.pk}/"
    found += [
        ("admin explorer, first page", "admin", explorer),
        ("admin explorer, by title", "admin", f"{explorer}?ordering=title"),
        ("admin explorer, last page", "admin", f"{explorer}?p={last}"),
    ]
    return found


def timed_get(client, url: str, cold: bool) -> tuple:
    from home.cache import new_content_version

    if cold:
        new_content_version()
    started = time.perf_counter()
    response = client.get(url, secure=True)
    return (time.perf_counter() - started) * 1000, response.status_code


def slowest_query(client, url: str, cold: bool, explain: bool) -> dict:
    """The queries of one request: how many, their time, and the slowest with its plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.cache import new_content_version

    if cold:
        new_content_version()
    with CaptureQueriesContext(connection) as captured:
        client.get(url, secure=True)
    queries = list(captured.captured_queries)
    slowest = max(queries, key=lambda query: float(query["time"]), default=None)
    found = {
        "queries": len(queries),
        "sql_ms": sum(float(query["time"]) for query in queries) * 1000,
        "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0,
        "slowest_sql": slowest["sql"] if slowest else "",
        "plan": "",
    }
    if explain and slowest:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            found["plan"] = "\n".join(row[0] for row in cursor.fetchall())
    return found


def measure(database: str, runs: int, cold: bool, explain: bool) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Page

    public = Client(HTTP_HOST="localhost")
    admin = Client(HTTP_HOST="localhost")
    admin.force_login(get_user_model().objects.filter(is_superuser=True).order_by("pk").first())
    clients = {"public": public, "admin": admin}
    measured = targets(public)
    for name, kind, url in measured:
        for _ in range(2):
            _ms, status = timed_get(clients[kind], url, cold)
        if status != 200:
            sys.exit(f"{database}: {url} ({name}) answered {status}")
    timings = {name: [] for name, _kind, _url in measured}
    for run in range(runs):
        print(f"  {database}: run {run + 1} of {runs}", file=sys.stderr, flush=True)
        for name, kind, url in measured:
            ms, status = timed_get(clients[kind], url, cold)
            if status != 200:
                sys.exit(f"{database}: {url} ({name}) answered {status}")
            timings[name].append(ms)
    section = largest_section()
    results = {}
    for name, kind, url in measured:
        results[name] = {
            "kind": kind,
            "url": url,
            "ms": statistics.median(timings[name]),
            **slowest_query(clients[kind], url, cold, explain),
        }
    return {
        "database": database,
        "pages": Page.objects.count(),
        "section": f"{section.url_path} ({section.numchild} children, id {section.pk})",
        "results": results,
    }


# The comparing process --------------------------------------------------------------------------


def run_child(database: str, args) -> dict:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    command = [sys.executable, __file__, "--child", database, "--runs", str(args.runs)]
    command += ["--warm"] if args.warm else []
    command += ["--explain"] if database == SCALE else []
    env = {**os.environ, **production_env(database)}
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"measuring {database} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def check(name: str, demo: dict, scale: dict) -> tuple:
    """(ratio, target, passed) of one row."""
    ratio = scale["ms"] / demo["ms"] if demo["ms"] else math.inf
    if scale["kind"] == "admin":
        return ratio, f"< {ADMIN_TARGET_MS} ms", scale["ms"] < ADMIN_TARGET_MS
    return ratio, f"≤ {RATIO_TARGET:g}× demo", ratio <= RATIO_TARGET


def report(demo: dict, scale: dict, args) -> int:
    print(f"\ndemo:  {demo['database']}, {demo['pages']} pages; explorer: {demo['section']}")
    print(f"scale: {scale['database']}, {scale['pages']} pages; explorer: {scale['section']}")
    mode = "warm" if args.warm else "cold (content version renewed before each request)"
    print(f"data caches {mode}; median of {args.runs} runs; page cache off\n")
    print(
        f"{'what':<38} {'demo ms':>8} {'scale ms':>9} {'ratio':>6}  {'target':<12} {'':4}"
        f" {'queries':>9}"
    )
    missed = []
    for name, row in scale["results"].items():
        base = demo["results"][name]
        ratio, target, passed = check(name, base, row)
        if not passed:
            missed.append(name)
        queries = f"{base['queries']}/{row['queries']}"
        print(
            f"{name:<38} {base['ms']:>8.1f} {row['ms']:>9.1f} {ratio:>6.2f}  {target:<12} "
            f"{'PASS' if passed else 'FAIL':4} {queries:>9}"
        )
    print("queries: of one request (cold unless --warm), demo/scale")
    print("\nURLs on the large network:")
    for name, row in scale["results"].items():
        print(f"  {name:<36} {row['url']}")
    for name in scale["results"] if args.explain else missed:
        row = scale["results"][name]
        print(
            f"\n--- {name}: {row['url']}\n{row['queries']} queries, {row['sql_ms']:.0f} ms in SQL;"
            f" the slowest, {row['slowest_ms']:.0f} ms:\n{row['slowest_sql']}\n\n{row['plan']}"
        )
    checks = len(scale["results"])
    print(f"\n{checks - len(missed)} of {checks} targets met.")
    return len(missed)


def prepare_demo():
    if not database_exists(SEED):
        print(f"{SEED} missing: seeding it (a few minutes)")
        make_seed()
    copy_database(SEED, DEMO)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed requests per URL")
    parser.add_argument("--warm", action="store_true", help="keep the data caches warm")
    parser.add_argument("--explain", action="store_true", help="plans for every URL")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = measure(args.child, args.runs, cold=not args.warm, explain=args.explain)
        print(json.dumps(result, ensure_ascii=False))
        return
    if not database_exists(SCALE):
        sys.exit(f"No {SCALE} database: run bench/bulk_load.py first.")
    for process in busy_benchmarks():
        print(f"warning: another benchmark is running (times will suffer): {process}")
    collect_static()
    prepare_demo()
    print(f"start: {machine_load()}")
    demo = run_child(DEMO, args)
    print(f"{DEMO} measured: {machine_load()}")
    scale = run_child(SCALE, args)
    print(f"{SCALE} measured: {machine_load()}")
    sys.exit(1 if report(demo, scale, args) else 0)


if __name__ == "__main__":
    main()
