"""What bench/bulk_load.py and bench/scale.py share: their PostgreSQL databases, the production
environment they run Django in, and management commands run as the operator would.

Databases, on 127.0.0.1:5432 (user postgres, trust):

- ``cid_scale_seed``: migrated and filled with ``seed_demo``, nothing else. Kept as a template,
  so that a new large network, or the demo to compare it with, starts from a copy (seconds)
  rather than from a new seed (minutes).
- ``cid_scale``: a copy of the seed with the large network on top (bench/bulk_load.py).
- ``cid_scale_demo``: a copy of the seed as it is (bench/scale.py compares with it).

All three share one folder of uploaded files, $TMPDIR/cid_scale-media (image files are named by
Wagtail, never overwritten), and Redis database 6.
"""

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432"
SEED = "cid_scale_seed"
SCALE = "cid_scale"
DEMO = "cid_scale_demo"
REDIS_URL = "redis://127.0.0.1:6379/6"  # 0–4 and 10–12 belong to other benchmarks and tests
MEDIA_ROOT = Path(tempfile.gettempdir()) / "cid_scale-media"


def production_env(database: str) -> dict:
    """config.settings.production on ``database``, Redis database 6 and the shared media
    folder, without the page cache (every request is rendered) and logging only warnings."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "REDIS_URL": REDIS_URL,
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "MEDIA_ROOT": str(MEDIA_ROOT),
        "PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",  # not a line per page created
    }


def admin_sql(*statements: str):
    """Statements run outside any transaction on the server's ``postgres`` database."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def copy_database(template: str, name: str):
    """``name`` dropped and made again as a copy of ``template``."""
    admin_sql(
        f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
        f"CREATE DATABASE {name} TEMPLATE {template}",
    )


def make_seed(log=print):
    """``cid_scale_seed`` dropped, created, migrated and seeded with the demo content."""
    admin_sql(f"DROP DATABASE IF EXISTS {SEED} WITH (FORCE)", f"CREATE DATABASE {SEED}")
    MEDIA_ROOT.mkdir(exist_ok=True)
    env = {**os.environ, **production_env(SEED)}
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    log(f"  migrated in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    manage(env, "seed_demo", "--verbosity", "0")
    log(f"  seeded in {time.monotonic() - started:.0f} s")


def collect_static():
    """The static files collected, as a deployment does: the production settings' manifest
    storage cannot render a page without them."""
    manage({**os.environ, **production_env(SEED)}, "collectstatic", "--noinput", "-v", "0")


def manage(env: dict, *arguments) -> str:
    """A management command in ``env``; its output, shown in full only if it fails."""
    command = [sys.executable, "manage.py", *arguments]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


BUSY = "bench/load.py|bench/faults.py|bench/throughput.py|wrk "


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def busy_benchmarks() -> list:
    """Other benchmarks running on this machine now (their command lines)."""
    result = subprocess.run(["pgrep", "-af", BUSY], capture_output=True, text=True)
    own = str(os.getpid())
    return [line for line in result.stdout.splitlines() if line.split(" ", 1)[0] != own]
