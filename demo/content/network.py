"""The network's own pages: the home page's introduction, the three network-wide listings, the
main menu, the footer links and the demo notice."""

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from demo.builders import (
    ensure_translation,
    get_or_create_child,
    is_fully_translated,
    pair_strings,
    publish,
    rich,
    translate_fully,
)
from events.models import EventsPage
from handbook.models import HandbookPage
from home.models import MainMenu, NetworkSettings, SiteFooter
from home.setup import FUNDING
from stories.models import StoriesPage

# The home page made by setup_site: its title and introduction in every language.
HOME = {
    "en": {
        "title": "Cities in Dialogue",
        "intro": "Cities in Dialogue is a network of European cities and civil-society organisations working together on citizenship, on reducing stigma due to ethnic background and on dialogue between residents and newcomers. Read the stories, come to the events and use the handbook.",
    },
    "sv": {
        "title": "Städer i dialog",
        "intro": "Städer i dialog är ett nätverk av europeiska städer och civilsamhällesorganisationer som tillsammans arbetar med medborgarskap, med att minska stigmatisering på grund av etnisk bakgrund och med dialog mellan invånare och nyanlända. Läs berättelserna, kom på evenemangen och använd handboken.",
    },
    "de": {
        "title": "Städte im Dialog",
        "intro": "Städte im Dialog ist ein Netzwerk europäischer Städte und zivilgesellschaftlicher Organisationen, die gemeinsam an Bürgerschaft, am Abbau von Stigmatisierung wegen ethnischer Herkunft und am Dialog zwischen Alteingesessenen und Neuangekommenen arbeiten. Lesen Sie die Geschichten, kommen Sie zu den Veranstaltungen und nutzen Sie das Handbuch.",
    },
    "it": {
        "title": "Città in dialogo",
        "intro": "Città in dialogo è una rete di città europee e organizzazioni della società civile che lavorano insieme sulla cittadinanza, sulla riduzione dello stigma legato all'origine etnica e sul dialogo tra residenti e nuovi arrivati. Leggete le storie, partecipate agli eventi e usate il manuale.",
    },
    "es": {
        "title": "Ciudades en diálogo",
        "intro": "Ciudades en diálogo es una red de ciudades europeas y organizaciones de la sociedad civil que trabajan juntas en la ciudadanía, en la reducción del estigma por origen étnico y en el diálogo entre vecinos y recién llegados. Lea las historias, venga a los eventos y utilice el manual.",
    },
    "el": {
        "title": "Πόλεις σε διάλογο",
        "intro": "Οι Πόλεις σε διάλογο είναι ένα δίκτυο ευρωπαϊκών πόλεων και οργανώσεων της κοινωνίας των πολιτών που εργάζονται μαζί για την ενεργό πολιτειότητα, τη μείωση του στιγματισμού λόγω εθνοτικής καταγωγής και τον διάλογο ανάμεσα σε κατοίκους και νεοφερμένους. Διαβάστε τις ιστορίες, ελάτε στις εκδηλώσεις και χρησιμοποιήστε το εγχειρίδιο.",
    },
    "pl": {
        "title": "Miasta w dialogu",
        "intro": "Miasta w dialogu to sieć europejskich miast i organizacji społeczeństwa obywatelskiego, które wspólnie działają na rzecz obywatelstwa, ograniczania stygmatyzacji ze względu na pochodzenie etniczne oraz dialogu między mieszkańcami a nowo przybyłymi. Przeczytaj historie, przyjdź na wydarzenia i korzystaj z podręcznika.",
    },
    "ar": {
        "title": "مدن في حوار",
        "intro": "مدن في حوار شبكة من المدن الأوروبية ومنظمات المجتمع المدني تعمل معًا على المواطنة، والحدّ من الوصم بسبب الأصل العرقي، والحوار بين السكان والقادمين الجدد. اقرأوا القصص، وتعالوا إلى الفعاليات، واستفيدوا من الدليل.",
    },
}

