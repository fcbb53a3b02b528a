from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from home.models import CityPage
from home.models.pages import known_time_zones
from partners.models import Partner

BLANK = [("", "---------")]


def country_choices():
    return [*BLANK, *countries]


def time_zone_choices():
    return [*BLANK, *((zone, zone) for zone in sorted(known_time_zones()))]


class PartnerForm(forms.Form):
    """What ``partners.onboarding.add_partner`` needs to onboard a partner."""

    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("As the partner writes it, e.g. Gdańsk.")
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the partner works in."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Event times in this city are shown in it."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CityPage.Kind.choices,
        initial=CityPage.Kind.MUNICIPALITY,
        widget=forms.RadioSelect,
    )
    slug = forms.SlugField(
        label=_("Slug"),
        required=False,
        help_text=_(
            "The city's address on the site, e.g. gdansk. Leave empty to make it from the name."
        ),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Partner.objects.filter(name=name).exists():
            raise ValidationError(_("“%(name)s” is already a partner."), params={"name": name})
        return name
