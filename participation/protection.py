"""Protection for the public forms (comments, stories) without a per-visitor token.

The pages that carry these forms are cached for everyone, so they hold no CSRF token and set no
cookie. The views they post to are CSRF-exempt and protected instead by:

- the request's origin (``Origin``, or ``Referer`` when there is none) being this site's own;
- a rate limit per client address, kept in the shared cache by django-ratelimit (429); with the
  shared cache down, counted in each app process instead (``rate_limit_usage``);
- a honeypot field people never see: filled in, the post "succeeds" and nothing is stored;
- a signed start time: a form sent sooner than ``PARTICIPATION_MIN_FILL_SECONDS`` after it was
  shown is refused. A cached page carries an older time, which only makes it pass; so the time
  never expires, and a robot that keeps one can send it again: the rate limit bounds that;
- the length and character limits of the form's own fields (``validate_plain_text``).

The rate limit counts in the default cache: shared by every worker with ``REDIS_URL``, per
process without it.

A view uses it like this::

    class StoryForm(ProtectedFormMixin, forms.Form): ...

    @public_post(group="participation.story", rate_setting="PARTICIPATION_STORY_RATE")
    def share_story(request):
        form = StoryForm(request.POST or None)
        if form.caught_in_honeypot:
            return redirect_as_if_sent()  # a robot is told nothing
        if form.is_valid():
            ...

and its template renders ``{% include "participation/includes/honeypot.html" with
field=form.website %}`` and ``{{ form.started }}`` inside the form.
"""

import ipaddress
import logging
import math
import re
import time
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.http import is_same_domain
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


# Origin -------------------------------------------------------------------------------------


