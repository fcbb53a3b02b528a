"""``/sitemap.xml`` and ``/robots.txt``.

Wagtail's sitemap walks only the site's root page, i.e. the default locale, and emits no hreflang
alternates. Ours lists every live, public page of every locale at its own URL, with the page's
real translations (live pages sharing its ``translation_key``) as alternates and the default
locale's version as ``x-default``. Stand-ins (an untranslated page served under another locale,
see ``home.localization``) are not rows in the page tree, so they are never listed.
"""

from collections import defaultdict
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

# Routes of routable pages that are pages of their own for readers (not feeds or downloads),
# listed under every locale's copy of the page that has them.
SUBPAGE_ROUTES = ("programme", "comparison")

# Views outside the page tree that are worth indexing, served in every language.
VIEW_URLS = ("participation:share_story",)


class PageSitemap(Sitemap):
    # Pages per sitemap file. Each page adds at most a couple of routes (one EventsPage and one
    # HandbookPage per locale), so a file stays under the protocol's 50,000 URLs.
    limit = 45_000

    def items(self):
        return self._pages

    @cached_property
    def _pages(self):
        """Live, public pages under the site's home page of any locale (the privacy check,
        one query, runs once for the items and their translations)."""
        site = self.get_wagtail_site()
        in_site = Q()
        for root in Site.get_site_root_paths():
            if root.site_id == site.pk:
                in_site |= Q(url_path__startswith=root.root_path)
        return (
            Page.objects.live()
            .public()
            .filter(in_site)
            .only(
                "id",
                "content_type_id",
                "url_path",
                "translation_key",
                "last_published_at",
                "latest_revision_created_at",
            )
            .order_by("path")
        )

    @cached_property
    def paginator(self):
        return Paginator(self.items(), self.limit)

    def path(self, page):
        parts = page.get_url_parts(self.request)
        return parts[2] if parts else None

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def _urls(self, page_number, protocol, domain):
        pages = list(self.paginator.page(page_number).object_list)
        alternates = self.alternates_for(pages, f"{protocol}://{domain}")
        urls = []
        for page in pages:
            path = self.path(page)
            if path is None:
                continue
            lastmod = self.lastmod(page)
            for suffix in ["", *subpage_suffixes(page.specific_class)]:
                urls.append(
                    {
                        "item": page,
                        "location": f"{protocol}://{domain}{path}{suffix}",
                        "lastmod": lastmod,
                        "changefreq": None,
                        "priority": "",
                        "alternates": [
                            {"lang_code": code, "location": url + suffix}
                            for code, url in alternates.get(page.translation_key, [])
                        ],
                    }
                )
        if self.paginator.validate_number(page_number) == 1:
            urls.extend(self.view_urls(protocol, domain))
        lastmods = [url["lastmod"] for url in urls if url["lastmod"] is not None]
        if lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def alternates_for(self, pages, origin):
        """``{translation_key: [(hreflang, absolute URL), …]}`` for the pages that have a live,
        public translation in this site, in the order of ``settings.LANGUAGES``. One query."""
        by_key = defaultdict(dict)
        translations = (
            self.items()
            .filter(translation_key__in={page.translation_key for page in pages})
            .select_related("locale")
            .only("url_path", "translation_key", "locale__language_code")
        )
        for page in translations:
            path = self.path(page)
            if path is not None:
                by_key[page.translation_key][page.locale.language_code] = origin + path
        order = [code for code, _name in settings.LANGUAGES]
        alternates = {}
        for key, urls in by_key.items():
            if len(urls) < 2:
                continue  # only the page itself: nothing to point search engines to
            links = [(code, urls[code]) for code in order if code in urls]
            if settings.LANGUAGE_CODE in urls:
                links.append(("x-default", urls[settings.LANGUAGE_CODE]))
            alternates[key] = links
        return alternates

    def view_urls(self, protocol, domain):
        """Each of ``VIEW_URLS`` in every language, each language an alternate of the others."""
        urls = []
        for name in VIEW_URLS:
            links = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    links[code] = f"{protocol}://{domain}{reverse(name)}"
            alternates = [{"lang_code": code, "location": url} for code, url in links.items()]
            alternates.append({"lang_code": "x-default", "location": links[settings.LANGUAGE_CODE]})
            urls += [
                {
                    "item": None,
                    "location": url,
                    "lastmod": None,
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates,
                }
                for url in links.values()
            ]
        return urls


def subpage_suffixes(page_class) -> list[str]:
    """The paths, below the page, of its ``SUBPAGE_ROUTES`` (e.g. ``["programme/"]``)."""
    if not issubclass(page_class, RoutablePageMixin):
        return []
    resolver = page_class.get_resolver()
    return [
        resolver.reverse(name).lstrip("/")
        for name in SUBPAGE_ROUTES
        if name in resolver.reverse_dict
    ]


def sitemap(request):
    """The sitemap; past ``PageSitemap.limit`` pages, an index of its parts (``?p=2`` …)."""
    pages = PageSitemap(request)
    if "p" not in request.GET and pages.paginator.num_pages > 1:
        location = request.build_absolute_uri(reverse("sitemap"))
        parts = [
            SitemapIndexItem(f"{location}?p={number}") for number in pages.paginator.page_range
        ]
        return TemplateResponse(
            request,
            "sitemap_index.xml",
            {"sitemaps": parts},
            content_type="application/xml",
            headers={"X-Robots-Tag": "noindex, noodp, noarchive"},
        )
    return sitemap_views.sitemap(request, {"pages": pages})


def robots_txt(request):
    return TemplateResponse(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
