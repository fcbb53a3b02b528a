"""Events: the eight transnational events of the programme, hosted in turn by the partners over
24 months around today, and local events in between. Every event has an agenda in the host
city's wall-clock time; past transnational events have a report."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone
from wagtail.models import Locale

from demo.builders import Figure, body, gallery, get_or_create_child, rich
from events.models import EventIndexPage, EventPage, EventReportPage, Person, ReportParticipants

SPEAKERS = {
    "sara": ("Sara Lindqvist", "Network coordinator", "City of Malmö"),
    "eleni": ("Eleni Papadopoulou", "Director", "Kyklos, Athens"),
    "marco": ("Marco Ferri", "Head of civic participation", "City of Bologna"),
    "agnieszka": ("Agnieszka Nowak", "Social development department", "City of Gdańsk"),
    "lucia": ("Lucía Martínez", "Intercultural affairs office", "City of Valencia"),
    "jonas": ("Jonas Richter", "Office for migration and integration", "City of Leipzig"),
    "amira": ("Amira Haddad", "Researcher in urban sociology", "University of Lund"),
    "henrik": ("Henrik Dahl", "Policy officer for integration", "European Commission"),
    "nikos": ("Nikos Alexiou", "Community interpreter", "Kyklos, Athens"),
    "voula": ("Voula Antoniou", "Volunteer cook", "Kyklos community kitchen"),
    "fatou": ("Fatou Diallo", "Resident who proposed a funded project", "Navile district"),
    "olena": ("Olena Kovalenko", "Member", "Gdańsk Immigrants' Council"),
    "piotr": ("Piotr Zieliński", "Deputy mayor for social affairs", "City of Gdańsk"),
    "pepa": ("Pepa Soler", "Anti-rumour agent and hairdresser", "Benicalap"),
    "tobias": ("Tobias Weber", "Trainer", "Vocational school for electrical trades, Leipzig"),
    "rana": ("Rana Khalil", "Volunteer cook", "Neighbourhood kitchen, Leipzig-Ost"),
    "giulia": ("Giulia Rossi", "Librarian", "Bologna city libraries"),
    "dimitris": ("Dimitris Karras", "Volunteer lawyer", "Kyklos, Athens"),
    "hevin": ("Hevin Ahmed", "Resident", "Leipzig"),
    "krzysztof": ("Krzysztof Wiśniewski", "Chair of the board", "Housing cooperative, Gdańsk"),
    "wilson": ("Wilson Restrepo", "Falla committee member", "Valencia"),
    "youth": ("Youth panel", "Pupils and apprentices", "Partner cities"),
    "councillors": ("City councillors", "", "Partner cities"),
}


class Session(NamedTuple):
    day: int  # 0 for the event's first day
    start: str
    end: str
    title: str
    description: str
    speakers: tuple[str, ...] = ()
    room: str = ""
    languages: str = "English"
    interpretation: str = ""


@dataclass(frozen=True)
class Event:
    city: str
    slug: str
    days_from_today: int
    title: str
    lead: str
    organiser: str
    venue: str
    address: str
    accessibility: str
    themes: tuple[str, ...]
    image: str
    image_alt: str
    description: tuple[str, ...]
    agenda: tuple[Session, ...]
    kind: str = EventPage.Kind.LOCAL
    weekday: int = 3  # the network meets on Thursdays; local events say their own day
    language: str = "en"
    status: str = EventPage.Status.SCHEDULED
    attendance: str = EventPage.Attendance.IN_PERSON
    online_url: str = ""
    capacity: int | None = None
    report: dict = field(default_factory=dict)


def opening(host: str, speakers: tuple[str, ...], interpretation: str) -> Session:
    return Session(
        0,
        "09:30",
        "10:00",
        "Welcome and introductions",
        f"{host} welcomes the partners. Who is in the room, and what each of us hopes to take home.",
        speakers,
        "Main hall",
        interpretation=interpretation,
    )


def working_groups(interpretation: str) -> tuple[Session, Session]:
    return (
        Session(
            1,
            "09:30",
            "11:30",
            "Working groups: from experience to handbook",
            "In mixed groups, partners describe one practice each in the handbook's common structure: the problem, the approach, who was involved, the results.",
            ("sara",),
            "Group rooms 1–4",
            "English",
            interpretation,
        ),
        Session(
            1,
            "11:45",
            "12:30",
            "Conclusions and next steps",
            "What we agreed, who does what before the next event, and what we take back to our councils.",
            ("sara", "henrik"),
            "Main hall",
            "English",
            interpretation,
        ),
    )


TRANSNATIONAL = [
    Event(
        city="malmo",
        slug="opening-conference-what-does-belonging-mean",
        days_from_today=-330,
        kind=EventPage.Kind.TRANSNATIONAL,
        title="Opening conference: what does belonging mean?",
        lead="The network's first transnational event brings the partners to Malmö to agree on what we want to learn from each other over the next two years.",
        organiser="City of Malmö",
        venue="Malmö City Library, the Calendar of Light",
        address="Regementsgatan 3\n211 42 Malmö",
        accessibility="Step-free access through the main entrance. Induction loop in the auditorium. Quiet room on the second floor. Tell us about any other needs when you register.",
        themes=("citizenship", "intercultural-dialogue"),
        image="network",
        image_alt="Abstract illustration: glowing points joined by lines, like a map of connected cities.",
        capacity=120,
        description=(
            "Six partners from six countries meet for the first time as a network. We will share where each of us starts from, visit two of Malmö's meeting places, and agree on the questions the handbook should answer.",
            "Residents from Malmö's neighbourhoods take part in every session, not only in the panel reserved for them.",
        ),
        agenda=(
            opening("The City of Malmö", ("sara",), "Interpretation into Swedish and Arabic"),
            Session(
                0,
                "10:00",
                "11:15",
                "Keynote: belonging is built locally",
                "Why feeling at home in a city depends less on national policy than on everyday encounters, and what that means for local government.",
                ("amira",),
                "Auditorium",
                "English",
                "Interpretation into Swedish and Arabic",
            ),
            Session(
                0,
                "11:30",
                "13:00",
                "Where we start from: six partners in five minutes each",
                "Each partner presents its city, its people and the one thing it most wants to learn from the others.",
                ("sara", "eleni", "marco", "agnieszka", "lucia", "jonas"),
                "Auditorium",
            ),
            Session(
                0,
                "14:00",
                "16:00",
                "Study visit: a language café and a homework club",
                "A visit to the library's language café and homework club, with the volunteers and pupils who run them.",
                ("sara",),
                "Meeting point: library entrance",
                "Swedish and English",
            ),
            Session(
                0,
                "16:15",
                "17:00",
                "Residents' panel: my Malmö",
                "Four residents, born in Malmö or elsewhere, on the places where they feel at home in the city, and the places where they do not.",
                ("youth",),
                "Auditorium",
                "Swedish",
                "Interpretation into English",
            ),
            *working_groups("Interpretation into Swedish"),
        ),
        report={
            "title": "Report: opening conference in Malmö",
            "participants_total": 112,
            "image": "people",
            "image_alt": "Illustration: a row of stylised people of different sizes and colours standing together.",
            "outcomes": (
                "The partners agreed on the handbook's five chapters and on a common structure for describing a practice.",
                [
                    "Every partner will contribute at least three practices.",
                    "Residents will take part in every transnational event, with travel paid by the network.",
                    "The next event, in Bologna, will be about participation without citizenship.",
                ],
            ),
            "body": (
                "The conference opened with a question from the keynote speaker: when did you last feel you did not belong somewhere? The answers, from mayors' advisers and from teenagers alike, set the tone for two days of unusually frank conversation.",
                "The study visit to the language café left the strongest impression. Several partners plan to start one in their own libraries.",
            ),
            "gallery": (
                Figure(
                    "speech-bubbles",
                    "Illustration: three coloured speech bubbles.",
                    "Conversation tables at the library's language café.",
                ),
                Figure(
                    "bookshelves",
                    "Illustration: shelves full of colourful books.",
                    "The homework club's study room.",
                ),
                Figure(
                    "harbour",
                    "Illustration: sailing boats in a harbour.",
                    "Malmö's harbour, where the partners walked at lunchtime.",
                ),
            ),
            "practices": ("language-cafes-in-libraries", "homework-clubs-with-older-pupils"),
        },
    ),
    Event(
        city="bologna",
        slug="participation-without-a-passport",
        days_from_today=-240,
        kind=EventPage.Kind.TRANSNATIONAL,
        title="Participation without a passport",
        lead="How can residents who cannot vote still shape the decisions of their city? Bologna shows how it opened its participatory budget to everyone.",
        organiser="City of Bologna",
        venue="Biblioteca Salaborsa, auditorium",
        address="Piazza del Nettuno 3\n40124 Bologna",
        accessibility="Step-free access from Piazza del Nettuno. Induction loop and Italian Sign Language interpretation in the auditorium. Accessible toilets on the ground floor.",
        themes=("participation", "citizenship"),
        image="mosaic",
        image_alt="Abstract illustration: a mosaic of squares, circles and quarter circles in warm colours.",
        capacity=100,
        description=(
            "One resident in six cannot vote in Bologna's local elections. Since the city opened its participatory budget to everyone aged 16 or over, some of them have proposed and won projects for their neighbourhoods.",
            "We look at what it took, what went wrong, and what the other partners could try at home.",
        ),
        agenda=(
            opening("The City of Bologna", ("marco",), "Interpretation into Italian"),
            Session(
                0,
                "10:00",
                "11:15",
                "How the participatory budget opened to all residents",
                "The rules, the outreach in libraries and schools, and the figures from three rounds of voting.",
                ("marco",),
                "Auditorium",
                "Italian",
                "Interpretation into English",
            ),
            Session(
                0,
                "11:30",
                "13:00",
                "Workshop: writing a proposal in any language",
                "Participants try the process themselves, with the district staff who help residents turn an idea into a proposal.",
                ("fatou", "marco"),
                "Workshop room",
                "Italian and English",
            ),
            Session(
                0,
                "14:00",
                "16:00",
                "Study visit: the Navile district council",
                "A visit to the district where a covered play area, proposed by residents without Italian citizenship, is being built.",
                ("fatou",),
                "Meeting point: Salaborsa entrance",
                "Italian",
                "Whispered interpretation into English",
            ),
            Session(
                0,
                "16:15",
                "17:00",
                "Debate: what councillors think",
                "Councillors from three partner cities on what changes when residents without a vote take part.",
                ("councillors",),
                "Auditorium",
                "English and Italian",
                "Interpretation into English and Italian",
            ),
            *working_groups("Interpretation into Italian"),
        ),
        report={
            "title": "Report: participation without a passport",
            "participants_total": 96,
            "image": "mosaic",
            "image_alt": "Abstract illustration: a mosaic of shapes in warm colours.",
            "outcomes": (
                "Three partners will propose opening a local participation process to all residents within a year.",
                [
                    "Gdańsk will invite its Immigrants' Council to the city's participatory budget committee.",
                    "Leipzig will test interpretation in the council's citizens' hour.",
                    "Bologna will publish its voting rules in English for other cities.",
                ],
            ),
            "body": (
                "Fatou Diallo, who proposed a covered play area in Navile with other mothers from her courtyard, described the evening the results were read out. Several councillors in the room said it was the first time they had heard the participatory budget described from that side.",
            ),
            "gallery": (
                Figure(
                    "city-dusk",
                    "Illustration: city buildings under a purple evening sky.",
                    "Bologna in the evening, after the first day.",
                ),
                Figure(
                    "mosaic",
                    "Abstract illustration: a mosaic of coloured shapes.",
                    "Proposals pinned up during the workshop.",
                ),
                Figure(
                    "classroom",
                    "Illustration: a blackboard and pupils at their desks.",
                    "The study room proposed by young residents.",
                ),
            ),
            "practices": (
                "participatory-budget-for-all-residents",
                "library-storytelling-home-languages",
            ),
        },
    ),
    Event(
        city="athens",
        slug="meeting-places-kitchens-cafes-and-community-centres",
        days_from_today=-150,
        kind=EventPage.Kind.TRANSNATIONAL,
        title="Meeting places: kitchens, cafés and community centres",
        lead="In Kypseli, Kyklos shows how a community kitchen became the neighbourhood's meeting place. Partners compare what makes a place where people actually meet.",
        organiser="Kyklos",
        venue="Kyklos community centre",
        address="Fokionos Negri 52\n113 61 Athina",
        accessibility="The ground floor, kitchen and toilets are step-free; the first-floor rooms are reached by a lift. Greek, English and Arabic interpreters are present throughout.",
        themes=("intercultural-dialogue", "integration"),
        image="long-table",
        image_alt="Illustration: a long table seen from above, with plates and people seated on both sides.",
        capacity=80,
        description=(
            "Every partner has tried to bring long-standing residents and newcomers together. Some places work; many stay empty. In Athens we ask why, with the people who cook, teach and volunteer in Kypseli.",
        ),
        agenda=(
            opening("Kyklos", ("eleni",), "Interpretation into Greek and Arabic"),
            Session(
                0,
                "10:00",
                "11:15",
                "Why some meeting places work",
                "Open without registration, a task for everyone, run by neighbours: what the partners' experience says.",
                ("eleni", "lucia"),
                "Hall",
                "English",
                "Interpretation into Greek and Arabic",
            ),
            Session(
                0,
                "11:30",
                "14:00",
                "Cooking together, then lunch at the long table",
                "Partners join the community kitchen's cooks for the morning and eat with the neighbourhood.",
                ("voula", "nikos"),
                "Kitchen",
                "Greek, Arabic, Dari and English",
                "Community interpreters at each table",
            ),
            Session(
                0,
                "14:30",
                "16:00",
                "Study visit: the women's cycling group and the legal advice evening",
                "Two of the centre's activities, presented by the people who run them.",
                ("dimitris",),
                "Meeting point: the centre's courtyard",
                "Greek and English",
            ),
            Session(
                0,
                "16:15",
                "17:00",
                "Panel: who is missing from our meeting places?",
                "Young men, older residents, people who work evenings: who do our meeting places not reach, and what would it take?",
                ("eleni", "jonas", "nikos"),
                "Hall",
                "English",
                "Interpretation into Greek",
            ),
            *working_groups("Interpretation into Greek"),
        ),
        report={
            "title": "Report: meeting places in Athens",
            "participants_total": 84,
            "image": "long-table",
            "image_alt": "Illustration: a long table with plates and people seated on both sides.",
            "outcomes": (
                "The partners drafted the handbook's first chapter, on meeting places, around three principles: open without registration, a task for everyone, run by neighbours.",
                [
                    "Leipzig will open a neighbourhood kitchen in an empty shop.",
                    "Valencia will invite newcomers to its neighbourhood festival committees.",
                ],
            ),
            "body": (
                "The day in the kitchen was the most talked-about moment of the programme so far. Partners who had come to observe ended up chopping onions next to residents who had never met a city official.",
            ),
            "gallery": (
                Figure(
                    "long-table",
                    "Illustration: a long table seen from above.",
                    "Lunch at the long table in the community centre.",
                ),
                Figure(
                    "people",
                    "Illustration: stylised people standing together.",
                    "The women's cycling group.",
                ),
                Figure(
                    "city-dawn",
                    "Illustration: a city skyline at dawn.",
                    "Athens in the early morning.",
                ),
            ),
            "practices": (
                "community-kitchen",
                "womens-groups-shared-activity",
                "free-legal-advice-evenings",
            ),
        },
    ),
    Event(
        city="gdansk",
        slug="countering-hate-speech-online-and-offline",
        days_from_today=-60,
        kind=EventPage.Kind.TRANSNATIONAL,
        title="Countering hate speech, online and offline",
        lead="What can a city do about hate speech in its streets, schools and social media? Partners meet at the European Solidarity Centre to learn from each other and from trainers who do it every day.",
        organiser="City of Gdańsk",
        venue="European Solidarity Centre, conference room",
        address="plac Solidarności 1\n80-863 Gdańsk",
        accessibility="The building is fully step-free, with lifts to every floor. Induction loop in the conference room. Polish Sign Language interpretation is available on request.",
        themes=("anti-racism", "anti-stigma"),
        image="circles",
        image_alt="Abstract illustration: translucent blue and orange circles overlapping on a pale background.",
        capacity=140,
        description=(
            "Hate speech is rarely answered, because those who hear it do not know what to say. This event is about learning to answer, and about what cities can do when words turn into exclusion.",
        ),
        agenda=(
            opening(
                "The City of Gdańsk",
                ("piotr", "agnieszka"),
                "Interpretation into Polish and Ukrainian",
            ),
            Session(
                0,
                "10:00",
                "11:15",
                "What we know about hate speech in our cities",
                "Figures from the partners' cities, and what they leave out.",
                ("amira",),
                "Conference room",
                "English",
                "Interpretation into Polish and Ukrainian",
            ),
            Session(
                0,
                "11:30",
                "13:00",
                "Workshop: answering back without feeding the troll",
                "Exercises from Leipzig's workshops for apprentices: who is a comment written for, and what can you say to them?",
                ("tobias",),
                "Workshop rooms A and B",
                "English",
            ),
            Session(
                0,
                "14:00",
                "15:30",
                "The Immigrants' Council and the city's response",
                "How Gdańsk's Immigrants' Council advises the mayor, and what the city did after a series of attacks on shops.",
                ("olena", "piotr"),
                "Conference room",
                "Polish and Ukrainian",
                "Interpretation into English",
            ),
            Session(
                0,
                "15:45",
                "17:00",
                "Study visit: the welcome desk at city hall",
                "How a single desk changed the first contact between newcomers and the city.",
                ("agnieszka",),
                "Meeting point: city hall lobby",
                "Polish and English",
            ),
            *working_groups("Interpretation into Polish"),
        ),
        report={
            "title": "Report: countering hate speech in Gdańsk",
            "participants_total": 131,
            "image": "circles",
            "image_alt": "Abstract illustration: overlapping translucent circles.",
            "outcomes": (
                "The partners agreed on a short guide for city staff who witness hate speech, to be included in the handbook.",
                [
                    "Three cities will run Leipzig's workshop for apprentices in their vocational schools.",
                    "Valencia and Gdańsk will compare how they record discrimination complaints.",
                ],
            ),
            "body": (
                "The workshop was the centre of the two days. Participants who had never practised answering a racist remark found it harder, and more useful, than they expected.",
            ),
            "gallery": (
                Figure(
                    "bridge",
                    "Illustration: a red arched bridge over a river.",
                    "The old town of Gdańsk from the river.",
                ),
                Figure(
                    "speech-bubbles",
                    "Illustration: coloured speech bubbles.",
                    "Practising answers in the workshop.",
                ),
                Figure(
                    "network",
                    "Abstract illustration: connected points.",
                    "Mapping who the partners can call for help.",
                ),
            ),
            "practices": (
                "hate-speech-workshops-for-apprentices",
                "immigrants-council",
                "welcome-desk-at-city-hall",
            ),
        },
    ),
    Event(
        city="valencia",
        slug="rumours-facts-and-the-stories-we-tell",
        days_from_today=30,
        kind=EventPage.Kind.TRANSNATIONAL,
        title="Rumours, facts and the stories we tell",
        lead="Valencia has trained hundreds of residents to answer rumours about newcomers. Partners find out how, and try it for themselves.",
        organiser="City of Valencia",
        venue="Valencia City Hall, Salón de Cristal",
        address="Plaça de l'Ajuntament 1\n46002 València",
        accessibility="Step-free entrance on Carrer de la Societat Valenciana d'Agricultura. Induction loop and Spanish Sign Language interpretation in the Salón de Cristal.",
        themes=("anti-stigma", "anti-racism"),
        image="speech-bubbles",
        image_alt="Illustration: three coloured speech bubbles answering one another.",
        capacity=110,
        description=(
            "Rumours spread faster than campaigns. Valencia's answer has been to train the people who hear them every day: shopkeepers, hairdressers, neighbours. Two days on what works, with the agents themselves.",
        ),
        agenda=(
            opening("The City of Valencia", ("lucia",), "Interpretation into Spanish"),
            Session(
                0,
                "10:00",
                "11:15",
                "Ten years of anti-rumour work in Valencia",
                "What the city tried, the figures it collected, and the mistakes it would not make again.",
                ("lucia",),
                "Salón de Cristal",
                "Spanish",
                "Interpretation into English",
            ),
            Session(
                0,
                "11:30",
                "13:00",
                "Become an anti-rumour agent for an hour",
                "A taste of the training, led by agents who use it at work every day.",
                ("pepa", "wilson"),
                "Committee rooms",
                "Spanish and English",
            ),
            Session(
                0,
                "14:30",
                "16:00",
                "Study visit: Russafa market",
                "A walk through the market with the stallholders who took part in the training.",
                ("pepa",),
                "Meeting point: Russafa market, main entrance",
                "Spanish",
                "Whispered interpretation into English",
            ),
            Session(
                0,
                "16:15",
                "17:00",
                "Panel: journalists and the stories they choose",
                "Local journalists on how newsrooms decide which stories about newcomers to tell.",
                ("lucia", "amira"),
                "Salón de Cristal",
                "Spanish and English",
                "Interpretation into English and Spanish",
            ),
            *working_groups("Interpretation into Spanish"),
        ),
    ),
    Event(
        city="leipzig",
        slug="schools-and-young-people",
        days_from_today=120,
        kind=EventPage.Kind.TRANSNATIONAL,
        title="Schools and young people",
        lead="Young people with a migrant background are too often described as a risk. In Leipzig, apprentices, pupils and teachers show what happens when adults treat them as a resource.",
        organiser="City of Leipzig",
        venue="New Town Hall, Festsaal",
        address="Martin-Luther-Ring 4–6\n04109 Leipzig",
        accessibility="Step-free entrance on Burgplatz. Induction loop in the Festsaal. German Sign Language interpretation during the plenary sessions.",
        themes=("integration", "anti-racism"),
        image="classroom",
        image_alt="Illustration: a blackboard and a row of pupils at their desks.",
        capacity=120,
        description=(
            "Homework clubs, mentoring and workshops on hate speech: three of the handbook's practices work with young people. In Leipzig, the young people who took part say what worked, and what adults got wrong.",
        ),
        agenda=(
            opening("The City of Leipzig", ("jonas",), "Interpretation into German"),
            Session(
                0,
                "10:00",
                "11:15",
                "Young people as a resource, not a risk",
                "What the research says about expectations, and how they shape the paths young people take.",
                ("amira",),
                "Festsaal",
                "English",
                "Interpretation into German",
            ),
            Session(
                0,
                "11:30",
                "13:00",
                "What adults get wrong: a conversation with apprentices",
                "Apprentices who took part in the hate-speech workshops talk to the partners, with their trainer.",
                ("youth", "tobias"),
                "Festsaal",
                "German",
                "Interpretation into English",
            ),
            Session(
                0,
                "14:00",
                "16:00",
                "Study visit: a vocational school and a bicycle workshop",
                "Two places in the east of the city where young newcomers teach as well as learn.",
                ("jonas",),
                "Meeting point: town hall entrance",
                "German and English",
            ),
            Session(
                0,
                "16:15",
                "17:00",
                "Homework clubs and mentoring: lessons from Malmö and Bologna",
                "Two partners compare their work with pupils, and what they would do differently.",
                ("sara", "giulia"),
                "Festsaal",
                "English",
                "Interpretation into German",
            ),
            *working_groups("Interpretation into German"),
        ),
    ),
    Event(
        city="athens",
        slug="from-practice-to-policy",
        days_from_today=210,
        kind=EventPage.Kind.TRANSNATIONAL,
        attendance=EventPage.Attendance.HYBRID,
        online_url="https://example.org/live/from-practice-to-policy",
        title="From practice to policy: the handbook in the council chamber",
        lead="The draft handbook meets the politicians who will have to act on it. In Athens and online, partners and councillors discuss what each chapter asks of them.",
        organiser="Kyklos with the partner cities",
        venue="Kyklos community centre",
        address="Fokionos Negri 52\n113 61 Athina",
        accessibility="The ground floor and toilets are step-free; the first-floor rooms are reached by a lift. The online stream has live captions in English and Greek.",
        themes=("participation", "citizenship"),
        image="network",
        image_alt="Abstract illustration: glowing points joined by lines on a dark blue background.",
        capacity=90,
        description=(
            "The handbook is written for the people who decide: councillors, mayors and their advisers. This event presents the draft to them, chapter by chapter, and asks what they would need to act on it.",
            "Residents can follow and ask questions online; the plenary sessions are streamed with live captions.",
        ),
        agenda=(
            opening("Kyklos", ("eleni",), "Interpretation into Greek; live captions online"),
            Session(
                0,
                "10:00",
                "11:30",
                "Presenting the draft handbook",
                "The five chapters, and the eighteen practices they draw on, in ninety minutes.",
                ("sara", "eleni"),
                "Hall",
                "English",
                "Interpretation into Greek; live captions online",
            ),
            Session(
                0,
                "11:45",
                "13:00",
                "Local politicians respond",
                "Councillors from the partner cities say what they could take to their councils, and what they could not.",
                ("councillors",),
                "Hall",
                "English and Greek",
                "Interpretation into English and Greek; live captions online",
            ),
            Session(
                0,
                "14:00",
                "16:00",
                "Working groups by chapter",
                "Each group goes through one chapter with the councillors and agrees on changes.",
                ("sara",),
                "Rooms 1–5 and online breakout rooms",
            ),
            Session(
                0,
                "16:15",
                "17:00",
                "Online questions from residents",
                "Residents of all six cities put their questions to the partners, online and in the hall.",
                ("eleni", "nikos"),
                "Hall and online",
                "English, Greek and Arabic",
                "Interpretation into Greek and Arabic",
            ),
            *working_groups("Interpretation into Greek; live captions online"),
        ),
    ),
    Event(
        city="malmo",
        slug="closing-conference-what-we-learnt-together",
        days_from_today=300,
        kind=EventPage.Kind.TRANSNATIONAL,
        title="Closing conference: what we learnt together",
        lead="Two years after the opening conference, the network presents its handbook of good practices, and its commitments, to local and European decision-makers.",
        organiser="City of Malmö",
        venue="Malmö Live, conference level",
        address="Dag Hammarskjölds torg 4\n211 18 Malmö",
        accessibility="Step-free throughout, with lifts to the conference level. Induction loop in all rooms. Swedish Sign Language interpretation and live captions in the plenary.",
        themes=("citizenship", "participation"),
        image="city-dawn",
        image_alt="Illustration: a city skyline in silhouette against an orange dawn sky with a rising sun.",
        capacity=200,
        description=(
            "The closing conference presents the finished handbook, with the residents whose stories and practices it contains, to councillors from the partner cities and to the European Commission.",
        ),
        agenda=(
            opening("The City of Malmö", ("sara",), "Interpretation into Swedish and Arabic"),
            Session(
                0,
                "10:00",
                "11:15",
                "Presenting the handbook",
                "The partners present the handbook and the stories behind it.",
                ("sara", "eleni", "marco"),
                "Plenary hall",
                "English",
                "Interpretation into Swedish and Arabic",
            ),
            Session(
                0,
                "11:30",
                "13:00",
                "Panel: what Europe can learn from its cities",
                "The European Commission and the partner cities on how local practice can shape European policy.",
                ("henrik", "piotr", "lucia"),
                "Plenary hall",
                "English",
                "Interpretation into Swedish",
            ),
            Session(
                0,
                "14:00",
                "15:30",
                "The partners' commitments",
                "Each partner says what it will keep doing after the programme ends, and who is responsible.",
                ("sara", "eleni", "marco", "agnieszka", "lucia", "jonas"),
                "Plenary hall",
            ),
            Session(
                0,
                "16:00",
                "17:00",
                "Closing: residents have the last word",
                "Residents from the six cities, several of whom told their stories on this site, close the conference.",
                ("hevin", "fatou", "krzysztof"),
                "Plenary hall",
                "Several languages",
                "Interpretation into English and Swedish",
            ),
            *working_groups("Interpretation into Swedish"),
        ),
    ),
]

LOCAL = [
    Event(
        city="malmo",
        slug="language-cafe-the-big-evening",
        weekday=3,
        days_from_today=-100,
        title="Language café: the big evening",
        lead="Once a season, the library's language café takes over the whole ground floor for one long evening, with twenty conversation tables, coffee and cake.",
        organiser="Malmö City Libraries",
        venue="Rosengård Library, ground floor",
        address="Rosengårds centrum\n213 64 Malmö",
        accessibility="The library is step-free, with an accessible toilet by the entrance. Some tables are kept quiet for those who find noise difficult.",
        themes=("intercultural-dialogue", "integration"),
        image="speech-bubbles",
        image_alt="Illustration: three coloured speech bubbles answering one another.",
        capacity=80,
        description=(
            "No registration, no teacher, no test. Come for ten minutes or the whole evening; volunteers host tables on themes chosen by last season's participants.",
        ),
        agenda=(
            Session(
                0,
                "17:30",
                "18:00",
                "Welcome and choosing a table",
                "Pick a theme card and join a table.",
                ("sara",),
                "By the library entrance",
                "Swedish",
            ),
            Session(
                0,
                "18:00",
                "18:45",
                "Conversation tables, first round",
                "Tables on food, work, football and the holidays.",
                (),
                "Ground floor",
                "Swedish",
            ),
            Session(
                0,
                "18:45",
                "19:15",
                "Coffee and cake",
                "Fika, offered by the library.",
                (),
                "Ground floor",
                "Swedish",
            ),
            Session(
                0,
                "19:15",
                "20:00",
                "Conversation tables, second round",
                "Change tables and meet someone new.",
                (),
                "Ground floor",
                "Swedish",
            ),
        ),
    ),
    Event(
        city="malmo",
        slug="walk-and-talk-the-new-square",
        weekday=5,
        days_from_today=75,
        title="Walk and talk: what should the new square be?",
        lead="The city is redesigning the square by the school. Walk around it with the planners and tell them what you need, in any language.",
        organiser="City of Malmö, planning office",
        venue="Meeting point: the school's main gate",
        address="Ramels väg\n213 69 Malmö",
        accessibility="The walk is about two kilometres on flat, paved paths, with benches along the way. Interpreters into Arabic and Somali walk with the group.",
        themes=("participation", "citizenship"),
        image="houses",
        image_alt="Illustration: a row of small colourful houses with gardens under a blue sky.",
        capacity=40,
        description=(
            "Bring your neighbours, your children and your opinions. Every stop on the walk has a map where you can mark what works and what does not.",
        ),
        agenda=(
            Session(
                0,
                "10:00",
                "10:15",
                "Welcome and maps",
                "The planners explain the project and hand out maps and stickers.",
                ("sara",),
                "School gate",
                "Swedish",
                "Interpretation into Arabic and Somali",
            ),
            Session(
                0,
                "10:15",
                "11:15",
                "The walk",
                "Five stops around the square and the paths to the school.",
                (),
                "Outdoors",
                "Swedish",
                "Interpretation into Arabic and Somali",
            ),
            Session(
                0,
                "11:15",
                "11:45",
                "Coffee and the big map",
                "All the stickers go on one big map.",
                (),
                "School canteen",
                "Swedish",
                "Interpretation into Arabic and Somali",
            ),
            Session(
                0,
                "11:45",
                "12:15",
                "What happens next",
                "How the comments will be used, and when the plans will be shown.",
                ("sara",),
                "School canteen",
                "Swedish",
                "Interpretation into Arabic and Somali",
            ),
        ),
    ),
    Event(
        city="leipzig",
        slug="dinner-for-the-whole-street",
        weekday=5,
        days_from_today=14,
        title="Neighbourhood kitchen: dinner for the whole street",
        lead="The neighbourhood kitchen cooks for the whole street, and the neighbourhood centre's hall becomes one long table. Come and help, or just come and eat.",
        organiser="Neighbourhood centre Leipzig-Ost",
        venue="Neighbourhood kitchen, shop front",
        address="Eisenbahnstraße 54\n04315 Leipzig",
        accessibility="The kitchen has a step at the entrance; a ramp is available, just ask. The hall where we eat is step-free.",
        themes=("intercultural-dialogue", "integration"),
        image="long-table",
        image_alt="Illustration: a long table seen from above, with plates and people seated on both sides.",
        capacity=60,
        description=(
            "Four cooks, four dishes, one long table. Helpers are welcome from the market visit onwards.",
        ),
        agenda=(
            Session(
                0,
                "13:00",
                "14:00",
                "Shopping at the market",
                "With the cooks, at the stalls on the square.",
                ("rana",),
                "Market square",
                "German and Arabic",
            ),
            Session(
                0,
                "14:00",
                "17:00",
                "Cooking together",
                "Chopping, stirring and tasting.",
                ("rana",),
                "Kitchen",
                "German, Arabic and Tigrinya",
            ),
            Session(
                0,
                "17:00",
                "17:30",
                "Setting the long table",
                "Tables and benches from the neighbourhood centre's store room.",
                (),
                "Neighbourhood centre hall",
                "German",
            ),
            Session(
                0,
                "17:30",
                "20:00",
                "Eating together",
                "Pay what you can.",
                (),
                "Neighbourhood centre hall",
                "Every language",
            ),
        ),
    ),
    Event(
        city="gdansk",
        slug="online-information-evening-immigrants-council-elections",
        weekday=2,
        days_from_today=-20,
        attendance=EventPage.Attendance.ONLINE,
        online_url="https://example.org/meet/immigrants-council-elections",
        title="Online information evening: the Immigrants' Council elections",
        lead="Who can stand for the Immigrants' Council, who can vote, and what does the council actually do? Ask the members, online.",
        organiser="City of Gdańsk with the Immigrants' Council",
        venue="",
        address="",
        accessibility="The meeting has live captions in Polish. Interpretation into Ukrainian and English is available in separate audio channels.",
        themes=("participation", "citizenship"),
        image="bridge",
        image_alt="Illustration: a red arched bridge over a calm river in the morning.",
        description=(
            "An hour and a half online with current members of the council and the city's election team. The joining link works in any browser; no account is needed.",
        ),
        agenda=(
            Session(
                0,
                "18:00",
                "18:10",
                "Welcome",
                "How the evening works and how to ask questions.",
                ("agnieszka",),
                "Online",
                "Polish",
                "Interpretation into Ukrainian and English",
            ),
            Session(
                0,
                "18:10",
                "18:40",
                "What the council does",
                "Members describe a year of work with the mayor's office.",
                ("olena",),
                "Online",
                "Polish and Ukrainian",
                "Interpretation into English",
            ),
            Session(
                0,
                "18:40",
                "19:10",
                "Who can stand and who can vote",
                "The rules, the dates and the documents you need.",
                ("agnieszka",),
                "Online",
                "Polish",
                "Interpretation into Ukrainian and English",
            ),
            Session(
                0,
                "19:10",
                "19:30",
                "Your questions",
                "Ask anything, in Polish, Ukrainian or English.",
                ("olena", "agnieszka"),
                "Online",
                "Polish, Ukrainian and English",
            ),
        ),
    ),
    Event(
        city="valencia",
        slug="anti-rumour-agent-training-spring-course",
        weekday=5,
        days_from_today=45,
        status=EventPage.Status.POSTPONED,
        title="Anti-rumour agent training: spring course",
        lead="Postponed: the spring course will move to a later date because the training room is being renovated. Everyone who registered will be told the new date first.",
        organiser="City of Valencia, intercultural affairs office",
        venue="Benicalap Civic Centre",
        address="Carrer de Juan XXIII 38\n46025 València",
        accessibility="Step-free access and accessible toilets. Tell us if you need Spanish Sign Language interpretation.",
        themes=("anti-stigma", "anti-racism"),
        image="speech-bubbles",
        image_alt="Illustration: three coloured speech bubbles answering one another.",
        capacity=25,
        description=(
            "Twelve hours over three Saturdays, of which this is the first. Learn the facts behind the ten most common rumours and, above all, how to answer without humiliating anyone.",
        ),
        agenda=(
            Session(
                0,
                "10:00",
                "10:30",
                "Introductions",
                "Why we are here, and the rumours we hear most.",
                ("lucia",),
                "Room 2",
                "Spanish and Valencian",
            ),
            Session(
                0,
                "10:30",
                "11:30",
                "Where rumours come from",
                "How a story becomes a 'fact' that everybody knows.",
                ("lucia",),
                "Room 2",
                "Spanish",
            ),
            Session(
                0,
                "11:45",
                "13:00",
                "Practising answers",
                "Role play in pairs, with agents who do it every day.",
                ("pepa",),
                "Room 2",
                "Spanish",
            ),
            Session(
                0,
                "13:00",
                "14:00",
                "What next",
                "The next two Saturdays, and your first week as an agent.",
                ("lucia",),
                "Room 2",
                "Spanish",
            ),
        ),
    ),
    Event(
        city="athens",
        slug="neighbourhood-dinner-in-kypseli",
        weekday=4,
        days_from_today=-5,
        status=EventPage.Status.CANCELLED,
        title="Neighbourhood dinner in Kypseli",
        lead="Cancelled: a water pipe burst in the community kitchen and it is closed for repairs. The dinner will be back as soon as the kitchen reopens, and everyone who signed up to cook keeps their place.",
        organiser="Kyklos",
        venue="Kyklos community centre, hall and courtyard",
        address="Fokionos Negri 52\n113 61 Athina",
        accessibility="The hall, courtyard and toilets are step-free. Interpreters into Arabic and English are present.",
        themes=("intercultural-dialogue",),
        image="hills",
        image_alt="Illustration: layered pink and violet hills under a pale setting sun.",
        capacity=150,
        description=(
            "The community kitchen was going to cook for the whole neighbourhood, with music from the neighbourhood's musicians.",
        ),
        agenda=(
            Session(
                0,
                "18:00",
                "19:30",
                "Setting up the tables",
                "Volunteers carry the tables into the courtyard.",
                (),
                "Hall and courtyard",
                "Greek",
            ),
            Session(
                0,
                "19:30",
                "20:00",
                "Welcome",
                "A few words from the cooks.",
                ("eleni", "voula"),
                "Hall and courtyard",
                "Greek",
                "Interpretation into Arabic and English",
            ),
            Session(
                0,
                "20:00",
                "22:00",
                "Dinner",
                "Food from five kitchens.",
                (),
                "Hall and courtyard",
                "Every language",
            ),
            Session(
                0,
                "21:00",
                "22:30",
                "Music",
                "The neighbourhood's musicians play.",
                (),
                "Hall and courtyard",
                "Music",
            ),
        ),
    ),
    Event(
        city="bologna",
        language="it",
        slug="leggere-in-dodici-lingue",
        weekday=2,
        days_from_today=60,
        title="Leggere in dodici lingue: un pomeriggio in biblioteca",
        lead="Genitori e bibliotecarie leggono albi illustrati in tigrino, arabo, cinese e italiano. Per bambine e bambini dai tre agli otto anni, e per chi li accompagna.",
        organiser="Biblioteche di Bologna",
        venue="Biblioteca Lame, sala ragazzi",
        address="Via Marco Polo 21/13\n40131 Bologna",
        accessibility="Ingresso senza gradini e bagno accessibile. Cuscini e sedie per adulti e bambini.",
        themes=("intercultural-dialogue", "anti-stigma"),
        image="bookshelves",
        image_alt="Illustrazione: scaffali di legno pieni di libri dai dorsi colorati.",
        capacity=40,
        description=(
            "Ogni lettura è fatta due volte: nella lingua del genitore che legge e in italiano. Alla fine, merenda e scambio di libri per tutti.",
        ),
        agenda=(
            Session(
                0,
                "16:00",
                "16:15",
                "Accoglienza",
                "Ci sistemiamo sui cuscini.",
                ("giulia",),
                "Sala ragazzi",
                "Italiano",
            ),
            Session(
                0,
                "16:15",
                "17:00",
                "Letture in tigrino e in italiano",
                "Un albo illustrato letto da una mamma e da una bibliotecaria.",
                ("giulia",),
                "Sala ragazzi",
                "Tigrino e italiano",
            ),
            Session(
                0,
                "17:00",
                "17:45",
                "Letture in arabo, cinese e italiano",
                "Tre storie brevi, tre voci.",
                ("giulia",),
                "Sala ragazzi",
                "Arabo, cinese e italiano",
            ),
            Session(
                0,
                "17:45",
                "18:30",
                "Merenda e scambio di libri",
                "Portate un libro, prendetene un altro.",
                (),
                "Atrio",
                "Tutte le lingue",
            ),
        ),
    ),
]


def _local_datetime(day: dt.date, time: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=zone)


def _first_day(event: Event) -> dt.date:
    """``days_from_today`` moved to the event's weekday, and out of the winter holidays."""
    day = timezone.localdate() + dt.timedelta(days=event.days_from_today)
    if (day.month, day.day) >= (12, 20):
        day = dt.date(day.year + 1, 1, 8)
    elif (day.month, day.day) <= (1, 7):
        day = day.replace(day=8)
    return day + dt.timedelta(days=(event.weekday - day.weekday()) % 7)


