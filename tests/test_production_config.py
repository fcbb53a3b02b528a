"""The production settings, each in a fresh process as the app servers and the worker start
them: JSON logs on stdout, Sentry only with a DSN, media on S3 only with a bucket, static files
hashed, compressed and kept for a year by whitenoise. Nothing here reaches the network."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Independent of the database, and seconds each: run once per CI run, with PostgreSQL.
pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parent.parent
# A Sentry address no event could reach (nothing is sent: these processes raise nothing).
UNREACHABLE_SENTRY = "https://public@127.0.0.1:9/1"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 64,
    "ALLOWED_HOSTS": "testserver",
    # Read by the settings, never connected to by what these processes do.
    "REDIS_URL": "redis://cache.invalid:6379/0",
    "DATABASE_URL": "sqlite:///:memory:",
}
CLEARED = (
    *("DEBUG", "LOG_LEVEL", "LOG_FORMAT", "TASKS_BACKEND", "MEDIA_ROOT"),
    *("SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_TRACES_SAMPLE_RATE"),
    *("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME"),
    *("AWS_S3_CUSTOM_DOMAIN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
)


def run(script: str, **env) -> subprocess.CompletedProcess:
    """``script`` after ``django.setup()`` with the production settings and ``env``."""
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(PRODUCTION, **env)
    code = "import django\ndjango.setup()\n" + textwrap.dedent(script)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def output_of(script: str, **env) -> str:
    result = run(script, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


# Logs -----------------------------------------------------------------------------------------

LOG_SOME = """
    import logging
    from django.http import HttpResponseNotFound, HttpResponseServerError
    from django.test import RequestFactory
    from django.utils.log import log_response

    logging.getLogger("cities.example").info("Sent “%s” to %d moderators", "شارع", 2)
    logging.getLogger("cities.example").debug("Not written at INFO")
    request = RequestFactory().get("/en/stories/?q=what+a+visitor+typed")
    log_response("Not Found: %s", request.path, response=HttpResponseNotFound(), request=request)
    try:
        1 / 0
    except ZeroDivisionError as error:
        log_response(
            "Internal Server Error: %s", request.path,
            response=HttpResponseServerError(), request=request, exception=error,
        )
"""


def test_production_logs_one_json_object_per_line_on_stdout():
    result = run(LOG_SOME)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(isinstance(record, dict) for record in records)
    by_message = {record["message"]: record for record in records}
    assert set(by_message) == {
        "Sent “شارع” to 2 moderators",
        "Not Found: /en/stories/",
        "Internal Server Error: /en/stories/",
    }
    info = by_message["Sent “شارع” to 2 moderators"]
    assert info["level"] == "INFO" and info["logger"] == "cities.example"
    assert info["time"].endswith("+00:00")  # ISO 8601, UTC
    not_found = by_message["Not Found: /en/stories/"]
    assert (not_found["level"], not_found["logger"]) == ("WARNING", "django.request")
    assert (not_found["method"], not_found["path"], not_found["status"]) == (
        "GET",
        "/en/stories/",
        404,
    )
    error = by_message["Internal Server Error: /en/stories/"]
    assert error["level"] == "ERROR" and error["status"] == 500
    assert error["exc_info"].startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in error["exc_info"]
    assert "what a visitor typed" not in result.stdout and "visitor+typed" not in result.stdout


def test_log_level_and_a_text_format_for_people_come_from_the_environment():
    warnings_only = output_of(LOG_SOME, LOG_LEVEL="warning").splitlines()
    assert [json.loads(line)["level"] for line in warnings_only] == ["WARNING", "ERROR"]

    text = output_of(LOG_SOME, LOG_FORMAT="text")
    assert " INFO cities.example Sent “شارع” to 2 moderators" in text
    assert "Traceback (most recent call last):" in text


@pytest.mark.parametrize(
    ("name", "value"), [("LOG_LEVEL", "LOUD"), ("LOG_FORMAT", "xml"), ("TASKS_BACKEND", "celery")]
)
def test_a_wrong_value_is_refused_with_its_name(name, value):
    result = run("", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr and repr(value.lower()) in result.stderr.lower()


def test_the_worker_backend_is_chosen_by_the_environment():
    show = """
        from django_tasks import task_backends
        print(type(task_backends["default"]).__name__)
    """
    assert output_of(show).strip() == "ImmediateBackend"
    assert output_of(show, TASKS_BACKEND="database").strip() == "DatabaseBackend"


# Sentry ---------------------------------------------------------------------------------------

SHOW_SENTRY = """
    import json, sentry_sdk
    client = sentry_sdk.get_client()
    options = client.options if client.is_active() else {}
    print(json.dumps({
        "active": client.is_active(),
        "integrations": sorted(getattr(client, "integrations", {})),
        **{key: options.get(key) for key in (
            "environment", "traces_sample_rate", "send_default_pii",
            "max_request_body_size", "include_local_variables",
        )},
    }))
