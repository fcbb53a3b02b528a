"""A large network in PostgreSQL, for measuring how the site behaves at scale (bench/scale.py).

    .venv/bin/python bench/bulk_load.py                 # 100,000 pages, 40 more partner cities
    .venv/bin/python bench/bulk_load.py --pages 2000    # to try it
    .venv/bin/python bench/bulk_load.py --reuse-seed    # start from the seeded template, if any

Run by hand, never in CI. Builds the database ``cid_scale`` (see bench/scale_helpers.py):

1. the demo, as ``make demo`` makes it: a template database ``cid_scale_seed`` migrated and
   seeded (``--reuse-seed`` keeps an existing one), copied to ``cid_scale``;
2. ``--cities`` partner cities more, each with ``partners.onboarding.add_partner`` as a
   coordinator would add them (their city and sections in every locale, groups, workflow);
3. 400 speakers (``events.Person``), half of them translated into Arabic;
4. stories, events with agendas (sessions with speakers) and handbook practices, until the site
   holds ``--pages`` pages in all. Each is written in one language (its city's, English or
   Arabic) and translated into some others, every translation in its locale's copy of the
   city's section, sharing the original's ``translation_key``. Cities are of very different
   sizes (a Zipf law), so the largest has sections with thousands of pages. The texts are made of
   a small vocabulary in the eight languages, translated word for word, with topic words
   ("kitchen", "library" …) each in about one page in thirteen and common words ("city",
   "people" …) in nearly every page;
5. the numbers of children of the sections, the search index (``manage.py update_index``) and
   the planner's statistics (``VACUUM ANALYZE``, which autovacuum would do in time).

Pages are inserted in bulk, not with ``add_child`` (far too slow for 100,000): tree paths,
depths and URL paths are computed here, the ``wagtailcore_page`` rows go in with
``bulk_create`` and the rows of the page types' own tables (which ``bulk_create`` refuses for
multi-table inheritance) with PostgreSQL's COPY, 2,000 pages a transaction. Pages are live and
have no revisions: the site and the admin's explorer need none (``latest_revision_created_at``
is set, for the explorer's sorting). Their translations are Wagtail's (one ``translation_key``),
not wagtail-localize's: no translation sources, so its "Sync translated pages" is not offered
for them; nor are they in Wagtail's reference index.

Checked at the end: treebeard's five checks (bad characters, step length, orphans, depth,
numchild) over the whole tree, each as one SQL query, and ``Page.find_problems()`` itself on the
largest section written (on every page with ``--whole-tree-check``: two queries a page, minutes);
every URL path is its parent's plus its slug, no two siblings share a slug, and random pages of
each new type, in random languages, with their sections and the stories and events listings,
answer 200. Prints the time of each phase and the pages by type and locale. Exits 1 if a check
fails. Uses Redis database 6, as bench/scale.py does: do not run the two at once.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
import uuid
import zoneinfo
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from scale_helpers import (
    MEDIA_ROOT,
    ROOT,
    SCALE,
    SEED,
    busy_benchmarks,
    collect_static,
    copy_database,
    database_exists,
    machine_load,
    make_seed,
    manage,
    production_env,
)

sys.path.insert(0, str(ROOT))

DEFAULT_PAGES = 100_000
DEFAULT_CITIES = 40
BATCH = 2000  # pages written per transaction
SPEAKERS = 400
NOW = dt.datetime.now(dt.UTC)

# Partner cities: name, slug, country, time zone, languages (the first is the city's own, where
# it is one of the site's; otherwise English).
CITIES = [
    ("Göteborg", "goteborg", "SE", "Europe/Stockholm", "sv,en,ar"),
    ("Uppsala", "uppsala", "SE", "Europe/Stockholm", "sv,en"),
    ("Hamburg", "hamburg", "DE", "Europe/Berlin", "de,en,ar"),
    ("Dresden", "dresden", "DE", "Europe/Berlin", "de,en"),
    ("Köln", "koln", "DE", "Europe/Berlin", "de,en,pl"),
    ("Wien", "wien", "AT", "Europe/Vienna", "de,en"),
    ("Graz", "graz", "AT", "Europe/Vienna", "de,en"),
    ("Torino", "torino", "IT", "Europe/Rome", "it,en,ar"),
    ("Napoli", "napoli", "IT", "Europe/Rome", "it,en"),
    ("Palermo", "palermo", "IT", "Europe/Rome", "it,en,ar"),
    ("Barcelona", "barcelona", "ES", "Europe/Madrid", "es,en,ar"),
    ("Sevilla", "sevilla", "ES", "Europe/Madrid", "es,en"),
    ("Bilbao", "bilbao", "ES", "Europe/Madrid", "es,en"),
    ("Thessaloniki", "thessaloniki", "GR", "Europe/Athens", "el,en"),
    ("Patras", "patras", "GR", "Europe/Athens", "el,en,ar"),
    ("Nicosia", "nicosia", "CY", "Asia/Nicosia", "el,en"),
    ("Kraków", "krakow", "PL", "Europe/Warsaw", "pl,en"),
    ("Wrocław", "wroclaw", "PL", "Europe/Warsaw", "pl,en,de"),
    ("Poznań", "poznan", "PL", "Europe/Warsaw", "pl,en"),
    ("Łódź", "lodz", "PL", "Europe/Warsaw", "pl,en"),
    ("Rotterdam", "rotterdam", "NL", "Europe/Amsterdam", "en,ar"),
    ("Utrecht", "utrecht", "NL", "Europe/Amsterdam", "en"),
    ("Antwerpen", "antwerpen", "BE", "Europe/Brussels", "en,ar"),
    ("Gent", "gent", "BE", "Europe/Brussels", "en"),
    ("Lyon", "lyon", "FR", "Europe/Paris", "en,ar"),
    ("Marseille", "marseille", "FR", "Europe/Paris", "en,ar"),
    ("Lisboa", "lisboa", "PT", "Europe/Lisbon", "en"),
    ("Porto", "porto", "PT", "Europe/Lisbon", "en"),
    ("Aarhus", "aarhus", "DK", "Europe/Copenhagen", "en,ar"),
    ("Tampere", "tampere", "FI", "Europe/Helsinki", "en,sv"),
    ("Cork", "cork", "IE", "Europe/Dublin", "en"),
    ("Brno", "brno", "CZ", "Europe/Prague", "en"),
    ("Ljubljana", "ljubljana", "SI", "Europe/Ljubljana", "en"),
    ("Zagreb", "zagreb", "HR", "Europe/Zagreb", "en"),
    ("Tallinn", "tallinn", "EE", "Europe/Tallinn", "en"),
    ("Riga", "riga", "LV", "Europe/Riga", "en"),
    ("Vilnius", "vilnius", "LT", "Europe/Vilnius", "en,pl"),
    ("Luxembourg", "luxembourg", "LU", "Europe/Luxembourg", "en,de"),
    ("Leeds", "leeds", "GB", "Europe/London", "en,ar"),
    ("Oslo", "oslo", "NO", "Europe/Oslo", "en,ar"),
]

LANGUAGES = ("en", "sv", "de", "it", "es", "el", "pl", "ar")

# Words in the eight languages, in LANGUAGES' order.
# fmt: off
TOPICS = [
    ("kitchen", "kök", "Küche", "cucina", "cocina", "κουζίνα", "kuchnia", "مطبخ"),
    ("library", "bibliotek", "Bibliothek", "biblioteca", "biblioteca", "βιβλιοθήκη", "biblioteka", "مكتبة"),
    ("school", "skola", "Schule", "scuola", "escuela", "σχολείο", "szkoła", "مدرسة"),
    ("garden", "trädgård", "Garten", "giardino", "jardín", "κήπος", "ogród", "حديقة"),
    ("football", "fotboll", "Fußball", "calcio", "fútbol", "ποδόσφαιρο", "piłka", "كرة"),
    ("music", "musik", "Musik", "musica", "música", "μουσική", "muzyka", "موسيقى"),
    ("theatre", "teater", "Theater", "teatro", "teatro", "θέατρο", "teatr", "مسرح"),
    ("language", "språk", "Sprache", "lingua", "idioma", "γλώσσα", "język", "لغة"),
    ("women", "kvinnor", "Frauen", "donne", "mujeres", "γυναίκες", "kobiety", "نساء"),
    ("youth", "ungdomar", "Jugendliche", "giovani", "jóvenes", "νέοι", "młodzież", "شباب"),
    ("elders", "äldre", "Ältere", "anziani", "mayores", "ηλικιωμένοι", "seniorzy", "مسنون"),
    ("neighbourhood", "grannskap", "Nachbarschaft", "quartiere", "barrio", "γειτονιά", "osiedle", "حي"),
    ("market", "marknad", "Markt", "mercato", "mercado", "αγορά", "targ", "سوق"),
    ("festival", "festival", "Festival", "festa", "fiesta", "φεστιβάλ", "festiwal", "مهرجان"),
    ("bread", "bröd", "Brot", "pane", "pan", "ψωμί", "chleb", "خبز"),
    ("bridge", "bro", "Brücke", "ponte", "puente", "γέφυρα", "most", "جسر"),
    ("harbour", "hamn", "Hafen", "porto", "puerto", "λιμάνι", "port", "ميناء"),
    ("work", "arbete", "Arbeit", "lavoro", "trabajo", "εργασία", "praca", "عمل"),
    ("housing", "bostäder", "Wohnen", "abitazioni", "vivienda", "στέγαση", "mieszkania", "سكن"),
    ("health", "hälsa", "Gesundheit", "salute", "salud", "υγεία", "zdrowie", "صحة"),
    ("sport", "idrott", "Sport", "sport", "deporte", "αθλητισμός", "sport", "رياضة"),
    ("art", "konst", "Kunst", "arte", "arte", "τέχνη", "sztuka", "فن"),
    ("radio", "radio", "Radio", "radio", "radio", "ραδιόφωνο", "radio", "إذاعة"),
    ("bicycle", "cykel", "Fahrrad", "bicicletta", "bicicleta", "ποδήλατο", "rower", "دراجة"),
    ("choir", "kör", "Chor", "coro", "coro", "χορωδία", "chór", "جوقة"),
    ("recipe", "recept", "Rezept", "ricetta", "receta", "συνταγή", "przepis", "وصفة"),
    ("mentor", "mentor", "Mentor", "mentore", "mentora", "μέντορας", "mentor", "مرشد"),
    ("volunteers", "volontärer", "Ehrenamtliche", "volontari", "voluntarios", "εθελοντές", "wolontariusze", "متطوعون"),
    ("dance", "dans", "Tanz", "danza", "baile", "χορός", "taniec", "رقص"),
    ("photography", "fotografi", "Fotografie", "fotografia", "fotografía", "φωτογραφία", "fotografia", "تصوير"),
    ("newspaper", "tidning", "Zeitung", "giornale", "periódico", "εφημερίδα", "gazeta", "صحيفة"),
    ("parents", "föräldrar", "Eltern", "genitori", "padres", "γονείς", "rodzice", "آباء"),
    ("children", "barn", "Kinder", "bambini", "niños", "παιδιά", "dzieci", "أطفال"),
    ("tea", "te", "Tee", "tè", "té", "τσάι", "herbata", "شاي"),
    ("square", "torg", "Platz", "piazza", "plaza", "πλατεία", "plac", "ساحة"),
    ("river", "älv", "Fluss", "fiume", "río", "ποτάμι", "rzeka", "نهر"),
    ("computer", "dator", "Computer", "computer", "ordenador", "υπολογιστής", "komputer", "حاسوب"),
    ("law", "juridik", "Recht", "diritto", "derecho", "δίκαιο", "prawo", "قانون"),
    ("welcome", "välkomnande", "Willkommen", "accoglienza", "acogida", "υποδοχή", "powitanie", "ترحيب"),
    ("memory", "minne", "Erinnerung", "memoria", "memoria", "μνήμη", "pamięć", "ذاكرة"),
]
COMMON = [
    ("city", "stad", "Stadt", "città", "ciudad", "πόλη", "miasto", "مدينة"),
    ("people", "människor", "Menschen", "persone", "personas", "άνθρωποι", "ludzie", "الناس"),
    ("together", "tillsammans", "zusammen", "insieme", "juntos", "μαζί", "razem", "معا"),
    ("meeting", "möte", "Treffen", "incontro", "encuentro", "συνάντηση", "spotkanie", "لقاء"),
    ("every", "varje", "jede", "ogni", "cada", "κάθε", "każdy", "كل"),
    ("week", "vecka", "Woche", "settimana", "semana", "εβδομάδα", "tydzień", "أسبوع"),
    ("new", "ny", "neu", "nuovo", "nuevo", "νέο", "nowy", "جديد"),
    ("neighbours", "grannar", "Nachbarn", "vicini", "vecinos", "γείτονες", "sąsiedzi", "الجيران"),
    ("evening", "kväll", "Abend", "sera", "tarde", "βράδυ", "wieczór", "مساء"),
    ("first", "första", "erste", "primo", "primero", "πρώτη", "pierwszy", "أول"),
    ("open", "öppen", "offen", "aperto", "abierto", "ανοιχτό", "otwarty", "مفتوح"),
    ("home", "hem", "Zuhause", "casa", "hogar", "σπίτι", "dom", "بيت"),
    ("friends", "vänner", "Freunde", "amici", "amigos", "φίλοι", "przyjaciele", "أصدقاء"),
    ("learn", "lära", "lernen", "imparare", "aprender", "μαθαίνουμε", "uczyć", "نتعلم"),
    ("talk", "prata", "reden", "parlare", "hablar", "μιλάμε", "rozmawiać", "نتحدث"),
    ("share", "dela", "teilen", "condividere", "compartir", "μοιραζόμαστε", "dzielić", "نتشارك"),
]
AND = ("and", "och", "und", "e", "y", "και", "i", "و")
FIRST_NAMES = [
    "Amina", "Jonas", "Layla", "Marco", "Sofia", "Yusuf", "Eleni", "Piotr", "Lucía", "Omar",
    "Ingrid", "Dimitris", "Fatima", "Lukas", "Giulia", "Karim", "Agnieszka", "Nour", "Erik",
    "Carmen", "Hassan", "Maria", "Tomasz", "Rania", "Anders", "Chiara", "Samir", "Katarzyna",
]
LAST_NAMES = [
    "Haddad", "Lindqvist", "Rossi", "García", "Nowak", "Papadopoulou", "Müller", "Khalil",
    "Svensson", "Kowalski", "Fernández", "Bianchi", "Mansour", "Schmidt", "Georgiou", "Said",
]
# fmt: on
ROLES = ("coordinator", "researcher", "community organiser", "teacher", "councillor", "artist")


@dataclass
class Section:
    """One locale's copy of a city's stories, events or practices section."""

    id: int
    path: str
    depth: int
    url_path: str
    numchild: int
    next_step: int  # the step of the next child's path
    added: int = 0


@dataclass
class City:
    slug: str
    zone: zoneinfo.ZoneInfo
    languages: list
    # (kind, language code) → Section
    sections: dict = field(default_factory=dict)


class Phases:
    """Each phase's duration, printed as it ends and kept for the summary."""

    def __init__(self):
        self.times = {}
        self.started = time.monotonic()

    @contextmanager
    def __call__(self, name):
        print(f"{name} …", flush=True)
        started = time.monotonic()
        yield
        self.times[name] = time.monotonic() - started
        print(f"  {name}: {self.times[name]:.1f} s", flush=True)

    def total(self) -> float:
        return time.monotonic() - self.started


