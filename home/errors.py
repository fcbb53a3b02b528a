"""What a reader gets when the site fails on our side, and the health check for load balancers.

- **The database cannot be reached** (PostgreSQL restarting, down, or out of connections): a
  503 page with ``Retry-After``, never a 500. Django turns every exception in a request, in a
  view or a middleware, into a call to the 500 handler while the exception is being handled,
  so ``server_error`` sees it and answers 503 for ``OperationalError`` and ``InterfaceError``
  (Django's wrappers of the driver's connection errors). Nothing needs restarting afterwards:
  with ``CONN_HEALTH_CHECKS`` each process finds its broken connection at its next request and
  opens a new one.
- **Anything else**: the 500 page.

Both pages are rendered without a request, so without context processors: nothing on them
reads the database or the cache, which may be what failed. They follow the language the
request was in when it failed.
"""

import logging
import os
import socket
import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds a reader (or a crawler) is asked to wait before trying again: about how long
# PostgreSQL takes to restart.
RETRY_AFTER_SECONDS = 10


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether ``exception`` says the database could not be reached or went away, rather than
    a fault of the query (which stays a 500, to be fixed)."""
    return isinstance(exception, (OperationalError, InterfaceError))


def error_page(heading: str, lead: str, status: int) -> HttpResponse:
    html = loader.get_template("error.html").render({"heading": heading, "lead": lead})
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def service_unavailable() -> HttpResponse:
    response = error_page(
        _("The site is briefly unavailable"),
        _(
            "Sorry, we cannot show this page right now. If you were sending a comment or a "
            "story, it has not been saved: please go back and send it again in a minute."
        ),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """``handler500``: 503 while the database is unreachable, else the 500 page. Django has
    already logged the exception (``django.request``) with its traceback."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    return error_page(
        _("Something went wrong"),
        _(
            "Sorry, the page could not be shown because of an error on our side. Please try "
            "again in a few minutes."
        ),
        status=500,
    )


# Health ---------------------------------------------------------------------------------------


def _health_key() -> str:
    """One key per process (read at each check: gunicorn imports this before it forks), so
    that two processes checking at once never read each other's token."""
    return f"cid:health:{socket.gethostname()}:{os.getpid()}"


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False


def cache_answers() -> bool:
    """Whether a value written to the shared cache reads back. With Redis down, django-redis
    ignores the error (``IGNORE_EXCEPTIONS``) and the read finds nothing."""
    token, key = uuid.uuid4().hex, _health_key()
    try:
        cache.set(key, token, timeout=30)
        answered = cache.get(key) == token
    except Exception:  # a cache without IGNORE_EXCEPTIONS raises its own errors
        answered = False
    if not answered:
        logger.error("Health check: the cache did not answer")
    return answered


@never_cache
@require_safe
def health(request):
    """For load balancers: ``GET /health/``.

    - 200 ``{"status": "ok"}``: the database and the cache answer.
    - 200 ``{"status": "degraded"}``: the cache does not. The site still serves every page
      (more slowly, rate limits per process), and every app server shares the one Redis, so
      failing the check would take them all out of service over a slowdown.
    - 503 ``{"status": "unavailable"}``: the database does not; this server cannot serve.

    Nothing else is said (no versions, hosts or errors); the log has the details."""
    if not database_answers():
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok" if cache_answers() else "degraded"})


def health_middleware(get_response):
    """Answers ``/health/`` before anything checks the ``Host`` header: load balancers often
    ask an app server by its address, which is not in ``ALLOWED_HOSTS`` (and should not be).
    Placed right after Django's SecurityMiddleware, which adds its headers and, with
    ``SECURE_REDIRECT_EXEMPT``, does not redirect it to HTTPS."""

    def middleware(request):
        if request.path_info == "/health/":
            return health(request)
        return get_response(request)

    return middleware
