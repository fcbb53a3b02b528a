"""Faults: the site as in production while Redis stops, while PostgreSQL restarts, and while a
story is being saved when the database goes away (issue 13).

    .venv/bin/python bench/faults.py                          # all three scenarios
    .venv/bin/python bench/faults.py --scenario postgres      # one (or more: repeat it)

Everything runs against servers of its own, on free ports of 127.0.0.1, never the shared
PostgreSQL on 5432 or Redis on 6379 (bench/services.py): a PostgreSQL 15 cluster initdb'd into
a temporary folder (as the postgres user when we are root) and a redis-server that saves
nothing. The database ``cid_faults`` is migrated and filled with ``seed_demo``; uploads go to a
temporary MEDIA_ROOT; static files are collected into staticfiles/ (as bench/throughput.py
does). Each scenario starts its own gunicorn (2 sync workers) with config.settings.production
(CONN_MAX_AGE 60, PARTICIPATION_TRUSTED_PROXIES 1: each post says its client address in
X-Forwarded-For, as nginx would) and asks it directly, saying HTTPS (``X-Forwarded-Proto``).
The light load is 4 Python threads, one request after another each, no keep-alive.

1. ``redis``: under load (pages with the page cache on, /health/, comment posts each from its
   own address), redis-server is stopped (SIGTERM), and started again once 25 comments have
   been sent from one address and 10 s have passed. Pages stay 200, nothing is 5xx, /health/
   says "degraded" while it is down and "ok" again within 5 s after; every comment answered
   303 is in the database. The rate limit (PARTICIPATION_COMMENT_RATE, 10/10m by default) is
   counted per app process while Redis is down, so of the 25 comments from one address at
   least 10 and at most 10 × 2 workers are accepted, the rest refused with 429. The gunicorn
   log has the Redis errors and the rate limit's warnings; the workers are the same processes
   after. The table shows how much slower pages are while Redis is down.
2. ``postgres``: under load (pages with the page cache off, so each one reads the database,
   and /health/), PostgreSQL is restarted (``pg_ctl restart -m fast``), then, in a second run,
   stopped (fast), left down 5 s and started. Every answer that is not a 200 is a 503 (the HTML
   page with Retry-After; /health/ its JSON), none a 500 or a dropped connection; /health/ is
   503 while the database is down; after it is back, the answers are 200 again within 5 s, from
   the same gunicorn workers. Statuses are counted before, during and after the fault.
3. ``transaction``: a story with a photo is sent ("Share your story": a page, its revision, a
   log entry, its workflow state, the image and its file, and the StorySubmission, in one
   transaction) while a trigger on the StorySubmission table holds the transaction 5 s
   (pg_sleep); in that time PostgreSQL is restarted (fast, which ends the transaction). The post
   gets a 503; no row of any of those tables and no file under MEDIA_ROOT is left. Then the
   trigger is dropped and the same story sent again: 303, and one of each is there (so the
   count would have seen them). The same for a comment, which is a single INSERT: 503, no row.

Prints what it measured and PASS or FAIL for each check, and exits 1 if any failed. Everything
is stopped and the temporary folders removed at the end, on errors and Ctrl-C too. About 8
minutes on 2 CPUs: 4 for setting up the database (migrate, seed_demo, collectstatic), then
about 2 min, 50 s and 20 s for the scenarios.

Needs PostgreSQL 15's programs in /usr/lib/postgresql/15/bin, /usr/bin/redis-server, and
gunicorn (the dev extra).
"""

import argparse
import http.client
import io
import json
import os
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from services import PostgresCluster, RedisServer
from serving import free_port, start, wait_until_up
from throughput import manage, production_env, urls

DATABASE = "cid_faults"
WORKERS = 2
CLIENTS = 4  # threads of the light load
HTTPS = {"X-Forwarded-Proto": "https"}
RECOVERY_LIMIT = 5.0  # seconds from the service being back to answers being 200 again
COMMENT_LIMIT = 10  # PARTICIPATION_COMMENT_RATE, "10/10m" (the default), per address
BURST = 25  # comments from one address while Redis is down
SLEEP_IN_TRANSACTION = 5  # seconds the trigger holds the story's transaction
SCENARIOS = ["redis", "postgres", "transaction"]