# The network-wide listings: {model: (slug, {language: {"title", "intro"}})}
LISTINGS = {
    StoriesPage: (
        "stories",
        {
            "en": {
                "title": "Stories from the cities",
                "intro": "Residents and newcomers in the partner cities tell what belonging, prejudice and meeting each other mean in their daily lives.",
            },
            "sv": {
                "title": "Berättelser från städerna",
                "intro": "Invånare och nyanlända i partnerstäderna berättar vad tillhörighet, fördomar och möten betyder i deras vardag.",
            },
            "de": {
                "title": "Geschichten aus den Städten",
                "intro": "Bewohnerinnen, Bewohner und Neuangekommene der Partnerstädte erzählen, was Zugehörigkeit, Vorurteile und Begegnung in ihrem Alltag bedeuten.",
            },
            "it": {
                "title": "Storie dalle città",
                "intro": "Residenti e nuovi arrivati delle città partner raccontano cosa significano appartenenza, pregiudizio e incontro nella loro vita quotidiana.",
            },
            "es": {
                "title": "Historias de las ciudades",
                "intro": "Vecinos y recién llegados de las ciudades socias cuentan qué significan la pertenencia, los prejuicios y el encuentro en su vida diaria.",
            },
            "el": {
                "title": "Ιστορίες από τις πόλεις",
                "intro": "Κάτοικοι και νεοφερμένοι στις πόλεις-εταίρους αφηγούνται τι σημαίνουν στην καθημερινότητά τους το ανήκειν, η προκατάληψη και η συνάντηση.",
            },
            "pl": {
                "title": "Historie z miast",
                "intro": "Mieszkańcy i nowo przybyli z miast partnerskich opowiadają, co w ich codziennym życiu znaczą przynależność, uprzedzenia i spotkania.",
            },
            "ar": {
                "title": "قصص من المدن",
                "intro": "يروي سكان المدن الشريكة والقادمون الجدد إليها ما يعنيه الانتماء والتحيّز واللقاء في حياتهم اليومية.",
            },
        },
    ),
    EventsPage: (
        "events",
        {
            "en": {
                "title": "Events",
                "intro": "Eight transnational events in 24 months, hosted in turn by the partner cities, and the local meetings in between.",
            },
            "sv": {
                "title": "Evenemang",
                "intro": "Åtta transnationella evenemang på 24 månader, som partnerstäderna turas om att stå värd för, och de lokala träffarna däremellan.",
            },
            "de": {
                "title": "Veranstaltungen",
                "intro": "Acht transnationale Veranstaltungen in 24 Monaten, abwechselnd von den Partnerstädten ausgerichtet, und die lokalen Treffen dazwischen.",
            },
            "it": {
                "title": "Eventi",
                "intro": "Otto eventi transnazionali in 24 mesi, ospitati a turno dalle città partner, e gli incontri locali che li collegano.",
            },
            "es": {
                "title": "Eventos",
                "intro": "Ocho eventos transnacionales en 24 meses, organizados por turnos en las ciudades socias, y los encuentros locales entre uno y otro.",
            },
            "el": {
                "title": "Εκδηλώσεις",
                "intro": "Οκτώ διακρατικές εκδηλώσεις σε 24 μήνες, που φιλοξενούν εκ περιτροπής οι πόλεις-εταίροι, και οι τοπικές συναντήσεις στο μεσοδιάστημα.",
            },
            "pl": {
                "title": "Wydarzenia",
                "intro": "Osiem międzynarodowych wydarzeń w ciągu 24 miesięcy, organizowanych kolejno przez miasta partnerskie, i lokalne spotkania pomiędzy nimi.",
            },
            "ar": {
                "title": "الفعاليات",
                "intro": "ثماني فعاليات عابرة للحدود خلال 24 شهرًا تستضيفها المدن الشريكة بالتناوب، واللقاءات المحلية فيما بينها.",
            },
        },
    ),
    HandbookPage: (
        "handbook",
        {
            "en": {
                "title": "Handbook of good practices",
                "intro": "What the partner cities have learnt about preventing stigma due to ethnic background, countering racism and bringing residents and newcomers together. Bring it to your next council meeting.",
            },
            "sv": {
                "title": "Handbok med goda exempel",
                "intro": "Det partnerstäderna har lärt sig om att förebygga stigmatisering på grund av etnisk bakgrund, motverka rasism och föra samman invånare och nyanlända. Ta med den till nästa fullmäktigemöte.",
            },
            "de": {
                "title": "Handbuch guter Praxis",
                "intro": "Was die Partnerstädte darüber gelernt haben, Stigmatisierung wegen ethnischer Herkunft vorzubeugen, Rassismus entgegenzutreten und Alteingesessene und Neuangekommene zusammenzubringen. Nehmen Sie es mit in die nächste Ratssitzung.",
            },
            "it": {
                "title": "Manuale di buone pratiche",
                "intro": "Ciò che le città partner hanno imparato su come prevenire lo stigma legato all'origine etnica, contrastare il razzismo e far incontrare residenti e nuovi arrivati. Portatelo alla prossima seduta del consiglio comunale.",
            },
            "es": {
                "title": "Manual de buenas prácticas",
                "intro": "Lo que las ciudades socias han aprendido sobre cómo prevenir el estigma por origen étnico, combatir el racismo y acercar a vecinos y recién llegados. Llévelo a su próximo pleno municipal.",
            },
            "el": {
                "title": "Εγχειρίδιο καλών πρακτικών",
                "intro": "Όσα έμαθαν οι πόλεις-εταίροι για την πρόληψη του στιγματισμού λόγω εθνοτικής καταγωγής, την αντιμετώπιση του ρατσισμού και τη γνωριμία κατοίκων και νεοφερμένων. Φέρτε το στην επόμενη συνεδρίαση του δημοτικού συμβουλίου.",
            },
            "pl": {
                "title": "Podręcznik dobrych praktyk",
                "intro": "Czego miasta partnerskie nauczyły się o zapobieganiu stygmatyzacji ze względu na pochodzenie etniczne, przeciwdziałaniu rasizmowi i zbliżaniu mieszkańców do nowo przybyłych. Zabierz go na najbliższą sesję rady miasta.",
            },
            "ar": {
                "title": "دليل الممارسات الجيدة",
                "intro": "ما تعلّمته المدن الشريكة عن الوقاية من الوصم بسبب الأصل العرقي ومواجهة العنصرية والتقريب بين السكان والقادمين الجدد. خذوه معكم إلى الاجتماع القادم للمجلس البلدي.",
            },
        },
    ),
}


