"""The deployment files (deploy/, Dockerfile, .dockerignore) agree with the code and with each
other: every variable the settings read is in the environment template, every unit and timer
runs something that exists, gunicorn's configuration loads and logs as the app does, and the
image is built from files that are there. Fast, and nothing leaves the machine: the one program
run is ``systemd-analyze verify``, where it is installed.
"""

import ast
import fnmatch
import io
import json
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import get_commands, load_command_class
from django.test import override_settings
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
ENV_EXAMPLE = DEPLOY / "env.example"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
# Where the units expect the code (WorkingDirectory): the repository, on the server.
SERVER_ROOT = "/srv/cities-in-dialogue"
VARIABLE_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


# The environment template ------------------------------------------------------------------


def variables_read(path: Path) -> set:
    """Names of environment variables a Python file reads: ``os.environ.get("X")``,
    ``os.environ["X"]``, ``os.getenv("X")``, ``"X" in os.environ`` and the settings' helpers
    (``env_bool("X")``, ``env_list("X")``, any ``env_*``)."""

    def is_environ(node) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    def name_of(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return None

    def reads(call) -> bool:
        function = call.func
        if isinstance(function, ast.Name):
            return function.id.startswith("env_")
        return isinstance(function, ast.Attribute) and (
            function.attr == "getenv" or (function.attr == "get" and is_environ(function.value))
        )

    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and reads(node):
            found = name_of(node.args[0])
        elif isinstance(node, ast.Subscript) and is_environ(node.value):
            found = name_of(node.slice)
        elif isinstance(node, ast.Compare) and any(map(is_environ, node.comparators)):
            found = name_of(node.left)
        else:
            found = None
        if found:
            names.add(found)
    return names


def env_example_lines() -> list:
    return ENV_EXAMPLE.read_text().splitlines()


def documented_variables() -> dict:
    """Each variable in env.example (set, or commented out to show its default): its value."""
    found = {}
    for line in env_example_lines():
        if match := VARIABLE_LINE.match(line):
            found.setdefault(match.group(2), match.group(3))
    return found


def test_the_reader_finds_every_way_of_reading_a_variable(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        'a = os.environ.get("A")\n'
        'b = os.environ["B"]\n'
        'c = os.getenv("C", "")\n'
        'd = env_bool("D", True)\n'
        'e = env_list(\n    "E"\n)\n'
        'f = "F" in os.environ\n'
        "g = os.environ.get(name)\n"
    )
    assert variables_read(sample) == {"A", "B", "C", "D", "E", "F"}


def app_modules() -> list:
    """The Python files that run in production: the settings, the apps and gunicorn's
    configuration; not the tests, benchmarks, tools or anything installed."""
    left_out = {"tests", "bench", "deploy", "node_modules", "staticfiles", "media"}
    folders = [
        folder
        for folder in ROOT.iterdir()
        if folder.is_dir() and folder.name not in left_out and not folder.name.startswith(".")
    ]
    found = [path for folder in folders for path in folder.rglob("*.py")]
    return [*sorted(path for path in found if "migrations" not in path.parts), GUNICORN_CONF]


def test_env_example_names_every_variable_the_code_reads():
    readers = app_modules()
    read = {name: path for path in readers for name in variables_read(path)}
    assert {"DATABASE_URL", "SECRET_KEY", "GUNICORN_BIND"} <= set(read)  # the reader works
    missing = sorted(set(read) - set(documented_variables()))
    assert not missing, "missing from deploy/env.example: " + ", ".join(
        f"{name} (read in {read[name].relative_to(ROOT)})" for name in missing
    )


def test_each_variable_in_env_example_comes_under_a_comment_and_once():
    lines = env_example_lines()
    seen = set()
    for number, line in enumerate(lines):
        match = VARIABLE_LINE.match(line)
        if not match:
            continue
        name = match.group(2)
        assert name not in seen, f"{name} appears twice in deploy/env.example"
        seen.add(name)
        # Variables may be grouped; the line above the group explains it.
        above = number - 1
        while above >= 0 and VARIABLE_LINE.match(lines[above]):
            above -= 1
        assert above >= 0 and lines[above].startswith("# "), f"{name} has no comment above it"


def test_env_example_is_readable_by_systemd_and_docker_and_holds_no_secret():
    for number, line in enumerate(env_example_lines(), start=1):
        assert line == "" or line.startswith("#") or VARIABLE_LINE.match(line), (
            f"deploy/env.example:{number} is neither a comment nor NAME=value: {line!r}"
        )
        if match := VARIABLE_LINE.match(line):
            value = match.group(3)
            # Docker's --env-file keeps quotes and everything after "=" as the value.
            assert not value.startswith(("'", '"')) and " #" not in value, line
    variables = documented_variables()
    assert variables["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    set_here = {
        match.group(2)
        for line in env_example_lines()
        if (match := VARIABLE_LINE.match(line)) and not match.group(1)
    }
    assert {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= set_here
    assert {"REDIS_URL", "TASKS_BACKEND"} <= set_here
    for secret in ("SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "SENTRY_DSN"):
        assert variables[secret] == "", f"{secret} must be left empty in the template"


# systemd units and timers -------------------------------------------------------------------


def read_unit(path: Path) -> dict:
    """A unit file as {section: [(key, value), …]}, keys in order (systemd allows repeats),
    continued lines joined."""
    sections, section, pending = {}, None, ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith(("#", ";"))):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        if line.startswith("[") and line.endswith("]"):
            section = sections.setdefault(line[1:-1], [])
        else:
            key, _, value = line.partition("=")
            section.append((key.strip(), value.strip()))
    return sections


def values(unit: dict, section: str, key: str) -> list:
    return [value for name, value in unit.get(section, []) if name == key]


def value(unit: dict, section: str, key: str):
    found = values(unit, section, key)
    return found[-1] if found else None


SERVICES = sorted(SYSTEMD.glob("*.service"))
TIMERS = sorted(SYSTEMD.glob("*.timer"))
LONG_RUNNING = {"cities-in-dialogue.service", "cities-in-dialogue-worker.service"}


def test_the_units_are_there():
    names = {path.name for path in SERVICES + TIMERS}
    assert names >= LONG_RUNNING
    jobs = {"publish-scheduled", "purge-personal-data", "update-index", "prune-task-results"}
    for job in {*jobs, "backup"}:
        assert f"cities-in-dialogue-{job}.timer" in names
        assert f"cities-in-dialogue-{job}.service" in names


@pytest.mark.parametrize("path", TIMERS, ids=lambda path: path.name)
def test_each_timer_has_a_schedule_and_starts_a_service_that_exists(path):
    timer = read_unit(path)
    assert value(timer, "Timer", "OnCalendar"), f"{path.name} has no OnCalendar"
    assert value(timer, "Timer", "Persistent") == "true", f"{path.name}: Persistent=true"
    service = value(timer, "Timer", "Unit") or path.with_suffix(".service").name
    assert (SYSTEMD / service).is_file(), f"{path.name} starts {service}, which is not there"
    assert value(read_unit(SYSTEMD / service), "Service", "Type") == "oneshot"
    assert value(timer, "Install", "WantedBy") == "timers.target"


def test_every_job_service_has_a_timer():
    started = {
        value(read_unit(path), "Timer", "Unit") or path.with_suffix(".service").name
        for path in TIMERS
    }
    jobs = {path.name for path in SERVICES} - LONG_RUNNING
    assert jobs == started, f"services no timer starts: {sorted(jobs - started)}"


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.name)
def test_each_service_runs_as_the_app_user_in_the_app_folder_hardened(path):
    service = read_unit(path)
    expected = {
        "User": "cid",
        "Group": "cid",
        "WorkingDirectory": SERVER_ROOT,
        "EnvironmentFile": "/etc/cities-in-dialogue/env",
        "NoNewPrivileges": "true",
        "ProtectSystem": "strict",
        "ProtectHome": "true",
        "PrivateTmp": "true",
        "PrivateDevices": "true",
        "CapabilityBoundingSet": "",
    }
    for key, wanted in expected.items():
        assert value(service, "Service", key) == wanted, f"{path.name}: {key}={wanted}"
    # It may write only where it must: uploads, or the backups' folder.
    writable = values(service, "Service", "ReadWritePaths")
    assert writable in (
        [f"-{SERVER_ROOT}/media"],
        ["/var/backups/cities-in-dialogue"],
    ), f"{path.name}: ReadWritePaths={writable}"


def manage_commands() -> dict:
    """The management commands this project has (``manage.py help --commands``): name → app."""
    return get_commands()


def parse_command(name: str, arguments: list):
    """``manage.py name arguments`` parsed by the command's own parser, with the database task
    backend in place, as the worker and the prune job run with it: an unknown option fails."""
    database_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=database_tasks):
        command = load_command_class(manage_commands()[name], name)
        parser = command.create_parser("manage.py", name)
        try:
            return parser.parse_args(arguments)
        except SystemExit:
            pytest.fail(f"manage.py {name} refuses {' '.join(arguments)}")


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.name)
def test_each_service_runs_something_that_exists(path):
    service = read_unit(path)
    commands = values(service, "Service", "ExecStart")
    assert len(commands) == 1, f"{path.name}: one ExecStart"
    program, *arguments = shlex.split(commands[0])
    assert program.startswith(SERVER_ROOT + "/"), f"{path.name} runs {program}"
    local = ROOT / program.removeprefix(SERVER_ROOT + "/")
    if program.endswith("/.venv/bin/python"):
        assert arguments[0] == "manage.py"
        name = arguments[1]
        assert name in manage_commands(), f"{path.name}: no command manage.py {name}"
        parse_command(name, arguments[2:])
    elif program.endswith("/.venv/bin/gunicorn"):
        assert arguments[0] in {"config.wsgi", "config.wsgi:application"}
        config = arguments[arguments.index("--config") + 1]
        assert (ROOT / config) == GUNICORN_CONF
    else:
        assert local.is_file() and os.access(local, os.X_OK), f"{path.name}: {local} runs"


