"""A small corpus of cross-site scripting payloads, and the check that none of them came back as
markup (``tests/test_xss.py``).

Each payload carries ``alert(`` or ``xss``, so whatever a payload makes of a page (an element, an
attribute, a script, a style) can be told from the site's own markup, which never contains them.
"""

import json
import re

from bs4 import BeautifulSoup

LONG = '"><script>alert(1)</script>' * 400  # 10,800 characters: over every field's limit

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "script-src": "<script src=//xss.invalid/a.js></script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "javascript-url": "javascript:alert(1)",
    "javascript-link": '<a href="javascript:alert(1)">xss</a>',
    "javascript-entity": '<a href="jav&#x09;ascript:alert(1)">xss</a>',
    "iframe": "<iframe src=javascript:alert(1)></iframe>",
    "double-quote-breakout": '"><script>alert(1)</script>',
    "single-quote-breakout": "'><img src=x onerror=alert(1)>",
    "attribute-breakout": '" onmouseover="alert(1)" data-xss="',
    "unquoted-breakout": " autofocus onfocus=alert(1) data-xss=1",
    "textarea-breakout": "</textarea><script>alert(1)</script>",
    "title-breakout": "</title><script>alert(1)</script>",
    "json-breakout": '</script><script>alert(1)</script>{"a":"',
    "cdata-breakout": "]]></summary><script>alert(1)</script>",
    "style": "<style>body{--xss:1}</style><b class=xss style=--xss:1>bold</b>",
    "form-action": "<form action=javascript:alert(1)><button>xss</button></form>",
    "mxss": "<math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "comment": "<!--<script>alert(1)</script>-->",
    "pre-escaped": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "url-with-quotes": 'https://example.org/"onmouseover="alert(1)"',
    "www-with-tag": "www.example.org/<script>alert(1)</script>",
    "template-django": "{{ request.META }} {% debug %} {{7*7}}",
    "template-js": "${alert(1)} {{constructor.constructor('alert(1)')()}}",
    "rtl-override": "\u202e<script>alert(1)</script>\u202c",
    "full-width": "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "zero-width-joiner": "<scr\u200dipt>alert(1)</scr\u200dipt>\u200d<img src=x onerror=alert(1)>",
    "nul": "<script>alert(1)</script>\x00",
    "long": LONG,
}

# What every field refuses: a NUL, and more characters than any field takes.
REFUSED = {"nul", "long"}


def batches(max_length: int) -> list[str]:
    """The payloads every field accepts, packed into as few strings of at most ``max_length``
    characters as they fit in, so that one post carries several."""
    packed = []
    for key, payload in PAYLOADS.items():
        if key in REFUSED:
            continue
        if packed and len(packed[-1]) + 1 + len(payload) <= max_length:
            packed[-1] = f"{packed[-1]} {payload}"
        else:
            assert len(payload) <= max_length, key
            packed.append(payload)
    return packed


# What a payload makes of a page when it is not escaped.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
JSON_TYPES = {"application/json", "application/ld+json"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
_INVISIBLE = re.compile(r"[\x00-\x20\u200b-\u200d\u2060\ufeff]")


def _same_site(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def _scheme(url: str) -> str:
    return _INVISIBLE.sub("", url).lower()


def markup_from_payloads(html: str) -> list[str]:
    """What in ``html`` came from a payload rather than from the site: empty when everything
    the public sent was escaped. Read with two parsers, which disagree on broken markup."""
    found = []
    for parser in ("html.parser", "lxml"):
        soup = BeautifulSoup(html, parser)
        for element in soup.find_all(True):
            found.extend(_element_problems(element))
    return found


def _element_problems(element):
    problems = []
    for name, value in element.attrs.items():
        value = " ".join(value) if isinstance(value, list) else value
        if name.lower().startswith("on"):
            problems.append(f"<{element.name} {name}=…>")
        if "xss" in name.lower():
            problems.append(f"<{element.name} {name}>")
        if name.lower() in URL_ATTRIBUTES and _scheme(value).startswith(UNSAFE_SCHEMES):
            problems.append(f"<{element.name} {name}={value[:40]!r}>")
        if name.lower() in {"id", "class", "style"} and "xss" in value.lower():
            problems.append(f"<{element.name} {name}={value[:40]!r}>")
    text = element.string or ""
    if element.name == "script":
        kind = (element.get("type") or "").lower()
        if kind in JSON_TYPES:
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"<script type={kind}> that is not JSON: {text[:60]!r}")
        elif "alert(" in text or "xss" in text:
            problems.append(f"<script>{text[:60]}")
        src = element.get("src")
        if src and not _same_site(src):
            problems.append(f"<script src={src[:60]!r}>")
    if element.name == "style" and "xss" in text:
        problems.append(f"<style>{text[:60]}")
    if element.name in {"base", "math"}:
        problems.append(f"<{element.name}>")
    if element.name in {"iframe", "frame", "object", "embed"}:
        source = element.get("src") or element.get("data") or ""
        if source and not _same_site(source):
            problems.append(f"<{element.name} src={source[:40]!r}>")
    if element.name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
        problems.append("<meta http-equiv=refresh>")
    return problems