# Requests ------------------------------------------------------------------------------------


@dataclass
class Answer:
    """One request and what came back: a status, or ``error`` when no HTTP answer came."""

    kind: str
    started: float
    ended: float
    status: int | None = None
    error: str = ""  # "refused", "dropped" (closed or reset without an answer), "timeout" …
    retry_after: str | None = None
    content_type: str = ""
    body: bytes = b""

    @property
    def health(self) -> str:
        """What /health/ said ("ok", "degraded", "unavailable"), or "?"."""
        try:
            return json.loads(self.body)["status"]
        except (ValueError, KeyError, TypeError):
            return "?"

    @property
    def outcome(self) -> str:
        """The status, or the error, as counted in the tables."""
        return str(self.status) if self.status is not None else self.error


def send(base, kind, method, path, headers=None, body=None, timeout=30) -> Answer:
    """One request on a connection of its own (gunicorn's sync workers close each one)."""
    address = urlsplit(base)
    answer = Answer(kind, time.monotonic(), 0.0)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={**HTTPS, **(headers or {})})
        response = connection.getresponse()
        answer.body = response.read()
        answer.status = response.status
        answer.retry_after = response.headers.get("Retry-After")
        answer.content_type = response.headers.get("Content-Type", "")
    except ConnectionRefusedError:
        answer.error = "refused"
    except TimeoutError:
        answer.error = "timeout"
    except (http.client.RemoteDisconnected, http.client.IncompleteRead, ConnectionError):
        answer.error = "dropped"
    except OSError as error:
        answer.error = type(error).__name__
    finally:
        connection.close()
        answer.ended = time.monotonic()
    return answer


def form_start_time(base: str, path: str) -> str:
    """The signed start time (``started``) of the form on ``path``; usable 3 s later, and
    then again and again (protection.ProtectedFormMixin)."""
    answer = send(base, "form", "GET", path)
    found = re.search(rb'name="started" value="([^"]+)"', answer.body)
    if answer.status != 200 or not found:
        sys.exit(f"No form start time on {path} (status {answer.outcome})")
    return found.group(1).decode()


class Addresses:
    """Client addresses for X-Forwarded-For, a new one each time: the rate limit, counted per
    address, then never refuses the load's posts."""

    def __init__(self, first_octet: int):
        self.first_octet = first_octet
        self.count = 0
        self.lock = threading.Lock()

    def next(self) -> str:
        with self.lock:
            self.count += 1
            number = self.count
        return f"{self.first_octet}.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


class Commenter:
    """Posts comments on page ``page_id`` as the form on the page would (same origin, honeypot
    empty, consent ticked, a start time old enough), each text starting with ``marker``."""

    def __init__(self, base: str, page_id: int, marker: str, started: str):
        self.base, self.page_id, self.marker, self.started = base, page_id, marker, started
        self.addresses = Addresses(10)

    def post(self, address: str | None = None) -> Answer:
        fields = {
            "name": "Fault test",
            "email": "",
            "text": f"{self.marker} {uuid.uuid4().hex[:8]}",
            "consent": "on",
            "reply_to": "",
            "website": "",
            "started": self.started,
        }
        headers = {
            "Origin": f"https://{urlsplit(self.base).netloc}",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": address or self.addresses.next(),
        }
        path = f"/en/participate/comments/{self.page_id}/"
        return send(self.base, "comment", "POST", path, headers, urlencode(fields))


class Load:
    """``CLIENTS`` threads, each sending one request after another (``makers`` in turn, each a
    function that sends one and returns its Answer) until ``stop``. Every answer is kept."""

    def __init__(self, makers: list):
        self.makers = makers
        self.answers = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(CLIENTS)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _run(self, number: int):
        turn = number  # each thread starts elsewhere in the list
        while not self.stopping.is_set():
            answer = self.makers[turn % len(self.makers)]()
            turn += 1
            with self.lock:
                self.answers.append(answer)


# Servers and the database ----------------------------------------------------------------------