def test_the_site_tells_systemd_when_it_is_up_and_stops_after_gunicorn_has_finished():
    service = read_unit(SYSTEMD / "cities-in-dialogue.service")
    assert value(service, "Service", "Type") == "notify"
    assert value(service, "Service", "Restart") == "on-failure"
    conf = gunicorn_settings()
    stop = int(value(service, "Service", "TimeoutStopSec").removesuffix("s"))
    assert stop > conf["graceful_timeout"], "systemd would kill requests gunicorn lets finish"


def test_the_worker_and_the_prune_job_run_only_with_the_database_task_backend():
    for name in ("worker", "prune-task-results"):
        unit = read_unit(SYSTEMD / f"cities-in-dialogue-{name}.service")
        condition = shlex.split(value(unit, "Service", "ExecCondition"))
        assert condition == ["/usr/bin/test", "${TASKS_BACKEND}", "=", "database"]
    from config.settings.base import TASK_BACKENDS

    assert TASK_BACKENDS["database"] == "django_tasks_db.DatabaseBackend"


def test_nginx_gunicorn_and_the_units_agree_on_addresses_and_folders():
    http_conf = (DEPLOY / "nginx" / "cities-in-dialogue-http.conf").read_text()
    site_conf = (DEPLOY / "nginx" / "cities-in-dialogue-site.conf").read_text()
    upstream = re.search(r"upstream cities_in_dialogue \{\s*server ([^;\s]+);", http_conf)
    assert upstream.group(1) == gunicorn_settings()["bind"][0]
    assert f"alias {SERVER_ROOT}/staticfiles/;" in site_conf
    assert f"alias {SERVER_ROOT}/media/;" in site_conf
    assert documented_variables()["MEDIA_ROOT"] == f"{SERVER_ROOT}/media"
    assert documented_variables()["GUNICORN_BIND"] == upstream.group(1)
    purge = re.search(r"listen (127\.0\.0\.1:\d+);", http_conf).group(1)
    assert documented_variables()["FRONTEND_CACHE_PURGE_URLS"] == f"http://{purge}"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_every_unit():
    """``systemd-analyze verify``: unknown keys, bad values and calendars. Only the programs
    under /srv/cities-in-dialogue, which are not installed here, may be missing."""
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, SERVICES + TIMERS)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    missing_program = re.compile(
        rf"^[\w.-]+: Command {re.escape(SERVER_ROOT)}/\S+ is not executable: No such file"
    )
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and not missing_program.match(line)
    ]
    assert not problems, "\n".join(problems)


