"""Load test (issue 13): anonymous reads and comment posts at 64 connections through the
production setup, then every comment the client was told was accepted looked for in the database.

    .venv/bin/python bench/load.py [--duration 30] [--post-share 0.1] [--addresses 200]
                                   [--workers N] [--keep-db]
    .venv/bin/python bench/load.py --quick   # 15 s of load, to try it

The setup is production's: config.settings.production, gunicorn with deploy/gunicorn.conf.py
(sync workers, the app preloaded, JSON logs) behind nginx with the shipped configuration
(deploy/local_nginx.py), which sends ``X-Forwarded-Proto: https`` to gunicorn itself, so Django
sees HTTPS. ``--workers`` is passed as WEB_CONCURRENCY; by default what that file would pick,
2 × CPUs + 1. The database ``cid_load`` on PostgreSQL at 127.0.0.1:5432 (user postgres, trust)
is dropped, created, migrated and filled with ``seed_demo``; with ``--keep-db`` an existing one
is only migrated (drop it with ``dropdb -h 127.0.0.1 -U postgres cid_load``). Its uploaded files
are in $TMPDIR/cid_load-media. The cache is Redis database 4, emptied first. Nothing is warmed:
gunicorn has answered only /health/ and the comment form, and the page cache
(PAGE_CACHE_SECONDS, on by default) and nginx's start empty, as after a deployment, so the first
seconds are a cold start. Only the images' renditions are made beforehand, as a running site
has them (``make_renditions``).

The load is ``wrk -t2 -c64 -d<duration>s --timeout 10s`` with bench/wrk/load.lua on nginx at
127.0.0.1: home pages in four languages, the stories and events listings, a story, an event,
a handbook chapter and a search, and ``--post-share`` of the requests (10 %) comment posts to
three stories. The app runs with PARTICIPATION_TRUSTED_PROXIES=2, as if a CDN stood in front of
nginx, and each post says which of ``--addresses`` simulated clients sent it in
``X-Forwarded-For``; half the posts come from ten busy addresses, which run into the limit. The
limit is production's, PARTICIPATION_COMMENT_RATE (10 per 10 minutes per address unless set in
the environment). Posting stops 5 s before the end (half the run at most), so that every post
has been answered when wrk stops. A post costs the app far more than a read from nginx's cache,
so while posts are sent they set the pace: requests per second are shown for both phases.
Before the load, the comment form is fetched once for its signed start time, and after
PARTICIPATION_MIN_FILL_SECONDS one post from an address outside the pool checks that the form
accepts the posts (it is not counted).

Afterwards the comments whose text carries this run's mark are counted in the database. The
targets, each printed with PASS or FAIL (exit 1 if one is missed):

- every post sent was answered, and answered 303 (accepted) or 429 (refused), nothing else;
- every read answered 2xx; no 5xx at all; no socket error (connect, read, write). Answers
  slower than 10 s (wrk's timeouts, which it lists with the socket errors) are counted and
  shown, not a target: the cold start makes some on a busy machine (each new worker's first
  request imports the URLconf and fills Django's URL resolver, seconds of CPU);
- comments in the database = posts accepted, each text once (nothing lost, nothing extra);
- per address, accepted ≤ the limit × the rate windows the run touched (django-ratelimit's
  fixed windows end at a different second for each address, so one may end during the run),
  and accepted ≥ min(posts sent, limit): no post refused before its address reached the limit.
  In total, accepted ≤ addresses × limit (× windows).

Takes the duration plus about 30 s, and a few minutes more to set up a new database. The load
average is printed before and after: other work on the machine changes the figures. Needs
PostgreSQL and Redis running, wrk at /usr/bin/wrk, nginx at /usr/sbin/nginx with Debian's cache
purge module, and gunicorn (the dev extra).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from contextlib import ExitStack
from pathlib import Path

from serving import ROOT, free_port, log_tail, start, wait_until_up
from throughput import command_output, manage, production_env

sys.path.insert(0, str(ROOT))

from deploy import local_nginx

WRK = "/usr/bin/wrk"
LOAD_LUA = ROOT / "bench" / "wrk" / "load.lua"
DATABASE = "cid_load"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/4"  # 2 is bench/lighthouse.py's, 3 bench/throughput.py's
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"{DATABASE}-media"
THREADS, CONNECTIONS = 2, 64
TRUSTED_PROXIES = 2  # a CDN, then nginx: each appends to X-Forwarded-For
PREFLIGHT_ADDRESS = "192.0.2.1"  # outside the pool the load posts from (198.18.0.0/15)
WRK_TIMEOUT = 10  # seconds: wrk counts a slower answer as a timeout (its default is 2)
POSTING_MARGIN = 5  # seconds at the end with reads only (at most half the run): longer than
# any answer should take


def load_average() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def margin(args) -> float:
    """Seconds at the end of the run with reads only."""
    return min(POSTING_MARGIN, args.duration / 2)


def load_env(args) -> dict:
    """production_env (bench/throughput.py) on this script's database and Redis database."""
    return {
        **production_env(),
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(MEDIA_ROOT),
        "PARTICIPATION_TRUSTED_PROXIES": str(TRUSTED_PROXIES),
    }


