"""The partner cities and their three sections, in every language of the network.

City pages are structural: each exists in every locale as a real translation. Their images are
abstract and marked decorative, so they carry no alt text to translate.
"""

from dataclasses import dataclass

from demo.builders import ensure_translation, get_or_create_child, pair_strings, rich
from events.models import EventIndexPage
from handbook.models import PracticeIndexPage
from home.models import CityPage
from stories.models import StoryIndexPage


@dataclass(frozen=True)
class City:
    slug: str
    country: str
    time_zone: str
    languages: str
    image: str
    contact_name: str
    contact_email: str
    contact_phone: str
    website: str
    # language: {"title", "intro"} and, where it is written differently, "address"
    texts: dict[str, dict[str, str]]
    address: str
    kind: str = CityPage.Kind.MUNICIPALITY

    def text(self, language: str) -> dict[str, str]:
        return {"address": self.address, **self.texts[language]}


CITIES = [
    City(
        slug="malmo",
        country="SE",
        time_zone="Europe/Stockholm",
        languages="sv,en,ar",
        image="harbour",
        contact_name="Sara Lindqvist",
        contact_email="dialog@malmo.example.org",
        contact_phone="+46 40 34 10 00",
        website="https://malmo.example.org/",
        texts={
            "en": {
                "title": "Malmö",
                "intro": "Malmö is a young and fast-growing city where almost half of the residents have roots in another country. The City of Malmö takes part with its libraries, schools and neighbourhood offices.",
            },
            "sv": {
                "title": "Malmö",
                "intro": "Malmö är en ung och snabbt växande stad där nästan hälften av invånarna har rötter i ett annat land. Malmö stad deltar med sina bibliotek, skolor och områdeskontor.",
            },
            "de": {
                "title": "Malmö",
                "intro": "Malmö ist eine junge, schnell wachsende Stadt, in der fast die Hälfte der Einwohnerinnen und Einwohner Wurzeln in einem anderen Land hat. Die Stadt Malmö beteiligt sich mit ihren Bibliotheken, Schulen und Stadtteilbüros.",
            },
            "it": {
                "title": "Malmö",
                "intro": "Malmö è una città giovane e in rapida crescita, dove quasi metà degli abitanti ha radici in un altro paese. Il Comune di Malmö partecipa con le sue biblioteche, scuole e uffici di quartiere.",
            },
            "es": {
                "title": "Malmö",
                "intro": "Malmö es una ciudad joven y en rápido crecimiento donde casi la mitad de sus habitantes tiene raíces en otro país. El Ayuntamiento de Malmö participa con sus bibliotecas, escuelas y oficinas de barrio.",
            },
            "el": {
                "title": "Μάλμε",
                "intro": "Το Μάλμε είναι μια νέα πόλη που μεγαλώνει γρήγορα και όπου σχεδόν οι μισοί κάτοικοι έχουν ρίζες σε άλλη χώρα. Ο Δήμος του Μάλμε συμμετέχει με τις βιβλιοθήκες, τα σχολεία και τα γραφεία γειτονιάς του.",
            },
            "pl": {
                "title": "Malmö",
                "intro": "Malmö to młode, szybko rosnące miasto, w którym niemal połowa mieszkańców ma korzenie w innym kraju. Miasto Malmö uczestniczy w sieci poprzez swoje biblioteki, szkoły i biura dzielnicowe.",
            },
            "ar": {
                "title": "مالمو",
                "intro": "مالمو مدينة شابة سريعة النمو، لنحو نصف سكانها جذور في بلد آخر. تشارك بلدية مالمو في الشبكة من خلال مكتباتها ومدارسها ومكاتب أحيائها.",
            },
        },
        address="August Palms plats 1\n205 80 Malmö",
    ),
    City(
        slug="athens",
        kind=CityPage.Kind.ORGANISATION,
        country="GR",
        time_zone="Europe/Athens",
        languages="el,en,ar",
        image="city-dawn",
        contact_name="Eleni Papadopoulou",
        contact_email="hello@kyklos.example.org",
        contact_phone="+30 210 000 0000",
        website="https://kyklos.example.org/",
        texts={
            "en": {
                "title": "Athens",
                "intro": "In Athens the partner is Kyklos, a civil-society organisation running a community centre in Kypseli with language classes, legal advice and a women's group. It works with newcomers and long-standing residents alike.",
            },
            "sv": {
                "title": "Aten",
                "intro": "I Aten är partnern Kyklos, en civilsamhällesorganisation som driver ett kvarterscenter i Kypseli med språkkurser, juridisk rådgivning och en kvinnogrupp. Den arbetar både med nyanlända och med invånare som bott där länge.",
            },
            "de": {
                "title": "Athen",
                "intro": "In Athen ist der Partner Kyklos, eine zivilgesellschaftliche Organisation, die in Kypseli ein Nachbarschaftszentrum mit Sprachkursen, Rechtsberatung und einer Frauengruppe betreibt. Sie arbeitet mit Neuangekommenen ebenso wie mit alteingesessenen Bewohnerinnen und Bewohnern.",
            },
            "it": {
                "title": "Atene",
                "intro": "Ad Atene il partner è Kyklos, un'organizzazione della società civile che gestisce un centro di comunità a Kypseli con corsi di lingua, consulenza legale e un gruppo di donne. Lavora sia con i nuovi arrivati sia con i residenti di lunga data.",
            },
            "es": {
                "title": "Atenas",
                "intro": "En Atenas el socio es Kyklos, una organización de la sociedad civil que gestiona un centro comunitario en Kypseli con clases de idiomas, asesoría jurídica y un grupo de mujeres. Trabaja tanto con recién llegados como con vecinos de toda la vida.",
            },
            "el": {
                "title": "Αθήνα",
                "intro": "Στην Αθήνα εταίρος είναι ο Κύκλος, μια οργάνωση της κοινωνίας των πολιτών που λειτουργεί κοινοτικό κέντρο στην Κυψέλη με μαθήματα γλώσσας, νομική συμβουλευτική και ομάδα γυναικών. Απευθύνεται εξίσου σε νεοφερμένους και σε παλιούς κατοίκους.",
                "address": "Φωκίωνος Νέγρη 52\n113 61 Αθήνα",
            },
            "pl": {
                "title": "Ateny",
                "intro": "W Atenach partnerem jest Kyklos, organizacja społeczeństwa obywatelskiego prowadząca centrum sąsiedzkie w dzielnicy Kypseli, z kursami językowymi, poradnictwem prawnym i grupą kobiet. Pracuje zarówno z nowo przybyłymi, jak i z wieloletnimi mieszkańcami.",
            },
            "ar": {
                "title": "أثينا",
                "intro": "شريك الشبكة في أثينا هو منظمة «كيكلوس» من منظمات المجتمع المدني، وتدير مركزًا مجتمعيًا في حي كيبسيلي يقدّم دروسًا في اللغة واستشارات قانونية ويضم مجموعة نسائية. وتعمل مع القادمين الجدد ومع السكان القدامى على حد سواء.",
            },
        },
        address="Fokionos Negri 52\n113 61 Athina",
    ),
    City(
        slug="bologna",
        country="IT",
        time_zone="Europe/Rome",
        languages="it,en",
        image="city-dusk",
        contact_name="Marco Ferri",
        contact_email="cittaindialogo@bologna.example.org",
        contact_phone="+39 051 000 0000",
        website="https://bologna.example.org/",
        texts={
            "en": {
                "title": "Bologna",
                "intro": "Bologna takes part through its six district councils and the city's library network. The city has a long tradition of participatory budgeting, now open to residents without Italian citizenship.",
            },
            "sv": {
                "title": "Bologna",
                "intro": "Bologna deltar genom sina sex stadsdelsnämnder och stadens biblioteksnätverk. Staden har en lång tradition av medborgarbudget, som nu är öppen även för invånare utan italienskt medborgarskap.",
            },
            "de": {
                "title": "Bologna",
                "intro": "Bologna beteiligt sich über seine sechs Stadtbezirksräte und das Netz der städtischen Bibliotheken. Die Stadt hat eine lange Tradition des Bürgerhaushalts, der heute auch Einwohnerinnen und Einwohnern ohne italienische Staatsangehörigkeit offensteht.",
            },
            "it": {
                "title": "Bologna",
                "intro": "Bologna partecipa attraverso i suoi sei Quartieri e la rete delle biblioteche comunali. La città ha una lunga tradizione di bilancio partecipativo, oggi aperto anche ai residenti senza cittadinanza italiana.",
            },
            "es": {
                "title": "Bolonia",
                "intro": "Bolonia participa a través de sus seis distritos y de la red de bibliotecas municipales. La ciudad tiene una larga tradición de presupuestos participativos, hoy abiertos también a los residentes sin nacionalidad italiana.",
            },
            "el": {
                "title": "Μπολόνια",
                "intro": "Η Μπολόνια συμμετέχει μέσω των έξι δημοτικών διαμερισμάτων της και του δικτύου δημοτικών βιβλιοθηκών. Η πόλη έχει μακρά παράδοση συμμετοχικού προϋπολογισμού, ανοιχτού πλέον και σε κατοίκους χωρίς ιταλική ιθαγένεια.",
            },
            "pl": {
                "title": "Bolonia",
                "intro": "Bolonia uczestniczy poprzez sześć rad dzielnic i sieć bibliotek miejskich. Miasto ma długą tradycję budżetu partycypacyjnego, dziś otwartego także dla mieszkańców bez obywatelstwa włoskiego.",
            },
            "ar": {
                "title": "بولونيا",
                "intro": "تشارك بولونيا من خلال مجالس أحيائها الستة وشبكة مكتباتها البلدية. وللمدينة تقليد طويل في الميزانية التشاركية، المفتوحة اليوم أيضًا للسكان الذين لا يحملون الجنسية الإيطالية.",
            },
        },
        address="Piazza Maggiore 6\n40124 Bologna",
    ),
    City(
        slug="gdansk",
        country="PL",
        time_zone="Europe/Warsaw",
        languages="pl,en",
        image="bridge",
        contact_name="Agnieszka Nowak",
        contact_email="integracja@gdansk.example.org",
        contact_phone="+48 58 000 00 00",
        website="https://gdansk.example.org/",
        texts={
            "en": {
                "title": "Gdańsk",
                "intro": "Gdańsk was one of the first Polish cities to adopt a model for the integration of immigrants, written together with residents and organisations. Its social development department leads the city's work in the network.",
            },
            "sv": {
                "title": "Gdańsk",
                "intro": "Gdańsk var en av de första polska städerna att anta en modell för integration av invandrare, skriven tillsammans med invånare och organisationer. Stadens avdelning för social utveckling leder arbetet i nätverket.",
            },
            "de": {
                "title": "Gdańsk",
                "intro": "Gdańsk war eine der ersten polnischen Städte, die ein Modell für die Integration von Zugewanderten beschlossen hat, gemeinsam erarbeitet mit Bewohnern und Organisationen. Das Referat für soziale Entwicklung leitet die Arbeit der Stadt im Netzwerk.",
            },
            "it": {
                "title": "Gdańsk",
                "intro": "Gdańsk è stata una delle prime città polacche ad adottare un modello per l'integrazione degli immigrati, scritto insieme a residenti e associazioni. Il dipartimento per lo sviluppo sociale guida il lavoro della città nella rete.",
            },
            "es": {
                "title": "Gdańsk",
                "intro": "Gdańsk fue una de las primeras ciudades polacas en adoptar un modelo de integración de inmigrantes, redactado junto con vecinos y organizaciones. Su departamento de desarrollo social dirige el trabajo de la ciudad en la red.",
            },
            "el": {
                "title": "Γκντανσκ",
                "intro": "Το Γκντανσκ ήταν από τις πρώτες πολωνικές πόλεις που υιοθέτησαν ένα μοντέλο ένταξης μεταναστών, γραμμένο μαζί με κατοίκους και οργανώσεις. Η διεύθυνση κοινωνικής ανάπτυξης του δήμου συντονίζει τη δουλειά της πόλης στο δίκτυο.",
            },
            "pl": {
                "title": "Gdańsk",
                "intro": "Gdańsk jako jedno z pierwszych polskich miast przyjął Model Integracji Imigrantów, wypracowany wspólnie z mieszkańcami i organizacjami. Pracami miasta w sieci kieruje Wydział Rozwoju Społecznego.",
            },
            "ar": {
                "title": "غدانسك",
                "intro": "كانت غدانسك من أوائل المدن البولندية التي اعتمدت نموذجًا لاندماج المهاجرين، صِيغ بالتعاون مع السكان والمنظمات. وتقود إدارة التنمية الاجتماعية عمل المدينة في الشبكة.",
            },
        },
        address="ul. Nowe Ogrody 8/12\n80-803 Gdańsk",
    ),
    City(
        slug="valencia",
        country="ES",
        time_zone="Europe/Madrid",
        languages="es,en,ar",
        image="market",
        contact_name="Lucía Martínez",
        contact_email="interculturalidad@valencia.example.org",
        contact_phone="+34 960 000 000",
        website="https://valencia.example.org/",
        texts={
            "en": {
                "title": "Valencia",
                "intro": "Valencia takes part through its office for intercultural affairs, working with neighbourhood associations in Russafa and Benicalap. Its language cafés and anti-rumour agents are known across Spain.",
            },
            "sv": {
                "title": "Valencia",
                "intro": "Valencia deltar genom sitt kontor för interkulturella frågor, som samarbetar med grannskapsföreningar i Russafa och Benicalap. Stadens språkkaféer och antiryktesagenter är kända i hela Spanien.",
            },
            "de": {
                "title": "Valencia",
                "intro": "Valencia beteiligt sich über sein Büro für interkulturelle Angelegenheiten, das mit Nachbarschaftsvereinen in Russafa und Benicalap zusammenarbeitet. Seine Sprachcafés und „Anti-Gerüchte-Agenten“ sind in ganz Spanien bekannt.",
            },
            "it": {
                "title": "Valencia",
                "intro": "Valencia partecipa attraverso il suo ufficio per gli affari interculturali, che collabora con le associazioni di quartiere di Russafa e Benicalap. I suoi caffè linguistici e i suoi agenti antidicerie sono noti in tutta la Spagna.",
            },
            "es": {
                "title": "Valencia",
                "intro": "Valencia participa a través de su oficina de asuntos interculturales, que colabora con las asociaciones vecinales de Russafa y Benicalap. Sus cafés de idiomas y sus agentes antirrumores son conocidos en toda España.",
            },
            "el": {
                "title": "Βαλένθια",
                "intro": "Η Βαλένθια συμμετέχει μέσω του γραφείου διαπολιτισμικών υποθέσεων, που συνεργάζεται με συλλόγους γειτονιάς στη Ρουσάφα και το Μπενικαλάπ. Τα γλωσσικά καφέ και οι «πράκτορες κατά των φημών» της είναι γνωστοί σε όλη την Ισπανία.",
            },
            "pl": {
                "title": "Walencja",
                "intro": "Walencja uczestniczy poprzez swoje biuro ds. międzykulturowych, które współpracuje ze stowarzyszeniami sąsiedzkimi w dzielnicach Russafa i Benicalap. Jej kawiarenki językowe i „agenci antyplotkowi” są znani w całej Hiszpanii.",
            },
            "ar": {
                "title": "فالنسيا",
                "intro": "تشارك فالنسيا من خلال مكتبها للشؤون بين الثقافات، الذي يتعاون مع جمعيات الأحياء في روسافا وبنيكالاب. وتشتهر مقاهي اللغات فيها و«وكلاء مكافحة الشائعات» في أنحاء إسبانيا كلها.",
            },
        },
        address="Plaça de l'Ajuntament 1\n46002 València",
    ),
    City(
        slug="leipzig",
        country="DE",
        time_zone="Europe/Berlin",
        languages="de,en,ar",
        image="houses",
        contact_name="Jonas Richter",
        contact_email="integration@leipzig.example.org",
        contact_phone="+49 341 000 0000",
        website="https://leipzig.example.org/",
        texts={
            "en": {
                "title": "Leipzig",
                "intro": "Leipzig joins through its office for migration and integration and a network of neighbourhood centres in the east of the city. Many of the city's newcomers have arrived in the last ten years.",
            },
            "sv": {
                "title": "Leipzig",
                "intro": "Leipzig deltar genom sitt kontor för migration och integration och ett nätverk av kvarterscenter i stadens östra delar. Många av stadens nyanlända har kommit under de senaste tio åren.",
            },
            "de": {
                "title": "Leipzig",
                "intro": "Leipzig beteiligt sich über sein Referat für Migration und Integration und ein Netz von Stadtteilzentren im Leipziger Osten. Viele Neuangekommene sind in den letzten zehn Jahren in die Stadt gekommen.",
            },
            "it": {
                "title": "Lipsia",
                "intro": "Lipsia partecipa attraverso il suo ufficio per la migrazione e l'integrazione e una rete di centri di quartiere nella parte orientale della città. Molti dei nuovi arrivati sono giunti negli ultimi dieci anni.",
            },
            "es": {
                "title": "Leipzig",
                "intro": "Leipzig participa a través de su oficina de migración e integración y de una red de centros de barrio en el este de la ciudad. Muchos de sus nuevos vecinos llegaron en los últimos diez años.",
            },
            "el": {
                "title": "Λειψία",
                "intro": "Η Λειψία συμμετέχει μέσω του γραφείου μετανάστευσης και ένταξης και ενός δικτύου κέντρων γειτονιάς στα ανατολικά της πόλης. Πολλοί από τους νεοφερμένους ήρθαν τα τελευταία δέκα χρόνια.",
            },
            "pl": {
                "title": "Lipsk",
                "intro": "Lipsk uczestniczy poprzez swoje biuro ds. migracji i integracji oraz sieć centrów sąsiedzkich we wschodniej części miasta. Wielu nowych mieszkańców przybyło tu w ciągu ostatnich dziesięciu lat.",
            },
            "ar": {
                "title": "لايبزيغ",
                "intro": "تشارك لايبزيغ من خلال مكتبها للهجرة والاندماج وشبكة من المراكز المجتمعية في أحياء شرق المدينة. وقد وصل كثير من القادمين الجدد إليها خلال السنوات العشر الأخيرة.",
            },
        },
        address="Martin-Luther-Ring 4–6\n04109 Leipzig",
    ),
]

