"""Tests: fast hashing, an in-memory cache and mailbox, plain static storage, media in a temp dir."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import logging_settings

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="cid-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
PARTICIPATION_MIN_FILL_SECONDS = 0  # tests that need it set it themselves
# Warnings and errors only (caplog still sees what a test asks for), whatever LOG_LEVEL says.
LOGGING = logging_settings("WARNING", "text")
