"""SQL queries and render time of the event pages on the demo content (warm process).

    DATABASE_URL=sqlite:///db.sqlite3 .venv/bin/python bench/event_queries.py

Prints, for each URL, the number of queries and the median of 3 timed renders.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from events.models import EventPage, EventReportPage  # noqa: E402


def urls():
    event = EventPage.objects.live().filter(kind="transnational", locale__language_code="en")
    report = EventReportPage.objects.live().filter(locale__language_code="en").first()
    event = event.order_by("start").first()
    return [
        "/en/events/",
        "/en/events/?when=past",
        "/en/events/programme/",
        "/ar/events/programme/",
        "/en/events/calendar/",
        event.url.replace(event.url.split("/")[1], "en", 1) if event else None,
        (event.url + "ics/") if event else None,
        report.url if report else None,
        "/en/malmo/events/",
        "/en/malmo/events/calendar/",
    ]


def main():
    client = Client(HTTP_HOST="localhost")
    print(f"{'url':60} {'queries':>7} {'median ms':>9}")
    for url in filter(None, urls()):
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)  # read now: the next request empties Django's query log
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        status = "" if response.status_code == 200 else f" ({response.status_code})"
        print(f"{url + status:60} {queries:7} {statistics.median(timings):9.1f}")


if __name__ == "__main__":
    main()