def gunicorn(stack: ExitStack, folder: Path, env: dict) -> tuple[str, int]:
    """gunicorn on a free port with ``env``, its log in folder/gunicorn.log; its address and
    its master's pid once it serves the home page."""
    folder.mkdir()
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--no-control-socket"]
    process = start(stack, command, folder / "gunicorn.log", env=env)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/en/", {"gunicorn": process}, folder, headers=HTTPS)
    return base, process.pid


def warm(base: str, pages: dict):
    """Each page asked once: in the page cache (when it is on) and the app's own caches, as on
    a site that has been running."""
    for path in pages.values():
        send(base, "warm", "GET", path)


def worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def prepare_database(postgres: PostgresCluster):
    """cid_faults created on the throwaway cluster, migrated, seeded; static files collected."""
    with psycopg.connect(postgres.url("postgres"), autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {DATABASE}")
    for step in (
        ("migrate", "--noinput", "--verbosity", "0"),
        ("seed_demo", "--verbosity", "0"),
        ("collectstatic", "--noinput", "--verbosity", "0"),
    ):
        began = time.monotonic()
        manage(*step)
        print(f"  {step[0]}: {time.monotonic() - began:.1f} s")


def sql(postgres: PostgresCluster, statement: str, parameters=None) -> list:
    """Run one statement on cid_faults in a connection of its own; its rows, if any."""
    with psycopg.connect(postgres.url(DATABASE), autocommit=True) as connection:
        cursor = connection.execute(statement, parameters)
        return cursor.fetchall() if cursor.description else []


@dataclass
class Context:
    """What every scenario is given."""

    tmp: Path
    env: dict
    postgres: PostgresCluster
    redis: RedisServer
    pages: dict  # name → path, each read from the database
    comment_page: int  # id of a live English story, which takes comments
    city: str  # slug of a partner city, for the story form
    media_root: Path


def site_facts() -> tuple[dict, int, str]:
    """The pages to load (bench/throughput.py's), a story to comment on and a city's slug,
    found with Django in this process."""
    _static, pages = urls()  # sets Django up
    from django.db import connections
    from wagtail.models import Locale

    from home.models.pages import city_choices
    from stories.models import StoryPage

    story = StoryPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    city = city_choices(Locale.objects.get(language_code="en"))[0][0]
    connections.close_all()
    return pages, story.pk, city


# Checks ----------------------------------------------------------------------------------------


class Checks:
    """PASS or FAIL lines, printed as they are made and counted."""

    def __init__(self):
        self.failed = []
        self.count = 0

    def check(self, label: str, passed: bool, measured: str = ""):
        self.count += 1
        if not passed:
            self.failed.append(label)
        print(f"  {'PASS' if passed else 'FAIL'}  {label}{': ' + measured if measured else ''}")


def phase_of(answer: Answer, fault: float, back: float) -> str:
    """The answer's phase: "before" if it ended before the fault began, "after" if it was sent
    once the service was back, else "during" (sent or still running while it failed)."""
    if answer.ended < fault:
        return "before"
    if answer.started >= back:
        return "after"
    return "during"


def print_table(answers: list, fault: float, back: float):
    """Answers by kind and phase: their outcomes (status or error) with counts, and the median
    and longest time to the answer."""
    table = {}
    for answer in answers:
        table.setdefault((answer.kind, phase_of(answer, fault, back)), []).append(answer)
    print(f"    {'kind':<8} {'phase':<7} {'answers':<32} {'p50 ms':>8} {'max ms':>8}")
    for kind in dict.fromkeys(answer.kind for answer in answers):
        for phase in ("before", "during", "after"):
            cell = table.get((kind, phase), [])
            if not cell:
                continue
            counts = Counter(answer.outcome for answer in cell)
            outcomes = " ".join(f"{k}×{v}" for k, v in sorted(counts.items()))
            times = [(answer.ended - answer.started) * 1000 for answer in cell]
            print(
                f"    {kind:<8} {phase:<7} {outcomes:<32} {statistics.median(times):>8.0f} "
                f"{max(times):>8.0f}"
            )


def recovery(answers: list, back: float, healthy) -> tuple[float | None, float]:
    """Of the answers sent once the service was back: seconds from ``back`` to the first one
    that was ``healthy``, and to the end of the last one that was not (0 when none)."""
    after = sorted((a for a in answers if a.started >= back), key=lambda a: a.started)
    first = next((a.ended - back for a in after if healthy(a)), None)
    last_bad = max((a.ended - back for a in after if not healthy(a)), default=0.0)
    return first, last_bad


def seconds(value: float | None) -> str:
    return "never" if value is None else f"+{value:.2f} s"


def log_lines(log: Path, *patterns: str) -> list[str]:
    text = log.read_text(errors="replace").splitlines()
    return [line for line in text if any(pattern in line for pattern in patterns)]


def shown(line: str) -> str:
    """A log line to print: a JSON record (production's format) as its level, logger, message
    and the last line of its traceback; a text line as it is. At most 200 characters."""
    if not line.startswith("{"):
        return line[:200]
    record = json.loads(line)
    traceback_end = (record.get("exc_info") or "").strip().splitlines()[-1:]
    parts = [record.get("level", ""), f"{record.get('logger', '')}:", record.get("message", "")]
    return " ".join(parts + traceback_end)[:200]


def same_workers(checks: Checks, master: int, before: set, log: Path):
    after = worker_pids(master)
    booted = len(log_lines(log, "Booting worker"))
    checks.check(
        "gunicorn not restarted: same worker processes",
        after == before and booted == WORKERS,
        f"pids {sorted(before)} → {sorted(after)}, {booted} workers booted in all",
    )


# 1. Redis stopped -----------------------------------------------------------------------------


def scenario_redis(context: Context, checks: Checks):
    folder = context.tmp / "redis"
    marker = f"faults-redis-{uuid.uuid4().hex[:8]}"
    with ExitStack() as stack:
        base, master = gunicorn(stack, folder, context.env)
        pids = worker_pids(master)
        log = folder / "gunicorn.log"
        page_id = context.comment_page
        started = form_start_time(base, f"/en/participate/comments/{page_id}/")
        warm(base, context.pages)
        time.sleep(3)  # the form's minimum fill time
        commenter = Commenter(base, page_id, marker, started)
        makers = [
            *(lambda p=path: send(base, "page", "GET", p) for path in context.pages.values()),
            lambda: send(base, "health", "GET", "/health/"),
            commenter.post,
        ]
        with Load(makers) as load:
            time.sleep(5)
            fault = time.monotonic()
            context.redis.stop()
            down = time.monotonic()
            # One address sends BURST comments, one after the other, while Redis is down.
            burst = [commenter.post(address="192.0.2.1") for _ in range(BURST)]
            time.sleep(max(0, down + 10 - time.monotonic()))  # down 10 s at least
            restarting = time.monotonic()
            context.redis.start()
            back = time.monotonic()
            time.sleep(8)
        answers = load.answers
        burst_time = burst[-1].ended - burst[0].started
        print(
            f"    Redis stopped after 5 s of load ({CLIENTS} clients), for "
            f"{restarting - down:.1f} s ({BURST} comments from one address took {burst_time:.1f} s)"
        )
        print_table(answers, fault, back)

        all_answers = answers + burst
        server_errors = [a for a in all_answers if a.status is None or a.status >= 500]
        checks.check(
            "no 5xx and no dropped connection",
            not server_errors,
            f"{len(server_errors)} of {len(all_answers)}"
            + (f" ({Counter(a.outcome for a in server_errors)})" if server_errors else ""),
        )
        while_down = [a for a in answers if a.started >= down and a.ended < restarting]
        pages = [a for a in while_down if a.kind == "page"]
        checks.check(
            "pages 200 while Redis was down",
            bool(pages) and all(a.status == 200 for a in pages),
            f"{sum(a.status == 200 for a in pages)} of {len(pages)}",
        )
        health_down = [a for a in while_down if a.kind == "health"]
        checks.check(
            '/health/ 200 "degraded" while Redis was down',
            bool(health_down)
            and all(a.status == 200 and a.health == "degraded" for a in health_down),
            " ".join(
                f"{k}×{v}"
                for k, v in Counter(f"{a.outcome} {a.health}" for a in health_down).items()
            ),
        )
        health_before = [a for a in answers if a.kind == "health" and a.ended < fault]
        checks.check(
            '/health/ 200 "ok" before',
            bool(health_before)
            and all(a.status == 200 and a.health == "ok" for a in health_before),
            f"{len(health_before)} asked",
        )
        first_ok, last_bad = recovery(
            [a for a in answers if a.kind == "health"], back, lambda a: a.health == "ok"
        )
        checks.check(
            f'/health/ "ok" again within {RECOVERY_LIMIT:.0f} s of Redis starting',
            first_ok is not None and last_bad <= RECOVERY_LIMIT,
            f"first ok {seconds(first_ok)}, last not ok {seconds(last_bad)}",
        )
        pages_after = [a for a in answers if a.kind == "page" and a.started >= back]
        checks.check(
            "pages 200 after Redis is back",
            bool(pages_after) and all(a.status == 200 for a in pages_after),
            f"{sum(a.status == 200 for a in pages_after)} of {len(pages_after)}",
        )
        comments_down = [a for a in while_down if a.kind == "comment"]
        checks.check(
            "comments from new addresses while Redis was down: 303 (accepted)",
            bool(comments_down) and all(a.status == 303 for a in comments_down),
            " ".join(f"{k}×{v}" for k, v in Counter(a.outcome for a in comments_down).items()),
        )
        accepted = sum(a.status == 303 for a in burst)
        refused = sum(a.status == 429 for a in burst)
        checks.check(
            f"{BURST} comments from one address while Redis was down: counted per process, "
            f"at most {COMMENT_LIMIT} × {WORKERS} workers accepted, the rest 429",
            COMMENT_LIMIT <= accepted <= COMMENT_LIMIT * WORKERS and accepted + refused == BURST,
            f"303×{accepted} 429×{refused}"
            + (
                f" other: {Counter(a.outcome for a in burst if a.status not in (303, 429))}"
                if accepted + refused != BURST
                else ""
            ),
        )
        sent_ok = sum(a.kind == "comment" and a.status == 303 for a in all_answers)
        stored = sql(
            context.postgres,
            "SELECT count(*) FROM participation_comment WHERE text LIKE %s",
            [marker + " %"],
        )[0][0]
        checks.check(
            "every comment answered 303 is in the database",
            stored == sent_ok,
            f"303 answers {sent_ok}, rows {stored}",
        )
        # django-redis logs "Exception ignored" and the traceback for each failed cache call.
        ignored = log_lines(log, "Exception ignored")
        refused = log_lines(log, "redis.exceptions.ConnectionError: Error 111")
        fallback = log_lines(log, "counted in this process")
        cache_down = log_lines(log, "Health check: the cache did not answer")
        checks.check(
            "the Redis errors are in the gunicorn log",
            bool(ignored) and bool(fallback) and bool(cache_down),
            f"{len(ignored)} cache calls failed, {len(fallback)} rate limit fallback "
            f"warnings, {len(cache_down)} health check errors",
        )
        for line in refused[:1] + fallback[:1] + cache_down[:1]:
            print(f"        log: {shown(line)}")
        same_workers(checks, master, pids, log)
        report_500s(log)


def report_500s(log: Path):
    """Show the first 500 in gunicorn's log with the traceback Django logged for it."""
    lines = log.read_text(errors="replace").splitlines()
    first = next((n for n, line in enumerate(lines) if "Internal Server Error" in line), None)
    if first is None:
        return
    if lines[first].startswith("{"):  # a JSON record holds its traceback
        record = json.loads(lines[first])
        detail = [record.get("message", ""), *(record.get("exc_info") or "").splitlines()]
    else:
        detail = lines[first : first + 40]
    print("    first 500 in the gunicorn log:")
    print("      " + "\n      ".join(detail[:40]))


# 2. PostgreSQL restarted -----------------------------------------------------------------------


def scenario_postgres(context: Context, checks: Checks):
    folder = context.tmp / "postgres"
    env = {**context.env, "PAGE_CACHE_SECONDS": "0"}  # every page read from the database
    with ExitStack() as stack:
        base, master = gunicorn(stack, folder, env)
        pids = worker_pids(master)
        log = folder / "gunicorn.log"
        warm(base, context.pages)
        makers = [
            *(lambda p=path: send(base, "page", "GET", p) for path in context.pages.values()),
            lambda: send(base, "health", "GET", "/health/"),
        ]
        for variant in ("restart -m fast", "stop -m fast, down 5 s, start"):
            with Load(makers) as load:
                time.sleep(4)
                fault = time.monotonic()
                if variant.startswith("restart"):
                    context.postgres.restart("fast")
                    down = up = None
                else:
                    context.postgres.stop("fast")
                    down = time.monotonic()
                    time.sleep(5)
                    up = time.monotonic()
                    context.postgres.start()
                back = time.monotonic()
                time.sleep(8)
            answers = load.answers
            print(
                f"\n    {variant}: the database was back {back - fault:.2f} s after the fault began"
            )
            print_table(answers, fault, back)
            check_postgres_variant(checks, variant, answers, fault, down, up, back)
        same_workers(checks, master, pids, log)
        tracebacks = log_lines(log, "OperationalError", "InterfaceError")
        print(f"    gunicorn log: {len(tracebacks)} lines naming OperationalError/InterfaceError")
        for line in tracebacks[:2]:
            print(f"        log: {shown(line)}")
        internal = log_lines(log, "Internal Server Error")
        if internal:
            print(f"    gunicorn log: {len(internal)} 'Internal Server Error' lines, e.g.:")
            for line in internal[:3]:
                print(f"        log: {shown(line)}")


def clean_503(answer: Answer) -> bool:
    """The 503 the app promises: /health/'s JSON, or the HTML page with Retry-After."""
    if answer.status != 503:
        return False
    if answer.kind == "health":
        return answer.health == "unavailable"
    return bool(answer.retry_after) and answer.content_type.startswith("text/html")


def check_postgres_variant(checks, variant, answers, fault, down, up, back):
    failing = [a for a in answers if a.status != 200]
    unclean = [a for a in failing if not clean_503(a)]
    checks.check(
        f"{variant}: every answer not 200 is a clean 503 (page with Retry-After, health JSON)",
        not unclean,
        f"{len(failing)} not 200, of which not a clean 503: {len(unclean)}"
        + (f" ({describe(unclean)})" if unclean else ""),
    )
    if down is not None:
        health_down = [
            a for a in answers if a.kind == "health" and a.started >= down and a.ended < up
        ]
        checks.check(
            f"{variant}: /health/ 503 while the database was down",
            bool(health_down) and all(a.status == 503 for a in health_down),
            " ".join(f"{k}×{v}" for k, v in Counter(a.outcome for a in health_down).items()),
        )
    first_ok, last_bad = recovery(answers, back, lambda a: a.status == 200)
    checks.check(
        f"{variant}: 200 again within {RECOVERY_LIMIT:.0f} s of the database being back, "
        "and from then on",
        first_ok is not None and last_bad <= RECOVERY_LIMIT,
        f"first 200 {seconds(first_ok)}, last failure {seconds(last_bad)}",
    )


def describe(answers: list) -> str:
    counts = Counter(
        f"{a.kind} {a.outcome}"
        + (" no Retry-After" if a.status == 503 and not a.retry_after else "")
        for a in answers
    )
    return ", ".join(f"{k}×{v}" for k, v in counts.items())


# 3. A post that fails mid-transaction -----------------------------------------------------------

# The tables a story (story_submission.submit_story) or a comment writes to.
WRITTEN_TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailcore_pagelogentry",
    "wagtailcore_workflowstate",
    "wagtailcore_taskstate",
    "wagtailimages_image",
    "participation_storysubmission",
    "participation_comment",
]
# What a story with a photo adds, one row each (and one file); it adds log entries too.
ONE_EACH = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailcore_workflowstate",
    "wagtailimages_image",
    "participation_storysubmission",
]