def _session_value(session: Session, first_day: dt.date, people: dict[str, Person]) -> dict:
    return {
        "date": first_day + dt.timedelta(days=session.day),
        "start": dt.time.fromisoformat(session.start),
        "end": dt.time.fromisoformat(session.end),
        "title": session.title,
        "description": session.description,
        "speakers": [people[key] for key in session.speakers],
        "room": session.room,
        "languages": session.languages,
        "interpretation": session.interpretation,
    }


def _access_flags(text: str) -> dict[str, bool]:
    """The features the demo's accessibility notes promise, as the page's checkboxes."""
    text = text.lower()
    return {
        "step_free": "step-free" in text or "senza gradini" in text,
        "induction_loop": "induction loop" in text,
        "sign_language": "sign language interpretation" in text and "tell us" not in text,
        "quiet_room": "quiet room" in text,
    }


def _times(event: Event, first_day: dt.date, zone) -> tuple[dt.datetime, dt.datetime]:
    """The event runs from its first session's start to its last session's end."""
    start = min(
        _local_datetime(first_day + dt.timedelta(days=s.day), s.start, zone) for s in event.agenda
    )
    end = max(
        _local_datetime(first_day + dt.timedelta(days=s.day), s.end, zone) for s in event.agenda
    )
    return start, end


