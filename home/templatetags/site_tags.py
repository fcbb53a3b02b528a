import zoneinfo
from urllib.parse import urlsplit

from django import template
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from home.cache import memoize

register = template.Library()


@register.simple_tag(takes_context=True)
def query_update(context, **changes):
    """The current query string with the given keys replaced; a key given None or "" is
    dropped. ``{% query_update page=3 %}`` → ``?city=malmo&page=3``."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_update_param(context, param, value):
    """``query_update`` for a key held in a variable: ``{% query_update_param items.param 2 %}``."""
    return query_update(context, **{param or "page": value})


@register.filter
def in_zone(value, city):
    """An aware datetime in ``city``'s time zone (a CityPage, or a zone name); unchanged
    when the zone is unknown. Reads only attributes already loaded: no query."""
    if not value:
        return value
    name = getattr(city, "time_zone", city)
    if not isinstance(name, str) or not name:
        return value
    try:
        return timezone.localtime(value, zoneinfo.ZoneInfo(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return value


@register.filter
def machine_time(value):
    """A datetime for a ``<time datetime>`` attribute: ISO 8601 with its offset, to the second
    (HTML allows at most three digits of a fraction; ``date:'c'`` gives six)."""
    if not value:
        return ""
    return value.replace(microsecond=0).isoformat()


@register.filter
def url_host(url):
    """The host of a URL without a leading www., for link text: ``youtube.com``."""
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")


@register.simple_tag(takes_context=True)
def here_url(context):
    """The URL of the page being shown, as the visitor sees it: under the active language,
    also for a stand-in, which lives at another language's URL."""
    for link in context.get("language_links") or ():
        if link.is_current:
            return link.url
    page = context.get("page")
    request = context.get("request")
    return page.get_url(request) if page is not None else ""


@register.simple_tag(takes_context=True)
def parent_url(context):
    """The URL one level up from the page being shown, under the active language."""
    url = here_url(context)
    trimmed = url.rstrip("/")
    return trimmed.rsplit("/", 1)[0] + "/" if "/" in trimmed else url


@register.simple_tag
def lang_attrs(code):
    """``lang`` and ``dir`` attributes for text in the language ``code``."""
    if not code:
        return ""
    try:
        bidi = get_language_info(code)["bidi"]
    except KeyError:
        bidi = False
    return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")


@register.simple_tag
def json_ld(data):
    """``data`` as a JSON-LD script element, escaped so no text in it can close the element."""
    if not data:
        return ""
    script = json_script(data)  # escapes <, > and & inside the JSON
    return mark_safe(script.replace('type="application/json"', 'type="application/ld+json"', 1))


@register.filter
def pks(objects) -> str:
    """The primary keys of ``objects``, as a ``sharedfragment`` value: "12,15,18"."""
    return ",".join(str(obj.pk) for obj in objects)


class SharedFragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name, self.vary_on, self.nodelist = name, vary_on, nodelist

    def render(self, context):
        parts = context.get("shared_cache_parts")
        if parts is None:  # a preview, or a view that is not a page
            return self.nodelist.render(context)
        vary = tuple(str(value.resolve(context)) for value in self.vary_on)
        html = memoize(
            f"fragment-{self.name}", (*parts, *vary), lambda: str(self.nodelist.render(context))
        )
        return mark_safe(html)  # rendered by this template above, escaped as it was


@register.tag
def sharedfragment(parser, token):
    """``{% sharedfragment "name" [value …] %}…{% endsharedfragment %}``: HTML that every
    reader of this page in this language sees the same, rendered once per content version
    (``home.cache``). The key is the page's ``shared_cache_parts`` and the values given (e.g.
    a filter form's valid choices). Nothing that depends on the visitor — a per-request token,
    a status message, raw query parameters — may go inside."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("sharedfragment takes a quoted name, then values")
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(bits[1][1:-1], vary_on, nodelist)
