"""wagtail-localize's "Translate this page" and "Sync translated pages" in the page explorer,
answered for a whole page of the explorer at once.

wagtail-localize's listing hook asks the database two to four questions for every row (is there
a language left to translate into; is the page a translation source with enabled translations),
and Wagtail calls it twice a row: about 140 queries and 0.35 s for a page of 50 in a city's
section of 2,500 stories (bench/scale.py). Here the explorer's queryset answers both questions
for every row as two annotations (``construct_explorer_page_queryset``), and a hook that reads
them replaces wagtail-localize's in the listing. Rows without the annotations (another listing
that calls the hook) get wagtail-localize's own answer. The page header's buttons, one page,
keep wagtail-localize's hook. What the buttons are and where they lead is unchanged.
"""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationSource

LISTING_HOOK = "register_page_listing_more_buttons"


def annotate(parent_page, pages, request):
    """The explorer's pages with ``cid_untranslated`` (a language has no translation, aliases
    not counted) and ``cid_sync_source`` (the id of the page's translation source, if any of
    its translations is enabled)."""
    translated_locales = Page.objects.filter(
        translation_key=OuterRef(OuterRef("translation_key")), alias_of__isnull=True
    ).values("locale_id")
    sources = TranslationSource.objects.filter(
        object__translation_key=OuterRef("translation_key"),
        object__content_type=ContentType.objects.get_for_model(Page),
        locale=OuterRef("locale"),
        translations__enabled=True,
    )
    return pages.annotate(
        cid_untranslated=Exists(Locale.objects.exclude(id__in=translated_locales)),
        cid_sync_source=sources.values("pk")[:1],
    )


def listing_buttons(page, user, view_name=None, next_url=None):
    if not hasattr(page, "cid_untranslated"):
        yield from localize_hooks.page_listing_more_buttons(page, user, view_name, next_url)
        return
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    if page.cid_untranslated:
        url = reverse(
            "wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id]
        )
        yield ListingButton(
            _("Translate this page"), url, priority=60, icon_name="wagtail-localize-language"
        )
    if page.cid_sync_source is not None:
        url = reverse("wagtail_localize:update_translations", args=[page.cid_sync_source])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield ListingButton(_("Sync translated pages"), url, priority=60, icon_name="resubmit")


def install():
    """Put ``listing_buttons`` in the place of wagtail-localize's listing hook (imported
    above, so it is registered already and will not be again)."""
    registered = hooks._hooks.get(LISTING_HOOK, [])
    theirs = [entry for entry in registered if entry[0] is localize_hooks.page_listing_more_buttons]
    if not theirs:
        raise RuntimeError(f"wagtail-localize's {LISTING_HOOK} hook was not found")
    for entry in theirs:
        registered.remove(entry)
    hooks.register(LISTING_HOOK, listing_buttons)
    hooks.register("construct_explorer_page_queryset", annotate)
