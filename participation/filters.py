"""The moderation queue's filters. Their choices name only the cities and pages with comments the
moderator may see."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Substr
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Locale, Page

from home.models import CityPage
from home.models.base import CITY_DEPTH
from participation.models import Comment

CITY_PATH_LENGTH = CITY_DEPTH * Page.steplen


def on_pages_under(paths):
    """Comments on pages at or below any of ``paths``."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(page__path__startswith=path)
    return condition


class PageChoiceField(ModelChoiceField):
    def label_from_instance(self, page):
        return f"{page.title} ({page.locale.language_code})"


class PageFilter(django_filters.ModelChoiceFilter):
    field_class = PageChoiceField


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Comment.Status.choices, empty_label=_("All statuses")
    )
    city = django_filters.ChoiceFilter(
        label=_("City"), method="filter_city", empty_label=_("All cities")
    )
    page = PageFilter(label=_("Page"), queryset=Page.objects.none(), empty_label=_("All pages"))
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("All languages")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Written"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Comment
        fields = []

    def __init__(self, data=None, queryset=None, *, visible=None, **kwargs):
        """``visible``: the comments the moderator may see (all of them if not given)."""
        super().__init__(data, queryset, **kwargs)
        visible = Comment.objects.all() if visible is None else visible
        self.filters["page"].queryset = (
            Page.objects.filter(pk__in=visible.values("page"))
            .select_related("locale")
            .order_by("title", "locale__language_code", "pk")
        )
        self.filters["city"].extra["choices"] = city_choices(visible)

    def filter_city(self, queryset, name, value):
        copies = CityPage.objects.filter(translation_key=value).values_list("path", flat=True)
        return queryset.filter(on_pages_under(copies))


def city_choices(comments) -> list[tuple[str, str]]:
    """(translation key, name) of every city with any of ``comments`` on any of its copies,
    named in the admin's language where translated; one query."""
    city_paths = comments.annotate(city_path=Substr("page__path", 1, CITY_PATH_LENGTH)).values(
        "city_path"
    )
    keys = CityPage.objects.filter(path__in=city_paths).values("translation_key")
    locale = Locale.get_active()
    names: dict[str, str] = {}
    copies = CityPage.objects.filter(translation_key__in=keys).order_by("pk")
    for key, locale_id, title in copies.values_list("translation_key", "locale_id", "title"):
        if str(key) not in names or locale_id == locale.pk:
            names[str(key)] = title
    return sorted(names.items(), key=lambda choice: choice[1])
