"""How the API shows what a page links to. The fields read what ``api.batch`` attached to a
whole page of results (``api_themes``, ``api_city`` …), so they run no queries of their own."""

from django.utils import timezone
from rest_framework.fields import Field
from wagtail.api.v2.serializers import PageSerializer
from wagtail.images.api.v2.serializers import ImageSerializer

# The image rendition the API links to: the whole picture, at most 1200 pixels a side.
IMAGE_SPEC = "max-1200x1200"


def absolute_url(context, page) -> str:
    request = context["request"]
    return request.build_absolute_uri(page.get_url(request))


def detail_url(context, obj) -> str:
    """An item's address in the API, on the host the request came to."""
    path = context["router"].get_object_detail_urlpath(type(obj), obj.pk)
    return context["request"].build_absolute_uri(path)


class WholePageField(Field):
    """A read-only field computed from the whole page rather than one attribute."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)


class HtmlUrlField(WholePageField):
    """The page's public address, on the host the request came to (Wagtail's own field uses
    the Site record's host name, which is not the address a reuser reached)."""

    def to_representation(self, page):
        return absolute_url(self.context, page)


class ThemesField(WholePageField):
    def to_representation(self, page):
        return [{"slug": theme.slug, "name": theme.name} for theme in page.api_themes]


class CityField(WholePageField):
    def to_representation(self, page):
        city = page.api_city
        if city is None:
            return None
        return {
            "id": city.pk,
            "title": city.title,
            "slug": city.slug,
            "country": city.country.code,
            "detail_url": detail_url(self.context, city),
        }


class PageImageField(WholePageField):
    """The page's image as a rendition, with the alt text the page gives it (empty when the
    editor marked it decorative)."""

    def to_representation(self, page):
        if page.image is None:
            return None
        rendition = page.image.get_rendition(IMAGE_SPEC)
        return {
            "id": page.image_id,
            "url": self.context["request"].build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": "" if page.image_decorative else page.image_alt,
        }


class RenditionField(WholePageField):
    """An image's rendition for reuse, addressed on the host the request came to."""

    def to_representation(self, image):
        rendition = image.get_rendition(IMAGE_SPEC)
        return {
            "url": self.context["request"].build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }


class LocalTimeField(WholePageField):
    """An event's start or end in the host city's time zone, ISO 8601 with the offset."""

    def __init__(self, name, **kwargs):
        self.name = name
        super().__init__(**kwargs)

    def to_representation(self, event):
        city = event.api_city
        zone = city.zone if city else timezone.get_default_timezone()
        return timezone.localtime(getattr(event, self.name), zone).isoformat()


class TimeZoneField(WholePageField):
    def to_representation(self, page):
        city = page.api_city
        return city.time_zone if city else timezone.get_default_timezone_name()


class AgendaField(WholePageField):
    def to_representation(self, event):
        return event.api_agenda


class LanguagesField(WholePageField):
    def to_representation(self, city):
        return city.language_codes


class ChapterPracticesField(WholePageField):
    def to_representation(self, chapter):
        return [
            {
                "id": practice.pk,
                "title": practice.title,
                "locale": practice.locale.language_code,
                "detail_url": detail_url(self.context, practice),
                "html_url": absolute_url(self.context, practice),
            }
            for practice in chapter.api_practices
        ]


class DetailUrlField(WholePageField):
    def to_representation(self, obj):
        return detail_url(self.context, obj)


class ContentPageSerializer(PageSerializer):
    detail_url = DetailUrlField()
    html_url = HtmlUrlField()


class PublishedImageSerializer(ImageSerializer):
    detail_url = DetailUrlField()