# Texts ------------------------------------------------------------------------------------------


class Plan:
    """Parallel texts: words chosen once, as indexes into TOPICS and COMMON, rendered in any of
    the eight languages."""

    def __init__(self, rng: random.Random, topics: list):
        self.rng = rng
        self.topics = topics

    def sentence(self, length: int) -> list:
        rng = self.rng
        return [
            ("t", rng.choice(self.topics))
            if rng.random() < 0.3
            else ("c", rng.randrange(len(COMMON)))
            for _ in range(length)
        ]

    def sentences(self, count: int, shortest=8, longest=16) -> list:
        return [self.sentence(self.rng.randint(shortest, longest)) for _ in range(count)]

    @staticmethod
    def words(words: list, language: int) -> str:
        return " ".join(
            (TOPICS if kind == "t" else COMMON)[index][language] for kind, index in words
        )

    @classmethod
    def text(cls, sentences: list, language: int) -> str:
        rendered = []
        for words in sentences:
            text = cls.words(words, language)
            rendered.append(text[:1].upper() + text[1:] + ".")
        return " ".join(rendered)

    def title_words(self) -> list:
        first, second = self.rng.sample(self.topics, 2)
        return [("c", self.rng.randrange(len(COMMON))), ("t", first), ("and",), ("t", second)]

    @staticmethod
    def title(words: list, language: int) -> str:
        parts = [
            AND[language]
            if word == ("and",)
            else (TOPICS if word[0] == "t" else COMMON)[word[1]][language]
            for word in words
        ]
        text = " ".join(parts)
        return text[:1].upper() + text[1:]


