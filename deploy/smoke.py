"""CI smoke test: the production configuration, as deployed, serves the site.

    .venv/bin/python deploy/smoke.py [--keep-db]

gunicorn with deploy/gunicorn.conf.py and config.settings.production (DEBUG off, a random
SECRET_KEY, ALLOWED_HOSTS 127.0.0.1) on a free port of 127.0.0.1, on PostgreSQL (database
``cid_smoke`` at 127.0.0.1:5432, user postgres: dropped, created, migrated and filled with
``seed_demo``; with ``--keep-db`` an existing one is only migrated, and kept afterwards) and
Redis database 5 (emptied before and after). Static files are collected into staticfiles/, as
the benchmarks do (STATIC_ROOT is not configurable), while the database is migrated; uploads go
to $TMPDIR/cid_smoke-media (removed afterwards, unless ``--keep-db``).

Pages are asked for as nginx asks (``X-Forwarded-Proto: https``), and the checks are:

- /health/ over plain HTTP, as a load balancer asks: 200 ``{"status": "ok"}``, no redirect;
- a page over plain HTTP: redirected to HTTPS (the production settings are in force);
- /en/ and /ar/: 200, ``<html lang="en" dir="ltr">`` and ``lang="ar" dir="rtl"``, HSTS;
- the first live English story: 200;
- the newest handbook edition's PDF in English: 200, application/pdf, a file starting %PDF;
- site.css under its hashed name (from the manifest) with ``Accept-Encoding: br, gzip``:
  compressed (and the same bytes once decompressed), cached a year, ``immutable``;
- an unknown address: the 404 page, with no debug page;
- gunicorn's output: one JSON object per line (``LOG_FORMAT=json``), an access line per request.

Prints each step's time; on a failed check, says what was expected and what came, with the end
of gunicorn's output, and exits 1. Everything it started is stopped on the way out, on errors
and Ctrl-C too. Needs PostgreSQL and Redis running. On a new database: 2 min of CPU, most of it
migrate and seed_demo; with --keep-db, half a minute.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import throughput  # noqa: E402  (bench/, added to the path above)
from serving import free_port, log_tail, start, wait_until_up  # noqa: E402

DATABASE = "cid_smoke"
POSTGRES = throughput.POSTGRES
REDIS_URL = "redis://127.0.0.1:6379/5"
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"{DATABASE}-media"
HTTPS = throughput.HTTPS
YEAR = 60 * 60 * 24 * 365


class SmokeFailure(Exception):
    """A check that did not pass: its message says what was expected and what came."""


@contextmanager
def step(name: str):
    started = time.monotonic()
    print(f"{name} … ", end="", flush=True)
    try:
        yield
    except SmokeFailure:
        print(f"FAILED ({time.monotonic() - started:.2f} s)")
        raise
    print(f"ok ({time.monotonic() - started:.2f} s)")


def environment() -> dict:
    """The benchmarks' production environment on this test's database and Redis database,
    with gunicorn's settings (deploy/gunicorn.conf.py) added."""
    return {
        **throughput.production_env(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(MEDIA_ROOT),
        "TASKS_BACKEND": "immediate",
        "LOG_FORMAT": "json",
        "WEB_CONCURRENCY": "2",
    }


def require_services():
    import psycopg
    import redis

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as error:
        sys.exit(f"smoke: PostgreSQL at {POSTGRES} cannot be reached: {error}")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        sys.exit(f"smoke: Redis at {REDIS_URL} cannot be reached: {error}")


def empty_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def prepare_database(keep: bool):
    """cid_smoke migrated and seeded (kept as it is with ``keep``, if it exists), and the static
    files collected meanwhile (they need no database)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        new = not (keep and found.fetchone() is not None)
        if new:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {DATABASE}")
            # A throwaway database: a commit need not wait for the disk (seeding commits often).
            connection.execute(f"ALTER DATABASE {DATABASE} SET synchronous_commit TO off")
    if new:
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    collectstatic = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with step(f"database {DATABASE}: migrate"):
            throughput.manage("migrate", "--noinput", "--verbosity", "0")
        if new:
            with step("seed_demo"):
                throughput.manage("seed_demo", "--verbosity", "0")
        with step("collectstatic (started with migrate)"):
            output, _ = collectstatic.communicate()
            if collectstatic.returncode != 0:
                sys.exit(f"\nsmoke: manage.py collectstatic failed:\n{output}")
    finally:
        if collectstatic.poll() is None:
            collectstatic.kill()
            collectstatic.wait()


def drop_database():
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def addresses() -> dict:
    """The story's and the PDF's paths and the hashed site.css, found with Django here."""
    import django

    django.setup()
    from django.db import connections

    from handbook.models import HandbookPage
    from stories.models import StoryPage

    def first(model):
        page = model.objects.live().filter(locale__language_code="en").order_by("path").first()
        if page is None:
            sys.exit(
                f"smoke: no live English {model.__name__} in {DATABASE}: run without --keep-db"
            )
        return page

    story = first(StoryPage)
    handbook = first(HandbookPage)
    edition = handbook.editions().first()
    if edition is None:
        sys.exit(f"smoke: the handbook in {DATABASE} has no edition: run without --keep-db")
    pdf = handbook.url + handbook.reverse_subpage("edition_pdf", kwargs={"edition": edition.slug})
    connections.close_all()
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return {
        "story": story.url,
        "pdf": pdf,
        "css": "/static/" + manifest["paths"]["css/site.css"],
    }


def get(base: str, path: str, headers: dict | None = None) -> tuple:
    """GET with only ``headers`` (and Host): status, headers, body as sent (not decoded)."""
    connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=60)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def expect(condition: bool, message: str):
    if not condition:
        raise SmokeFailure(message)


def check_page(base: str, path: str, lang: str, direction: str):
    status, headers, body = get(base, path, HTTPS)
    expect(status == 200, f"{path} answered {status}, not 200")
    html = body.decode("utf-8", errors="replace")
    tag = re.search(r"<html\b[^>]*>", html)
    expect(tag is not None, f"{path} has no <html> tag")
    expect(
        f'lang="{lang}"' in tag.group(0) and f'dir="{direction}"' in tag.group(0),
        f'{path}: {tag.group(0)} lacks lang="{lang}" dir="{direction}"',
    )
    hsts = headers.get("Strict-Transport-Security", "")
    expect(f"max-age={YEAR}" in hsts, f"{path}: Strict-Transport-Security is {hsts!r}")


def check_health(base: str):
    status, _, body = get(base, "/health/")
    expect(status == 200, f"/health/ over plain HTTP answered {status}, not 200")
    expect(json.loads(body) == {"status": "ok"}, f"/health/ said {body!r}, not status ok")


def check_https_redirect(base: str):
    status, headers, _ = get(base, "/en/")
    location = headers.get("Location", "")
    expect(
        status == 301 and location.startswith("https://"),
        f"/en/ over plain HTTP answered {status} {location!r}, not a redirect to HTTPS",
    )


def check_story(base: str, path: str):
    status, headers, _ = get(base, path, HTTPS)
    expect(status == 200, f"the story {path} answered {status}, not 200")
    expect(
        headers.get("Content-Type", "").startswith("text/html"),
        f"the story {path} is {headers.get('Content-Type')!r}, not HTML",
    )


def check_pdf(base: str, path: str):
    status, headers, body = get(base, path, HTTPS)
    expect(status == 200, f"the edition PDF {path} answered {status}, not 200")
    content_type = headers.get("Content-Type", "")
    expect(content_type == "application/pdf", f"{path} is {content_type!r}, not application/pdf")
    expect(body.startswith(b"%PDF-"), f"{path} does not start with %PDF- but {body[:8]!r}")
    print(f"{len(body) // 1024} KB, ", end="")


def check_static(base: str, path: str):
    status, headers, body = get(base, path, {**HTTPS, "Accept-Encoding": "br, gzip"})
    expect(status == 200, f"{path} answered {status}, not 200")
    encoding = headers.get("Content-Encoding")
    expect(encoding in {"br", "gzip"}, f"{path} with Accept-Encoding br, gzip: {encoding!r}")
    if encoding == "gzip":
        content = gzip.decompress(body)
    else:
        import brotli

        content = brotli.decompress(body)
    original = (ROOT / "staticfiles" / path.removeprefix("/static/")).read_bytes()
    expect(content == original, f"{path} ({encoding}) does not decompress to the collected file")
    cache_control = headers.get("Cache-Control", "")
    max_age = re.search(r"(?:^|[ ,])max-age=(\d+)", cache_control)
    expect(
        max_age is not None and int(max_age[1]) >= YEAR and "immutable" in cache_control,
        f"{path}: Cache-Control is {cache_control!r}, not a year or more and immutable",
    )
    print(f"{encoding}, {len(original)} → {len(body)} bytes, ", end="")


def check_not_found(base: str):
    status, _, body = get(base, "/en/smoke-test-no-such-page/", HTTPS)
    expect(status == 404, f"an unknown address answered {status}, not 404")
    expect(b"DEBUG = True" not in body, "the 404 is Django's debug page")


def check_logs(log: Path, paths: list):
    """Every line gunicorn and the app wrote is a JSON object; each path asked has an access
    line."""
    records = []
    for number, line in enumerate(log.read_text(errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        expect(isinstance(record, dict), f"gunicorn.log line {number} is not JSON: {line[:200]}")
        records.append(record)
    logged = {record.get("path") for record in records if "status" in record}
    missing = [path for path in paths if path not in logged]
    expect(not missing, f"no access log line for {', '.join(missing)}")
    print(f"{len(records)} lines, ", end="")


def run_checks(base: str, urls: dict, log: Path) -> list:
    """Each check in turn; the messages of those that failed."""
    checks = [
        ("GET /health/ (plain HTTP)", lambda: check_health(base)),
        ("GET /en/ (plain HTTP): redirect", lambda: check_https_redirect(base)),
        ("GET /en/", lambda: check_page(base, "/en/", "en", "ltr")),
        ("GET /ar/", lambda: check_page(base, "/ar/", "ar", "rtl")),
        (f"GET {urls['story']}", lambda: check_story(base, urls["story"])),
        (f"GET {urls['pdf']}", lambda: check_pdf(base, urls["pdf"])),
        (f"GET {urls['css']}", lambda: check_static(base, urls["css"])),
        ("GET an unknown page", lambda: check_not_found(base)),
        ("logs", lambda: check_logs(log, ["/health/", "/en/", "/ar/", urls["story"]])),
    ]
    failures = []
    for name, check in checks:
        try:
            with step(name):
                check()
        except SmokeFailure as failure:
            failures.append(str(failure))
    return failures


def gunicorn(stack: ExitStack, tmp: Path, env: dict) -> str:
    """gunicorn as deployed (deploy/gunicorn.conf.py) on a free port; its address once
    /health/ answers."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi"]
    command += ["--config", str(ROOT / "deploy" / "gunicorn.conf.py")]
    process = start(stack, command, tmp / "gunicorn.log", env=env)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/health/", {"gunicorn": process}, tmp)
    return base


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep-db", action="store_true", help=f"reuse {DATABASE} if it exists, and keep it"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    env = {**os.environ, **environment()}
    os.environ.update(env)  # for manage.py and for Django in this process
    require_services()
    empty_redis()
    try:
        prepare_database(args.keep_db)
        urls = addresses()
        with tempfile.TemporaryDirectory(prefix="smoke-") as tmp, ExitStack() as stack:
            tmp = Path(tmp)
            with step("gunicorn up"):
                base = gunicorn(stack, tmp, env)
            failures = run_checks(base, urls, tmp / "gunicorn.log")
            if failures:
                print("\ngunicorn's last lines:\n" + log_tail(tmp / "gunicorn.log"))
    finally:
        empty_redis()
        if not args.keep_db:
            drop_database()
            shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    print(f"\ntotal {time.monotonic() - started:.1f} s")
    if failures:
        print(f"\nsmoke: {len(failures)} check(s) failed:", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        sys.exit(1)
    print("smoke: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
