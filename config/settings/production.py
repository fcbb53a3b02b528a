"""Production: behind a TLS-terminating proxy; refuses to start without a real SECRET_KEY."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, SECRET_KEY, env_bool

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: app servers share one cache (page data, rate "
        "limits); a cache per process would keep serving a page after it changed."
    )

DEBUG = False
# Each app server process keeps its database connection between requests (checked before
# reuse, CONN_HEALTH_CHECKS in base.py) rather than opening one per request.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers ask for /health/ over plain HTTP, straight from the app server.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload directive consents to browsers' built-in HSTS lists; nothing changes until the
# registrable domain is submitted to them. SECURE_HSTS_PRELOAD=false where some subdomain of it
# must stay reachable over plain HTTP. The other security headers are set in base.py.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