def empty_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def prepare_database(keep: bool):
    """cid_load migrated and seeded (kept as it is with ``keep``, if it exists)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        exists = found.fetchone() is not None
        if not (keep and exists):
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {DATABASE}")
    new = not (keep and exists)
    if new:
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    print(f"database {DATABASE}: {'new, migrating and seeding' if new else 'kept, migrating'}")
    manage("migrate", "--noinput", "--verbosity", "0")
    if new:
        manage("seed_demo", "--verbosity", "0")
    manage("collectstatic", "--noinput", "--verbosity", "0")


def site() -> tuple:
    """What the load asks for, found with Django in this process: the pages read (paths, each
    checked to answer 200), the comment form of each story posted to, the rate limit (count,
    seconds, as set) and PARTICIPATION_MIN_FILL_SECONDS."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections
    from django.urls import reverse
    from django.utils import translation
    from django_ratelimit.core import _split_rate  # how the app's limit reads the setting

    from events.models import EventPage
    from handbook.models import HandbookChapterPage
    from stories.models import StoryPage

    def english(model):
        return model.objects.live().filter(locale__language_code="en").order_by("path")

    def path_of(model):
        page = english(model).first()
        if page is None:
            sys.exit(f"No live English {model.__name__} in {DATABASE}: run without --keep-db.")
        return urllib.parse.urlsplit(page.url).path

    reads = ["/en/", "/sv/", "/de/", "/ar/", "/en/stories/", "/en/events/"]
    reads += [path_of(StoryPage), path_of(EventPage), path_of(HandbookChapterPage)]
    reads += ["/en/search/?q=dialogue"]
    stories = [story for story in english(StoryPage) if story.comments_open][:3]
    if not stories:
        sys.exit(f"No English story open for comments in {DATABASE}.")
    with translation.override("en"):
        posts = [reverse("participation:comment", args=[story.pk]) for story in stories]
    rate = settings.PARTICIPATION_COMMENT_RATE
    limit, period = _split_rate(rate)
    make_renditions(reads)
    connections.close_all()
    return reads, posts, (limit, period, rate), settings.PARTICIPATION_MIN_FILL_SECONDS


