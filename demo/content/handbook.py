"""The handbook: each partner's practices, described in the common structure, and the
coordinator's chapters that draw them together. The first chapter is translated into Swedish
and Arabic."""

from dataclasses import dataclass

from demo.builders import ensure_translation, get_or_create_child, pair_strings, rich
from handbook.models import ChapterPractice, HandbookChapterPage, PracticePage


@dataclass(frozen=True)
class Practice:
    city: str
    slug: str
    title: str
    themes: tuple[str, ...]
    summary: str
    problem: tuple
    approach: tuple
    who_was_involved: tuple
    results: tuple
    resources: tuple = ()
    image: str = ""
    image_alt: str = ""


def link(path: str, text: str) -> str:
    return f'<a href="https://example.org/{path}">{text}</a>'


PRACTICES = [
    # Malmö ------------------------------------------------------------------------------
    Practice(
        city="malmo",
        slug="language-cafes-in-libraries",
        title="Language cafés in public libraries",
        themes=("intercultural-dialogue", "integration"),
        summary="Weekly drop-in conversations in the local library, where people practise Swedish with volunteers and with each other. No registration, no teacher, no test.",
        image="speech-bubbles",
        image_alt="Illustration: three coloured speech bubbles answering one another.",
        problem=(
            "Newcomers who finish their formal language course often have nobody to speak Swedish with. Classes teach grammar, but the confidence to speak comes from everyday conversation, and many newcomers said their only Swedish conversations were with case workers.",
        ),
        approach=(
            "Five branch libraries host a language café one evening a week. Volunteers, many of them retired, sit at tables with a theme card (food, work, weather, football). Anyone can join any table for as long as they like.",
            "Librarians keep the tables small, rotate volunteers so that regulars meet new people, and keep a shelf of easy-reading books next to the café.",
        ),
        who_was_involved=(
            [
                "Malmö City Libraries (host and coordination)",
                "Around 60 volunteers, recruited through the library and the Red Cross",
                "Adult education centres, which refer their students",
            ],
        ),
        results=(
            "Between 25 and 70 people come each evening. In a survey of 212 participants, 81 % said they speak Swedish more often outside the café since they started. Several volunteers say the café changed how they see their neighbourhood.",
        ),
        resources=(
            [
                link(
                    "handbook/malmo/language-cafe-theme-cards",
                    "Theme cards for conversation tables",
                ),
                link("handbook/malmo/volunteer-guide", "A two-page guide for new volunteers"),
            ],
        ),
    ),
    Practice(
        city="malmo",
        slug="homework-clubs-with-older-pupils",
        title="Homework clubs run with older pupils",
        themes=("integration", "participation"),
        summary="Upper-secondary pupils, many of them once newcomers themselves, are paid to help younger pupils with homework in the library after school.",
        image="bookshelves",
        image_alt="Illustration: wooden shelves full of books with colourful spines.",
        problem=(
            "Pupils whose parents do not read Swedish get less help at home with homework. Teachers saw the gap widen every year, especially in mathematics and social studies, where texts are long.",
        ),
        approach=(
            "Three afternoons a week, the library's study room is reserved for a homework club. It is run by upper-secondary pupils who are paid an hourly wage by the city, trained by a teacher, and who can often explain in Arabic, Somali or Dari as well as Swedish.",
        ),
        who_was_involved=(
            "The library, two secondary schools, the city's youth employment programme and the parents' associations, who helped spread the word.",
        ),
        results=(
            "About 90 pupils use the club each week. Schools report better homework completion. The older pupils gain their first job, a reference, and status: several say it is the first time they have been seen as experts.",
        ),
        resources=(
            [link("handbook/malmo/homework-club-training", "Training plan for homework helpers")],
        ),
    ),
    Practice(
        city="malmo",
        slug="mixed-football-teams",
        title="Mixed football teams with trained volunteer coaches",
        themes=("intercultural-dialogue", "anti-stigma"),
        summary="A neighbourhood club forms teams across schools and neighbourhoods, and trains its volunteer coaches to handle prejudice on and off the pitch.",
        problem=(
            "Youth football in the city was divided along neighbourhood lines, and matches between clubs from different areas sometimes ended in insults about origin or religion.",
        ),
        approach=(
            "The club recruits players from three schools in different parts of the city into the same teams, and gives every coach a short course on dealing with racist remarks: stop the game, name what happened, talk with both teams afterwards.",
        ),
        who_was_involved=(
            "A local football club, the city's leisure department, three schools and the regional football association.",
        ),
        results=(
            "Eight mixed teams play in the regional league. Referees report fewer incidents, and parents from different neighbourhoods now share car journeys to away matches.",
        ),
    ),
    # Athens -----------------------------------------------------------------------------
    Practice(
        city="athens",
        slug="community-kitchen",
        title="A community kitchen as a first meeting place",
        themes=("intercultural-dialogue", "integration"),
        summary="Twice a week, residents and newcomers cook together in the community centre's kitchen and eat at one long table, open to anyone in the neighbourhood.",
        image="long-table",
        image_alt="Illustration: a long table seen from above, with plates and people seated on both sides.",
        problem=(
            "Long-standing residents and newcomers in Kypseli lived side by side without meeting. Formal meetings about integration attracted the already convinced.",
        ),
        approach=(
            "Cooking needs no shared language and gives everyone a role. Each session a different pair of cooks, one long-standing resident and one newcomer, chooses the menu. Everyone else chops, washes up and eats.",
        ),
        who_was_involved=(
            "Kyklos staff and volunteers, the neighbourhood's parish, a local market that donates vegetables, and the families who cook.",
        ),
        results=(
            "Around 40 people eat together each time. Several friendships and two small catering businesses started at the table. The kitchen is now the centre's main way of reaching new residents.",
        ),
        resources=([link("handbook/athens/kitchen-recipe-book", "Our shared recipe book (PDF)")],),
    ),
    Practice(
        city="athens",
        slug="free-legal-advice-evenings",
        title="Free legal advice evenings",
        themes=("citizenship", "integration"),
        summary="Volunteer lawyers answer questions about residence permits, work contracts and tenancy every Tuesday evening, with interpreters.",
        problem=(
            "Newcomers lose rights they have because they do not know them, and pay intermediaries for information that should be free.",
        ),
        approach=(
            "Volunteer lawyers from the Athens Bar hold 20-minute consultations. An interpreter joins when needed. The most frequent questions become short leaflets in six languages.",
        ),
        who_was_involved=("Kyklos, volunteer lawyers, community interpreters.",),
        results=(
            "More than 600 consultations a year. The leaflets on tenancy rights are the centre's most downloaded documents.",
        ),
    ),
    Practice(
        city="athens",
        slug="womens-groups-shared-activity",
        title="Women's groups that start with a shared activity",
        themes=("integration", "participation"),
        summary="A women's group that began by learning to ride bicycles together, and grew into a place to speak about work, schools and health.",
        image="people",
        image_alt="Illustration: a row of stylised people of different sizes and colours standing together.",
        problem=(
            "Women who arrived with young children were the least likely to join language classes or community activities.",
        ),
        approach=(
            "Start with something concrete and joyful: cycling lessons in the park, with childcare provided. Conversation follows the activity, not the other way round.",
        ),
        who_was_involved=("Kyklos, a cycling association, volunteer childminders.",),
        results=(
            "Thirty women learnt to ride in the first year. The group now meets weekly and invited the municipality's health visitors to answer questions.",
        ),
    ),
    # Bologna ----------------------------------------------------------------------------
    Practice(
        city="bologna",
        slug="participatory-budget-for-all-residents",
        title="Participatory budgeting open to all residents",
        themes=("participation", "citizenship"),
        summary="Every resident aged 16 or over can propose and vote on neighbourhood projects, whatever their citizenship.",
        image="mosaic",
        image_alt="Abstract illustration: a mosaic of squares, circles and quarter circles in warm colours.",
        problem=(
            "Around one in six residents cannot vote in local elections because they are not EU citizens. They had no say in decisions about their streets, schools and parks.",
        ),
        approach=(
            "The city opened its participatory budget to all residents aged 16 or over. Proposals can be made in any language; district staff help to write them up in Italian. Voting takes place online and in libraries.",
        ),
        who_was_involved=(
            "The six district councils, the city's civic participation office, libraries and associations of residents with migrant backgrounds.",
        ),
        results=(
            "In the last round, 14 % of votes came from residents without Italian citizenship, and two of the funded projects were proposed by them: a covered play area and a study room open in the evening.",
        ),
        resources=([link("handbook/bologna/participatory-budget-rules", "The voting rules")],),
    ),
    Practice(
        city="bologna",
        slug="library-storytelling-home-languages",
        title="Library storytelling in children's home languages",
        themes=("intercultural-dialogue", "anti-stigma"),
        summary="Parents read picture books aloud in their own languages at the library, with the same book read in Italian alongside.",
        image="bookshelves",
        image_alt="Illustration: wooden shelves full of books with colourful spines.",
        problem=(
            "Children often hide the language they speak at home, and parents who do not speak Italian rarely come into the library.",
        ),
        approach=(
            "Each month a parent reads a picture book in their language while a librarian reads the Italian version page by page. The library buys the book in both languages.",
        ),
        who_was_involved=(
            "The city libraries, parents, and the schools, which announce the sessions.",
        ),
        results=(
            "Books in twelve languages have been read. Library cards issued to families in the area doubled in two years.",
        ),
    ),
    Practice(
        city="bologna",
        slug="school-mentoring-by-retired-professionals",
        title="School mentoring by retired professionals",
        themes=("integration",),
        summary="Retired engineers, nurses and craftspeople mentor secondary-school pupils with a migrant background for one school year.",
        image="classroom",
        image_alt="Illustration: a blackboard and a row of pupils at their desks.",
        problem=(
            "Pupils with a migrant background were steered towards shorter vocational courses more often than their marks justified, and had few adults around them who knew how the system works.",
        ),
        approach=(
            "A mentor and a pupil meet every two weeks for a school year, at school or in the library. Mentors get a day of training on listening, and on the bias they may bring themselves.",
        ),
        who_was_involved=(
            "Four secondary schools, an association of retired professionals and the city's education department.",
        ),
        results=(
            "Of 48 mentored pupils, 30 chose the upper-secondary course their teachers recommended, compared with about half in the previous year's group.",
        ),
    ),
    # Gdańsk -----------------------------------------------------------------------------
    Practice(
        city="gdansk",
        slug="immigrants-council",
        title="An Immigrants' Council advising the mayor",
        themes=("participation", "citizenship"),
        summary="An elected council of residents with a migrant background gives the mayor its opinion on city policies that concern them.",
        image="bridge",
        image_alt="Illustration: a red arched bridge over a calm river in the morning.",
        problem=(
            "Residents without Polish citizenship had no formal way to be heard by the city, and city departments had no easy way to ask them.",
        ),
        approach=(
            "Residents with a migrant background elect a council of 15 members every two years. It meets monthly, can comment on any draft policy and has a fixed slot at one city council session each year.",
        ),
        who_was_involved=(
            "The mayor's office, the social development department and migrant associations, who organise the elections.",
        ),
        results=(
            "The council has commented on 23 city policies, including school enrolment and public transport information, and several of its proposals were adopted.",
        ),
    ),
    Practice(
        city="gdansk",
        slug="house-rules-with-all-tenants",
        title="House rules written with all tenants",
        themes=("participation", "intercultural-dialogue"),
        summary="A housing cooperative rewrote its house rules with its tenants in three languages, turning complaints into agreements.",
        image="houses",
        image_alt="Illustration: a row of small colourful houses with gardens under a blue sky.",
        problem=(
            "Complaints about noise, rubbish and the use of the courtyard were increasingly framed as complaints about 'the foreigners'.",
        ),
        approach=(
            "The cooperative held three evenings, with interpretation into Ukrainian and English, where tenants wrote the new rules together, starting with what each of them needed to feel at home.",
        ),
        who_was_involved=("The cooperative's board, tenants, a mediator paid by the city.",),
        results=(
            "The new rules were adopted unanimously. Complaints to the board fell by half the following year, and a courtyard committee now runs a spring clean-up.",
        ),
    ),
    Practice(
        city="gdansk",
        slug="welcome-desk-at-city-hall",
        title="A welcome desk at city hall",
        themes=("integration", "citizenship"),
        summary="One desk where newcomers get answers about registration, schools, health and work in their language, staffed by trained 'welcome ambassadors'.",
        problem=(
            "Newcomers were sent from office to office, and staff had no shared information about what other departments required.",
        ),
        approach=(
            "A desk in the city hall lobby is staffed by employees from several departments, trained together, with interpretation by phone in twelve languages.",
        ),
        who_was_involved=(
            "Five city departments, the regional labour office, a telephone interpreting service.",
        ),
        results=(
            "The desk answers about 400 questions a month. Waiting times at the registration office fell because people arrive with the right documents.",
        ),
    ),
    # Valencia ---------------------------------------------------------------------------
    Practice(
        city="valencia",
        slug="anti-rumour-agents",
        title="Anti-rumour agents",
        themes=("anti-stigma", "anti-racism"),
        summary="Residents are trained to answer everyday rumours about newcomers with facts and questions, in the places where the rumours are told.",
        image="speech-bubbles",
        image_alt="Illustration: three coloured speech bubbles answering one another.",
        problem=(
            "Rumours such as 'they get all the social housing' spread faster than any campaign could answer them, and were repeated by people who did not consider themselves prejudiced.",
        ),
        approach=(
            "A 12-hour course teaches volunteers the facts behind the ten most common rumours, and above all how to respond without humiliating anyone: ask where the story comes from, share an experience, offer a figure.",
        ),
        who_was_involved=(
            "The city's intercultural affairs office, neighbourhood associations, shopkeepers and hairdressers, who meet many people every day.",
        ),
        results=(
            "More than 300 agents have been trained. In a follow-up survey, two thirds said they had challenged a rumour in the previous month.",
        ),
        resources=(
            [link("handbook/valencia/rumour-fact-sheets", "Fact sheets on ten common rumours")],
        ),
    ),
    Practice(
        city="valencia",
        slug="mediation-housing-discrimination",
        title="Mediation for discrimination in housing",
        themes=("anti-racism", "citizenship"),
        summary="A free mediation service steps in when a landlord or agency refuses tenants because of their name, accent or origin.",
        image="houses",
        image_alt="Illustration: a row of small colourful houses with gardens under a blue sky.",
        problem=(
            "Tenants with foreign-sounding names were told flats were already let. Few complained, because they did not expect anything to happen.",
        ),
        approach=(
            "Tenants report by phone or in person; a mediator contacts the agency the same week. Repeated cases are passed to the consumer affairs office, which can fine agencies.",
        ),
        who_was_involved=(
            "The intercultural affairs office, a tenants' union and the association of estate agents, which signed a code of conduct.",
        ),
        results=(
            "In two years, 140 cases were reported and 61 ended with the tenant being offered the flat or compensation.",
        ),
    ),
    Practice(
        city="valencia",
        slug="neighbourhood-festivals-with-newcomers",
        title="Neighbourhood festivals organised with newcomers",
        themes=("intercultural-dialogue", "participation"),
        summary="Neighbourhood festival committees invite newcomers to build, cook and play music with them, not only to watch.",
        image="market",
        image_alt="Illustration: market stalls with striped awnings and baskets of fruit.",
        problem=(
            "Neighbourhood festival committees were ageing and almost entirely made up of long-standing families. Newcomers watched the festival from the pavement.",
        ),
        approach=(
            "Committees hold an open evening in autumn, with the city's support, where newcomers can join a task: building the monument, cooking the paella, playing in the band.",
        ),
        who_was_involved=(
            "Five festival committees, neighbourhood associations, the intercultural affairs office.",
        ),
        results=(
            "Around 90 newcomers joined committees in three years, and one committee elected its first president born outside Spain.",
        ),
    ),
    # Leipzig ----------------------------------------------------------------------------
    Practice(
        city="leipzig",
        slug="hate-speech-workshops-for-apprentices",
        title="Hate-speech workshops for apprentices",
        themes=("anti-racism", "anti-stigma"),
        summary="A two-day workshop at vocational schools where apprentices learn to recognise hate speech and practise what to say when they hear it.",
        image="circles",
        image_alt="Abstract illustration: translucent blue and orange circles overlapping on a pale background.",
        problem=(
            "Teachers at vocational schools heard racist jokes in workshops and on the apprentices' group chats, and did not know how to react without losing the class.",
        ),
        approach=(
            "Two trainers, one of whom has a migrant background, run two days of exercises built on real messages collected (anonymously) from the apprentices' own chats. The second day is about practising responses.",
        ),
        who_was_involved=(
            "Three vocational schools, a civic education association and the city's office for migration and integration.",
        ),
        results=(
            "About 400 apprentices have taken part. Teachers report that apprentices now challenge each other, and two schools have written the workshop into their curriculum.",
        ),
    ),
    Practice(
        city="leipzig",
        slug="citizens-hour-with-interpretation",
        title="Citizens' hour with interpretation",
        themes=("participation", "citizenship"),
        summary="The city council's citizens' hour offers interpretation on request, so residents can put their questions to councillors in their own language.",
        image="city-dawn",
        image_alt="Illustration: a city skyline in silhouette against an orange dawn sky with a rising sun.",
        problem=(
            "Residents with limited German never used the council's citizens' hour, although it is open to everyone living in the city.",
        ),
        approach=(
            "Residents can ask for an interpreter when they register a question. Neighbourhood centres help them prepare and accompany them to the session.",
        ),
        who_was_involved=("The council office, neighbourhood centres, community interpreters.",),
        results=(
            "Questions in Arabic, Persian and Ukrainian have been asked in the council chamber, among them one that led to a new pedestrian crossing near a school.",
        ),
    ),
    Practice(
        city="leipzig",
        slug="neighbourhood-kitchen-in-a-shop-front",
        title="A neighbourhood kitchen in a shop front",
        themes=("intercultural-dialogue", "integration"),
        summary="An empty shop on a busy street became a kitchen where anyone can cook for the neighbourhood one evening a week.",
        image="long-table",
        image_alt="Illustration: a long table seen from above, with plates and people seated on both sides.",
        problem=(
            "The street is known across the city for its many nationalities, and in the local press for its crime. Residents wanted a place that showed the street as they know it.",
        ),
        approach=(
            "The city rents an empty shop and a neighbourhood centre runs it. Each Thursday a different resident cooks; meals are paid for with a donation.",
        ),
        who_was_involved=(
            "A neighbourhood centre, the office for migration and integration, residents who cook.",
        ),
        results=(
            "Over 120 residents have cooked so far. The kitchen has been featured in the local press, this time for its food.",
        ),
    ),
]


