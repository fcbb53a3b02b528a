# syntax=docker/dockerfile:1
# Cities in Dialogue: the production image (docs/deployment.md, "With Docker").
#
#   docker build -t cities-in-dialogue .
#   docker run --rm --env-file env cities-in-dialogue python manage.py migrate --noinput
#   docker run -d --env-file env -p 127.0.0.1:8000:8000 -v cid-media:/app/media cities-in-dialogue
#
# The same image runs the worker and the periodic jobs, with another command:
#   docker run -d --env-file env cities-in-dialogue python manage.py db_worker --queue-name '*'
#   docker run --rm --env-file env cities-in-dialogue python manage.py publish_scheduled
# The environment is deploy/env.example's, less GUNICORN_BIND and MEDIA_ROOT: set here for the
# container (an --env-file value would win). Static files are built in and served by
# whitenoise; uploads go to the /app/media volume, or to S3 when AWS_STORAGE_BUCKET_NAME is set.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- Dependencies, in a virtualenv copied into the final image ---------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Only what pip reads, so that this layer is rebuilt when the dependencies change, not the code.
# The project installs no package of its own (pyproject.toml), only its pinned dependencies,
# gunicorn among them.
COPY pyproject.toml requirements.lock README.md ./
RUN pip install --upgrade "pip>=25" \
    && pip install --constraint requirements.lock .

# --- The image that runs -----------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
# WeasyPrint's text layout (Pango, HarfBuzz) and a font with Arabic glyphs, for the handbook
# PDFs; Python's wheels bring every other library.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system cid \
    && useradd --system --gid cid --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin cid

COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    GUNICORN_BIND=0.0.0.0:8000 \
    MEDIA_ROOT=/app/media \
    XDG_CACHE_HOME=/tmp/cache
WORKDIR /app
COPY . .

# Hashed, compressed static files and the compiled interface catalogues are part of the image.
# The production settings refuse to load without a key and Redis: these two commands get a
# random key that is thrown away and an address never connected to (neither signs or caches).
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
        REDIS_URL=redis://build.invalid:6379/0 \
        sh -c 'python manage.py collectstatic --noinput --verbosity 0 \
            && python manage.py compile_translations' \
    && python -m compileall -q -j 0 /app \
    && install -d -o cid -g cid /app/media

USER cid
VOLUME ["/app/media"]
EXPOSE 8000
# /health/ over plain HTTP, as a load balancer asks: 200 when the database answers ("ok", or
# "degraded" without Redis), 503 when it does not. Sent with the first of ALLOWED_HOSTS as
# Host, since Django refuses any other.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD python -c "\
import os, urllib.request as r; \
host = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.*'); \
port = os.environ.get('GUNICORN_BIND', '0.0.0.0:8000').rsplit(':', 1)[1]; \
r.urlopen(r.Request(f'http://127.0.0.1:{port}/health/', headers={'Host': host or 'localhost'}), \
    timeout=4)"
CMD ["gunicorn", "config.wsgi", "--config", "deploy/gunicorn.conf.py"]