# gunicorn -----------------------------------------------------------------------------------


def gunicorn_settings(**env) -> dict:
    """deploy/gunicorn.conf.py read with ``env`` (others as they are), each setting checked by
    gunicorn's own validators as when it loads the file."""
    saved = dict(os.environ)
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "LOG_FORMAT"):
        os.environ.pop(name, None)
    os.environ.update(env)
    try:
        namespace = runpy.run_path(str(GUNICORN_CONF))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    config = Config()
    for name, setting in namespace.items():
        if name in config.settings:
            config.set(name, setting)
    return {name: config.settings[name].get() for name in config.settings}


def test_gunicorn_conf_defaults_are_those_documented():
    conf = gunicorn_settings()
    assert conf["bind"] == ["127.0.0.1:8000"]
    assert conf["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert conf["worker_class"] == "sync"
    assert conf["preload_app"] is True
    assert conf["timeout"] > conf["graceful_timeout"] > 0
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["forwarded_allow_ips"] == ["127.0.0.1", "::1"]
    assert conf["accesslog"] == "-" and conf["errorlog"] == "-"
    assert conf["control_socket_disable"] is True
    assert conf["logger_class"].__name__ == "JsonLogger"


def test_gunicorn_conf_follows_the_environment():
    conf = gunicorn_settings(
        GUNICORN_BIND="10.0.0.2:8001",
        WEB_CONCURRENCY="3",
        FORWARDED_ALLOW_IPS="10.0.0.1",
        LOG_FORMAT="text",
    )
    assert conf["bind"] == ["10.0.0.2:8001"]
    assert conf["workers"] == 3
    assert conf["forwarded_allow_ips"] == ["10.0.0.1"]
    assert conf["logger_class"] == "gunicorn.glogging.Logger"


@pytest.fixture
def gunicorn_logger():
    """gunicorn's logger as deploy/gunicorn.conf.py configures it, its access lines written to
    a string; its handlers removed afterwards."""
    conf = Config()
    for name, setting in runpy.run_path(str(GUNICORN_CONF)).items():
        if name in conf.settings:
            conf.set(name, setting)
    logger = conf.logger_class(conf)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    yield logger, stream
    for log in (logger.error_log, logger.access_log):
        log.handlers.clear()


def access_line(logger, stream, response, environ) -> dict:
    stream.seek(0), stream.truncate()
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12.5))
    return json.loads(stream.getvalue())


