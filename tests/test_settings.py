"""Settings come from the environment; production refuses to start without a real key."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Independent of the database, and seconds each: run once per CI run, with PostgreSQL.
pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
from django.conf import settings

django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS, "languages": [c for c, _ in settings.LANGUAGES],
    "language_code": settings.LANGUAGE_CODE, "media_root": str(settings.MEDIA_ROOT),
    "cache": settings.CACHES["default"]["BACKEND"],
    "proxy_header": list(getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or []),
    "redirect_exempt": settings.SECURE_REDIRECT_EXEMPT,
}))
"""


def load_settings(module, **env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update(DJANGO_SETTINGS_MODULE=f"config.settings.{module}", **env)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


def settings_from(module, **env):
    result = load_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_defaults_to_sqlite_and_follows_database_url():
    assert settings_from("dev")["engine"] == "django.db.backends.sqlite3"
    pg = settings_from("dev", DATABASE_URL="postgres://someone@db.example:5432/cities")
    assert pg["engine"] == "django.db.backends.postgresql"
    assert pg["name"] == "cities"


def test_debug_hosts_media_and_languages_follow_the_environment():
    values = settings_from(
        "dev",
        DEBUG="false",
        ALLOWED_HOSTS="cities.example,www.cities.example",
        CONTENT_LANGUAGES="sv,en,fa",
        MEDIA_ROOT="/srv/media",
    )
    assert values["debug"] is False
    assert values["hosts"] == ["cities.example", "www.cities.example"]
    assert values["languages"] == ["sv", "en", "fa"]
    assert values["language_code"] == "sv"
    assert values["media_root"] == "/srv/media"


def test_redis_cache_only_when_redis_url_is_set():
    assert settings_from("dev")["cache"].endswith("LocMemCache")
    assert settings_from("dev", REDIS_URL="redis://127.0.0.1:6379/1")["cache"].endswith(
        "RedisCache"
    )


def test_unknown_language_code_is_refused_with_a_clear_message():
    result = load_settings("dev", CONTENT_LANGUAGES="en,xx")
    assert result.returncode != 0
    assert "CONTENT_LANGUAGES" in result.stderr and "xx" in result.stderr


@pytest.mark.parametrize("key", ["", "short", "dev-only-insecure-key-never-use-in-production"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = load_settings("production", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    result = load_settings("production", SECRET_KEY="x" * 64, REDIS_URL="")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_production_trusts_the_proxy_for_https():
    values = settings_from(
        "production",
        SECRET_KEY="x" * 64,
        ALLOWED_HOSTS="cities.example",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert values["debug"] is False
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


DEV_DEFAULTS = """
import django, logging, sys
from django.conf import settings
django.setup()
from django.core.files.storage import storages
from django_tasks import task_backends
logging.getLogger("cities.example").info("not shown")
logging.getLogger("cities.example").warning("hello")
print(type(task_backends["default"]).__name__, type(storages["default"]).__name__)
"""


def test_development_runs_tasks_at_once_and_logs_text_with_media_on_disk():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LOG_", "TASKS_", "AWS_"))}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", DEV_DEFAULTS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    log_line, backends = result.stdout.splitlines()[-2:]
    assert log_line.endswith(" WARNING cities.example hello") and not log_line.startswith("{")
    assert "not shown" not in result.stdout
    assert backends == "ImmediateBackend FileSystemStorage"
