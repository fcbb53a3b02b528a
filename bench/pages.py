"""SQL queries, in-process render time and compressed HTML size of every public page type, on
the demo content, in English and Arabic, with DEBUG off and a warm process.

    make demo   # once: the demo content in db.sqlite3
    .venv/bin/python bench/pages.py [--runs 3]

Prints a table: queries with the shared cache empty (cold: right after a publication) and on
a warm process, the in-process render time in milliseconds (the median of
``--runs`` runs, each the median of 15 renders: this machine is noisy), and the HTML's size raw
and gzip-compressed (level 6, what a server sends). Then the size of the stylesheets and
scripts. The targets are issue 10's: ≤ 12 queries; ≤ 20 ms for the home page and listings,
≤ 10 ms for a story, an event and a practice, ≤ 30 ms for search; ≤ 14 KB compressed.
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from events.models import EventPage, EventReportPage  # noqa: E402
from handbook.models import HandbookChapterPage, PracticePage  # noqa: E402
from home.models import CityPage, StandardPage  # noqa: E402
from stories.models import StoryPage  # noqa: E402

SEARCH_WORDS = {"en": "kitchen", "ar": quote("مطبخ")}


def first(model):
    page = model.objects.live().filter(locale__language_code="en").order_by("path").first()
    return page.url if page else None


def page_types() -> dict:
    return {
        "home": "/en/",
        "city": first(CityPage),
        "stories": "/en/stories/",
        "story": first(StoryPage),
        "share your story": "/en/participate/share-your-story/",
        "events": "/en/events/",
        "programme": "/en/events/programme/",
        "event": first(EventPage),
        "report": first(EventReportPage),
        "handbook": "/en/handbook/",
        "chapter": first(HandbookChapterPage),
        "practice": first(PracticePage),
        "comparison": "/en/handbook/comparison/",
        "search": "/en/search/?q=kitchen",
        "standard page": first(StandardPage),
        "open data": "/en/open-data/",
    }


def in_language(url, code):
    url = url.replace("/en/", f"/{code}/", 1)
    return url.replace("q=kitchen", f"q={SEARCH_WORDS[code]}")


RENDERS = 15  # timed renders per page and run


def measure(client, url, runs):
    client.get(url)  # renditions, compiled templates
    cache.clear()  # what a change to content leaves: the shared cache empty
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    cold = len(captured)  # read now: the next request empties Django's query log
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # read now: the next request empties Django's query log
    medians = []
    for _ in range(runs):
        timings = []
        for _ in range(RENDERS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        medians.append(statistics.median(timings))
    body = response.content
    return {
        "status": response.status_code,
        "queries": queries,
        "cold": cold,
        "ms": statistics.median(medians),
        "raw": len(body) / 1024,
        "gzip": len(gzip.compress(body, 6)) / 1024,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings.DEBUG = False
    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"{'page':<20} {'lang':<4} {'status':>6} {'cold':>5} {'queries':>7} {'ms':>7} "
        f"{'KB':>6} {'KB gz':>6}"
    )
    for name, url in page_types().items():
        if url is None:
            continue
        for code in ("en", "ar"):
            m = measure(client, in_language(url, code), args.runs)
            print(
                f"{name:<20} {code:<4} {m['status']:>6} {m['cold']:>5} {m['queries']:>7} "
                f"{m['ms']:>7.1f} "
                f"{m['raw']:>6.1f} {m['gzip']:>6.1f}"
            )
    print()
    for folder, pattern in (("static/css", "*.css"), ("static/js", "*.js")):
        for path in sorted((ROOT / folder).glob(pattern)):
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
