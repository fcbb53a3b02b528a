"""Redis down costs one failed connection per process every few seconds, not one per cache call.

A page reads the shared cache dozens of times. With Redis stopped, each read would try to
connect again (redis-py retries with a backoff: about 13 ms here) and log a traceback: measured
with ``bench/faults.py``, pages went from 16 ms to 3.5 s under four clients, with 7,000
tracebacks in a minute. So the connection pool behind every Redis client of ours (the caches,
the page cache, the version watch) stops asking for ``SKIP_SECONDS`` after a failed connection:
calls in that time fail at once with ``RedisSkipped``, which django-redis ignores like any
connection error (``IGNORE_EXCEPTIONS``: a miss). The failure is logged once per pause, and
the records of calls skipped in it are dropped. The first call after the pause tries again,
so the site is back on Redis within ``SKIP_SECONDS`` of Redis being back.

Used through the cache option ``CONNECTION_POOL_CLASS`` (``config/settings/base.py``).
"""

import logging
import time

import redis

logger = logging.getLogger(__name__)

SKIP_SECONDS = 2.0


class RedisSkipped(redis.ConnectionError):
    """Redis was not asked: it could not be reached a moment ago."""


class SkippingConnectionPool(redis.ConnectionPool):
    """A connection pool that, after failing to connect, refuses for ``SKIP_SECONDS``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.skip_until = 0.0

    def get_connection(self, *args, **kwargs):
        if time.monotonic() < self.skip_until:
            raise RedisSkipped(f"Redis unreachable a moment ago; not asked for {SKIP_SECONDS} s")
        try:
            return super().get_connection()
        except (redis.ConnectionError, redis.TimeoutError) as error:
            self.skip_until = time.monotonic() + SKIP_SECONDS
            logger.warning("Redis unreachable: not asked for %s s (%s)", SKIP_SECONDS, error)
            raise


def _skipped(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    while error is not None:
        if isinstance(error, RedisSkipped):
            return True
        error = error.__cause__ or error.__context__
    return False


class DropSkipped(logging.Filter):
    """Drops log records about a call that was skipped: the pause was logged once already."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _skipped(record)


# The loggers that report cache errors call by call: django-redis's (IGNORE_EXCEPTIONS) and ours.
for _name in ("django_redis.cache", "home.cache", "home.pagecache"):
    logging.getLogger(_name).addFilter(DropSkipped())
