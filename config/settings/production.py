"""Production: behind a TLS-terminating proxy; refuses to start without a real SECRET_KEY."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, SECRET_KEY, env_bool, logging_settings

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

# One JSON object per line on stdout (home/logging.py); LOG_FORMAT=text for a person reading.
LOGGING = logging_settings(
    os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "json")
)

# Errors to Sentry, only when SENTRY_DSN is set. Nothing personal leaves: no addresses, cookies
# or users (send_default_pii), no request bodies (the public forms carry names, emails and
# stories) and no local variables (they hold the same). Unhandled exceptions and records
# logged at ERROR become events; a Redis that is down is not one per request (decisions §26:
# a slowdown, logged, and /health/ says "degraded").
if SENTRY_DSN := os.environ.get("SENTRY_DSN", "").strip():
    try:
        SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or "0")
    except ValueError:
        SENTRY_TRACES_SAMPLE_RATE = -1.0
    if not 0 <= SENTRY_TRACES_SAMPLE_RATE <= 1:
        raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1.")

    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
    )
    ignore_logger("django_redis.cache")