def paragraphs(sentences_by_paragraph: list, language: int) -> list:
    return [f"<p>{Plan.text(sentences, language)}</p>" for sentences in sentences_by_paragraph]


def stream(blocks: list) -> str:
    """A StreamField's JSON from (type, value) pairs."""
    return json.dumps(
        [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks],
        ensure_ascii=False,
    )


# The network ------------------------------------------------------------------------------------


def add_cities(count: int) -> list:
    """``count`` partner cities added as a coordinator would (``add_partner``), with their
    sections in every locale."""
    from demo.indexing import deferred_indexing
    from partners.onboarding import add_partner

    with deferred_indexing():
        for name, slug, country, zone, languages in CITIES[:count]:
            add_partner(
                name,
                country=country,
                languages=languages.split(","),
                time_zone=zone,
                slug=slug,
            )
    return load_cities([slug for _name, slug, *_rest in CITIES[:count]])


def load_cities(slugs: list) -> list:
    """The cities with these slugs in the default locale, each with every locale's copy of its
    three sections, and where the next child of each goes."""
    from django.db.models import Max
    from wagtail.models import Page

    from events.models import EventIndexPage
    from handbook.models import PracticeIndexPage
    from home.models import CityPage
    from stories.models import StoryIndexPage

    kinds = {StoryIndexPage: "story", EventIndexPage: "event", PracticeIndexPage: "practice"}
    cities = []
    for source in CityPage.objects.filter(slug__in=slugs, locale__language_code=LANGUAGES[0]):
        city = City(source.slug, zoneinfo.ZoneInfo(source.time_zone), source.language_codes)
        copies = CityPage.objects.filter(translation_key=source.translation_key)
        for copy in copies.select_related("locale"):
            for section in copy.get_children().specific():
                last = Page.objects.filter(
                    path__startswith=section.path, depth=section.depth + 1
                ).aggregate(Max("path"))["path__max"]
                step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
                city.sections[(kinds[type(section)], copy.locale.language_code)] = Section(
                    section.pk,
                    section.path,
                    section.depth,
                    section.url_path,
                    section.numchild,
                    step,
                )
        cities.append(city)
    cities.sort(key=lambda city: slugs.index(city.slug))
    return cities