@dataclass(frozen=True)
class Chapter:
    slug: str
    practices: tuple[str, ...]
    texts: dict  # language: {"title", "introduction": tuple of paragraphs}


CHAPTERS = [
    Chapter(
        slug="meeting-places",
        practices=(
            "community-kitchen",
            "language-cafes-in-libraries",
            "neighbourhood-kitchen-in-a-shop-front",
            "neighbourhood-festivals-with-newcomers",
        ),
        texts={
            "en": {
                "title": "Meeting places",
                "introduction": (
                    "Prejudice thrives where people do not meet. Every partner city found that the most effective meeting places are not about integration at all: they are about cooking, speaking, playing and building something together.",
                    "This chapter describes places that work, and what they have in common: they are open without registration, they give everyone a task, and they are run by people from the neighbourhood.",
                ),
            },
            "sv": {
                "title": "Mötesplatser",
                "introduction": (
                    "Fördomar frodas där människor inte möts. Alla partnerstäder har kommit fram till att de bästa mötesplatserna inte alls handlar om integration: de handlar om att laga mat, prata, spela och bygga något tillsammans.",
                    "Det här kapitlet beskriver platser som fungerar och vad de har gemensamt: de är öppna utan anmälan, de ger alla en uppgift och de drivs av människor från området.",
                ),
            },
            "ar": {
                "title": "أماكن اللقاء",
                "introduction": (
                    "تزدهر الأحكام المسبقة حيث لا يلتقي الناس. وقد وجدت كل المدن الشريكة أن أنجح أماكن اللقاء لا تدور حول الاندماج أصلًا، بل حول الطبخ والحديث واللعب وبناء شيء ما معًا.",
                    "يصف هذا الفصل أماكن أثبتت نجاحها، وما يجمع بينها: فهي مفتوحة دون تسجيل مسبق، وتمنح كل شخص مهمة، ويديرها أناس من الحي نفسه.",
                ),
            },
        },
    ),
    Chapter(
        slug="language-and-welcome",
        practices=(
            "welcome-desk-at-city-hall",
            "free-legal-advice-evenings",
            "library-storytelling-home-languages",
            "womens-groups-shared-activity",
        ),
        texts={
            "en": {
                "title": "Language and welcome",
                "introduction": (
                    "The first months in a new city decide a great deal. A newcomer who is sent from office to office learns that the city does not want them; one who finds answers in their own language learns the opposite.",
                    "The practices in this chapter are about that first welcome, and about treating the languages newcomers bring as a resource rather than a problem.",
                ),
            }
        },
    ),
    Chapter(
        slug="countering-hate-speech",
        practices=(
            "hate-speech-workshops-for-apprentices",
            "anti-rumour-agents",
            "mediation-housing-discrimination",
        ),
        texts={
            "en": {
                "title": "Countering hate speech",
                "introduction": (
                    "Hate speech is rarely answered, because those who hear it do not know what to say. The partners' experience is that people can learn to respond, calmly and without humiliating anyone, and that they do so once they have practised.",
                    "This chapter also covers discrimination that is never spoken aloud: the flat that is suddenly let, the job interview that never comes.",
                ),
            }
        },
    ),
    Chapter(
        slug="schools-and-young-people",
        practices=(
            "homework-clubs-with-older-pupils",
            "school-mentoring-by-retired-professionals",
            "mixed-football-teams",
        ),
        texts={
            "en": {
                "title": "Schools and young people",
                "introduction": (
                    "Young people with a migrant background are often described as a risk. The practices in this chapter start from the opposite view: that they are a resource for their schools and neighbourhoods, if adults make room for them.",
                ),
            }
        },
    ),
    Chapter(
        slug="local-democracy-and-participation",
        practices=(
            "participatory-budget-for-all-residents",
            "immigrants-council",
            "citizens-hour-with-interpretation",
            "house-rules-with-all-tenants",
        ),
        texts={
            "en": {
                "title": "Local democracy and participation",
                "introduction": (
                    "Many residents of our cities cannot vote in local elections. Yet the decisions taken in city hall shape their streets, schools and homes as much as anyone's.",
                    "This chapter shows how cities have opened their decisions to all residents, from the neighbourhood budget to the council chamber, and what it took to make those doors more than symbolic.",
                ),
            }
        },
    ),
]


