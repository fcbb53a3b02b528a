from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import ListingFilterForm
from home.listing import under_any
from home.models import CityPage


class PracticeFilterForm(ListingFilterForm):
    """The handbook's practice filters: the shared ones and the country of the practice's
    city. An unknown country is ignored like any other stale value."""

    country = forms.ChoiceField(required=False, label=_("Country"))

    field_order = ["theme", "country", "city"]

    def __init__(self, data, *, locale, years=()):
        super().__init__(data, locale=locale, years=years)
        del self.fields["year"]
        countries = {
            city.country.code: city.country
            for city in CityPage.objects.live().exclude(country="").only("country")
        }
        self.fields["country"].choices = [
            ("", _("All countries")),
            *sorted(((c.code, c.name) for c in countries.values()), key=lambda c: str(c[1])),
        ]

    def apply(self, queryset, date_field):
        queryset = super().apply(queryset, date_field)
        country = self.cleaned_data.get("country")
        if country:
            paths = CityPage.objects.filter(country=country).values_list("path", flat=True)
            queryset = queryset.filter(under_any(paths))
        return queryset

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in ("city", "theme", "country"))
