"""The read-only API: Wagtail's API v2, one endpoint per kind of content.

Each endpoint lists the live, public pages of one model, filterable by ``locale``, ``city`` and
``theme`` (and by any of its plain fields, e.g. ``kind=transnational``), ordered, searchable and
paginated with ``limit`` and ``offset``. Only GET is routed: nothing can be written through it.
What an item links to (its themes, city, image, agenda, practices) is fetched for the whole page
of results at once, so a page of 50 costs as many queries as a page of 10.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import DataError
from django.db.models import CharField, IntegerField, QuerySet
from django.db.models.functions import Cast
from django.urls import path
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, ReferenceIndex

from api import batch
from api.serializers import (
    AgendaField,
    ChapterPracticesField,
    CityField,
    ContentPageSerializer,
    LanguagesField,
    LocalTimeField,
    PageImageField,
    PublishedImageSerializer,
    RenditionField,
    ThemesField,
    TimeZoneField,
)
from events.models import EventPage
from handbook.models import HandbookChapterPage, PracticePage
from home.cache import memoize
from home.listing import ids_between, in_order, totally_ordered, under_any
from home.models import CityPage
from search.forms import MAX_QUERY_LENGTH
from stories.models import StoryPage

# An offset beyond this is refused rather than sent to the database (PostgreSQL's OFFSET is a
# bigint; far below that, no listing here is that long).
MAX_OFFSET = 1_000_000


class Positions:
    """Rows 0 to ``count`` - 1, for Wagtail's pagination to count and slice."""

    def __init__(self, count: int):
        self._count = count

    def count(self) -> int:
        return self._count

    def __getitem__(self, positions: slice) -> range:
        return range(self._count)[positions]


def counted(queryset) -> int:
    """``queryset.count()``, shared between requests until content changes (``home.cache``):
    keyed by the query's own SQL and parameters, so two requests share a count only when they
    ask the same of the database."""
    try:
        sql = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # e.g. pk__in=[]: nothing to count
        return 0
    return memoize("api-count", (queryset.model._meta.label, sql), queryset.count)


class Pagination(WagtailPagination):
    """Wagtail's ``limit`` and ``offset``, paging a list of pages by id: the ordering columns
    and ids are sorted, not the wide rows, and a page nearer the end is read from the end
    (``home.listing.ids_between``); the page's rows are then fetched by id."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdecimal() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        if not isinstance(queryset, QuerySet):  # search results, ranked by the backend
            return super().paginate_queryset(queryset, request, view)
        queryset = totally_ordered(queryset)
        window = super().paginate_queryset(Positions(counted(queryset)), request, view)
        if not window:
            return []
        ids = ids_between(queryset, window[0], window[-1] + 1, self.total_count)
        return in_order(queryset.filter(pk__in=ids).order_by(), ids)


class CheckedSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, refusing what the search backends cannot take."""

    def filter_queryset(self, request, queryset, view):
        query = request.GET.get("search", "")
        if "\x00" in query:
            raise BadRequestError("search cannot contain null characters")
        if len(query) > MAX_QUERY_LENGTH:
            raise BadRequestError(f"search is limited to {MAX_QUERY_LENGTH} characters")
        return super().filter_queryset(request, queryset, view)