def ensure_practices(partners, themes, images) -> dict[str, PracticePage]:
    """Every practice, in its city's practices section: ``{slug: page}``."""
    practices = {}
    for practice in PRACTICES:
        section = partners[practice.city].practices
        language = section.locale.language_code
        fields = {
            "title": practice.title,
            "summary": practice.summary,
            "problem": rich(*practice.problem),
            "approach": rich(*practice.approach),
            "who_was_involved": rich(*practice.who_was_involved),
            "results": rich(*practice.results),
            "resources": rich(*practice.resources),
            "themes": [themes[slug][language] for slug in practice.themes],
        }
        if practice.image:
            fields.update(image=images[practice.image], image_alt=practice.image_alt)
        practices[practice.slug], _created = get_or_create_child(
            section, PracticePage, practice.slug, **fields
        )
    return practices


def ensure_chapters(handbook, practices, locales) -> list[HandbookChapterPage]:
    """The handbook's chapters in order, each with its chosen practices; translated where the
    chapter has texts in other languages."""
    source_language = handbook.locale.language_code
    chapters = []
    for chapter in CHAPTERS:
        texts = chapter.texts[source_language]
        page, _created = get_or_create_child(
            handbook,
            HandbookChapterPage,
            chapter.slug,
            title=texts["title"],
            introduction=rich(*texts["introduction"]),
            chapter_practices=[
                ChapterPractice(practice=practices[slug], sort_order=position)
                for position, slug in enumerate(chapter.practices)
            ],
        )
        for code, translated in chapter.texts.items():
            if code != source_language:
                ensure_translation(page, locales[code], pair_strings(texts, translated))
        chapters.append(page)
    return chapters