def ensure_home(home, locales, images):
    """Give the home page its introduction, then translate it into every locale. setup_site
    made those translations with the English text, so they are redone until complete. A home
    page whose introduction an editor has changed is left alone."""
    source_language = home.locale.language_code
    texts = HOME[source_language]
    if not home.intro:
        home.intro = texts["intro"]
        home.image = images["network"]
        home.image_decorative = True
        publish(home)
    if home.intro != texts["intro"]:
        return home
    TranslationSource.update_or_create_from_instance(home)
    for code, locale in locales.items():
        if code != source_language and not is_fully_translated(home, locale):
            translate_fully(home, locale, pair_strings(texts, HOME[code]))
    return home


def ensure_listings(home, locales, images) -> dict:
    """The stories, events and handbook listings, in every locale: ``{model: page}``."""
    source_language = home.locale.language_code
    pages = {}
    for model, (slug, texts) in LISTINGS.items():
        source = texts[source_language]
        fields = {"title": source["title"], "intro": source["intro"]}
        if model is HandbookPage:
            fields.update(
                intro=rich(source["intro"]), image=images["bookshelves"], image_decorative=True
            )
        page, _created = get_or_create_child(home, model, slug, **fields)
        for code, locale in locales.items():
            if code != source_language:
                ensure_translation(page, locale, pair_strings(source, texts[code]))
        pages[model] = page
    return pages


def ensure_navigation(locales, menu_pages, footer_pages) -> None:
    """Main menu and footer links in the default locale, then their translations refreshed.
    Labels are left empty, so each link shows its page's title in the reader's language."""
    default = Locale.get_default()
    menu = MainMenu.objects.get(locale=default)
    if not menu.items:
        menu.items = [("link", {"page": page, "label": ""}) for page in menu_pages]
        menu.save()
        for locale in locales.values():
            if locale != default:
                translate_fully(menu, locale, {})
    footer = SiteFooter.objects.get(locale=default)
    if not footer.links:
        footer.links = [("link", {"page": page, "label": ""}) for page in footer_pages]
        footer.save()
        for code, locale in locales.items():
            if locale != default:
                translate_fully(footer, locale, {footer.funding_acknowledgement: FUNDING[code]})


def ensure_demo_notice() -> None:
    settings = NetworkSettings.load()
    if not settings.demo_content or not settings.contact_email:
        settings.demo_content = True
        settings.contact_email = settings.contact_email or "network@example.org"
        settings.save()