SLOW_INSERT = """
CREATE OR REPLACE FUNCTION faults_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_sleep({seconds});
    RETURN NEW;
END $$;
CREATE TRIGGER faults_slow_insert BEFORE INSERT ON {table}
    FOR EACH ROW EXECUTE FUNCTION faults_slow_insert();
"""


def snapshot(context: Context) -> dict:
    """Rows in each of WRITTEN_TABLES, and the files under MEDIA_ROOT."""
    counts = {
        table: sql(context.postgres, f"SELECT count(*) FROM {table}")[0][0]
        for table in WRITTEN_TABLES
    }
    return {**counts, "files": media_files(context)}


def media_files(context: Context) -> set:
    return {str(p.relative_to(context.media_root)) for p in context.media_root.rglob("*")}


def changes(before: dict, after: dict) -> dict:
    """What changed: rows per table (the difference), and files added or removed."""
    changed = {t: after[t] - before[t] for t in WRITTEN_TABLES if after[t] != before[t]}
    added, removed = after["files"] - before["files"], before["files"] - after["files"]
    if added:
        changed["files added"] = sorted(added)
    if removed:
        changed["files removed"] = sorted(removed)
    return changed


def photo_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def multipart(fields: dict, files: dict) -> tuple[str, bytes]:
    """A multipart/form-data body: its Content-Type and bytes. ``files``: name →
    (filename, content type, bytes)."""
    boundary = f"faults{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def post_story(context: Context, base: str, started: str, title: str, address: str) -> Answer:
    fields = {
        "title": title,
        "text": "A first paragraph that introduces the story.\n\nA second one.",
        "language": "en",
        "city": context.city,
        "photo_description": "A blue rectangle",
        "name": "Fault test",
        "email": "",
        "consent_publication": "on",
        "consent_privacy": "on",
        "website": "",
        "started": started,
    }
    content_type, body = multipart(fields, {"photo": ("photo.png", "image/png", photo_png())})
    headers = {
        "Origin": f"https://{urlsplit(base).netloc}",
        "Content-Type": content_type,
        "X-Forwarded-For": address,
    }
    return send(base, "story", "POST", "/en/participate/share-your-story/", headers, body)