"""


def test_no_sentry_without_a_dsn():
    assert json.loads(output_of(SHOW_SENTRY))["active"] is False


def test_sentry_with_a_dsn_sends_nothing_personal():
    shown = json.loads(
        output_of(
            SHOW_SENTRY,
            SENTRY_DSN=UNREACHABLE_SENTRY,
            SENTRY_ENVIRONMENT="staging",
            SENTRY_TRACES_SAMPLE_RATE="0.1",
        )
    )
    assert shown["active"] is True
    assert "django" in shown["integrations"] and "logging" in shown["integrations"]
    assert shown["environment"] == "staging"
    assert shown["traces_sample_rate"] == 0.1
    assert shown["send_default_pii"] is False
    assert shown["max_request_body_size"] == "never"
    assert shown["include_local_variables"] is False


def test_sentry_defaults_and_a_wrong_sample_rate():
    shown = json.loads(output_of(SHOW_SENTRY, SENTRY_DSN=UNREACHABLE_SENTRY))
    assert (shown["environment"], shown["traces_sample_rate"]) == ("production", 0.0)

    result = run("", SENTRY_DSN=UNREACHABLE_SENTRY, SENTRY_TRACES_SAMPLE_RATE="lots")
    assert result.returncode != 0 and "SENTRY_TRACES_SAMPLE_RATE" in result.stderr


# Media ----------------------------------------------------------------------------------------

SHOW_STORAGE = """
    import json
    from django.conf import settings
    from django.core.files.storage import storages
    storage = storages["default"]
    print(json.dumps({
        "class": type(storage).__name__,
        "url": storage.url("original_images/café.jpg"),
        "media_url": settings.MEDIA_URL,
        "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
        "admin_img_src": settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
        "location": getattr(storage, "location", None),
    }))
"""
# No network: fixed credentials (boto3 looks nowhere else) and no instance metadata.
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def test_media_on_local_disk_without_a_bucket(tmp_path):
    shown = json.loads(output_of(SHOW_STORAGE, MEDIA_ROOT=str(tmp_path)))
    assert shown["class"] == "FileSystemStorage"
    assert shown["location"] == str(tmp_path)
    assert shown["url"] == "/media/original_images/caf%C3%A9.jpg"
    assert shown["img_src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    ("env", "origin", "prefix"),
    [
        ({}, "https://cid-media.s3.amazonaws.com", "/"),
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud", "AWS_S3_REGION_NAME": "fr-par"},
            "https://s3.fr-par.scw.cloud",
            "/cid-media/",
        ),
        ({"AWS_S3_CUSTOM_DOMAIN": "media.cities.example"}, "https://media.cities.example", "/"),
    ],
    ids=["amazon", "other-endpoint", "cdn"],
)
def test_media_on_s3_when_a_bucket_is_named(env, origin, prefix):
    shown = json.loads(
        output_of(SHOW_STORAGE, AWS_STORAGE_BUCKET_NAME="cid-media", **FAKE_AWS, **env)
    )
    assert shown["class"] == "S3Storage"
    # Unsigned addresses (pages are cached and shared), under MEDIA_URL: the PDFs find the
    # images there, and the content security policy lets pages and the admin show them.
    assert shown["url"] == f"{origin}{prefix}original_images/caf%C3%A9.jpg"
    assert shown["media_url"] == f"{origin}{prefix}"
    assert origin in shown["img_src"] and origin in shown["admin_img_src"]


# Static files ---------------------------------------------------------------------------------

SERVE_STATIC = """
    import json
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.test import Client, override_settings

    # Into a directory of the test's (override_settings lets the storage know), and only our
    # own files: enough to see what collectstatic and whitenoise do with them.
    override_settings(
        STATIC_ROOT={static_root!r},
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ).enable()
    assert staticfiles_storage.location == {static_root!r}, staticfiles_storage.location
    call_command("collectstatic", "--noinput", verbosity=0)
    with open({static_root!r} + "/staticfiles.json") as manifest:
        hashed = json.load(manifest)["paths"]
    client = Client()
    shown = {{"hashed": hashed["css/site.css"]}}
    for name, path, encoding in (
        ("br", hashed["css/site.css"], "br, gzip"),
        ("gzip", hashed["css/site.css"], "gzip"),
        ("plain", hashed["css/site.css"], ""),
        ("unhashed", "css/site.css", ""),
    ):
        response = client.get("/static/" + path, secure=True, HTTP_ACCEPT_ENCODING=encoding)
        shown[name] = {{
            "status": response.status_code,
            "encoding": response.get("Content-Encoding"),
            "cache_control": response.get("Cache-Control"),
            "vary": response.get("Vary"),
        }}
    print(json.dumps(shown))
"""


def test_static_files_are_hashed_compressed_and_kept_for_a_year(tmp_path):
    shown = json.loads(
        output_of(SERVE_STATIC.format(static_root=str(tmp_path)), LOG_LEVEL="WARNING")
    )

    hashed = shown["hashed"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (tmp_path / (hashed + ".br")).is_file() and (tmp_path / (hashed + ".gz")).is_file()
    assert shown["br"]["encoding"] == "br" and shown["gzip"]["encoding"] == "gzip"
    assert shown["plain"]["encoding"] is None
    for name in ("br", "gzip", "plain"):
        assert shown[name]["status"] == 200
        cache_control = shown[name]["cache_control"]
        # whitenoise: ten years (nginx's deploy/nginx says one; both never ask again).
        max_age = int(cache_control.split("max-age=")[1].split(",")[0])
        assert max_age >= 365 * 24 * 60 * 60
        assert "public" in cache_control and "immutable" in cache_control
        assert shown[name]["vary"] == "Accept-Encoding"
    # A name without its hash may change with the next release: asked again after a minute.
    assert shown["unhashed"]["status"] == 200
    assert shown["unhashed"]["cache_control"] == "max-age=60, public"
