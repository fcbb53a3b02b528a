from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.cache import memoize
from home.forms import ListingFilterForm
from home.listing import under_any
from home.models import CityPage


def country_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) of every country with a live partner city."""
    countries = {
        city.country.code: city.country
        for city in CityPage.objects.live().exclude(country="").only("country")
    }
    return sorted(((c.code, str(c.name)) for c in countries.values()), key=lambda c: c[1])


def country_paths(code: str) -> list[str]:
    """The tree paths of every city (in every locale) in the country ``code``."""
    return list(CityPage.objects.filter(country=code).values_list("path", flat=True))


class PracticeFilterForm(ListingFilterForm):
    """The handbook's practice filters: the shared ones and the country of the practice's
    city. An unknown country is ignored like any other stale value."""

    country = forms.ChoiceField(required=False, label=_("Country"))

    field_order = ["theme", "country", "city"]

    def __init__(self, data, *, locale, years=()):
        super().__init__(data, locale=locale, years=years)
        del self.fields["year"]
        countries = memoize("practice-countries", (get_language(),), country_choices)
        self.fields["country"].choices = [("", _("All countries")), *countries]

    def apply(self, queryset, date_field):
        queryset = super().apply(queryset, date_field)
        country = self.cleaned_data.get("country")
        if country:
            paths = memoize("country-paths", (country,), lambda: country_paths(country))
            queryset = queryset.filter(under_any(paths))
        return queryset

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("city", "theme", "country"))
