import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import get_urlconf, is_valid_path
from django.utils import translation

# A first path segment that reads like a language code: "xx", "pt-br", "zh-hans".
LANGUAGE_LIKE = re.compile(r"^/([a-z]{2,3}(?:-[a-z0-9]{2,8})?)(?:/|$)", re.IGNORECASE)


def unknown_language(path: str) -> bool:
    """Whether ``path`` starts with a language prefix the site does not serve."""
    match = LANGUAGE_LIKE.match(path)
    if not match:
        return False
    try:
        translation.get_supported_language_variant(match.group(1).lower())
    except LookupError:
        return True
    return False


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, with two 404s kept as 404s instead of redirects to the default language:

    - an unknown language prefix (``/xx/…``) is not found, said in the default language;
    - a path outside the language prefixes (the admin, documents) that raised Http404 stays
      there, rather than bouncing to ``/en/admin/…``.
    Unprefixed public paths (``/``, ``/malmo/``) still redirect to the reader's language."""

    def process_request(self, request):
        super().process_request(request)
        if unknown_language(request.path_info):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE

    def process_response(self, request, response):
        if response.status_code == 404 and (
            unknown_language(request.path_info)
            or is_valid_path(request.path_info, getattr(request, "urlconf", get_urlconf()))
        ):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