class LocaleFilter(BaseFilterBackend):
    """``?locale=sv``: pages written in or translated into that language only."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        code = request.GET["locale"]
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            known = ", ".join(code for code, _name in settings.LANGUAGES)
            raise BadRequestError(f"locale must be one of: {known}")
        return queryset.filter(locale=locale)


class CityFilter(BaseFilterBackend):
    """``?city=malmo``: pages of the partner whose city page has that slug in any language."""

    def filter_queryset(self, request, queryset, view):
        if "city" not in request.GET:
            return queryset
        keys = CityPage.objects.filter(slug=request.GET["city"]).values("translation_key")
        paths = list(
            CityPage.objects.filter(translation_key__in=keys).values_list("path", flat=True)
        )
        if not paths:
            raise BadRequestError("city not found: use the slug of a city from /api/v2/cities/")
        return queryset.filter(under_any(paths))


class ThemeFilter(BaseFilterBackend):
    """``?theme=anti-racism``: pages given the theme with that slug (the same in every
    language)."""

    def filter_queryset(self, request, queryset, view):
        if "theme" not in request.GET:
            return queryset
        slug = request.GET["theme"]
        themed = queryset.model.objects.filter(themes__slug=slug).values("pk")
        return queryset.filter(pk__in=themed)


class EventDatesFilter(BaseFilterBackend):
    """``?from=2027-05-01`` (events not over by that day) and ``?to=2027-05-31`` (events that
    have begun by the end of that day), in UTC."""

    def filter_queryset(self, request, queryset, view):
        for name in ("from", "to"):
            if name not in request.GET:
                continue
            try:
                day = dt.date.fromisoformat(request.GET[name])
            except ValueError as error:
                raise BadRequestError(f"{name} must be a date, e.g. 2027-05-01") from error
            moment = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
            if name == "from":
                queryset = queryset.filter(end__gte=moment)
            else:
                queryset = queryset.filter(start__lt=moment + dt.timedelta(days=1))
        return queryset


class ReadOnlyEndpoint:
    """What every endpoint here shares: a listing and a detail view (no ``find/``), bad
    queries answered with 400 and a message, and readable from any website's scripts."""

    pagination_class = Pagination

    def filter_queryset(self, queryset):
        try:
            return super().filter_queryset(queryset)
        except ValidationError as error:  # e.g. ?date=tomorrow
            raise BadRequestError("; ".join(error.messages)) from error

    def handle_exception(self, exc):
        if isinstance(exc, DataError | OverflowError):  # a number the database cannot hold
            return Response(
                {"message": "a value in the query is out of range"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Open data: any website may read it from the browser.
        response["Access-Control-Allow-Origin"] = "*"
        return response

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]


class ContentAPIViewSet(ReadOnlyEndpoint, PagesAPIViewSet):
    """The live, public pages of one model (``model``), with what they link to."""

    base_serializer_class = ContentPageSerializer
    filter_backends = [
        FieldsFilter,
        LocaleFilter,
        CityFilter,
        ThemeFilter,
        OrderingFilter,
        CheckedSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = (
        PagesAPIViewSet.known_query_parameters
        - {"type", "child_of", "ancestor_of", "descendant_of"}
    ) | {"city", "theme"}
    meta_fields = [*PagesAPIViewSet.meta_fields, "translation_key", "last_published_at"]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "locale",
        "translation_key",
        "title",
        "listing_summary",
    ]
    detail_only_fields = ["parent"]
    ordering = ["path"]

    def get_queryset(self):
        # Wagtail's own filters (live, not restricted, in the site's language trees), applied
        # to the model's rows themselves rather than through ``pk IN (every public page)``,
        # which read the whole page table on every request (20 ms at 100,000 pages). The
        # content type, implied by the model's own table, lets the database read only the
        # model's rows of the page table, through its index.
        try:
            public = get_public_pages_queryset(self.request, model=self.model)
        except ValueError as error:  # an unknown ?site=
            raise BadRequestError(str(error)) from error
        return (
            public.type(self.model)
            .select_related("locale", "image")
            .prefetch_related("image__renditions")
            .order_by(*self.ordering)
        )

    def paginate_queryset(self, queryset):
        pages = list(super().paginate_queryset(queryset))
        self.decorate(pages)
        return pages

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            page = super().get_object()
            self.decorate([page])
            self._cached_object = page
        return self._cached_object

    def decorate(self, pages):
        """Attach what the serializer fields show, for all ``pages`` at once."""
        batch.attach_city(pages)


# Fields every page below a city shares.
CITY = APIField("city", serializer=CityField())
IMAGE = APIField("image", serializer=PageImageField())
THEMES = APIField("themes", serializer=ThemesField())


class ThemedAPIViewSet(ContentAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")

    def decorate(self, pages):
        super().decorate(pages)
        batch.attach_themes(pages)


class StoriesAPIViewSet(ThemedAPIViewSet):
    model = StoryPage
    name = "stories"
    body_fields = [
        *ContentAPIViewSet.body_fields,
        "listing_summary",
        "teller_name",
        "date",
        "original_language",
        "lead",
        IMAGE,
        CITY,
        THEMES,
        "body",
    ]
    listing_default_fields = [
        *ContentAPIViewSet.listing_default_fields,
        "date",
        "teller_name",
        "lead",
        "city",
        "themes",
        "image",
    ]
    detail_only_fields = [*ContentAPIViewSet.detail_only_fields, "body"]
    ordering = ["-date", "-pk"]


class EventsAPIViewSet(ThemedAPIViewSet):
    model = EventPage
    name = "events"
    filter_backends = [EventDatesFilter, *ThemedAPIViewSet.filter_backends]
    known_query_parameters = ThemedAPIViewSet.known_query_parameters | {"from", "to"}
    body_fields = [
        *ContentAPIViewSet.body_fields,
        "listing_summary",
        "kind",
        "status",
        APIField("start", serializer=LocalTimeField("start")),
        APIField("end", serializer=LocalTimeField("end")),
        APIField("time_zone", serializer=TimeZoneField()),
        "organiser",
        "lead",
        "attendance",
        "venue",
        "address",
        "online_url",
        "registration_url",
        "contact_email",
        "capacity",
        "step_free",
        "induction_loop",
        "sign_language",
        "quiet_room",
        "accessibility",
        IMAGE,
        CITY,
        THEMES,
        APIField("agenda", serializer=AgendaField()),
        "body",
    ]
    listing_default_fields = [
        *ContentAPIViewSet.listing_default_fields,
        "kind",
        "status",
        "start",
        "end",
        "time_zone",
        "attendance",
        "venue",
        "city",
        "themes",
        "image",
    ]
    detail_only_fields = [*ContentAPIViewSet.detail_only_fields, "body"]
    ordering = ["start", "pk"]

    def decorate(self, pages):
        super().decorate(pages)
        batch.attach_agenda(pages)


class PracticesAPIViewSet(ThemedAPIViewSet):
    model = PracticePage
    name = "practices"
    body_fields = [
        *ContentAPIViewSet.body_fields,
        "listing_summary",
        "summary",
        IMAGE,
        CITY,
        THEMES,
        *PracticePage.structure,
    ]
    listing_default_fields = [
        *ContentAPIViewSet.listing_default_fields,
        "summary",
        "city",
        "themes",
        "image",
    ]
    # Rich text is shown as HTML with its links resolved: one page at a time.
    detail_only_fields = [
        *ContentAPIViewSet.detail_only_fields,
        *PracticePage.structure_rich_text,
    ]
    ordering = ["title", "pk"]


class ChaptersAPIViewSet(ContentAPIViewSet):
    model = HandbookChapterPage
    name = "chapters"
    known_query_parameters = ContentAPIViewSet.known_query_parameters - {"city", "theme"}
    filter_backends = [
        backend
        for backend in ContentAPIViewSet.filter_backends
        if backend not in (CityFilter, ThemeFilter)
    ]
    body_fields = [
        *ContentAPIViewSet.body_fields,
        "listing_summary",
        "introduction",
        IMAGE,
        APIField("practices", serializer=ChapterPracticesField()),
        "body",
    ]
    listing_default_fields = [*ContentAPIViewSet.listing_default_fields, "practices"]
    detail_only_fields = [*ContentAPIViewSet.detail_only_fields, "introduction", "body"]
    ordering = ["path"]  # the coordinator's order, within each language

    def decorate(self, pages):
        batch.attach_chapter_practices(pages)


class CitiesAPIViewSet(ContentAPIViewSet):
    model = CityPage
    name = "cities"
    known_query_parameters = ContentAPIViewSet.known_query_parameters - {"city", "theme"}
    filter_backends = ChaptersAPIViewSet.filter_backends
    body_fields = [
        *ContentAPIViewSet.body_fields,
        "listing_summary",
        "kind",
        "country",
        "time_zone",
        APIField("languages", serializer=LanguagesField()),
        "intro",
        IMAGE,
        "contact_name",
        "contact_email",
        "contact_phone",
        "address",
        "website",
    ]
    listing_default_fields = [
        *ContentAPIViewSet.listing_default_fields,
        "kind",
        "country",
        "time_zone",
        "languages",
        "image",
    ]
    detail_only_fields = [*ContentAPIViewSet.detail_only_fields, "intro"]
    ordering = ["title", "pk"]

    def decorate(self, pages):
        pass


def published_images():
    """Images shown on a live, public page, as Wagtail's reference index records them: a photo
    sent with a story waiting for moderation stays out of the API until the story is live."""
    Image = get_image_model()
    public = Page.objects.live().public().annotate(key=Cast("pk", CharField())).values("key")
    used = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(Image),
        object_id__in=public,
    )
    # Filtered on the image's own primary key, so that Wagtail's search (``?search=``) can take
    # the queryset: it refuses filters on annotations.
    used = used.annotate(image_id=Cast("to_object_id", IntegerField())).values("image_id")
    return Image.objects.filter(pk__in=used)


class PublishedImagesAPIViewSet(ReadOnlyEndpoint, ImagesAPIViewSet):
    base_serializer_class = PublishedImageSerializer
    filter_backends = [FieldsFilter, OrderingFilter, CheckedSearchFilter]
    meta_fields = ["type", "detail_url", "download_url"]
    body_fields = [
        *ImagesAPIViewSet.body_fields,
        "description",
        APIField("rendition", serializer=RenditionField()),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "description",
        "width",
        "height",
        "rendition",
    ]
    nested_default_fields = ["id", "type", "detail_url", "title"]

    def get_queryset(self):
        return published_images().prefetch_related("renditions").order_by("id")