# Each city's three sections: {model: (slug, {language: {"title", "intro"}})}.
# Slugs are synchronised across locales (docs/decisions.md).
SECTIONS = {
    StoryIndexPage: (
        "stories",
        {
            "en": {
                "title": "Stories",
                "intro": "Stories told by residents and newcomers in this city, in their own words.",
            },
            "sv": {
                "title": "Berättelser",
                "intro": "Berättelser från invånare och nyanlända i den här staden, med deras egna ord.",
            },
            "de": {
                "title": "Geschichten",
                "intro": "Geschichten von Bewohnerinnen, Bewohnern und Neuangekommenen dieser Stadt, in ihren eigenen Worten.",
            },
            "it": {
                "title": "Storie",
                "intro": "Storie di residenti e nuovi arrivati in questa città, raccontate con le loro parole.",
            },
            "es": {
                "title": "Historias",
                "intro": "Historias de vecinos y recién llegados de esta ciudad, contadas con sus propias palabras.",
            },
            "el": {
                "title": "Ιστορίες",
                "intro": "Ιστορίες κατοίκων και νεοφερμένων αυτής της πόλης, με τα δικά τους λόγια.",
            },
            "pl": {
                "title": "Historie",
                "intro": "Historie mieszkańców i nowo przybyłych w tym mieście, opowiedziane ich własnymi słowami.",
            },
            "ar": {
                "title": "قصص",
                "intro": "قصص يرويها سكان هذه المدينة والقادمون الجدد إليها بكلماتهم الخاصة.",
            },
        },
    ),
    EventIndexPage: (
        "events",
        {
            "en": {
                "title": "Events",
                "intro": "Local meetings and the network's transnational events hosted by this city.",
            },
            "sv": {
                "title": "Evenemang",
                "intro": "Lokala träffar och nätverkets transnationella evenemang som staden står värd för.",
            },
            "de": {
                "title": "Veranstaltungen",
                "intro": "Lokale Treffen und die transnationalen Veranstaltungen des Netzwerks, die diese Stadt ausrichtet.",
            },
            "it": {
                "title": "Eventi",
                "intro": "Incontri locali ed eventi transnazionali della rete ospitati da questa città.",
            },
            "es": {
                "title": "Eventos",
                "intro": "Encuentros locales y eventos transnacionales de la red organizados en esta ciudad.",
            },
            "el": {
                "title": "Εκδηλώσεις",
                "intro": "Τοπικές συναντήσεις και οι διακρατικές εκδηλώσεις του δικτύου που φιλοξενεί αυτή η πόλη.",
            },
            "pl": {
                "title": "Wydarzenia",
                "intro": "Lokalne spotkania i międzynarodowe wydarzenia sieci organizowane w tym mieście.",
            },
            "ar": {
                "title": "فعاليات",
                "intro": "لقاءات محلية وفعاليات الشبكة العابرة للحدود التي تستضيفها هذه المدينة.",
            },
        },
    ),
    PracticeIndexPage: (
        "practices",
        {
            "en": {
                "title": "Good practices",
                "intro": "What this partner has tried, learnt and contributed to the network's handbook.",
            },
            "sv": {
                "title": "Goda exempel",
                "intro": "Det som den här partnern har prövat, lärt sig och bidragit med till nätverkets handbok.",
            },
            "de": {
                "title": "Praxisbeispiele",
                "intro": "Was dieser Partner ausprobiert, gelernt und zum Handbuch des Netzwerks beigetragen hat.",
            },
            "it": {
                "title": "Buone pratiche",
                "intro": "Ciò che questo partner ha sperimentato, imparato e portato nel manuale della rete.",
            },
            "es": {
                "title": "Buenas prácticas",
                "intro": "Lo que este socio ha probado, aprendido y aportado al manual de la red.",
            },
            "el": {
                "title": "Καλές πρακτικές",
                "intro": "Όσα δοκίμασε και έμαθε αυτός ο εταίρος και όσα συνεισέφερε στο εγχειρίδιο του δικτύου.",
            },
            "pl": {
                "title": "Dobre praktyki",
                "intro": "Co ten partner wypróbował, czego się nauczył i co wniósł do podręcznika sieci.",
            },
            "ar": {
                "title": "ممارسات جيدة",
                "intro": "ما جرّبه هذا الشريك وتعلّمه وأسهم به في دليل الشبكة.",
            },
        },
    ),
}