def make_renditions(reads: list):
    """Each page read rendered once in this process, so that its images' renditions exist, as on
    a site that has been running: they are made when first shown, and an AVIF one takes seconds
    (on a new database the first answers would take longer than the run). The cache this fills
    is emptied before the load; gunicorn and nginx are not involved."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    for path in reads:
        status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path} answered {status}, not 200.")


def gunicorn(stack: ExitStack, tmp: Path, workers: int) -> int:
    """gunicorn as in production (deploy/gunicorn.conf.py) on a free port, with this process's
    environment and ``workers`` workers; its port once /health/ answers."""
    port = free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--config", str(ROOT / "deploy" / "gunicorn.conf.py")]
    process = start(stack, command, tmp / "gunicorn.log", env=env)
    health = f"http://127.0.0.1:{port}/health/"
    wait_until_up(health, {"gunicorn": process}, tmp, headers={"X-Forwarded-Proto": "https"})
    return port


def nginx(stack: ExitStack, tmp: Path, app_port: int, purge_port: int) -> str:
    """The shipped nginx configuration in front of gunicorn; its address."""
    port = free_port()
    conf = local_nginx.render(
        tmp,
        listen_port=port,
        app_port=app_port,
        purge_port=purge_port,
        static_root=ROOT / "staticfiles",
        media_root=MEDIA_ROOT,
    )
    local_nginx.start(stack, conf, port=port)
    return f"http://127.0.0.1:{port}"


def form_start_time(base: str, post_path: str) -> str:
    """The signed start time in the comment form, as a reader's browser gets it."""
    with urllib.request.urlopen(base + post_path, timeout=30) as response:
        html = response.read().decode()
    found = re.search(r'name="started" value="([^"]+)"', html)
    if found is None:
        sys.exit(f"No started field in the comment form at {base}{post_path}.")
    return found.group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """The redirect itself as the answer (an HTTPError), not the page it leads to."""

    def redirect_request(self, *args, **kwargs):
        return None


