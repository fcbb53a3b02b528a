"""Translating a page translates the snippets it points to first, every time.

wagtail-localize stores a chosen translatable snippet (an agenda's speakers, a Person) as a
related-object segment and, when it writes a translation, swaps in that snippet's translation
into the target locale, raising ``DoesNotExist`` when there is none
(``segments/ingest.py`` ``handle_related_object``). "Translate this page" creates those snippet
translations, but "Sync translated pages" and the translation editor do not: an organiser who
adds a new speaker to an event already translated into Arabic would make every later update of
the Arabic page fail. See https://github.com/wagtail/wagtail-localize/issues/648.

This module wraps ``TranslationSource.create_or_update_translation`` so that any related object
without a translation in the target locale gets one first (source text as fallback, and an
enabled ``Translation`` so translators find it in their editor), as "Translate this page" does.

Delete this module when wagtail-localize creates missing related translations itself.
"""

from wagtail_localize.models import Translation, TranslationSource

_original = TranslationSource.create_or_update_translation


def _translate_missing_related_objects(source: TranslationSource, locale) -> None:
    for segment in source.relatedobjectsegment_set.select_related("object"):
        related = segment.object
        if related.get_instance_or_none(locale) is not None:
            continue
        # The chosen snippet may itself be in another locale than the page.
        instance = related.get_instance_or_none(source.locale) or (
            related.content_type.get_all_objects_for_this_type(
                translation_key=related.translation_key
            ).first()
        )
        if instance is None:
            continue
        related_source, _created = TranslationSource.get_or_create_from_instance(instance)
        Translation.objects.get_or_create(
            source=related_source, target_locale=locale, defaults={"enabled": True}
        )
        related_source.create_or_update_translation(locale, publish=True, fallback=True)


def create_or_update_translation(self, locale, *args, **kwargs):
    _translate_missing_related_objects(self, locale)
    return _original(self, locale, *args, **kwargs)


TranslationSource.create_or_update_translation = create_or_update_translation
