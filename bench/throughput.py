"""Requests per second of the demo site served as in production, on PostgreSQL.

gunicorn alone with its page cache off and on, then behind nginx with the shipped configuration
(deploy/nginx).

    .venv/bin/python bench/throughput.py [--runs 3] [--duration 10] [--connections 16] [--keep-db]
    .venv/bin/python bench/throughput.py --quick   # one run of 3 s each, to try it

Sets up the database ``cid_bench`` on PostgreSQL at 127.0.0.1:5432 (user postgres, trust):
dropped, created, migrated and filled with ``seed_demo``; with ``--keep-db`` an existing one is
only migrated. It stays after the run, with its uploaded files in $TMPDIR/cid_bench-media (drop
it with ``dropdb -h 127.0.0.1 -U postgres cid_bench``). config.settings.production throughout,
with SECURE_SSL_REDIRECT on: the requests say HTTPS through ``X-Forwarded-Proto``. The cache is
Redis database 3, emptied first. Static files are collected into staticfiles/.

Pages: the English and Arabic home pages, the stories and events listings, and the first live
English story, event and handbook chapter; the static file is the hashed site.css, sent raw
(wrk asks for no compression). Each URL must answer 200 before it is measured. Three phases,
one after the other (never two servers under load at once), each on free ports of 127.0.0.1:

    A. gunicorn (2 sync workers), PAGE_CACHE_SECONDS=0: each page, "uncached"
    B. gunicorn with the page cache on: site.css through whitenoise, "static, gunicorn", and
       each page, "cached, gunicorn", warmed first (a warm page says X-Page-Cache: hit)
    C. nginx (deploy/local_nginx.py) in front of that gunicorn: site.css from disk, "static,
       nginx", and each page, "cached, nginx", warmed first (X-Cache-Status: HIT)

Each measurement is ``wrk -t2 -c<connections> -d<duration>s`` (bench/wrk/report.lua), repeated
``--runs`` times, the runs interleaved (static, pages, static, pages …) so that the machine's
drift hits all alike. Prints the median requests per second and latencies and the total of
failed requests (status above 399, or socket errors and timeouts; a 3xx is not counted, but
none is measured: each URL answers 200 first), then the targets of issue 11: cached page ÷
static file ≥ 0.80 through gunicorn and ≥ 0.50 through nginx, uncached story ≥ 100 req/s and
home pages ≥ 50 req/s, no failed request. Exits 1 if a target is missed.

About 23 × runs × duration seconds of measuring (11.5 min by default), plus a minute or two to
set up a new database. Needs PostgreSQL and Redis running, wrk at /usr/bin/wrk, nginx at
/usr/sbin/nginx with Debian's cache purge module, and gunicorn (the dev extra).
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from serving import ROOT, free_port, log_tail, start, wait_until_up

sys.path.insert(0, str(ROOT))

from deploy import local_nginx

WRK = "/usr/bin/wrk"
REPORT_LUA = ROOT / "bench" / "wrk" / "report.lua"
DATABASE = "cid_bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/3"  # 0–2 are left alone (2 is bench/lighthouse.py's)
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"{DATABASE}-media"
HTTPS = {"X-Forwarded-Proto": "https"}  # what nginx tells gunicorn; sent by hand without it
WARM_REQUESTS = 5
WORKERS = 2
TARGETS = {"cached, gunicorn": 0.80, "cached, nginx": 0.50}  # page ÷ static file, same server
MODES = ["static, gunicorn", "static, nginx", "uncached", "cached, gunicorn", "cached, nginx"]
UNCACHED_TARGETS = {"story": 100, "home": 50, "home ar": 50}  # req/s


def production_env() -> dict:
    """config.settings.production on the benchmark's database and Redis database, for this
    process and its children."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "true",
        "REDIS_URL": REDIS_URL,
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "MEDIA_ROOT": str(MEDIA_ROOT),
    }


def command_output(command: list) -> str:
    """The first line a command prints (wrk and nginx print their version on stderr)."""
    result = subprocess.run(command, capture_output=True, text=True)
    return (result.stdout + result.stderr).strip().splitlines()[0]


def print_machine(args):
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
    cpu = models[0] if models else platform.processor()
    print(f"machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {cpu}")
    print(f"wrk: {command_output([WRK, '--version'])}")
    print(f"nginx: {command_output([local_nginx.NGINX, '-v'])}")
    print(f"gunicorn: {command_output([sys.executable, '-m', 'gunicorn', '--version'])}")
    print(
        f"parameters: runs {args.runs}, duration {args.duration} s, wrk -t2 -c{args.connections}, "
        f"gunicorn {WORKERS} sync workers, nginx worker_processes auto"
    )