def _ensure_report(event_page: EventPage, report: dict, practices, images, country) -> None:
    by_country = participants_by_country(report["participants_total"], country)
    get_or_create_child(
        event_page,
        EventReportPage,
        "report",
        title=report["title"],
        outcomes=rich(*report["outcomes"]),
        participants_total=report["participants_total"],
        image=images[report["image"]],
        image_alt=report["image_alt"],
        body=body(report["body"], images),
        gallery=gallery(report["gallery"], images),
        practices=[practices[slug] for slug in report["practices"]],
        participants_by_country=[
            ReportParticipants(country=code, participants=count) for code, count in by_country
        ],
    )


def ensure_people(locale) -> dict[str, Person]:
    """The speakers, written in the default locale: ``{key: person}``."""
    people = {}
    for key, (name, role, organisation) in SPEAKERS.items():
        people[key], _created = Person.objects.get_or_create(
            locale=locale, name=name, defaults={"role": role, "organisation": organisation}
        )
    return people


# Where the participants of each held transnational event came from, as shares of the total:
# the host city's country brings the most, then the partners, then guests from elsewhere.
PARTNER_COUNTRIES = ("SE", "GR", "IT", "PL", "ES", "DE")
GUEST_COUNTRIES = ("FR", "PT", "NL")


def participants_by_country(total: int, host_country: str) -> list[tuple[str, int]]:
    """A breakdown of ``total`` that adds up to it exactly, the host's country first."""
    others = [c for c in PARTNER_COUNTRIES if c != host_country]
    host = round(total * 0.4)
    guests = [(country, 2 + (total + i) % 3) for i, country in enumerate(GUEST_COUNTRIES)]
    rest = total - host - sum(n for _c, n in guests)
    share, extra = divmod(rest, len(others))
    partners = [(c, share + (1 if i < extra else 0)) for i, c in enumerate(others)]
    return [(host_country, host), *partners, *guests]


