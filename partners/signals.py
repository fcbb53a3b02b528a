"""Keep permissions complete when a locale's copy of a city or section appears later, e.g. when
wagtail-localize creates a translation or a new locale is set up."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import EventIndexPage
from handbook.models import PracticeIndexPage
from home.models import CityPage, HomePage
from partners.models import Partner
from partners.roles import ensure_translators, grant
from stories.models import StoryIndexPage


def _partner_for(page):
    city = page if isinstance(page, CityPage) else page.get_parent()
    return Partner.objects.filter(translation_key=city.translation_key).first()


@receiver(post_save, sender=CityPage)
@receiver(post_save, sender=StoryIndexPage)
@receiver(post_save, sender=EventIndexPage)
@receiver(post_save, sender=PracticeIndexPage)
def grant_on_new_copy(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.depth > 2:
        partner = _partner_for(instance)
        if partner is not None:
            grant(partner)


@receiver(post_save, sender=HomePage)
def translators_for_a_new_locale(sender, instance, created, raw=False, **kwargs):
    """A new locale's home page comes with its translators' group."""
    if created and not raw and instance.depth == 2 and instance.locale_id:
        ensure_translators(instance.locale)