def post_comment(base: str, path: str, origin: str, started: str, address: str, text: str):
    """One comment as the load sends it; the status and the Location header."""
    body = urllib.parse.urlencode(
        {"name": f"Load {address}", "email": "", "text": text, "consent": "on"}
        | {"reply_to": "", "website": "", "started": started}
    ).encode()
    headers = {"Origin": origin, "X-Forwarded-For": address}
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def wrk(base: str, args, arguments: list, tmp: Path) -> dict:
    command = [WRK, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{args.duration}s", "--latency"]
    command += ["--timeout", f"{WRK_TIMEOUT}s"]
    command += ["-s", str(LOAD_LUA), base, "--", *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        sys.exit(f"wrk failed:\n{result.stdout}{result.stderr}\n{log_tail(tmp / 'gunicorn.log')}")
    return json.loads(lines[-1])


def comments_in_database(run: str) -> dict:
    """This run's comments: how many, how many different texts, and how many per address."""
    import psycopg

    mark = f"Load test {run}: %"
    with psycopg.connect(f"{POSTGRES}/{DATABASE}") as connection:
        total, texts = connection.execute(
            "SELECT count(*), count(DISTINCT text) FROM participation_comment WHERE text LIKE %s",
            [mark],
        ).fetchone()
        per_name = connection.execute(
            "SELECT name, count(*) FROM participation_comment WHERE text LIKE %s GROUP BY name",
            [mark],
        ).fetchall()
    per_address = {name.removeprefix("Load "): count for name, count in per_name}
    return {"total": total, "texts": texts, "per_address": per_address}


def windows(address: str, period: int, began: float, ended: float) -> int:
    """How many of django-ratelimit's windows for ``address`` the time from ``began`` to
    ``ended`` touches. Its windows are fixed, but each address's end ``crc32(address) % period``
    seconds past each multiple of the period (django_ratelimit.core._get_window)."""
    began, ended = int(began), int(ended)
    end = began - began % period + zlib.crc32(address.encode()) % period
    if end < began:
        end += period
    count = 1
    while end < ended:
        count += 1
        end += period
    return count


def app_log_problems(log: Path) -> dict:
    """What the app and gunicorn logged at WARNING or above (one JSON object a line, LOG_FORMAT
    json as in production): "level logger: message (exception)" → how many, numbers as N."""
    found = {}
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = {"level": "TEXT", "logger": "(not JSON)", "message": line}
        if not isinstance(record, dict) or record.get("level") in ("DEBUG", "INFO"):
            continue
        message = f"{record.get('level')} {record.get('logger')}: {record.get('message')}"
        if record.get("exc_info"):
            message += f" ({record['exc_info'].strip().splitlines()[-1]})"
        message = re.sub(r"\d+", "N", message)[:160]
        found[message] = found.get(message, 0) + 1
    return found


def check(result: dict, stored: dict, rate: tuple, began: float, ended: float) -> list:
    """The targets: (label, value, "= 0" or "≤ 0")."""
    count, sent_from = result["count"], result["sent_from"]
    limit, period, _ = rate
    accepted = count["posts_accepted"]
    answered = accepted + count["posts_refused"] + count["posts_other"]
    reads_not_2xx = count["reads_3xx"] + count["reads_4xx"] + count["reads_5xx"]
    fives = count["reads_5xx"] + sum(
        number for key, number in result["statuses"].items() if key.startswith("post 5")
    )
    errors = sum(result[key] for key in ("connect", "read", "write"))
    allowed = {address: limit * windows(address, period, began, ended) for address in sent_from}
    over = [a for a, n in stored["per_address"].items() if n > allowed.get(a, limit)]
    refused_early = [
        address
        for address, sent in sent_from.items()
        if stored["per_address"].get(address, 0) < min(sent, limit)
    ]
    return [
        ("posts unanswered when wrk stopped", count["posts_sent"] - answered, "= 0"),
        ("posts answered neither 303 nor 429", count["posts_other"], "= 0"),
        ("reads answered other than 2xx", reads_not_2xx, "= 0"),
        ("responses 5xx", fives, "= 0"),
        ("socket errors (connect, read, write)", errors, "= 0"),
        ("comments in the database − posts accepted", stored["total"] - accepted, "= 0"),
        ("comments stored twice (same text)", stored["total"] - stored["texts"], "= 0"),
        ("addresses with more accepted than the limit", len(over), "= 0"),
        ("addresses refused before the limit", len(refused_early), "= 0"),
        (
            "accepted − addresses × limit (× windows)",
            accepted - sum(allowed.values()),
            "≤ 0",
        ),
    ]


def report(args, result: dict, stored: dict, rate: tuple, phases: tuple, app_errors: dict):
    """The figures; ``phases``: the seconds with posts, then with reads only."""
    count = result["count"]
    posting, reading = phases
    answered_while_posting = count["answered_while_posting"]
    reads_only = result["requests"] - answered_while_posting
    limit, period, rate_setting = rate
    posted_from = len(result["sent_from"])
    at_limit = sum(1 for n in stored["per_address"].values() if n >= limit)
    rows = [
        ("duration", f"{args.duration} s (posts until {margin(args):g} s before the end)"),
        ("connections", f"wrk -t{THREADS} -c{CONNECTIONS}, nginx in front"),
        ("gunicorn", f"{args.workers} sync workers"),
        (
            "requests",
            f"{result['requests']} answered; sent {count['reads_sent']} reads, "
            f"{count['posts_sent']} posts (--post-share {args.post_share:g})",
        ),
        (
            "requests/s",
            f"{result['rps']:.1f} over the run: {answered_while_posting / posting:.1f} "
            f"while posting ({posting:.0f} s), {reads_only / reading:.1f} after",
        ),
        ("posts/s while posting", f"{count['posts_sent'] / posting:.1f}"),
        (
            "latency p50 / p99 / max",
            f"{result['p50_ms']:.1f} / {result['p99_ms']:.1f} / {result['max_ms']:.1f} ms",
        ),
        (
            "reads 2xx / 3xx / 4xx / 5xx",
            f"{count['reads_2xx']} / {count['reads_3xx']} / "
            f"{count['reads_4xx']} / {count['reads_5xx']}",
        ),
        (
            "posts accepted / refused / other",
            f"{count['posts_accepted']} / {count['posts_refused']} / {count['posts_other']}",
        ),
        ("comments in the database", f"{stored['total']} ({stored['texts']} different texts)"),
        (
            "rate limit",
            f"PARTICIPATION_COMMENT_RATE={rate_setting} ({limit} per {period} s per address)",
        ),
        ("addresses", f"{posted_from} posted of {args.addresses}; {at_limit} reached the limit"),
        (
            "socket errors",
            f"connect {result['connect']}, read {result['read']}, write {result['write']}",
        ),
        ("answers slower than 10 s", f"{result['timeout']} (wrk's timeouts; not a target)"),
    ]
    print()
    for label, value in rows:
        print(f"{label:<34} {value}")
    if result["statuses"]:
        print(
            "unexpected answers: " + ", ".join(f"{k}: {n}" for k, n in result["statuses"].items())
        )
    if app_errors:
        print("\napp and gunicorn log, warnings and errors:")
        for line, number in sorted(app_errors.items(), key=lambda item: -item[1])[:10]:
            print(f"  {number:>6} × {line}")


def print_targets(checks: list) -> int:
    """Prints each target with its value and PASS or FAIL; the number missed."""
    print(f"\n{'target':<46} {'value':>7} {'target':>7}")
    missed = 0
    for label, value, target in checks:
        passed = value <= 0 if target == "≤ 0" else value == 0
        missed += not passed
        print(f"{label:<46} {value:>7} {target:>7}  {'PASS' if passed else 'FAIL'}")
    print(f"\n{len(checks) - missed} of {len(checks)} targets met.")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of load")
    parser.add_argument("--post-share", type=float, default=0.1, help="share of requests")
    parser.add_argument("--addresses", type=int, default=200, help="simulated clients posting")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * len(os.sched_getaffinity(0)) + 1,
        help="gunicorn sync workers (WEB_CONCURRENCY; default as deploy/gunicorn.conf.py's)",
    )
    parser.add_argument("--keep-db", action="store_true", help=f"reuse {DATABASE} if it exists")
    parser.add_argument("--quick", action="store_true", help="--duration 15")
    args = parser.parse_args()
    if args.quick:
        args.duration = 15  # the first seconds go to a cold start: shorter shows only that
    if args.duration < 2:
        parser.error("--duration: at least 2 s")
    if not 0 < args.addresses <= 2**17 - 2:
        parser.error("--addresses: 1 to 131070 (198.18.0.0/15)")
    # Stopped with kill as with Ctrl-C: the servers are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    print(f"machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {load_average()}")
    print(f"wrk: {command_output([WRK, '--version'])}")
    print(f"gunicorn: {command_output([sys.executable, '-m', 'gunicorn', '--version'])}")
    os.environ.update(load_env(args))
    empty_redis()
    prepare_database(args.keep_db)
    reads, posts, rate, min_fill_seconds = site()
    empty_redis()
    print("reads: " + " ".join(reads))
    print("posts to: " + " ".join(posts))
    run = secrets.token_hex(4)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp, ExitStack() as stack:
        tmp = Path(tmp)
        purge_port = free_port()
        os.environ["FRONTEND_CACHE_PURGE_URLS"] = f"http://127.0.0.1:{purge_port}"
        app_port = gunicorn(stack, tmp, args.workers)
        base = nginx(stack, tmp, app_port, purge_port)
        # nginx passes its $host, the name without the port: the form's origin.
        origin = "https://" + urllib.parse.urlsplit(base).hostname
        started = form_start_time(base, posts[0])
        time.sleep(min_fill_seconds + 1)
        status, location = post_comment(
            base, posts[0], origin, started, PREFLIGHT_ADDRESS, f"Load test {run} preflight."
        )
        if status != 303:
            sys.exit(
                f"The preflight post answered {status}, not 303:\n{log_tail(tmp / 'gunicorn.log')}"
            )
        print(f"preflight post: 303 to {location}")
        print(f"run {run}: {args.duration} s of load …", flush=True)
        began = time.time()
        post_until = int(began + args.duration - margin(args))
        arguments = [run, str(args.post_share), str(post_until), str(args.addresses)]
        arguments += [origin, started, ",".join(reads), ",".join(posts)]
        result = wrk(base, args, arguments, tmp)
        ended = time.time()
        app_errors = app_log_problems(tmp / "gunicorn.log")
    stored = comments_in_database(run)
    phases = (post_until - began, began + args.duration - post_until)
    report(args, result, stored, rate, phases, app_errors)
    print(f"\nafter the run: {load_average()}")
    checks = check(result, stored, rate, began, ended)
    sys.exit(1 if print_targets(checks) else 0)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
