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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_caches(url: str) -> dict:
    """The shared caches on Redis (django-redis). A cache that is down is a miss, never an
    error (``IGNORE_EXCEPTIONS``, logged): the site slows down but keeps serving."""
    options = {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
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
