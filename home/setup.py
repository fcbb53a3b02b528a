"""The site's skeleton: a locale, home page, menu and footer for every configured language.

Idempotent: run it after adding a language to CONTENT_LANGUAGES (``manage.py setup_site``).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import override
from wagtail.models import Locale, Page, Site

from home.models import HomePage, MainMenu, NetworkSettings, SiteFooter
from home.translation import translate

SITE_NAME = "Cities in Dialogue"

FUNDING = {
    "en": "Funded by the European Union. Views and opinions expressed are however those of the "
    "author(s) only and do not necessarily reflect those of the European Union or the granting "
    "authority. Neither the European Union nor the granting authority can be held responsible "
    "for them.",
    "sv": "Finansieras av Europeiska unionen. De åsikter som uttrycks är endast upphovspersonernas "
    "och återspeglar inte nödvändigtvis Europeiska unionens eller den beviljande myndighetens "
    "åsikter. Varken Europeiska unionen eller den beviljande myndigheten kan hållas ansvariga "
    "för dem.",
    "de": "Finanziert von der Europäischen Union. Die geäußerten Ansichten und Meinungen "
    "entsprechen jedoch ausschließlich denen der Autorinnen und Autoren und spiegeln nicht "
    "zwingend die der Europäischen Union oder der Bewilligungsbehörde wider. Weder die "
    "Europäische Union noch die Bewilligungsbehörde können dafür verantwortlich gemacht werden.",
    "it": "Finanziato dall'Unione europea. Le opinioni espresse appartengono tuttavia ai soli "
    "autori e non riflettono necessariamente le opinioni dell'Unione europea o dell'autorità "
    "concedente. Né l'Unione europea né l'autorità concedente possono esserne ritenute "
    "responsabili.",
    "es": "Financiado por la Unión Europea. No obstante, los puntos de vista y las opiniones "
    "expresados son exclusivamente los de los autores y no reflejan necesariamente los de la "
    "Unión Europea ni los de la autoridad otorgante. Ni la Unión Europea ni la autoridad "
    "otorgante pueden ser consideradas responsables de ellos.",
    "el": "Χρηματοδοτείται από την Ευρωπαϊκή Ένωση. Οι απόψεις που διατυπώνονται είναι "
    "αποκλειστικά των συντακτών και δεν αντικατοπτρίζουν κατ' ανάγκη τις απόψεις της "
    "Ευρωπαϊκής Ένωσης ή της αρχής χορήγησης. Ούτε η Ευρωπαϊκή Ένωση ούτε η αρχή χορήγησης "
    "μπορούν να θεωρηθούν υπεύθυνες γι' αυτές.",
    "pl": "Sfinansowane ze środków Unii Europejskiej. Wyrażone poglądy i opinie są jedynie "
    "opiniami autorów i nie muszą odzwierciedlać poglądów Unii Europejskiej ani organu "
    "przyznającego finansowanie. Ani Unia Europejska, ani organ przyznający finansowanie nie "
    "ponoszą za nie odpowiedzialności.",
    "ar": "بتمويل من الاتحاد الأوروبي. غير أن الآراء ووجهات النظر الواردة هي آراء المؤلفين وحدهم "
    "ولا تعكس بالضرورة آراء الاتحاد الأوروبي أو الجهة المانحة. ولا يمكن تحميل الاتحاد الأوروبي "
    "ولا الجهة المانحة المسؤولية عنها.",
}


def ensure_locales() -> list[Locale]:
    return [
        Locale.objects.get_or_create(language_code=code)[0] for code in settings.CONTENT_LANGUAGES
    ]


def ensure_home_page() -> HomePage:
    """The default locale's home page, as the root of the default site. Replaces the welcome
    page a fresh Wagtail database starts with."""
    default = Locale.get_default()
    home = HomePage.objects.filter(locale=default, depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title=SITE_NAME, slug="network", locale=default, draft_title=SITE_NAME
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = SITE_NAME
        site.save()
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    return home


def ensure_structure(home: HomePage, locales: list[Locale]) -> None:
    """Copy the structural pages (``in_every_locale``: cities, their sections, the network's
    listings) into every locale that lacks them, parents first, so a newly added language has
    its own tree. A section keeps its default title, in the new language."""
    structural = [
        page
        for page in home.get_descendants().live().specific().order_by("path")
        if getattr(page, "in_every_locale", False)
    ]
    for locale in locales:
        if locale == home.locale:
            continue
        for page in structural:
            if page.has_translation(locale):
                continue
            strings = None
            default_title = getattr(type(page), "default_title", None)
            if default_title and page.title == str(default_title):
                with override(locale.language_code):
                    strings = {page.title: str(default_title)}
            translate(page, locale, strings)


@transaction.atomic
def setup_site() -> HomePage:
    locales = ensure_locales()
    home = ensure_home_page()
    default = home.locale
    menu = MainMenu.objects.filter(locale=default).first() or MainMenu.objects.create(
        locale=default
    )
    footer = SiteFooter.objects.filter(locale=default).first() or SiteFooter.objects.create(
        locale=default, funding_acknowledgement=FUNDING.get(default.language_code, FUNDING["en"])
    )
    for locale in locales:
        if locale == default:
            continue
        if not home.has_translation(locale):
            translate(home, locale)
        if not menu.has_translation(locale):
            translate(menu, locale)
        # The disclaimer is legal text: without a real translation, the locale shows the
        # default footer (marked with its language) rather than a copy claiming another one.
        if locale.language_code in FUNDING and not footer.has_translation(locale):
            strings = {footer.funding_acknowledgement: FUNDING[locale.language_code]}
            translate(footer, locale, strings)
    ensure_structure(home, locales)
    NetworkSettings.load()  # made now, not by the first visitor's request
    return home
