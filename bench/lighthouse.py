"""Lighthouse scores of four demo pages served as in production, on a phone.

    make demo   # once: the demo content in db.sqlite3
    .venv/bin/python bench/lighthouse.py [--runs 3]

Serves the demo database (DATABASE_URL's default, db.sqlite3) with config.settings.production:
``collectstatic``, then gunicorn behind nginx, both on free ports of 127.0.0.1. nginx serves
/media/ (as the production proxy does: Django does not) and compresses HTML; plain HTTP, so
SECURE_SSL_REDIRECT is off. The cache is Redis database 2 (emptied first).

Then Lighthouse, in its default mobile emulation (a mid-range phone on a throttled 4G
connection), ``--runs`` times on each page: the English home page and the first live English
story, event and handbook chapter. Prints the median score per page and category and, for each
median below its target, the audits that cost points, with the elements or files at fault.

Targets (issue 10, "Fast on a phone"): performance ≥ 98; accessibility, best practices and
SEO 100.

Needs: Node.js and npm (Lighthouse 12.2.3, pinned in bench/lighthouse/package-lock.json, is
installed with ``npm ci`` on the first run), Debian's Chromium at /usr/bin/chromium, nginx at
/usr/sbin/nginx, Redis on 127.0.0.1:6379, and gunicorn (the dev extra). Nothing is fetched from
the internet.
"""

