"""Translators translate snippets (themes, menu, footer, speakers) in their own language only.

wagtail-localize's translation editor lets a user work on a snippet's translation when they hold
the snippet model's ``change`` permission (``user_can_edit_snippet_type`` in
``wagtail_localize/views/edit_translation.py``), and its "Translate" form offers every locale.
Django's model permissions are model-wide, so a Swedish translator given ``change_theme`` to
translate themes could also edit the English originals, or the Arabic translations. Pages do not
have this problem (page permissions follow the tree; see ``wagtail_localize_translator_locales``).

Here a user whose ``change`` permission on a translatable snippet comes only through translators'
groups ("Translators: sv") may change, translate into, and submit translations into only those
groups' languages: Wagtail's snippet edit view, wagtail-localize's editor and its submit form
all ask ``may_change``. Delete this module when wagtail-localize checks the target locale
for snippets (https://github.com/wagtail/wagtail-localize, ``user_can_edit_instance``).
"""

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.views import edit_translation
from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView

from partners.roles import translators_group_name


def languages_limited_to(user, model) -> set[str] | None:
    """The languages ``user`` may change ``model`` instances in; None when every language (a
    superuser, or the permission held through any group that is not a translators' group)."""
    if user.is_superuser:
        return None
    app_label, codename = get_permission_name("change", model).split(".")
    held = {"permissions__content_type__app_label": app_label, "permissions__codename": codename}
    if user.user_permissions.filter(content_type__app_label=app_label, codename=codename).exists():
        return None
    prefix = translators_group_name("")
    names = list(user.groups.filter(**held).values_list("name", flat=True))
    if any(not name.startswith(prefix) for name in names):
        return None
    return {name.removeprefix(prefix) for name in names}


def may_change(user, instance) -> bool:
    if isinstance(instance, Page) or not isinstance(instance, TranslatableMixin):
        return True
    languages = languages_limited_to(user, type(instance))
    return languages is None or instance.locale.language_code in languages


@hooks.register("before_edit_snippet", order=-100)  # before wagtail-localize opens its editor
def refuse_other_languages(request, instance):
    if not may_change(request.user, instance):
        return permission_denied(request)
    return None


_user_can_edit_instance = edit_translation.user_can_edit_instance


def user_can_edit_instance(user, instance) -> bool:
    return _user_can_edit_instance(user, instance) and may_change(user, instance)


edit_translation.user_can_edit_instance = user_can_edit_instance

_submit_get_form = SubmitSnippetTranslationView.get_form


def get_form(self):
    form = _submit_get_form(self)
    languages = languages_limited_to(self.request.user, type(self.object))
    if languages is not None:
        field = form.fields["locales"]
        field.queryset = field.queryset.filter(language_code__in=languages)
    return form


SubmitSnippetTranslationView.get_form = get_form