SEARCH = {
    "REQUEST_METHOD": "GET",
    "PATH_INFO": "/en/search/",
    "QUERY_STRING": "q=my+neighbour%27s+name",
    "RAW_URI": "/en/search/?q=my+neighbour%27s+name",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "127.0.0.1",
}


def test_gunicorn_access_lines_are_json_in_the_apps_format_without_the_query(gunicorn_logger):
    logger, stream = gunicorn_logger
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    record = access_line(logger, stream, response, SEARCH)
    assert record["logger"] == "gunicorn.access" and record["level"] == "INFO"
    assert {"time", "message"} <= set(record)
    assert (record["method"], record["path"], record["status"]) == ("GET", "/en/search/", 200)
    assert (record["bytes"], record["duration_ms"]) == (1234, 12.5)
    assert "neighbour" not in stream.getvalue()


def test_gunicorn_logs_the_length_of_a_file_sent_with_sendfile(gunicorn_logger):
    logger, stream = gunicorn_logger
    # whitenoise's files and the PDFs go out with sendfile, which ``sent`` does not count.
    response = SimpleNamespace(status="200 OK", sent=0, headers=[("Content-Length", "5120")])
    assert access_line(logger, stream, response, SEARCH)["bytes"] == 5120


# The image ----------------------------------------------------------------------------------


