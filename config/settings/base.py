"""Settings shared by every environment, read from the environment where they differ."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "stories",
    "events",
    "handbook",
    "partners",
    "participation",
    "search.apps.SearchConfig",
    "api",
    "opendata",
    "demo",
    "wagtail_localize",
    "wagtail.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /health/ for load balancers, before the Host header is checked (home/errors.py).
    "home.errors.health_middleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that a page served from it carries the policy too, and the one
    # in force now rather than the one it was kept with (entries do not store this header).
    "home.security.CSPMiddleware",
    # Whole anonymous pages: a hit skips everything below.
    "home.pagecache.PageCacheMiddleware",
    # After whitenoise: a static file needs neither the locale memo nor the site.
    "home.cache.request_memo",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Admin accounts (home/accounts.py): the second factor, then lockouts after failed sign-ins.
    "home.accounts.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database server that does not answer (rather than refusing) fails the request with
    # the 503 page after this many seconds (home/errors.py), not at the app server's timeout.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["connect_timeout"] = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    # No JIT compilation: it pays off for long analytical queries, not for a page's short ones,
    # where compiling cost up to a second a query on the 100k-page network (decisions §28).
    # Random reads priced as on SSD or in memory (PostgreSQL's default of 4 assumes spinning
    # disks): otherwise, once the search index's table is compact, searches read every row of
    # it rather than going through its GIN index (decisions §29).
    options["options"] = "-c jit=off -c random_page_cost=1.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_caches(url: str) -> dict:
    """The shared caches on Redis (django-redis). A cache that is down is a miss, never an
    error (``IGNORE_EXCEPTIONS``, logged): the site slows down but keeps serving. After a
    failed connection, Redis is not asked again for two seconds (``home.redis_breaker``)."""
    options = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 1,
        "SOCKET_TIMEOUT": 1,
        "CONNECTION_POOL_CLASS": "home.redis_breaker.SkippingConnectionPool",
    }
    return {
        alias: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": options,
        }
        for alias, prefix in (("default", "cid"), ("renditions", "cid-renditions"))
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (django-tasks): PDFs, emails, Wagtail's search and reference index updates.
# "immediate" runs each task in the process that queues it, at once; "database" keeps it in the
# database (django-tasks-db) for `manage.py db_worker` to run. django_tasks_db is installed either
# way, so its table exists in every database and the backend can be switched without a migration.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate").strip().lower()
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND is {TASKS_BACKEND!r}: it must be one of {', '.join(TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Logs ---------------------------------------------------------------------------------------
# Every record goes to standard output, one line each, where the process manager collects it
# (systemd's journal, Docker): JSON objects (home/logging.py) in production, text elsewhere.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = {
    "json": {"()": "home.logging.JsonFormatter"},
    "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
}


def logging_settings(level: str, log_format: str) -> dict:
    """LOGGING for records at ``level`` and above, written to stdout as ``log_format``."""
    level, log_format = level.strip().upper(), log_format.strip().lower()
    if level not in LOG_LEVELS:
        raise ImproperlyConfigured(f"LOG_LEVEL is {level!r}: one of {', '.join(LOG_LEVELS)}.")
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"LOG_FORMAT is {log_format!r}: one of {', '.join(LOG_FORMATS)}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {log_format: LOG_FORMATS[log_format]},
        "handlers": {
            "stdout": {
                "class": "home.logging.StdoutHandler",
                "formatter": log_format,
                "level": level,
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        # Django's own handlers (its console while DEBUG, mail to ADMINS) are dropped: its
        # records, request errors included, reach the one above. runserver's request lines
        # (django.server) keep theirs.
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            # django-axes announces its settings at INFO in every process that starts, and
            # WeasyPrint each step and page of a PDF (hundreds of lines for the handbook).
            "axes.apps": {"level": "WARNING"},
            "weasyprint.progress": {"level": "WARNING"},
            # Two lines for every task run, one of them for each page saved (Wagtail's index
            # updates); failures are errors. The worker (db_worker) sets its own level.
            "django_tasks": {"level": "WARNING"},
        },
    }


LOGGING = logging_settings(
    os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "text")
)

# Whole pages for anonymous readers (home/pagecache.py, docs/caching.md): kept in the cache
# above and marked for the reverse proxy (s-maxage) for at most this many seconds; 0 turns the
# page cache off. Content changes end them at once, on every server.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The query parameters public pages, feeds and the API read. A request with any other is
# answered but not cached, so made-up parameters cannot fill the cache.
PAGE_CACHE_QUERY_PARAMETERS = [
    *("page", "past_page", "when", "city", "theme", "year", "kind", "country", "q"),
    *("p", "reply_to"),
    *("limit", "offset", "fields", "order", "search", "locale", "type", "from", "to"),
]
# The reverse proxies to purge when content changes: the base URL of each one's purge server
# (deploy/nginx: http://127.0.0.1:8081), comma-separated. Wagtail's frontend cache sends them
# PURGE requests for the addresses they may hold.
WAGTAILFRONTENDCACHE = {
    f"proxy{number}": {"BACKEND": "home.pagecache.PurgeBackend", "LOCATION": location}
    for number, location in enumerate(env_list("FRONTEND_CACHE_PURGE_URLS"), start=1)
}
# The app records each exact address the proxy may hold: no copies per language are needed.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Security headers -------------------------------------------------------------------------
# Every environment sends them, so tests see what production sends; HTTPS-only ones (HSTS,
# secure cookies) are in production.py. `manage.py check --deploy` passes with no warning.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp; home/security.py). Public pages run one script of ours
# (static/js/embed.js) and load everything else from this origin, but for a video player, framed
# only once the reader presses play (home/embeds.py). No 'unsafe-inline' and no nonce: whole
# pages are cached and served to everyone (docs/caching.md), so nothing in them may differ per
# request. JSON-LD blocks are data, never run, and need nothing.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-src": VIDEO_PLAYER_ORIGINS,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin's policy, for paths under these prefixes (home/security.py). Wagtail 8's page
# editor still runs inline scripts (wagtail/wagtail#1288; measured: four on a story's editor),
# our admin reports carry <style> blocks, images being uploaded are shown as blob: and data:
# (wagtail/wagtail#7053), and the editor frames its own preview. Still no 'unsafe-eval'.
ADMIN_CONTENT_SECURITY_POLICY = {
    "PATH_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF, *VIDEO_PLAYER_ORIGINS],
        "frame-ancestors": [SELF],
    },
}
# Powerful browser features no page of the site uses, refused to it and to anything it frames
# (django-permissions-policy). Fullscreen, picture-in-picture and autoplay stay as browsers
# default: the video players ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        *("accelerometer", "browsing-topics", "camera", "display-capture"),
        *("geolocation", "gyroscope", "hid", "idle-detection", "interest-cohort"),
        *("magnetometer", "microphone", "midi", "payment", "serial", "usb"),
        "xr-spatial-tracking",
    )
}
# Editors' avatars are not fetched from Gravatar: no request leaves for a third party, which the
# admin's img-src would refuse anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin accounts (home/accounts.py) -------------------------------------------------------------
# django-axes first: a locked-out sign-in is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted per username and client address (the address as the public
# forms find it, through PARTICIPATION_TRUSTED_PROXIES); after ADMIN_LOGIN_FAILURE_LIMIT of
# them that pair is locked out for ADMIN_LOGIN_COOLOFF_MINUTES (a 429 page that says so);
# `manage.py axes_reset_username NAME` unlocks it sooner.
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "participation.protection.sign_in_ip"
AXES_LOCKOUT_CALLABLE = "home.accounts.locked_out"
AXES_RESET_ON_SUCCESS = True
# No log of every successful sign-in (addresses and browsers of editors, kept for ever).
AXES_DISABLE_ACCESS_LOG = True
# Two-factor authentication (django-otp's TOTP devices): optional. An editor who turns it on
# under Account → Two-factor authentication is asked for their authenticator app's code after
# every sign-in; editors without one sign in with their password as before.
OTP_TOTP_ISSUER = "Cities in Dialogue"
# Admin sessions end 8 hours after sign-in, and with the browser unless "Remember me" is
# ticked. The cookie is out of reach of scripts and not sent on cross-site posts.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Languages --------------------------------------------------------------------------------
# CONTENT_LANGUAGES lists the partner languages; the first is the default (the site's root).
CONTENT_LANGUAGES = env_list("CONTENT_LANGUAGES", "en,sv,de,it,es,el,pl,ar")
_unknown = [code for code in CONTENT_LANGUAGES if code not in LANG_INFO]
if _unknown or not CONTENT_LANGUAGES:
    raise ImproperlyConfigured(
        f"CONTENT_LANGUAGES holds codes Django does not know: {', '.join(_unknown) or '(empty)'}"
    )

# Each language is named in itself, so a reader finds their own in the switcher.
LANGUAGES = [(code, LANG_INFO[code]["name_local"]) for code in CONTENT_LANGUAGES]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LANGUAGE_CODE = CONTENT_LANGUAGES[0]
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
# Static files are served by whitenoise from the code's STATIC_ROOT: hashed names, kept for ever
# by browsers and caches, with gzip and brotli copies made by collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_media_url(bucket: str, endpoint_url: str, custom_domain: str) -> str:
    """Where django-storages' S3 storage puts a file's address (query-string signing off):
    the custom domain, else the endpoint's bucket path, else Amazon's bucket host."""
    if custom_domain:
        return f"https://{custom_domain.strip('/')}/"
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{bucket}/"
    return f"https://{bucket}.s3.amazonaws.com/"


# Uploads (images, documents, PDFs) on an S3-compatible store when a bucket is named, so that app
# servers share no disk. Credentials come from boto3's own lookup: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment, or the machine's role. Addresses are unsigned (pages
# showing images are cached and shared), so images must be readable by anyone; documents are
# always served through the app (WAGTAILDOCS_SERVE_METHOD), which reads them with its credentials.
if AWS_STORAGE_BUCKET_NAME := os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
    _endpoint_url = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    _custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip()
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _endpoint_url or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME", "").strip() or None,
            "custom_domain": _custom_domain or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    # Files' addresses, for the PDFs (handbook.pdf reads images under it from storage) and for
    # the content security policy below.
    MEDIA_URL = s3_media_url(AWS_STORAGE_BUCKET_NAME, _endpoint_url, _custom_domain)
    # Public pages and the admin show images from there.
    _media_origin = "/".join(MEDIA_URL.split("/")[:3])
    for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
        _policy["DIRECTIVES"]["img-src"] = [*_policy["DIRECTIVES"]["img-src"], _media_origin]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Cities in Dialogue"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# One text-search configuration for every language: "simple" lowercases and does not stem, so it
# treats Arabic, Polish and Swedish alike (PostgreSQL has no Polish dictionary). Search filters
# by locale. SQLite uses FTS5 and ignores SEARCH_CONFIG. See README, "Search".
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
# Uploads (home/uploads.py): judged by their content before anything is stored. Raster images
# only: an SVG is a document that can run script, so it is refused like any other extension.
# The pixels (every frame counted) are read from the file's header, before any is decoded.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.ImageForm"
# A document must hold what its extension says (home.uploads.CONTENT_CHECKS).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.uploads.DocumentForm"
# Documents are served by the app (never from /media/, which nginx refuses for them), so
# collection privacy applies, and always as a download: with Content-Disposition:
# attachment (even PDFs), X-Content-Type-Options: nosniff and Wagtail's CSP default-src 'none'.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_FINDERS = [{"class": "home.embeds.OfflineVideoFinder"}]
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}

# Reuse: the read-only API (api/) and the open data downloads (opendata/) ----------------------
# Most items one API request may ask for (``?limit=``).
WAGTAILAPI_LIMIT_MAX = 100
# Rich text as HTML with links to pages and documents resolved to their public addresses.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# The licence the open data is published under: its name, as shown, and where it is explained.
OPEN_DATA_LICENCE_NAME = os.environ.get("OPEN_DATA_LICENCE_NAME", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# Email ----------------------------------------------------------------------------------------
# Notifications to moderators, receipts to story senders, admin password resets. Django's SMTP
# backend with the server given here (dev prints mail, tests keep it in memory).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cities in Dialogue <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Public participation (participation/) ---------------------------------------------------------
# Days personal data (commenters' and story senders' emails) is kept before the purge
# (`manage.py purge_personal_data`) removes it.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "90"))
# Public forms: fewer seconds than this between showing a form and sending it is a bot.
PARTICIPATION_MIN_FILL_SECONDS = 3
# Per visitor IP, through the shared cache (django-ratelimit): comments and stories sent.
PARTICIPATION_COMMENT_RATE = os.environ.get("PARTICIPATION_COMMENT_RATE", "10/10m")
PARTICIPATION_STORY_RATE = os.environ.get("PARTICIPATION_STORY_RATE", "10/h")
PARTICIPATION_REPORT_RATE = os.environ.get("PARTICIPATION_REPORT_RATE", "10/10m")
# With the shared cache down (Redis), django-ratelimit cannot count: rather than refusing every
# comment and story (its default), the limits above are then counted per app process, in memory
# (participation.protection.rate_limit_usage), and a warning is logged.
RATELIMIT_FAIL_OPEN = True
# How many reverse proxies in front of the app append to X-Forwarded-For: 0 uses REMOTE_ADDR;
# behind one nginx, 1 (else every visitor shares the proxy's address and one limit).
PARTICIPATION_TRUSTED_PROXIES = int(os.environ.get("PARTICIPATION_TRUSTED_PROXIES", "0"))
