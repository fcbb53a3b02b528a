"""Making translations through wagtail-localize from code (setup, demo content, new locales).

Translations made here are ordinary wagtail-localize translations: translators can open and
change them in the translation editor afterwards, and updates to the source sync as usual.
"""

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource


def translate(instance, locale: Locale, strings: dict[str, str] | None = None, user=None):
    """Create or update ``instance``'s translation into ``locale`` and publish it.

    ``strings`` maps source strings (as wagtail-localize segments them) to their translations;
    a string not in it keeps the source text. Returns the translated instance.
    """
    if isinstance(instance, Page):
        instance = instance.specific
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    if strings:
        po = translation.export_po()
        for entry in po:
            if entry.msgid in strings:
                entry.msgstr = strings[entry.msgid]
        translation.import_po(po, user=user, tool_name="seed")
    # wagtail-localize publishes a page translation in transaction.on_commit; publishing the
    # revision here instead makes the result the same inside and outside a transaction.
    is_page = isinstance(instance, Page)
    source.create_or_update_translation(
        locale, user=user, publish=not is_page, fallback=True, copy_parent_pages=True
    )
    translated = source.get_translated_instance(locale)
    if is_page:
        translated.get_latest_revision().publish(user=user)
        translated.refresh_from_db()
    return translated


def untranslated_strings(instance, locale: Locale) -> list[str]:
    """The source strings of ``instance`` that have no translation into ``locale`` yet."""
    source = TranslationSource.objects.get_for_instance(instance)
    translation = Translation.objects.get(source=source, target_locale=locale)
    return [entry.msgid for entry in translation.export_po() if not entry.msgstr]