def while_sleeping(context: Context, post) -> tuple[Answer, set, float | None]:
    """Send ``post()`` in a thread; once its transaction is in the trigger's pg_sleep, restart
    PostgreSQL (fast: the transaction is ended). Returns the answer, what had changed under
    MEDIA_ROOT while it slept (the photo written), and when the sleep was found."""
    result = []
    thread = threading.Thread(target=lambda: result.append(post()), daemon=True)
    began = time.monotonic()
    files_before = media_files(context)
    thread.start()
    found = None
    while found is None and time.monotonic() - began < 20:
        sleeping = sql(
            context.postgres, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'"
        )
        if sleeping[0][0]:
            found = time.monotonic() - began
        else:
            time.sleep(0.1)
    written = media_files(context) - files_before
    if found is not None:
        context.postgres.restart("fast")
    thread.join()
    return result[0], written, found


def scenario_transaction(context: Context, checks: Checks):
    folder = context.tmp / "transaction"
    with ExitStack() as stack:
        base, _master = gunicorn(stack, folder, context.env)
        log = folder / "gunicorn.log"
        story_started = form_start_time(base, "/en/participate/share-your-story/")
        comment_path = f"/en/participate/comments/{context.comment_page}/"
        comment_started = form_start_time(base, comment_path)
        time.sleep(3)
        title = f"Faults story {uuid.uuid4().hex[:8]}"

        # The story, held in its transaction by a trigger on StorySubmission, the last insert.
        sql(
            context.postgres,
            SLOW_INSERT.format(seconds=SLEEP_IN_TRANSACTION, table="participation_storysubmission"),
        )
        before = snapshot(context)
        answer, written, found = while_sleeping(
            context, lambda: post_story(context, base, story_started, title, "10.9.0.1")
        )
        after = snapshot(context)
        print(
            f"    story post: in pg_sleep {seconds(found)} after it was sent, files written by "
            f"then: {sorted(written) or 'none'}; answer {answer.outcome} (Retry-After "
            f"{answer.retry_after}) after {answer.ended - answer.started:.2f} s"
        )
        checks.check(
            "the fault struck inside the story's transaction, after its photo was stored",
            found is not None and bool(written),
            f"sleeping found: {found is not None}, new files: {len(written)}",
        )
        checks.check(
            "the story post answered 503 with Retry-After",
            answer.status == 503 and bool(answer.retry_after),
            f"{answer.outcome}, Retry-After {answer.retry_after}",
        )
        checks.check(
            "nothing of the story left: no page, revision, log entry, workflow state, image, "
            "submission or file",
            not changes(before, after),
            str(changes(before, after) or "no change"),
        )
        sql(context.postgres, "DROP TRIGGER faults_slow_insert ON participation_storysubmission")

        # The same story again, the database back: all of it is there.
        before = snapshot(context)
        answer = post_story(context, base, story_started, title, "10.9.0.2")
        after = snapshot(context)
        added = changes(before, after)
        checks.check(
            "the same story sent again afterwards: 303, and its rows and file are there",
            answer.status == 303
            and all(added.get(table) == 1 for table in ONE_EACH)
            and len(added.get("files added", [])) == 1,
            f"{answer.outcome}, {added}",
        )

        # A comment: one INSERT, nothing multi-row; held the same way, it must leave no row.
        sql(
            context.postgres,
            SLOW_INSERT.format(seconds=SLEEP_IN_TRANSACTION, table="participation_comment"),
        )
        commenter = Commenter(base, context.comment_page, "faults-transaction", comment_started)
        before = snapshot(context)
        answer, _written, found = while_sleeping(context, lambda: commenter.post("10.9.0.3"))
        after = snapshot(context)
        sql(context.postgres, "DROP TRIGGER faults_slow_insert ON participation_comment")
        sql(context.postgres, "DROP FUNCTION faults_slow_insert()")
        checks.check(
            "a comment whose INSERT is ended: 503 with Retry-After, no row",
            found is not None
            and answer.status == 503
            and bool(answer.retry_after)
            and not changes(before, after),
            f"{answer.outcome}, Retry-After {answer.retry_after}, "
            f"{changes(before, after) or 'no change'}",
        )
        report_500s(log)


