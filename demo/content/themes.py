"""The shared themes, written in English and translated into every language of the network."""

from wagtail.models import Locale

from demo.builders import pair_strings, translate_fully
from home.models import Theme

# slug: {language: (name, description)}
THEMES = {
    "citizenship": {
        "en": (
            "Citizenship",
            "Belonging to a city and having a say in it, whatever your passport.",
        ),
        "sv": (
            "Medborgarskap",
            "Att höra till en stad och ha något att säga till om, oavsett vilket pass man har.",
        ),
        "de": (
            "Bürgerschaft",
            "Zu einer Stadt gehören und mitreden können – egal, welchen Pass man hat.",
        ),
        "it": (
            "Cittadinanza",
            "Appartenere a una città e avere voce in capitolo, qualunque sia il proprio passaporto.",
        ),
        "es": (
            "Ciudadanía",
            "Pertenecer a una ciudad y tener voz en ella, sea cual sea tu pasaporte.",
        ),
        "el": (
            "Πολιτειότητα",
            "Να ανήκεις σε μια πόλη και να έχεις λόγο σε αυτήν, όποιο διαβατήριο κι αν έχεις.",
        ),
        "pl": (
            "Obywatelstwo",
            "Przynależność do miasta i prawo głosu w jego sprawach, niezależnie od paszportu.",
        ),
        "ar": ("المواطنة", "أن تنتمي إلى مدينة وأن يكون لك رأي فيها، أيًّا كان جواز سفرك."),
    },
    "anti-stigma": {
        "en": (
            "Reducing stigma",
            "Challenging the labels put on people because of their ethnic background.",
        ),
        "sv": (
            "Minska stigma",
            "Att ifrågasätta de etiketter som sätts på människor på grund av deras etniska bakgrund.",
        ),
        "de": (
            "Stigmatisierung abbauen",
            "Die Etiketten hinterfragen, die Menschen wegen ihrer ethnischen Herkunft angeheftet werden.",
        ),
        "it": (
            "Contro lo stigma",
            "Mettere in discussione le etichette attribuite alle persone per la loro origine etnica.",
        ),
        "es": (
            "Contra el estigma",
            "Cuestionar las etiquetas que se ponen a las personas por su origen étnico.",
        ),
        "el": (
            "Κατά του στιγματισμού",
            "Αμφισβητούμε τις ετικέτες που κολλάνε στους ανθρώπους λόγω της εθνοτικής τους καταγωγής.",
        ),
        "pl": (
            "Przeciw stygmatyzacji",
            "Podważanie etykiet przyklejanych ludziom z powodu ich pochodzenia etnicznego.",
        ),
        "ar": ("مكافحة الوصم", "التصدي للأحكام المسبقة التي تُلصق بالناس بسبب أصولهم العرقية."),
    },
    "anti-racism": {
        "en": (
            "Anti-racism",
            "Recognising racism and hate speech, and acting against them together.",
        ),
        "sv": ("Antirasism", "Att känna igen rasism och hatretorik och tillsammans agera mot dem."),
        "de": ("Antirassismus", "Rassismus und Hassrede erkennen und gemeinsam dagegen vorgehen."),
        "it": (
            "Antirazzismo",
            "Riconoscere il razzismo e i discorsi d'odio e agire insieme per contrastarli.",
        ),
        "es": (
            "Antirracismo",
            "Reconocer el racismo y el discurso de odio y actuar juntos contra ellos.",
        ),
        "el": (
            "Αντιρατσισμός",
            "Αναγνωρίζουμε τον ρατσισμό και τη ρητορική μίσους και δρούμε μαζί εναντίον τους.",
        ),
        "pl": (
            "Antyrasizm",
            "Rozpoznawanie rasizmu i mowy nienawiści oraz wspólne przeciwdziałanie im.",
        ),
        "ar": ("مناهضة العنصرية", "التعرّف على العنصرية وخطاب الكراهية والعمل معًا لمواجهتهما."),
    },
    "integration": {
        "en": (
            "Integration",
            "Settling in: language, work, school, housing and friendships, as a two-way process.",
        ),
        "sv": (
            "Integration",
            "Att komma in i samhället: språk, arbete, skola, bostad och vänskap, som en process åt båda håll.",
        ),
        "de": (
            "Integration",
            "Ankommen: Sprache, Arbeit, Schule, Wohnen und Freundschaften – als Prozess in beide Richtungen.",
        ),
        "it": (
            "Integrazione",
            "Ambientarsi: lingua, lavoro, scuola, casa e amicizie, come un processo a doppio senso.",
        ),
        "es": (
            "Integración",
            "Asentarse: idioma, trabajo, escuela, vivienda y amistades, como un proceso en ambos sentidos.",
        ),
        "el": (
            "Ένταξη",
            "Η εγκατάσταση σε μια νέα ζωή: γλώσσα, δουλειά, σχολείο, στέγη και φιλίες, ως αμφίδρομη διαδικασία.",
        ),
        "pl": (
            "Integracja",
            "Zadomowienie się: język, praca, szkoła, mieszkanie i przyjaźnie – jako proces dwustronny.",
        ),
        "ar": (
            "الاندماج",
            "الاستقرار في الحياة الجديدة: اللغة والعمل والمدرسة والسكن والصداقات، كعملية في الاتجاهين.",
        ),
    },
    "intercultural-dialogue": {
        "en": (
            "Intercultural dialogue",
            "Meeting places where neighbours of different backgrounds talk, cook and learn together.",
        ),
        "sv": (
            "Interkulturell dialog",
            "Mötesplatser där grannar med olika bakgrund pratar, lagar mat och lär sig tillsammans.",
        ),
        "de": (
            "Interkultureller Dialog",
            "Begegnungsorte, an denen Nachbarn unterschiedlicher Herkunft miteinander reden, kochen und lernen.",
        ),
        "it": (
            "Dialogo interculturale",
            "Luoghi d'incontro dove vicini di origini diverse parlano, cucinano e imparano insieme.",
        ),
        "es": (
            "Diálogo intercultural",
            "Lugares de encuentro donde vecinos de distintos orígenes conversan, cocinan y aprenden juntos.",
        ),
        "el": (
            "Διαπολιτισμικός διάλογος",
            "Χώροι συνάντησης όπου γείτονες με διαφορετική καταγωγή μιλούν, μαγειρεύουν και μαθαίνουν μαζί.",
        ),
        "pl": (
            "Dialog międzykulturowy",
            "Miejsca spotkań, w których sąsiedzi różnego pochodzenia rozmawiają, gotują i uczą się razem.",
        ),
        "ar": (
            "الحوار بين الثقافات",
            "أماكن لقاء يتحدث فيها الجيران من خلفيات مختلفة ويطبخون ويتعلّمون معًا.",
        ),
    },
    "participation": {
        "en": (
            "Participation",
            "Residents shaping local decisions, from neighbourhood budgets to the city council.",
        ),
        "sv": (
            "Delaktighet",
            "Invånare som påverkar lokala beslut, från grannskapsbudgetar till kommunfullmäktige.",
        ),
        "de": (
            "Teilhabe",
            "Bewohnerinnen und Bewohner gestalten lokale Entscheidungen mit, vom Stadtteilbudget bis zum Stadtrat.",
        ),
        "it": (
            "Partecipazione",
            "Residenti che contribuiscono alle decisioni locali, dai bilanci di quartiere al consiglio comunale.",
        ),
        "es": (
            "Participación",
            "Vecinos que influyen en las decisiones locales, de los presupuestos de barrio al pleno municipal.",
        ),
        "el": (
            "Συμμετοχή",
            "Κάτοικοι που διαμορφώνουν τις τοπικές αποφάσεις, από τον προϋπολογισμό της γειτονιάς ως το δημοτικό συμβούλιο.",
        ),
        "pl": (
            "Partycypacja",
            "Mieszkańcy współdecydujący o sprawach lokalnych, od budżetu dzielnicy po radę miasta.",
        ),
        "ar": (
            "المشاركة",
            "سكّان يشاركون في صنع القرارات المحلية، من ميزانيات الأحياء إلى المجلس البلدي.",
        ),
    },
}


def ensure_themes(locales) -> dict[str, dict[str, Theme]]:
    """Every theme in every locale: ``{slug: {language: theme}}``."""
    default = Locale.get_default()
    source_language = default.language_code
    themes = {}
    for slug, texts in THEMES.items():
        name, description = texts[source_language]
        source = Theme.objects.filter(locale=default, slug=slug).first()
        if source is None:
            source = Theme.objects.create(
                locale=default, slug=slug, name=name, description=description
            )
        by_language = {
            theme.locale.language_code: theme
            for theme in Theme.objects.filter(
                translation_key=source.translation_key
            ).select_related("locale")
        }
        for code, locale in locales.items():
            if code not in by_language:
                strings = pair_strings(texts[source_language], texts[code])
                by_language[code] = translate_fully(source, locale, strings)
        themes[slug] = by_language
    return themes