@dataclass
class PartnerPages:
    """A city page and its sections in the default locale, and their translations."""

    city: CityPage
    stories: StoryIndexPage
    events: EventIndexPage
    practices: PracticeIndexPage

    def section(self, model, locale):
        """This city's ``model`` section in ``locale``."""
        source = {
            StoryIndexPage: self.stories,
            EventIndexPage: self.events,
            PracticeIndexPage: self.practices,
        }[model]
        return source if source.locale_id == locale.pk else source.get_translation(locale)


def ensure_cities(home, locales, images) -> dict[str, PartnerPages]:
    """Every partner city with its sections, translated into every locale."""
    source_language = home.locale.language_code
    partners = {}
    for city in CITIES:
        text = city.text(source_language)
        page, _created = get_or_create_child(
            home,
            CityPage,
            city.slug,
            kind=city.kind,
            country=city.country,
            time_zone=city.time_zone,
            languages=city.languages,
            contact_name=city.contact_name,
            contact_email=city.contact_email,
            contact_phone=city.contact_phone,
            website=city.website,
            image=images[city.image],
            image_decorative=True,
            title=text["title"],
            intro=rich(text["intro"]),
            address=text["address"],
        )
        sections = {}
        for model, (slug, texts) in SECTIONS.items():
            source = texts[source_language]
            sections[model], _created = get_or_create_child(page, model, slug, **source)
        for code, locale in locales.items():
            if code == source_language:
                continue
            ensure_translation(page, locale, pair_strings(text, city.text(code)))
            for model, (_slug, texts) in SECTIONS.items():
                strings = pair_strings(texts[source_language], texts[code])
                ensure_translation(sections[model], locale, strings)
        partners[city.slug] = PartnerPages(
            page, sections[StoryIndexPage], sections[EventIndexPage], sections[PracticeIndexPage]
        )
    return partners