def _origin_of(url: str) -> tuple[str, str] | None:
    """``(scheme, host[:port])`` of a URL, lower-cased, or None when it has none."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc or "@" in parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower()


def _trusted(origin: tuple[str, str], request) -> bool:
    scheme, host = origin
    if (scheme, host) == (request.scheme, request.get_host().lower()):
        return True
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        trusted_scheme, _sep, pattern = trusted.lower().partition("://")
        if pattern.startswith("*."):
            pattern = pattern[1:]  # ".example.org": the domain and its subdomains
        if scheme == trusted_scheme and is_same_domain(host, pattern):
            return True
    return False


def is_same_origin(request) -> bool:
    """Whether the request comes from a page of this site: its ``Origin`` header, or when the
    browser sent none its ``Referer``, names this site (the request's scheme and host) or one of
    ``CSRF_TRUSTED_ORIGINS``. A request with neither, or with ``Origin: null``, is foreign."""
    header = request.headers.get("Origin") or request.headers.get("Referer") or ""
    origin = _origin_of(header)
    return origin is not None and _trusted(origin, request)


def forbidden_origin(request):
    """The readable 403 page for a post from another site."""
    return render(request, "participation/403.html", status=403)


# Client address and rate limits -------------------------------------------------------------


def client_ip(request) -> str:
    """The visitor's address. On a server that faces the internet, ``REMOTE_ADDR``. Behind
    reverse proxies, set ``PARTICIPATION_TRUSTED_PROXIES`` to how many there are: the address is
    then the entry of ``X-Forwarded-For`` that the outermost trusted proxy appended (counted
    from the end); whatever comes before it was written by the client and is not believed."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "PARTICIPATION_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "unknown"


def sign_in_ip(request) -> str | None:
    """The visitor's address for django-axes, which stores it in an ``inet`` column on
    PostgreSQL: None rather than "unknown" when no address could be read."""
    address = client_ip(request)
    return None if address == "unknown" else address


def rate_key(group, request) -> str:
    """django-ratelimit key: the client address; IPv6 by /64, what one household is given."""
    address = client_ip(request)
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


# Counts kept when the shared cache does not answer (Redis down): in this process's memory.
_fallback_counts = LocMemCache("participation-rate-limits", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/10m"`` → (10 requests, 600 seconds), as django-ratelimit reads it."""
    count, _slash, period = rate.partition("/")
    number, unit = period[:-1] or "1", period[-1]
    return int(count), int(number) * _PERIODS[unit]


def count_in_process(request, group: str, rate: str) -> dict:
    """The same limit counted in this process alone, in fixed windows like django-ratelimit's:
    with the shared cache down, an address may send up to the limit to each app process."""
    limit, period = parse_rate(rate)
    now = int(time.time())
    window_end = now - now % period + period
    key = f"{group}:{rate_key(group, request)}:{window_end}"
    count = 1 if _fallback_counts.add(key, 1, timeout=period) else _fallback_counts.incr(key)
    return {
        "count": count,
        "limit": limit,
        "should_limit": count > limit,
        "time_left": window_end - now,
    }


def rate_limit_usage(request, group: str, rate_setting: str, default_rate=None) -> dict | None:
    """Count this request against ``group``'s limit (the rate in the setting ``rate_setting``,
    or ``default_rate`` when it is not set; e.g. "5/10m"), per client address, in the default
    cache. Returns django-ratelimit's usage (``should_limit``, ``time_left`` in seconds …), or
    None when rate limiting is off (``RATELIMIT_ENABLE = False`` or an empty rate).

    When the shared cache does not answer (Redis down; django-ratelimit then returns None, as
    ``RATELIMIT_FAIL_OPEN`` asks), the limit is counted in this process instead and a warning
    logged: residents can still comment, and a robot still meets a limit, per process."""
    rate = getattr(settings, rate_setting, default_rate) or None
    usage = get_usage(request, group=group, key=rate_key, rate=rate, increment=True)
    if usage is None and rate and getattr(settings, "RATELIMIT_ENABLE", True):
        logger.warning(
            "Rate limit %s counted in this process: the shared cache did not answer", group
        )
        return count_in_process(request, group, rate)
    return usage


def too_many_requests(request, retry_after: int):
    """The readable, translated 429 page, with ``Retry-After`` in seconds."""
    retry_after = max(int(retry_after), 1)
    response = render(
        request,
        "participation/429.html",
        {"retry_after_minutes": math.ceil(retry_after / 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def public_post(group: str, rate_setting: str, default_rate=None):
    """Decorate a view that public forms on cached pages post to: CSRF-exempt; a POST (or any
    unsafe method) from another origin gets the 403 page, and past the rate limit the 429 page.
    GET and HEAD pass straight through and are not counted."""

    def decorator(view):
        @wraps(view)
        def protected(request, *args, **kwargs):
            if request.method not in SAFE_METHODS:
                if not is_same_origin(request):
                    return forbidden_origin(request)
                usage = rate_limit_usage(request, group, rate_setting, default_rate)
                if usage and usage["should_limit"]:
                    return too_many_requests(request, usage["time_left"])
            return view(request, *args, **kwargs)

        return csrf_exempt(protected)

    return decorator


# Form fields --------------------------------------------------------------------------------

# Control characters other than tab and line breaks, lone surrogates, the replacement character
# (what undecodable bytes become) and the two non-characters. NUL is left to Django's CharField,
# which refuses it with its own message.
_UNREADABLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")


def validate_plain_text(value: str) -> None:
    """Refuse text with control characters or with bytes that were not valid UTF-8."""
    if _UNREADABLE.search(value or ""):
        raise ValidationError(
            _("This contains characters that cannot be shown. Please remove them."),
            code="unreadable",
        )


STARTED_SALT = "participation.form-started"


def sign_start_time(now: float | None = None) -> str:
    """A signed timestamp for a form being shown now."""
    return signing.Signer(salt=STARTED_SALT).sign(str(int(now if now is not None else time.time())))


def seconds_since_start(token: str) -> float | None:
    """Seconds since a signed start time was made, or None when it is missing or forged."""
    try:
        return time.time() - int(signing.Signer(salt=STARTED_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None


class ProtectedFormMixin:
    """Adds a honeypot field and a signed start time to a Django form.

    ``class MyForm(ProtectedFormMixin, forms.Form)``; render ``form.<honeypot_name>`` inside
    ``{% include "participation/includes/honeypot.html" %}`` and ``form.<started_name>`` (a hidden
    input) in the form. An unbound form carries the current time. In ``clean()``, a start time
    that is missing or forged, or younger than ``PARTICIPATION_MIN_FILL_SECONDS``, is a non-field
    error, and so is a filled honeypot (the view should check ``caught_in_honeypot`` first and
    pretend success). A form that comes back with errors carries a fresh start time.
    """

    honeypot_name = "website"
    started_name = "started"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.honeypot_name] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields[self.started_name] = forms.CharField(
            required=False, initial=sign_start_time, widget=forms.HiddenInput
        )

    @property
    def caught_in_honeypot(self) -> bool:
        return self.is_bound and bool(self.data.get(self.add_prefix(self.honeypot_name)))

    def clean(self):
        cleaned_data = super().clean()
        if self.caught_in_honeypot:
            raise ValidationError(_("This form could not be sent."), code="honeypot")
        elapsed = seconds_since_start(cleaned_data.get(self.started_name, ""))
        if elapsed is None:
            self.add_error(
                None,
                ValidationError(
                    _("This form could not be checked. Please send it again."),
                    code="no_start_time",
                ),
            )
        elif elapsed < settings.PARTICIPATION_MIN_FILL_SECONDS:
            self.add_error(
                None,
                ValidationError(
                    _("That was quicker than a person can write. Please check and send it again."),
                    code="too_fast",
                ),
            )
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self.data = self.data.copy()
            self.data[self.add_prefix(self.started_name)] = sign_start_time()
