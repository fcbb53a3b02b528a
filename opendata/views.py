"""The open data page (``/xx/open-data/``) and its downloads (``/xx/open-data/events.csv`` …),
in the language of the URL, under the licence named in the settings."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from wagtail.models import Locale

from home.localization import LanguageLink
from home.spreadsheets import csv_response
from opendata.datasets import DATASETS


def licence() -> dict:
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


def attribution(request) -> str:
    """How a reuser credits the network, naming where the data comes from and its licence."""
    # Translators: the credit line for reusers of the open data, e.g.
    # "Cities in Dialogue, https://example.org/en/open-data/, under CC BY 4.0".
    return gettext("%(site)s, %(url)s, under %(licence)s") % {
        "site": gettext("Cities in Dialogue"),
        "url": request.build_absolute_uri(reverse("opendata:index")),
        "licence": settings.OPEN_DATA_LICENCE_NAME,
    }


def language_links(request) -> list[LanguageLink]:
    """This page in every language, for the header's language switcher."""
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("opendata:index")
        links.append(
            LanguageLink(
                code,
                name,
                url,
                request.build_absolute_uri(url),
                code == translation.get_language(),
                True,
            )
        )
    return links


def index(request):
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": DATASETS.values(),
            "licence": licence(),
            "attribution": attribution(request),
            "language_links": language_links(request),
        },
    )


def download(request, name, extension):
    """One dataset in one format. The ``Link`` header names the licence (RFC 8288), and any
    web page may read the file (CORS): it is public, and meant for reuse."""
    chosen = DATASETS.get(name)
    if chosen is None or extension not in chosen.formats:
        raise Http404
    locale = Locale.get_active()
    items = chosen.gather(request, locale)
    filename = f"{name}-{locale.language_code}.{extension}"
    if extension == "csv":
        response = csv_response(filename, chosen.header, map(chosen.row, items))
    else:
        document = {
            "licence": licence(),
            "attribution": attribution(request),
            "language": locale.language_code,
            "generated_at": timezone.now().isoformat(),
            "items": [chosen.record(item) for item in items],
        }
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
