"""Local development: DEBUG on, a fixed key that is useless anywhere else, mail to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool, logging_settings

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405  (media: local disk, or the S3 bucket if one is named)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Warnings and errors, as text: what Wagtail notes at INFO (every page created, edited and
# published) would bury `make demo`'s output. runserver still prints each request.
LOGGING = logging_settings(
    os.environ.get("LOG_LEVEL", "WARNING"), os.environ.get("LOG_FORMAT", "text")
)
