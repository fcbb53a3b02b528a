"""The network's standard pages: about, accessibility statement and privacy notice."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from demo.builders import Heading, Quote, body, get_or_create_child
from home.models import StandardPage


def _day(days_ago: int) -> str:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return f"{day.day} {day:%B %Y}"


def about() -> dict:
    return {
        "title": "About the network",
        "intro": "Cities in Dialogue is a network of six European partners, five municipalities and one civil-society organisation, working together for two years on citizenship, on reducing stigma due to ethnic background and on dialogue between residents and newcomers.",
        "body": [
            Heading("Why a network of cities"),
            "Most people meet Europe's migration policies in their own street: at the school gate, in the library, at the registration office. That is where prejudice is built or broken, and where cities can act. The network grew out of existing ties between cities, local authorities and institutions, and it is open to new partners.",
            Heading("Two levels of work"),
            "Locally, each partner runs its own activities with residents, from language cafés to neighbourhood kitchens. At European level, the partners meet at eight transnational events within 24 months, hosted in turn by each partner, to compare their experience and improve their practice.",
            Heading("From the bottom up"),
            "Residents take part in every event, as participants rather than as an audience. Their stories are published on this site in their own words, in the language they chose. We want residents to feel part of the democratic process around the European Agenda on Migration, and to meet a Europe that is close to them.",
            Quote(
                "We do not need a new policy for every problem. We need places where people meet, and the patience to listen to what they say there.",
                "Sara Lindqvist, network coordinator",
            ),
            Heading("The handbook"),
            "By comparing experience across six countries, the partners are writing a handbook of good practices for preventing stigma due to ethnic background, countering racism and promoting understanding between residents and newcomers. It is presented to the local councils of every partner city and discussed at European level during the transnational events.",
            Heading("The partners"),
            [
                "City of Malmö, Sweden (coordinator)",
                "Kyklos, a civil-society organisation in Athens, Greece",
                "City of Bologna, Italy",
                "City of Gdańsk, Poland",
                "City of Valencia, Spain",
                "City of Leipzig, Germany",
            ],
            "This is a demonstration site: the people, stories, practices and events on it are invented.",
        ],
    }


def accessibility_statement() -> dict:
    return {
        "title": "Accessibility statement",
        "intro": "Cities in Dialogue is committed to making its website accessible, in accordance with Directive (EU) 2016/2102 on the accessibility of the websites and mobile applications of public sector bodies.",
        "body": [
            "This accessibility statement applies to the Cities in Dialogue website, in every language version.",
            Heading("Compliance status"),
            "This website is partially compliant with EN 301 549 V3.2.1 and with the Web Content Accessibility Guidelines (WCAG) 2.1, level AA, because of the non-compliances listed below.",
            Heading("Non-accessible content"),
            "The content listed below is non-accessible for the following reasons.",
            Heading("Non-compliance with the accessibility regulations"),
            [
                "Some videos published by partners do not yet have captions or a transcript (WCAG 1.2.2 and 1.2.3). We add a transcript to each new video, and to older ones by the end of the year.",
                "Older PDF versions of handbook chapters are not fully tagged for screen readers (WCAG 1.3.1). Every chapter is also available as an accessible web page.",
                "In some image galleries, the captions repeat the alternative text instead of adding to it (WCAG 1.1.1). We are rewriting them.",
            ],
            Heading("Content that is not within the scope of the applicable legislation"),
            [
                "Live streams of transnational events that are not kept as recordings.",
                "Content on third-party sites linked from this site, such as event registration services, which we neither fund nor control.",
            ],
            "Not every page is translated into every language of the network. A page without a translation is shown in its original language, clearly marked, so that screen readers pronounce it correctly.",
            Heading("Preparation of this accessibility statement"),
            f"This statement was prepared on {_day(180)}. It is based on a self-assessment by the network's web team, with automated testing and manual testing using a keyboard, the NVDA, VoiceOver and TalkBack screen readers, and 200 % and 400 % zoom. The statement was last reviewed on {_day(30)}.",
            Heading("Feedback and contact information"),
            "If you find anything on this site that is not accessible to you, or if you need information in another format, please tell us:",
            [
                "by email: accessibility@example.org",
                "by phone: +46 40 34 10 00, weekdays from 9:00 to 16:00, in Swedish or English; ask for an interpreter for other languages",
                "by post: Cities in Dialogue, City of Malmö, August Palms plats 1, 205 80 Malmö, Sweden",
            ],
            "We reply within 14 days.",
            Heading("Enforcement procedure"),
            'The network is coordinated by the City of Malmö, so Swedish law applies. If you are not satisfied with our reply, you can report it to the Agency for Digital Government (<a href="https://www.digg.se/">Digg</a>), which supervises the Swedish Act on accessibility to digital public services.',
        ],
    }


def privacy_notice() -> dict:
    days = settings.PERSONAL_DATA_RETENTION_DAYS
    return {
        "title": "Privacy notice",
        "intro": "What personal data this site stores about you, why, for how long, and how to have it erased.",
        "body": [
            Heading("Who is responsible"),
            "Each partner city is the controller for the comments and stories sent about its pages: its editors read them and decide on them. The City of Malmö, as coordinator of the Cities in Dialogue network, runs this website and is the controller for everything else. You can reach our data protection officer at dpo@example.org, who passes your request to the right partner.",
            Heading("What we store, and for how long"),
            [
                f"<b>Comments:</b> your name and your comment are published with the page. Your email address is never shown: we use it once, to tell you that your comment is published, and delete it then, or at the latest after {days} days. Comments that we do not publish are deleted after {days} days.",
                f"<b>Stories:</b> your story and the name you choose to show (or none) are published, in your words and in translation. Your email address is kept apart from the story and seen only by the city's editors, to confirm that we received your story and to ask you about it; we delete it after {days} days. We keep the date of your consent for as long as we keep the story.",
                "<b>IP addresses</b> are not stored in our database. To stop abuse, we count for a short time how often each address sends a form; that count is kept in memory only and forgotten within an hour.",
                "<b>Server logs:</b> the web server records the IP address, time and page of each request, for security, and deletes them after 14 days.",
                "<b>Event registrations</b> are handled by the registration service linked from each event, which has its own privacy notice.",
            ],
            Heading("Cookies"),
            "This site sets no tracking or advertising cookies and uses no analytics service. Forms set a security cookie (csrftoken), and editors who log in get a session cookie. Videos from YouTube or Vimeo load only when you press play.",
            Heading("Why we may use your data"),
            "We publish comments and stories because you choose to send them to us (your consent, Article 6(1)(a) of the General Data Protection Regulation), and keep server logs because we have a legitimate interest in keeping the site secure (Article 6(1)(f)).",
            Heading("Who sees it"),
            "The editors of the city that your comment or story concerns, and the network's coordinators. We do not sell or share your data, and it is stored on servers in the European Union.",
            Heading("Erasure and your other rights"),
            "Write to dpo@example.org from the address you used to have your comments and your email address erased. Once we have deleted your address, tell us the page and the name you signed with instead. You can withdraw your consent to a story at any time: we then remove it in every language, with its earlier versions, its translations and its photo. You can also ask to see or correct your data. We answer within one month. If you are not satisfied with our answer, you can complain to the Swedish Authority for Privacy Protection (IMY) or to the data protection authority of your own country.",
        ],
    }


PAGES = {
    "about": about,
    "accessibility-statement": accessibility_statement,
    "privacy-notice": privacy_notice,
}


def ensure_pages(home, images) -> dict[str, StandardPage]:
    pages = {}
    for slug, texts in PAGES.items():
        text = texts()
        pages[slug], _created = get_or_create_child(
            home,
            StandardPage,
            slug,
            title=text["title"],
            intro=text["intro"],
            body=body(text["body"], images),
        )
    return pages