def empty_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def prepare_database(keep: bool):
    """cid_bench migrated and seeded (kept as it is with ``keep``, if it exists)."""
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


def manage(*arguments):
    """A management command, its output shown only if it fails."""
    command = [sys.executable, "manage.py", *arguments]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")


def urls() -> tuple:
    """The static file's path and the pages' (name → path), found with Django in this process."""
    import django

    django.setup()
    from django.db import connections

    from events.models import EventPage
    from handbook.models import HandbookChapterPage
    from stories.models import StoryPage

    def first(model):
        page = model.objects.live().filter(locale__language_code="en").order_by("path").first()
        if page is None:
            sys.exit(f"No live English {model.__name__} in {DATABASE}: run without --keep-db.")
        return urlsplit(page.url).path

    pages = {
        "home": "/en/",
        "home ar": "/ar/",
        "story": first(StoryPage),
        "event": first(EventPage),
        "chapter": first(HandbookChapterPage),
        "stories": "/en/stories/",
        "events": "/en/events/",
    }
    connections.close_all()
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"], pages


def fetch(base: str, path: str, headers: dict) -> tuple:
    """GET as wrk sends it (Host and ``headers``, nothing else); the status and headers."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


def require_ok(base: str, paths: list, headers: dict, tmp: Path):
    for path in paths:
        status, _ = fetch(base, path, headers)
        if status != 200:
            sys.exit(f"{base}{path} answered {status}, not 200:\n{log_tail(tmp / 'gunicorn.log')}")


def warm(base: str, pages: dict, headers: dict, header: str, expected: str) -> list:
    """Each page asked WARM_REQUESTS times; warnings for those whose last answer's ``header``
    is not ``expected``."""
    warnings = []
    for name, path in pages.items():
        for _ in range(WARM_REQUESTS):
            _, response_headers = fetch(base, path, headers)
        got = response_headers.get(header)
        if (got or "").lower() != expected.lower():
            warnings.append(f"{name} ({base}{path}) warmed: {header}: {got or '(none)'}")
    for warning in warnings:
        print(f"  warning: {warning}")
    return warnings


def wrk(url: str, args, headers: dict) -> dict:
    command = [WRK, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    command += ["-s", str(REPORT_LUA)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run([*command, url], capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        sys.exit(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
    return json.loads(lines[-1])


def measure(base: str, targets: list, args, headers: dict, results: dict):
    """``args.runs`` runs over ``targets`` (page name, mode, path), interleaved."""
    for run in range(1, args.runs + 1):
        print(f"  run {run} of {args.runs} ", end="", flush=True)
        for name, mode, path in targets:
            results.setdefault((name, mode), []).append(wrk(base + path, args, headers))
            print(".", end="", flush=True)
        print()


def gunicorn(stack: ExitStack, tmp: Path, env: dict) -> str:
    """gunicorn on a free port with ``env``; its address once it serves the home page."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--no-control-socket"]
    process = start(stack, command, tmp / "gunicorn.log", env=env)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/en/", {"gunicorn": process}, tmp, headers=HTTPS)
    return base


def run_phases(tmp: Path, static: str, pages: dict, args) -> tuple:
    results, warnings = {}, []
    env = {**os.environ, "PAGE_CACHE_SECONDS": "0"}
    print("\nA. gunicorn, page cache off")
    with ExitStack() as stack:
        base = gunicorn(stack, tmp, env)
        require_ok(base, pages.values(), HTTPS, tmp)
        targets = [(name, "uncached", path) for name, path in pages.items()]
        measure(base, targets, args, HTTPS, results)

    purge_port = free_port()
    env = {**os.environ, "FRONTEND_CACHE_PURGE_URLS": f"http://127.0.0.1:{purge_port}"}
    env.pop("PAGE_CACHE_SECONDS", None)  # the default: on
    with ExitStack() as stack:
        print("\nB. gunicorn, page cache on")
        base = gunicorn(stack, tmp, env)
        require_ok(base, [static, *pages.values()], HTTPS, tmp)
        warnings += warm(base, pages, HTTPS, "X-Page-Cache", "hit")
        targets = [("site.css", "static, gunicorn", static)]
        targets += [(name, "cached, gunicorn", path) for name, path in pages.items()]
        measure(base, targets, args, HTTPS, results)

        print("\nC. nginx in front of the same gunicorn")
        port = free_port()
        conf = local_nginx.render(
            tmp,
            listen_port=port,
            app_port=urlsplit(base).port,
            purge_port=purge_port,
            static_root=ROOT / "staticfiles",
            media_root=MEDIA_ROOT,
        )
        local_nginx.start(stack, conf, port=port)
        base = f"http://127.0.0.1:{port}"
        require_ok(base, [static, *pages.values()], {}, tmp)
        warnings += warm(base, pages, {}, "X-Cache-Status", "HIT")
        targets = [("site.css", "static, nginx", static)]
        targets += [(name, "cached, nginx", path) for name, path in pages.items()]
        measure(base, targets, args, {}, results)
    return results, warnings