def dockerfile_instructions() -> list:
    """(INSTRUCTION, arguments) for each instruction, continued lines joined."""
    # As Docker reads it: an escaped line end joins the next line on, adding nothing.
    text = re.sub(r"\\\n", "", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerignore_patterns() -> list:
    return [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def ignored(path: str) -> bool:
    """Whether .dockerignore leaves ``path`` (relative to the repository) out of the build
    context: a pattern matches from the root, or at any depth after ``**/``, and covers what
    is under a folder it matches."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: length + 1]) for length in range(len(parts))]
    for pattern in dockerignore_patterns():
        if pattern.startswith("**/"):
            tail = pattern[3:]
            if any(fnmatch.fnmatchcase(part, tail) for part in parts):
                return True
        elif any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes):
            return True
    return False


def test_dockerignore_leaves_out_local_state_and_keeps_what_the_image_needs():
    for path in (".venv", "media", "db.sqlite3", "node_modules", "test-artifacts", ".git"):
        assert ignored(path), f".dockerignore lets {path} into the image"
    assert ignored("staticfiles/css/site.css") and ignored("home/__pycache__/cache.cpython.pyc")
    needed = ["manage.py", "pyproject.toml", "requirements.lock", "README.md", "config/wsgi.py"]
    needed += ["deploy/gunicorn.conf.py", "home/logging.py", "templates/base.html"]
    needed += ["static/css/site.css", "locale/ar/LC_MESSAGES/django.po"]
    for path in needed:
        assert (ROOT / path).exists(), path
        assert not ignored(path), f".dockerignore leaves out {path}, which the image needs"


def test_dockerfile_builds_from_files_that_are_there():
    instructions = dockerfile_instructions()
    sources = []
    for keyword, arguments in instructions:
        if keyword in {"COPY", "ADD"} and "--from=" not in arguments:
            sources += shlex.split(arguments)[:-1]
    assert sources, "the Dockerfile copies nothing"
    for source in sources:
        if source == ".":
            continue
        assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        assert not ignored(source), f"COPY {source}: left out by .dockerignore"


def test_dockerfile_runs_the_production_configuration():
    instructions = dockerfile_instructions()
    text = DOCKERFILE.read_text()
    bases = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    assert "ARG PYTHON_IMAGE=python:3.11-slim-bookworm" in text
    assert all(base.startswith("${PYTHON_IMAGE}") for base in bases)
    assert 'requires-python = ">=3.11,<3.12"' in (ROOT / "pyproject.toml").read_text()
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-core"):
        assert package in text, f"the image lacks {package}"
    assert "--constraint requirements.lock" in text
    assert "manage.py collectstatic" in text and "manage.py compile_translations" in text
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in text
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users and users[-1] not in {"root", "0"}, "the image runs as root"
    assert ("EXPOSE", "8000") in instructions
    assert "GUNICORN_BIND=0.0.0.0:8000" in text
    healthcheck = [arguments for keyword, arguments in instructions if keyword == "HEALTHCHECK"]
    assert healthcheck and "/health/" in healthcheck[0]
    command = [arguments for keyword, arguments in instructions if keyword == "CMD"][-1]
    program = json.loads(command)
    assert program[:2] == ["gunicorn", "config.wsgi"]
    assert ROOT / program[program.index("--config") + 1] == GUNICORN_CONF


def healthcheck_code() -> str:
    healthcheck = [
        arguments for keyword, arguments in dockerfile_instructions() if keyword == "HEALTHCHECK"
    ]
    command = shlex.split(healthcheck[0].split(" CMD ", 1)[1])
    assert command[:2] == ["python", "-c"]
    return command[2]


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_the_images_healthcheck_asks_for_health_with_an_allowed_host(status, healthy):
    """The HEALTHCHECK's own code, run against a stand-in server on a free port: it asks for
    /health/ with the first of ALLOWED_HOSTS as Host (Django refuses others) and fails on a
    503."""
    asked = []

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append((self.path, self.headers["Host"]))
            self.send_response(status if self.headers["Host"] == "example.org" else 400)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        environment = {
            **os.environ,
            "ALLOWED_HOSTS": "example.org,www.example.org",
            "GUNICORN_BIND": f"0.0.0.0:{server.server_address[1]}",
        }
        result = subprocess.run(
            [sys.executable, "-c", healthcheck_code()],
            env=environment,
            capture_output=True,
            timeout=30,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert asked == [("/health/", "example.org")]
    assert (result.returncode == 0) is healthy, result.stderr