import argparse
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from serving import free_port, start, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = ROOT / "bench" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
NGINX = "/usr/sbin/nginx"
REDIS_URL = "redis://127.0.0.1:6379/2"
TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_ITEMS = 10  # offending elements or files shown per failing audit
ATTEMPTS = 3  # Lighthouse runs tried per measurement

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml;
    server {{
        listen 127.0.0.1:{port};
        location /media/ {{ alias {media}/; expires 30d; }}
        location / {{
            proxy_pass http://127.0.0.1:{app_port};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def production_env() -> dict:
    """The environment of config.settings.production, for this process and its children."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": REDIS_URL,
    }


def install_lighthouse():
    if not (LIGHTHOUSE_DIR / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR, check=True)


def prepare_django():
    """Static files collected for the manifest storage, an empty cache, and Django set up here
    to find the pages."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        check=True,
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()


def page_paths() -> dict:
    """The pages to audit, as bench/pages.py picks them: the first live English one of a type."""
    from events.models import EventPage
    from handbook.models import HandbookChapterPage
    from stories.models import StoryPage

    def first(model):
        page = model.objects.live().filter(locale__language_code="en").order_by("path").first()
        if page is None:
            sys.exit(f"No live English {model.__name__}: run `make demo` first.")
        return urlsplit(page.url).path

    return {
        "home": "/en/",
        "story": first(StoryPage),
        "event": first(EventPage),
        "chapter": first(HandbookChapterPage),
    }


def serve(stack: ExitStack, tmp: Path) -> str:
    """gunicorn behind nginx; the address nginx answers on."""
    app_port, port = free_port(), free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    gunicorn += ["--bind", f"127.0.0.1:{app_port}", "--workers", "2", "--no-control-socket"]
    processes = {"gunicorn": start(stack, gunicorn, tmp / "gunicorn.log")}
    conf = tmp / "nginx.conf"
    media = os.environ.get("MEDIA_ROOT", str(ROOT / "media"))
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, app_port=app_port, media=media))
    nginx = [NGINX, "-c", str(conf), "-p", str(tmp), "-e", str(tmp / "nginx-error.log")]
    processes["nginx"] = start(stack, [*nginx, "-g", "daemon off;"], tmp / "nginx.log")
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/en/", processes, tmp)
    return base


def lighthouse(url: str) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(TARGETS)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME}
    for attempt in range(1, ATTEMPTS + 1):
        returncode, stdout, stderr = run_lighthouse(command, env)
        if returncode == 0:
            return json.loads(stdout)
        # Now and then the trace misses the page load (NO_NAVSTART) on a busy machine.
        print(f"\n  Lighthouse failed (attempt {attempt} of {ATTEMPTS}):", file=sys.stderr)
        print(stderr.strip()[-1000:], file=sys.stderr)
    sys.exit(f"Lighthouse failed {ATTEMPTS} times on {url}")


def run_lighthouse(command: list, env: dict) -> tuple:
    """Run Lighthouse; interrupted, it is asked to stop (SIGINT) so that it closes its Chromium."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        stdout, stderr = process.communicate()
    except BaseException:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        raise
    return process.returncode, stdout, stderr


def score(report: dict, category: str) -> float | None:
    value = report["categories"][category]["score"]
    return None if value is None else value * 100


def median_score(reports: list, category: str) -> float | None:
    scores = [score(report, category) for report in reports]
    return None if None in scores else statistics.median(scores)


def median_report(reports: list, category: str) -> dict:
    """The run whose score in ``category`` is the median (the upper one of an even count)."""
    ranked = sorted(reports, key=lambda report: score(report, category) or 0)
    return ranked[len(ranked) // 2]


def failing_audits(report: dict, category: str) -> list:
    """The audits weighted in ``category`` that did not score full marks."""
    weighted = [ref["id"] for ref in report["categories"][category]["auditRefs"] if ref["weight"]]
    audits = (report["audits"][audit_id] for audit_id in weighted)
    return [
        audit
        for audit in audits
        if audit["scoreDisplayMode"] in ("binary", "numeric")
        and audit["score"] is not None
        and audit["score"] < 1
    ]


def detail_items(details: dict | None) -> list:
    """The rows of an audit's details; a list of tables (e.g. the LCP element) flattened."""
    if not details:
        return []
    if details.get("type") == "list":
        return [row for table in details.get("items", []) for row in detail_items(table)]
    return details.get("items", [])


def describe(item: dict) -> str:
    """One offending element (selector, snippet, Lighthouse's explanation) or file."""
    node = item.get("node") if isinstance(item.get("node"), dict) else None
    if node is None and item.get("type") == "node":
        node = item
    if node:
        text = f"{node.get('selector', '')}  {node.get('snippet', '')}"
        explanation = (node.get("explanation") or "").strip().replace("\n", " / ")
        return f"{text}\n        {explanation}" if explanation else text
    source = item.get("source") if isinstance(item.get("source"), dict) else {}
    url = item.get("url") or source.get("url")
    if url:
        sizes = [f"{key} {item[key]:.0f}" for key in ("wastedBytes", "wastedMs") if item.get(key)]
        return " ".join([url, *sizes])
    return json.dumps(item, ensure_ascii=False)[:300]


def print_table(paths: dict, medians: dict):
    print(f"\n{'page':<8} {'path':<60} " + " ".join(f"{c:>14}" for c in TARGETS))
    for name, path in paths.items():
        cells = [medians[name][category] for category in TARGETS]
        shown = " ".join(f"{'—' if cell is None else f'{cell:.0f}':>14}" for cell in cells)
        print(f"{name:<8} {path:<60} {shown}")
    print("targets" + " " * 62 + " ".join(f"{target:>14}" for target in TARGETS.values()))


def print_failures(reports: dict, medians: dict):
    for name, runs in reports.items():
        for category, target in TARGETS.items():
            median = medians[name][category]
            if median is not None and median >= target:
                continue
            print(f"\n{name}, {category}: {median if median is None else round(median)}")
            for audit in failing_audits(median_report(runs, category), category):
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                print(f"  {audit['id']}: {audit['title']}{shown}, score {audit['score']:.2f}")
                items = detail_items(audit.get("details"))
                for item in items[:MAX_ITEMS]:
                    print(f"      {describe(item)}")
                if len(items) > MAX_ITEMS:
                    print(f"      … and {len(items) - MAX_ITEMS} more")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # Stopped with kill as with Ctrl-C: the servers are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    os.environ.update(production_env())
    install_lighthouse()
    prepare_django()
    paths = page_paths()
    reports = {}
    # The servers stop (ExitStack) before their folder is removed, on errors and Ctrl-C too.
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp, ExitStack() as stack:
        base = serve(stack, Path(tmp))
        for name, path in paths.items():
            print(f"{name}: {path}", end="", flush=True)
            reports[name] = []
            for _ in range(args.runs):
                reports[name].append(lighthouse(base + path))
                print(".", end="", flush=True)
            print()
    medians = {
        name: {category: median_score(runs, category) for category in TARGETS}
        for name, runs in reports.items()
    }
    print_table(paths, medians)
    print_failures(reports, medians)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
