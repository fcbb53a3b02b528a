from django import forms
from django.utils.translation import gettext_lazy as _

from home.cache import memoize
from home.listing import under_any
from home.localization import snippets_in_locale
from home.models import Theme
from home.models.pages import city_choices, city_paths_for_slug


def filter_choices(locale) -> tuple[list, list]:
    """The cities and themes a listing can be filtered by, named in ``locale``."""
    themes = sorted(snippets_in_locale(Theme.objects.all(), locale), key=lambda t: t.name)
    return list(city_choices(locale)), [(t.slug, t.name) for t in themes]


class ListingFilterForm(forms.Form):
    """Filters shared by the network-wide listings. Unknown values are ignored, never an error
    page: a stale or hand-edited link still shows a listing."""

    city = forms.ChoiceField(required=False, label=_("City"))
    theme = forms.ChoiceField(required=False, label=_("Theme"))
    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Year"))

    def __init__(self, data, *, locale, years=()):
        super().__init__(data)
        self.locale = locale
        cities, themes = memoize("filter-choices", (locale.pk,), lambda: filter_choices(locale))
        self.fields["city"].choices = [("", _("All cities")), *cities]
        self.fields["theme"].choices = [("", _("All themes")), *themes]
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]

    def apply(self, queryset, date_field):
        self.is_valid()
        data = self.cleaned_data
        if data.get("city"):
            paths = memoize(
                "city-paths",
                (data["city"], self.locale.pk),
                lambda: city_paths_for_slug(data["city"], self.locale),
            )
            queryset = queryset.filter(under_any(paths))
        if data.get("theme"):
            queryset = queryset.filter(themes__slug=data["theme"]).distinct()
        if data.get("year"):
            queryset = queryset.filter(**{f"{date_field}__year": data["year"]})
        return queryset

    def chosen(self) -> tuple:
        """The valid filters, as a cache key part."""
        self.is_valid()
        return tuple(self.cleaned_data.get(name) or "" for name in ("city", "theme", "year"))

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("city", "theme", "year"))
