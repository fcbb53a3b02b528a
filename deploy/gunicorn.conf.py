"""gunicorn for the production site: ``gunicorn config.wsgi --config deploy/gunicorn.conf.py``.

Read from the environment (deploy/env.example):

- ``GUNICORN_BIND`` (default ``127.0.0.1:8000``): where to listen. Only the reverse proxy may
  reach it: Django trusts ``X-Forwarded-Proto`` (``SECURE_PROXY_SSL_HEADER``) from whoever
  connects, so bind to loopback, or to a private address behind a firewall.
- ``WEB_CONCURRENCY`` (default 2 × CPUs + 1): worker processes. In a container with a CPU
  quota, set it: the CPUs counted here are those the process may run on, not its quota.
- ``FORWARDED_ALLOW_IPS`` (default ``127.0.0.1,::1``): the proxies whose ``X-Forwarded-*``
  gunicorn itself believes; nginx's address when it runs on another host.
- ``LOG_FORMAT`` (``json``, the default, or ``text``) and ``LOG_LEVEL``: gunicorn's own lines,
  the access log included, as one JSON object per line in the app's format, or as plain text.
- ``GUNICORN_CMD_ARGS``: gunicorn's own; anything given there wins over this file
  (``--timeout 120`` for a slow handbook PDF, say).

The choices, and why:

- **Sync workers.** nginx buffers whole requests and responses, so a slow client never holds a
  worker; what a worker waits on is PostgreSQL and Redis, in well under a millisecond on the
  same network. One request per process keeps one database connection per process (the count
  docs/deployment.md adds up), and a CPU-heavy render (a PDF) cannot slow other requests in
  the same process. Threads would pay only where requests wait on slow I/O. (A sync worker
  closes each connection after its response, so nginx's upstream ``keepalive`` does not apply:
  a new connection over loopback costs microseconds.)
- **preload_app.** The master imports the site once and forks workers with it loaded, so a
  worker replaced after ``max_requests`` serves at once instead of importing Django and Wagtail
  again (3–7 s of CPU each; measured start with 3 workers on 2 busy CPUs: first answer after
  9 s with preload, 24 s without). Memory comes out about even, as reference counting soon
  copies the shared pages (PSS: master 74 MB, workers 95 MB idle; without, 12 and 103 MB).
  Nothing opens a connection or starts a thread at import: the database connection, the Redis
  pools, ``home.cache.VersionWatch``'s thread and Sentry's (with ``SENTRY_DSN``) are made on
  first use in each worker, after the fork (checked: the master runs one thread). The price:
  ``kill -HUP`` re-reads this file but forks the *old* code, so a release is a restart.
- **timeout 60 s.** With ``TASKS_BACKEND=immediate`` the first download of a handbook PDF
  renders it in the request (WeasyPrint: 7–22 s for the demo's, on a busy machine); anything
  slower is stuck and is restarted. With a worker (``TASKS_BACKEND=database``), an edition's
  PDFs are rendered when it is published. A database that does not answer fails sooner, after
  ``DATABASE_CONNECT_TIMEOUT`` (the 503 page). **graceful_timeout 30 s**: on a restart,
  requests in flight finish.
- **max_requests 100,000 ± 10,000.** A worker that grows is replaced before it matters; the
  jitter keeps workers from restarting together. High, since a worker serves about 2,700
  cached pages a second (README, bench/throughput.py): at peak that is a fork every half
  minute or so, cheap with preload; a low limit would mean one every few seconds.
- **No control socket.** gunicorn 25+ opens one in ``$XDG_RUNTIME_DIR`` or ``~/.gunicorn/``
  that can stop or resize the server; systemd (or Docker) manages the process instead.
"""

import os
import sys
from pathlib import Path

from gunicorn import glogging

# The project, importable here whatever gunicorn's own folder: for home.logging below.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from home.logging import JsonFormatter  # the app's format (imports no Django)

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# gunicorn itself refuses a WEB_CONCURRENCY that is not a number, before reading this file.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)
worker_class = "sync"
preload_app = True
timeout = 60
graceful_timeout = 30
max_requests = 100_000
max_requests_jitter = 10_000
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
control_socket_disable = True
# The heartbeat file each worker touches: in memory, never on a container's overlay disk
# (where a write can block and get a healthy worker killed).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "cities-in-dialogue"

# Requests to stdout, gunicorn's own messages (start, worker timeouts) to stderr; journald or
# Docker collects both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()


def content_length(resp) -> int | None:
    for name, value in resp.headers:
        if name.lower() == "content-length" and value.isdigit():
            return int(value)
    return None


class JsonLogger(glogging.Logger):
    """gunicorn's logger, its lines formatted as the app's (home/logging.py: time, level,
    logger, message). An access line adds the method, the path (without the query string,
    which may hold what a reader searched for), status, bytes, duration_ms, the peer's address
    (the proxy's, not the reader's: nginx's log has that) and the worker's pid."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            # A file sent with sendfile (whitenoise, PDFs) is not counted in ``sent``.
            "bytes": getattr(resp, "sent", None) or content_length(resp),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "pid": os.getpid(),
        }
        try:
            self.access_log.info("%s %s %s", fields["method"], fields["path"], status, extra=fields)
        except Exception:
            self.exception("access log failed")


if LOG_FORMAT == "json":
    logger_class = JsonLogger