# Main ------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario", action="append", choices=SCENARIOS, help="run only this one (repeatable)"
    )
    args = parser.parse_args()
    chosen = args.scenario or SCENARIOS
    # Stopped with kill as with Ctrl-C: the servers are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    checks = Checks()
    began = time.monotonic()
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cid-faults-")))
        media_root = tmp / "media"
        media_root.mkdir()
        print("setting up")
        postgres = PostgresCluster(stack)
        redis = RedisServer(stack, tmp)
        print(f"  PostgreSQL on 127.0.0.1:{postgres.port}, Redis on 127.0.0.1:{redis.port}")
        env = {
            **production_env(),
            "DATABASE_URL": postgres.url(DATABASE),
            "REDIS_URL": redis.url(),
            "MEDIA_ROOT": str(media_root),
            "CONN_MAX_AGE": "60",
            "PARTICIPATION_TRUSTED_PROXIES": "1",
        }
        os.environ.update(env)  # for manage.py and Django in this process
        prepare_database(postgres)
        pages, comment_page, city = site_facts()
        print(f"  pages: {', '.join(pages.values())}; comments on page {comment_page}; city {city}")
        print(f"  set up in {time.monotonic() - began:.1f} s")
        context = Context(
            tmp, dict(os.environ), postgres, redis, pages, comment_page, city, media_root
        )
        scenarios = {
            "redis": ("1. Redis stopped under load", scenario_redis),
            "postgres": ("2. PostgreSQL restarted under load", scenario_postgres),
            "transaction": ("3. A post that fails mid-transaction", scenario_transaction),
        }
        for name in chosen:
            title, scenario = scenarios[name]
            print(f"\n{title}")
            scenario_began = time.monotonic()
            scenario(context, checks)
            print(f"  ({time.monotonic() - scenario_began:.1f} s)")
    print(
        f"\n{checks.count - len(checks.failed)} of {checks.count} checks passed "
        f"in {time.monotonic() - began:.1f} s."
    )
    for label in checks.failed:
        print(f"  FAILED: {label}")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
