"""Log records on standard output: one line each, a JSON object in production.

Each object has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``; ``exc_info``
(the traceback, as one string) when there is an exception; and, for records about a request
(Django's ``django.request``: errors and 4xx/5xx responses), its ``method``, ``path`` (without
the query string, which may carry what a visitor typed) and ``status``. Anything else a record
was given as ``extra`` is kept under its own name.
"""

import logging
import sys

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter


class StdoutHandler(logging.StreamHandler):
    """A handler writing to whatever ``sys.stdout`` is when a record comes, as the standard
    library's last-resort handler does for stderr: a stream replaced after logging was set up
    (a test runner capturing output, a reloader) is followed rather than written to closed."""

    def __init__(self, level=logging.NOTSET):
        logging.Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stdout


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, *args, **kwargs):
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )

    def process_log_record(self, log_data):
        log_data = {"time": log_data.pop("time"), **log_data}
        request = log_data.pop("request", None)
        # django.server hands its socket, not a request: only a request has a method.
        if hasattr(request, "method"):
            log_data["method"], log_data["path"] = request.method, request.path
        if "status_code" in log_data:
            log_data["status"] = log_data.pop("status_code")
        return log_data