def add_speakers(rng: random.Random) -> list:
    """SPEAKERS people in English, half of them translated into Arabic; their ids."""
    from wagtail.models import Locale

    from events.models import Person

    english = Locale.objects.get(language_code="en")
    arabic = Locale.objects.get(language_code="ar")
    people = []
    for number in range(SPEAKERS):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        role = rng.choice(ROLES)
        key = uuid.uuid4()
        people.append(Person(name=name, role=role, locale=english, translation_key=key))
        if number % 2 == 0:
            people.append(Person(name=name, role=role, locale=arabic, translation_key=key))
    created = Person.objects.bulk_create(people)
    return [person.pk for person in created if person.locale_id == english.pk]


# Pages ------------------------------------------------------------------------------------------


class Loader:
    """Writes pages in batches: ``wagtailcore_page`` rows with ``bulk_create``, then each page
    type's own rows and theme links with COPY."""

    def __init__(self, models: dict):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Locale

        self.models = models  # kind → page model
        self.content_types = {
            kind: ContentType.objects.get_for_model(model).pk for kind, model in models.items()
        }
        self.locales = {locale.language_code: locale.pk for locale in Locale.objects.all()}
        self.pending = []
        self.written = 0

    def add(self, kind: str, section: Section, language: str, base: dict, own: dict, themes):
        """A page (``base``: its ``wagtailcore_page`` fields; ``own``: its type's) as the last
        child of ``section``, linked to ``themes``; written with the next batch."""
        from wagtail.models import Page

        step = section.next_step
        section.next_step += 1
        section.added += 1
        base.update(
            path=Page._get_path(section.path, section.depth + 1, step),
            depth=section.depth + 1,
            numchild=0,
            url_path=f"{section.url_path}{base['slug']}/",
            locale_id=self.locales[language],
            content_type_id=self.content_types[kind],
            draft_title=base["title"],
            live=True,
            has_unpublished_changes=False,
            last_published_at=base["first_published_at"],
            latest_revision_created_at=base["first_published_at"],
        )
        self.pending.append((kind, base, own, themes))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        from django.db import connection, transaction
        from wagtail.models import Page

        if not self.pending:
            return
        with transaction.atomic():
            created = Page.objects.bulk_create(
                [Page(**base) for _kind, base, _own, _themes in self.pending], batch_size=1000
            )
            rows, links = defaultdict(list), defaultdict(list)
            for (kind, _base, own, themes), page in zip(self.pending, created, strict=True):
                own["page_ptr_id"] = page.pk
                rows[kind].append(own)
                links[kind].extend((page.pk, theme) for theme in themes)
            with connection.cursor() as cursor:
                for kind, model in self.models.items():
                    copy_rows(cursor, model, rows[kind])
                    through = model.themes.through
                    columns = [f.column for f in through._meta.concrete_fields if not f.primary_key]
                    copy_tuples(cursor, through._meta.db_table, columns, links[kind])
        self.written += len(self.pending)
        self.pending = []