def failures(result: dict) -> int:
    return sum(result[key] for key in ("non_2xx", "connect", "read", "write", "timeout"))


def summarise(results: dict) -> dict:
    """The median of each figure over the runs, and the failed requests of all runs."""
    return {
        key: {
            "rps": statistics.median(run["rps"] for run in runs),
            "p50_ms": statistics.median(run["p50_ms"] for run in runs),
            "p99_ms": statistics.median(run["p99_ms"] for run in runs),
            "non_2xx": sum(run["non_2xx"] for run in runs),
            "errors": sum(failures(run) - run["non_2xx"] for run in runs),
        }
        for key, runs in results.items()
    }


def print_table(summary: dict):
    """One row per page and mode: the static file first, then each page in its three modes."""
    print(
        f"\n{'page':<10} {'mode':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'non-2xx':>8} {'errors':>7}"
    )
    names = ["site.css", *dict.fromkeys(name for name, _ in summary if name != "site.css")]
    for name, mode in sorted(summary, key=lambda key: (names.index(key[0]), MODES.index(key[1]))):
        row = summary[(name, mode)]
        print(
            f"{name:<10} {mode:<18} {row['rps']:>9.1f} {row['p50_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['non_2xx']:>8} {row['errors']:>7}"
        )
    print("non-2xx: responses with a status above 399; errors: socket errors and timeouts (2 s)")


def check_targets(summary: dict, pages: dict) -> int:
    """Prints each target with its value and PASS or FAIL; the number missed."""
    checks = []
    for mode, target in TARGETS.items():
        server = mode.split(", ")[1]
        static = summary[("site.css", f"static, {server}")]["rps"]
        for name in pages:
            ratio = summary[(name, mode)]["rps"] / static
            checks.append(
                (f"{name}: {mode} ÷ static, {server}", ratio, f"≥ {target:.2f}", ratio >= target)
            )
    for name, target in UNCACHED_TARGETS.items():
        rps = summary[(name, "uncached")]["rps"]
        checks.append((f"{name}: uncached req/s", rps, f"≥ {target}", rps >= target))
    failed = sum(row["non_2xx"] + row["errors"] for row in summary.values())
    checks.append(("failed requests, all runs", failed, "= 0", failed == 0))
    print(f"\n{'target':<48} {'value':>8} {'target':>8}")
    for label, value, target, passed in checks:
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{label:<48} {shown:>8} {target:>8}  {'PASS' if passed else 'FAIL'}")
    missed = sum(not passed for *_, passed in checks)
    print(f"\n{len(checks) - missed} of {len(checks)} targets met.")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep-db", action="store_true", help=f"reuse {DATABASE} if it exists")
    parser.add_argument("--quick", action="store_true", help="--runs 1 --duration 3")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.duration = 1, 3
    # Stopped with kill as with Ctrl-C: the servers are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    print_machine(args)
    os.environ.update(production_env())
    empty_redis()
    prepare_database(args.keep_db)
    static, pages = urls()
    empty_redis()
    print(f"static file: {static}")
    for name, path in pages.items():
        print(f"{name}: {path}")
    measurements = 3 * len(pages) + 2  # A: pages; B and C: the static file and pages
    print(f"measuring for about {measurements * args.runs * args.duration / 60:.1f} min")
    # The servers stop (ExitStack) before their folder is removed, on errors and Ctrl-C too.
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        results, warnings = run_phases(Path(tmp), static, pages, args)
    summary = summarise(results)
    print_table(summary)
    if warnings:
        print("\nNot served from the cache after warming (those figures measure the app):")
        for warning in warnings:
            print(f"  {warning}")
    sys.exit(1 if check_targets(summary, pages) else 0)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
