from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.router import api_router
from home import accounts, errors, seo

handler500 = errors.server_error

urlpatterns = [
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("health/", errors.health, name="health"),
    path("api/v2/", api_router.urls),
    path("admin/two-factor/", include((accounts.urlpatterns, "two_factor"))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("participate/", include("participation.urls")),
    path("search/", include("search.urls")),
    path("open-data/", include("opendata.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