def copy_rows(cursor, model, rows: list):
    """``rows`` (attname → value) into ``model``'s own table, with each field's default for
    what a row leaves out."""
    fields = model._meta.local_concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    tuples = [[row.get(f.attname, defaults[f.attname]) for f in fields] for row in rows]
    copy_tuples(cursor, model._meta.db_table, [f.column for f in fields], tuples)


def copy_tuples(cursor, table: str, columns: list, tuples: list):
    if not tuples:
        return
    quoted = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for values in tuples:
            copy.write_row(values)


def zipf_weights(count: int, exponent: float = 0.8) -> list:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class Content:
    """Generates items (a page and its translations) and hands them to the loader."""

    def __init__(self, rng, loader, cities, speakers, themes, images):
        self.rng = rng
        self.loader = loader
        self.cities = cities
        self.city_weights = zipf_weights(len(cities))
        self.speakers = speakers
        self.themes = themes
        self.images = images
        self.number = 0

    def languages(self, city: City) -> list:
        """The original's language, then those it is translated into."""
        rng = self.rng
        own = city.languages[0]
        draw = rng.random()
        original = own if draw < 0.6 else ("en" if draw < 0.85 else "ar")
        chances = dict.fromkeys(LANGUAGES, 0.12)
        chances.update(en=0.55, ar=0.3)
        chances[own] = max(chances[own], 0.35)
        translated = [
            code for code in LANGUAGES if code != original and rng.random() < chances[code]
        ]
        return [original, *translated]

    def item(self, limit: int) -> int:
        """One item in at most ``limit`` pages; the number of pages written."""
        rng = self.rng
        self.number += 1
        city = rng.choices(self.cities, self.city_weights)[0]
        kind = rng.choices(("story", "event", "practice"), (0.5, 0.35, 0.15))[0]
        codes = self.languages(city)[:limit]
        plan = Plan(rng, rng.sample(range(len(TOPICS)), 3))
        title = plan.title_words()
        slug = f"{Plan.title(title, 0).lower().replace(' ', '-')}-{self.number}"
        image = rng.choice(self.images) if rng.random() < 0.75 else None
        texts = {"alt": plan.sentence(4), "lead": plan.sentences(2)}
        published, own = getattr(self, kind)(plan, city, codes[0])
        themes = rng.sample(self.themes, rng.randint(1, 2))
        key = uuid.uuid4()
        for code in codes:
            language = LANGUAGES.index(code)
            base = {
                "title": Plan.title(title, language),
                "slug": slug,
                "translation_key": key,
                "first_published_at": published,
            }
            fields = {
                "image_id": image,
                "image_alt": Plan.words(texts["alt"], language) if image else "",
                "image_decorative": False,
                "lead": Plan.text(texts["lead"], language),
            }
            fields.update(own(language))
            section = city.sections[(kind, code)]
            self.loader.add(kind, section, code, base, fields, themes)
        return len(codes)

    def published(self) -> dt.datetime:
        return NOW - dt.timedelta(days=self.rng.uniform(30, 6 * 365))

    # Each kind: when the item was published, and its own fields in a language.

    def story(self, plan, city, original):
        rng = self.rng
        published = self.published()
        body = [plan.sentences(rng.randint(3, 5)) for _ in range(rng.randint(2, 4))]
        quote = plan.sentences(1) if rng.random() < 0.3 else None
        teller = (
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)[0]}." if rng.random() < 0.6 else ""
        )

        def fields(language):
            blocks = [("paragraph", text) for text in paragraphs(body, language)]
            if quote:
                blocks.insert(
                    1, ("quote", {"quote": Plan.text(quote, language), "attribution": teller})
                )
            return {
                "teller_name": teller,
                "date": published.date(),
                "body": stream(blocks),
                "original_language": original,
            }

        return published, fields

    def event(self, plan, city, original):
        rng = self.rng
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        days = 1 if rng.random() < 0.7 else rng.randint(2, 3)
        start = dt.datetime.combine(day, dt.time(rng.choice((9, 10, 14, 17))), city.zone)
        sessions = []
        for number in range(days * rng.randint(2, 4)):
            date = day + dt.timedelta(days=number % days)
            begins = dt.time(9 + (number // days) * 2)
            ends = dt.time(10 + (number // days) * 2, 30)
            speakers = rng.sample(self.speakers, rng.randint(0, 3))
            sessions.append((date, begins, ends, plan.sentence(5), plan.sentences(1), speakers))
        sessions.sort(key=lambda session: (session[0], session[1]))
        end = dt.datetime.combine(sessions[-1][0], sessions[-1][2], city.zone)
        start = min(start, dt.datetime.combine(sessions[0][0], sessions[0][1], city.zone))
        description = [plan.sentences(rng.randint(2, 4))]
        online = rng.random() < 0.2
        kind = "transnational" if rng.random() < 0.1 else "local"
        status = rng.choices(("scheduled", "postponed", "cancelled"), (0.92, 0.04, 0.04))[0]
        address = f"{city.slug.title()} {rng.randint(1, 99)}"
        capacity = rng.choice((None, 30, 60, 120))
        venue = plan.title_words()
        published = min(
            start - dt.timedelta(days=rng.uniform(14, 120)),
            NOW - dt.timedelta(days=rng.uniform(1, 30)),
        )

        def fields(language):
            agenda = [
                (
                    "session",
                    {
                        "date": date.isoformat(),
                        "start": begins.isoformat(),
                        "end": ends.isoformat(),
                        "title": Plan.title(title, language),
                        "description": Plan.text(text, language),
                        "speakers": [
                            {"type": "item", "value": person, "id": str(uuid.uuid4())}
                            for person in speakers
                        ],
                        "room": "",
                        "languages": "",
                        "interpretation": "",
                    },
                )
                for date, begins, ends, title, text, speakers in sessions
            ]
            return {
                "start": start,
                "end": end,
                "kind": kind,
                "status": status,
                "attendance": "online" if online else "in_person",
                "organiser": city.slug.title(),
                "venue": "" if online else Plan.title(venue, language),
                "address": "" if online else address,
                "online_url": "https://meet.example.org/" + city.slug if online else "",
                "capacity": capacity,
                "step_free": True,
                "body": stream([("paragraph", text) for text in paragraphs(description, language)]),
                "agenda": stream(agenda),
            }

        return published, fields

    def practice(self, plan, city, original):
        rng = self.rng
        sections = {
            name: [plan.sentences(rng.randint(2, 3))]
            for name in (
                "problem",
                "approach",
                "who_was_involved",
                "results",
                "cost_effort",
                "watch_out_for",
            )
        }
        summary = plan.sentences(2)

        def fields(language):
            values = {name: paragraphs(text, language)[0] for name, text in sections.items()}
            return {"summary": Plan.text(summary, language), **values}

        return self.published(), fields


def add_pages(rng, cities, speakers, target: int) -> int:
    """Items until the site holds ``target`` pages; the number of pages written."""
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from events.models import EventPage
    from handbook.models import PracticePage
    from home.models import Theme
    from stories.models import StoryPage

    models = {"story": StoryPage, "event": EventPage, "practice": PracticePage}
    loader = Loader(models)
    themes = list(
        Theme.objects.filter(locale__language_code=LANGUAGES[0]).values_list("pk", flat=True)
    )
    images = list(get_image_model().objects.values_list("pk", flat=True))
    content = Content(rng, loader, cities, speakers, themes, images)
    remaining = target - Page.objects.count()
    reported = 0
    while remaining > 0:
        remaining -= content.item(remaining)
        if loader.written - reported >= 10_000:
            reported = loader.written
            print(f"  {loader.written} pages", flush=True)
    loader.flush()
    fix_numchild(cities)
    return loader.written


def fix_numchild(cities):
    from wagtail.models import Page

    sections = [s for city in cities for s in city.sections.values() if s.added]
    Page.objects.bulk_update(
        [Page(id=s.id, numchild=s.numchild + s.added) for s in sections],
        ["numchild"],
        batch_size=500,
    )


# Checks and figures -----------------------------------------------------------------------------


TREE_CHECKS = {
    # treebeard's five checks (MP_Node.find_problems), each as one query over the whole table
    "bad characters": "SELECT id FROM wagtailcore_page WHERE path !~ '^[0-9A-Z]+$'",
    "bad step length": "SELECT id FROM wagtailcore_page WHERE length(path) % 4 <> 0",
    "orphans": """SELECT child.id FROM wagtailcore_page child WHERE child.depth > 1
        AND NOT EXISTS (SELECT 1 FROM wagtailcore_page parent
                        WHERE parent.path = substr(child.path, 1, length(child.path) - 4))""",
    "wrong depth": "SELECT id FROM wagtailcore_page WHERE depth <> length(path) / 4",
    "wrong numchild": """WITH children AS (
            SELECT substr(path, 1, length(path) - 4) AS parent, count(*) AS number
            FROM wagtailcore_page WHERE depth > 1 GROUP BY 1)
        SELECT page.id FROM wagtailcore_page page
        LEFT JOIN children ON children.parent = page.path
        WHERE page.numchild <> coalesce(children.number, 0)""",
    # and Wagtail's own: URL paths, and slugs unique among siblings
    "URL path not the parent's plus the slug": """SELECT child.id FROM wagtailcore_page child
        JOIN wagtailcore_page parent
          ON parent.path = substr(child.path, 1, length(child.path) - 4)
        WHERE child.depth > 2 AND child.url_path <> parent.url_path || child.slug || '/'""",
    "slug shared by siblings": """SELECT min(id) FROM wagtailcore_page
        GROUP BY substr(path, 1, length(path) - 4), slug HAVING count(*) > 1""",
}


def check_tree(cities, whole: bool) -> list:
    """What is wrong with the tree. Treebeard's ``find_problems`` asks two queries per page
    (minutes on 100,000 pages), so it checks only the largest section written here, unless
    ``whole``; the same checks run over the whole table in SQL."""
    from django.db import connection
    from wagtail.models import Page

    problems = []
    with connection.cursor() as cursor:
        for name, sql in TREE_CHECKS.items():
            cursor.execute(sql)
            ids = [row[0] for row in cursor.fetchall()]
            if ids:
                problems.append(f"{name}: {len(ids)} pages, e.g. {ids[:5]}")
    sections = [section for city in cities for section in city.sections.values()]
    largest = max(sections, key=lambda section: (section.added, section.numchild))
    parent = None if whole else Page.objects.get(pk=largest.id)
    names = ("bad characters", "bad step length", "orphans", "wrong depth", "wrong numchild")
    found = Page.find_problems(parent=parent)
    scope = "the whole tree" if whole else f"{parent.url_path} ({parent.numchild} children)"
    print(f"  treebeard's find_problems on {scope}: {sum(map(len, found))} problems")
    for name, ids in zip(names, found, strict=True):
        if ids:
            problems.append(f"treebeard: {name}: {len(ids)} pages, e.g. {ids[:5]}")
    return problems


def check_pages(rng, per_type: int = 3) -> list:
    """Random pages of each new type, in random languages, and their listings: the URLs that
    did not answer 200."""
    from django.test import Client

    from events.models import EventPage
    from handbook.models import PracticePage
    from stories.models import StoryPage

    client = Client(HTTP_HOST="localhost")
    urls = [f"/{code}/stories/" for code in ("en", "ar")]
    urls += [f"/{code}/events/" for code in ("en", "ar")]
    for model in (StoryPage, EventPage, PracticePage):
        ids = list(model.objects.filter(depth__gte=5).values_list("pk", flat=True))
        for pk in rng.sample(ids, min(per_type, len(ids))):
            page = model.objects.get(pk=pk)
            urls.append(page.url)
            urls.append(page.get_parent().url)
    failed = []
    for url in urls:
        status = client.get(url, secure=True).status_code
        print(f"  {status} {url}")
        if status != 200:
            failed.append(f"{url} answered {status}")
    return failed


def print_counts():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT ct.app_label || '.' || ct.model, l.language_code, count(*)
               FROM wagtailcore_page p
               JOIN django_content_type ct ON ct.id = p.content_type_id
               JOIN wagtailcore_locale l ON l.id = p.locale_id
               GROUP BY 1, 2"""
        )
        counts = defaultdict(dict)
        for kind, language, count in cursor.fetchall():
            counts[kind][language] = count
        cursor.execute(
            """SELECT parent.url_path, parent.numchild FROM wagtailcore_page parent
               ORDER BY parent.numchild DESC LIMIT 3"""
        )
        largest = cursor.fetchall()
    print(f"\n{'pages':<30}" + "".join(f"{code:>7}" for code in LANGUAGES) + f"{'total':>8}")
    totals = defaultdict(int)
    for kind in sorted(counts):
        row = counts[kind]
        for code, count in row.items():
            totals[code] += count
        cells = "".join(f"{row.get(code, 0):>7}" for code in LANGUAGES)
        print(f"{kind:<30}{cells}{sum(row.values()):>8}")
    cells = "".join(f"{totals.get(code, 0):>7}" for code in LANGUAGES)
    print(f"{'all':<30}{cells}{sum(totals.values()):>8}")
    print("\nlargest sections: " + ", ".join(f"{path} ({n})" for path, n in largest))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES, help="pages in all")
    parser.add_argument("--cities", type=int, default=DEFAULT_CITIES, help="partner cities added")
    parser.add_argument(
        "--reuse-seed", action="store_true", help=f"copy {SEED} if it exists instead of seeding"
    )
    parser.add_argument("--seed", type=int, default=14, help="of the random choices")
    parser.add_argument(
        "--whole-tree-check",
        action="store_true",
        help="treebeard's find_problems over every page (minutes), not the largest section",
    )
    parser.add_argument(
        "--check-only",
        action="store_true",
        help=f"only the checks (tree, pages rendered) of the network already in {SCALE}",
    )
    args = parser.parse_args()
    if not 1 <= args.cities <= len(CITIES):
        parser.error(f"--cities must be from 1 to {len(CITIES)}")
    for process in busy_benchmarks():
        print(f"warning: another benchmark is running (times will suffer): {process}")
    print(f"start: {machine_load()}")

    os.environ.update(production_env(SCALE))
    phases = Phases()
    rng = random.Random(args.seed)
    with phases("static files collected"):
        collect_static()
    if args.check_only:
        sys.exit(check_only(phases, rng, args))
    if args.reuse_seed and database_exists(SEED):
        print(f"{SEED}: kept")
    else:
        with phases(f"demo seeded in {SEED}"):
            make_seed()
    with phases(f"{SEED} copied to {SCALE}"):
        copy_database(SEED, SCALE)

    import django

    django.setup()
    from django.db import connection

    with phases(f"{args.cities} partner cities added"):
        cities = add_cities(args.cities)
    with phases(f"{SPEAKERS} speakers added"):
        speakers = add_speakers(rng)
    with phases("pages written"):
        written = add_pages(rng, cities, speakers, args.pages)
    print(f"  {written} pages written")
    connection.close()
    with phases("search index rebuilt (update_index)"):
        manage(os.environ, "update_index")
    with phases("VACUUM ANALYZE"), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    sys.exit(checked(phases, rng, cities, args))


def checked(phases, rng, cities, args) -> int:
    """The tree and page checks, the counts and the phases' times; 1 if a check failed."""
    with phases("tree checked"):
        problems = check_tree(cities, args.whole_tree_check)
    with phases("pages rendered"):
        problems += check_pages(rng)

    print_counts()
    print(f"\n{'phase':<45} {'seconds':>8}")
    for name, seconds in phases.times.items():
        print(f"{name:<45} {seconds:>8.1f}")
    print(f"{'total':<45} {phases.total():>8.1f}")
    print(f"end: {machine_load()}")
    print(f"media: {MEDIA_ROOT}")
    if problems:
        print("\nProblems:")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("\nNo problems found.")
    return 0


def check_only(phases, rng, args) -> int:
    """``--check-only``: the checks of the network already loaded, its added cities found by
    their slugs."""
    if not database_exists(SCALE):
        return f"No {SCALE} database: run bench/bulk_load.py first."
    import django

    django.setup()
    cities = load_cities([slug for _name, slug, *_rest in CITIES[: args.cities]])
    return checked(phases, rng, cities, args)


if __name__ == "__main__":
    main()
