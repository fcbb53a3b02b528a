"""Translators translate into the locales where they may publish, and nowhere else.

wagtail-localize (https://github.com/wagtail/wagtail-localize) guards its "Translate this page"
and "Update existing translations" views with one model permission, ``submit_translation``,
whatever the locale: its form offers every locale, and updating with "publish" publishes every
translation of the source. Wagtail's page permissions cannot express "this group submits only
into Arabic", so a translator for one language could create drafts in, or publish, every other
language's tree. This module narrows both views (``views/submit_translations.py`` and
``views/update_translations.py`` in wagtail-localize 1.14) to what the user's page permissions
allow:

- the form offers a locale only if the user may add the translation there, i.e. may add pages
  under the nearest ancestor that exists in that locale;
- "publish" in the update view is refused unless the user may publish every translation.

Delete this module when wagtail-localize checks target-locale permissions itself.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from wagtail.models import Page
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView


def nearest_translated_ancestor(page: Page, locale) -> Page:
    """Where the translation of ``page`` into ``locale`` would be created (wagtail-localize copies
    the missing parents below it)."""
    for ancestor in page.get_ancestors().filter(depth__gt=1).order_by("-depth"):
        translation = ancestor.get_translation_or_none(locale)
        if translation is not None:
            return translation
    return Page.get_first_root_node()


def locales_user_may_translate_into(user, page: Page, locales):
    allowed = [
        locale.pk
        for locale in locales
        if nearest_translated_ancestor(page, locale).permissions_for_user(user).can_add_subpage()
    ]
    return locales.filter(pk__in=allowed)


_submit_get_form = SubmitPageTranslationView.get_form


def get_form(self):
    form = _submit_get_form(self)
    field = form.fields["locales"]
    field.queryset = locales_user_may_translate_into(self.request.user, self.object, field.queryset)
    return form


SubmitPageTranslationView.get_form = get_form


def user_may_publish_translation(user, source, locale) -> bool:
    try:
        target = source.get_translated_instance(locale)
    except ObjectDoesNotExist:  # publishing creates it again
        instance = source.get_source_instance()
        if isinstance(instance, Page):
            ancestor = nearest_translated_ancestor(instance, locale)
            return ancestor.permissions_for_user(user).can_add_subpage()
        return user_can_edit_instance(user, instance)
    if isinstance(target, Page):
        return target.permissions_for_user(user).can_publish()
    return user_can_edit_instance(user, target)


_update_form_valid = UpdateTranslationsView.form_valid


def form_valid(self, form):
    if form.cleaned_data["publish_translations"]:
        for translation in self.object.translations.filter(enabled=True):
            if not user_may_publish_translation(
                self.request.user, self.object, translation.target_locale
            ):
                raise PermissionDenied
    return _update_form_valid(self, form)


UpdateTranslationsView.form_valid = form_valid