def ensure_events(partners, themes, images, practices, locales) -> dict[str, EventPage]:
    """Every event in its host city's events section, and a report under each transnational
    event that is over: ``{slug: page}``."""
    people = ensure_people(Locale.get_default())
    events = {}
    now = timezone.now()
    for event in [*TRANSNATIONAL, *LOCAL]:
        partner = partners[event.city]
        section = partner.section(EventIndexPage, locales[event.language])
        first_day = _first_day(event)
        start, end = _times(event, first_day, partner.city.zone)
        page, _created = get_or_create_child(
            section,
            EventPage,
            event.slug,
            title=event.title,
            start=start,
            end=end,
            kind=event.kind,
            status=event.status,
            attendance=event.attendance,
            organiser=event.organiser,
            lead=event.lead,
            venue=event.venue,
            address=event.address,
            online_url=event.online_url,
            registration_url=f"https://example.org/events/{event.slug}/register",
            capacity=event.capacity,
            accessibility=event.accessibility,
            **_access_flags(event.accessibility),
            body=body(event.description, images),
            agenda=[("session", _session_value(s, first_day, people)) for s in event.agenda],
            themes=[themes[slug][event.language] for slug in event.themes],
            image=images[event.image],
            image_alt=event.image_alt,
        )
        if event.report and page.end < now:
            _ensure_report(page, event.report, practices, images, partner.city.country)
        events[event.slug] = page
    return events
