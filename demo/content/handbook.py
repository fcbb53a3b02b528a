"""The handbook: each partner's practices, described in the common structure, and the
coordinator's chapters that draw them together. The first chapter is translated into Swedish
and Arabic, and so are the four practices it draws in, so that chapter reads complete."""

import re
from dataclasses import dataclass, field

from demo.builders import ensure_translation, get_or_create_child, pair_strings, publish, rich
from handbook.models import ChapterPractice, HandbookChapterPage, PracticePage

# The fields of a practice written as rich text: tuples of paragraphs (see ``rich``).
RICH_FIELDS = PracticePage.structure_rich_text
# Every translatable text of a practice, in the shape its ``translations`` are written in.
TEXT_FIELDS = ("title", "summary", "image_alt", *RICH_FIELDS, "contact")


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
    cost_effort: tuple  # money, staff time, volunteers, how long
    watch_out_for: tuple  # what went wrong, or nearly did
    contact: str = ""  # a role and an office, not a person's name
    resources: tuple = ()
    image: str = ""
    image_alt: str = ""
    translations: dict = field(default_factory=dict)  # language: same shape as ``text()``

    def text(self) -> dict:
        """The practice's translatable text: ``TEXT_FIELDS`` by name."""
        return {name: getattr(self, name) for name in TEXT_FIELDS}

    def page_fields(self) -> dict:
        """The text as page fields (rich text as HTML)."""
        return {
            "title": self.title,
            "summary": self.summary,
            **{name: rich(*getattr(self, name)) for name in RICH_FIELDS},
            "contact": self.contact,
        }


def link(path: str, text: str) -> str:
    return f'<a href="https://example.org/{path}">{text}</a>'


LINK = re.compile(r'<a href="[^"]*">')


def numbered_links(text: str) -> str:
    """``text`` with its links as wagtail-localize segments them: ``<a id="a1">``, ``a2``, …
    within the segment, their addresses kept apart (and not translated)."""
    numbers = iter(range(1, 1000))
    return LINK.sub(lambda _match: f'<a id="a{next(numbers)}">', text)


def translation_strings(source: dict, target: dict) -> dict[str, str]:
    """``pair_strings`` for a practice, with linked strings also in their segmented form."""
    strings = pair_strings(source, target)
    for text, translated in list(strings.items()):
        if LINK.search(text):
            strings[numbered_links(text)] = numbered_links(translated)
    return strings


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
        cost_effort=(
            "The cafés run within the libraries' ordinary budget. Each branch sets aside about four hours of a librarian's time a week, and the city spends around 60,000 kronor a year on coffee, printed theme cards and a thank-you dinner for the volunteers.",
            "The 60 volunteers give about two hours a week each. One librarian coordinates all five cafés, at about a fifth of a full-time post. The first café opened in 2017; the other four followed within two years.",
        ),
        watch_out_for=(
            "In the first year some cafés turned into small Swedish lessons: volunteers who had been teachers corrected every sentence, and the regulars stopped coming. A one-hour introduction for new volunteers now makes the rule clear: talk, don't teach.",
            "Popular tables fill up with regulars who know each other, and newcomers end up on the edge. Rotate the volunteers, and open a new table as soon as one has more than six people.",
        ),
        contact="Language café coordinator, Malmö City Libraries — sprakcafe@malmo.example.org",
        resources=(
            [
                link(
                    "handbook/malmo/language-cafe-theme-cards",
                    "Theme cards for conversation tables",
                ),
                link("handbook/malmo/volunteer-guide", "A two-page guide for new volunteers"),
            ],
        ),
        translations={
            "sv": {
                "title": "Språkcaféer på folkbiblioteken",
                "summary": "Samtal på biblioteket en kväll i veckan, där man övar svenska med volontärer och med varandra. Ingen anmälan, ingen lärare, inget prov.",
                "image_alt": "Illustration: tre färgglada pratbubblor som svarar varandra.",
                "problem": (
                    "Nyanlända som har gått klart sin språkutbildning har ofta ingen att prata svenska med. På lektionerna lär man sig grammatik, men modet att prata kommer från vardagliga samtal, och många nyanlända berättade att de bara pratade svenska med sina handläggare.",
                ),
                "approach": (
                    "Fem filialbibliotek har språkcafé en kväll i veckan. Volontärer, många av dem pensionärer, sitter vid bord med ett temakort (mat, arbete, väder, fotboll). Vem som helst kan sätta sig vid vilket bord som helst och stanna så länge man vill.",
                    "Bibliotekarierna håller borden små, låter volontärerna byta bord så att stamgästerna träffar nya människor och har en hylla med lättlästa böcker bredvid caféet.",
                ),
                "who_was_involved": (
                    [
                        "Malmö stadsbibliotek (värd och samordning)",
                        "Ett sextiotal volontärer, rekryterade via biblioteket och Röda Korset",
                        "Vuxenutbildningen, som tipsar sina elever om caféet",
                    ],
                ),
                "results": (
                    "Mellan 25 och 70 personer kommer varje kväll. I en enkät bland 212 deltagare svarade 81 procent att de pratar svenska oftare utanför caféet sedan de började komma. Flera volontärer säger att caféet har förändrat hur de ser på sitt område.",
                ),
                "cost_effort": (
                    "Caféerna ryms i bibliotekens ordinarie budget. Varje filial avsätter ungefär fyra timmar bibliotekarietid i veckan, och staden lägger omkring 60 000 kronor om året på kaffe, tryckta temakort och en tackmiddag för volontärerna.",
                    "De 60 volontärerna lägger ungefär två timmar i veckan var. En bibliotekarie samordnar alla fem caféerna på ungefär en femtedels tjänst. Det första caféet öppnade 2017, och de andra fyra kom inom två år.",
                ),
                "watch_out_for": (
                    "Första året blev en del caféer små svensklektioner: volontärer som hade varit lärare rättade varje mening, och stamgästerna slutade komma. I dag får nya volontärer en timmes introduktion där regeln är tydlig: prata, undervisa inte.",
                    "Populära bord fylls av stamgäster som känner varandra, och de nya hamnar i utkanten. Låt volontärerna byta bord, och öppna ett nytt bord så fort något har fler än sex personer.",
                ),
                "resources": (
                    [
                        link(
                            "handbook/malmo/language-cafe-theme-cards", "Temakort för samtalsborden"
                        ),
                        link(
                            "handbook/malmo/volunteer-guide",
                            "En guide på två sidor för nya volontärer",
                        ),
                    ],
                ),
                "contact": "Samordnare för språkcaféerna, Malmö stadsbibliotek — sprakcafe@malmo.example.org",
            },
            "ar": {
                "title": "مقاهي اللغة في المكتبات العامة",
                "summary": "لقاءات حوار أسبوعية مفتوحة في مكتبة الحي، يتمرّن فيها الناس على السويدية مع متطوعين ومع بعضهم بعضًا. لا تسجيل ولا معلّم ولا امتحان.",
                "image_alt": "رسم توضيحي: ثلاث فقاعات كلام ملوّنة يردّ بعضها على بعض.",
                "problem": (
                    "كثيرًا ما لا يجد القادمون الجدد بعد إنهاء دورة اللغة الرسمية أحدًا يتحدثون معه بالسويدية. تعلّم الدروس القواعد، أما الثقة في الكلام فتأتي من الحديث اليومي، وقد قال كثير من القادمين الجدد إن أحاديثهم الوحيدة بالسويدية كانت مع الموظفين المسؤولين عن ملفاتهم.",
                ),
                "approach": (
                    "تستضيف خمس مكتبات فرعية مقهى للغة مساء يوم واحد في الأسبوع. يجلس متطوعون، كثير منهم متقاعدون، إلى طاولات على كل منها بطاقة موضوع (الطعام، العمل، الطقس، كرة القدم). ويمكن لأي شخص أن ينضم إلى أي طاولة ويبقى ما شاء من الوقت.",
                    "يحرص أمناء المكتبة على أن تبقى الطاولات صغيرة، ويبدّلون أماكن المتطوعين كي يلتقي الروّاد الدائمون بأناس جدد، ويضعون بجانب المقهى رفًّا من الكتب سهلة القراءة.",
                ),
                "who_was_involved": (
                    [
                        "مكتبات مدينة مالمو (الاستضافة والتنسيق)",
                        "نحو 60 متطوعًا انضموا عن طريق المكتبة والصليب الأحمر",
                        "مراكز تعليم الكبار، التي ترشد طلابها إلى المقهى",
                    ],
                ),
                "results": (
                    "يحضر كل مساء ما بين 25 و70 شخصًا. وفي استطلاع شمل 212 مشاركًا، قال 81% منهم إنهم صاروا يتحدثون السويدية خارج المقهى أكثر مما كانوا قبل أن يبدؤوا بالمجيء. ويقول عدد من المتطوعين إن المقهى غيّر نظرتهم إلى حيّهم.",
                ),
                "cost_effort": (
                    "تعمل المقاهي ضمن الميزانية العادية للمكتبات. تخصّص كل مكتبة فرعية نحو أربع ساعات أسبوعيًا من وقت أحد أمنائها، وتنفق المدينة قرابة 60 ألف كرونة سنويًا على القهوة وطباعة بطاقات المواضيع وعشاء شكر للمتطوعين.",
                    "يمنح كل واحد من المتطوعين الستين نحو ساعتين في الأسبوع. ويتولّى أمين مكتبة واحد تنسيق المقاهي الخمسة بما يعادل خُمس وظيفة بدوام كامل. افتُتح المقهى الأول عام 2017، ولحقت به المقاهي الأربعة الأخرى خلال عامين.",
                ),
                "watch_out_for": (
                    "في السنة الأولى تحوّلت بعض المقاهي إلى دروس صغيرة في السويدية: فالمتطوعون الذين كانوا معلّمين راحوا يصحّحون كل جملة، فتوقّف الروّاد الدائمون عن المجيء. واليوم يحضر كل متطوع جديد جلسة تعريفية مدتها ساعة توضَّح فيها القاعدة: تحدّث ولا تدرّس.",
                    "تمتلئ الطاولات الأكثر إقبالًا بروّاد دائمين يعرف بعضهم بعضًا، فيبقى الجدد على الهامش. بدّلوا أماكن المتطوعين، وافتحوا طاولة جديدة ما إن يتجاوز عدد الجالسين إلى إحدى الطاولات ستة أشخاص.",
                ),
                "resources": (
                    [
                        link(
                            "handbook/malmo/language-cafe-theme-cards",
                            "بطاقات مواضيع لطاولات الحوار",
                        ),
                        link("handbook/malmo/volunteer-guide", "دليل من صفحتين للمتطوعين الجدد"),
                    ],
                ),
                "contact": "تنسيق مقاهي اللغة، مكتبات مدينة مالمو — sprakcafe@malmo.example.org",
            },
        },
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
        cost_effort=(
            "The largest cost is the helpers' wages: twelve pupils, paid through the youth employment programme for about six hours a week each during term, roughly 450,000 kronor a year. A teacher trains them for two days before each term and supervises them for two hours a week.",
            "The library provides the room and an adult on duty in the afternoons. A new club needs about a term before it runs smoothly.",
        ),
        watch_out_for=(
            "Paid helpers are employees: they need contracts, fixed hours and a named supervisor. In the first term two helpers were left alone with 30 pupils and gave up. Now at least three helpers and one adult from the library are always there.",
            "Some parents worried that help in Arabic or Somali would hold back their children's Swedish. Tell them early that the helpers explain in the home language and then go back to Swedish.",
        ),
        contact="Learning support coordinator, Malmö City Libraries — laxhjalp@malmo.example.org",
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
        cost_effort=(
            "Kit, pitch time and transport to away matches cost the club about 180,000 kronor a year, paid by the city's leisure department. The regional football association runs the coaches' course, one evening and one Saturday morning, free of charge.",
            "Each team has two or three volunteer coaches, who give about six hours a week from March to October.",
        ),
        watch_out_for=(
            "Stopping a match is hard in practice. The first time a coach did it, in a final, parents on both sides were furious and the referee had never heard of the club's rule. Agree the rule with referees and the other clubs before the season, and explain it to parents at the first training session.",
            "Mixed teams mean longer journeys for some players. Without organised lifts, most of the players from the furthest neighbourhood dropped out in the first spring.",
        ),
        contact="Sports development officer, Leisure Department, City of Malmö — fritid@malmo.example.org",
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
        cost_effort=(
            "Food costs about €120 a session. The market's vegetables and a small grant from a foundation cover most of it, and a donation box on the table covers the rest. The centre's kitchen needed a second cooker and a large fridge, a one-off cost of €4,500.",
            "One member of staff spends a day a week planning the menus and pairing the cooks, and four to six volunteers help at each session. The kitchen has been open twice a week for three years.",
        ),
        watch_out_for=(
            "Food safety rules apply to a community kitchen too. Talk to the municipality's health inspectors before the first meal, and make sure that at least one person at every session holds a food hygiene certificate.",
            "Pair the cooks with care. The first pairs were the most confident people in the centre, and the meal began to look like a show. Now pairs are formed a month ahead, and a shy cook may bring a friend.",
        ),
        contact="Community kitchen coordinator, Kyklos community centre — kitchen@kyklos.example.org",
        resources=([link("handbook/athens/kitchen-recipe-book", "Our shared recipe book (PDF)")],),
        translations={
            "sv": {
                "title": "Ett kvarterskök som första mötesplats",
                "summary": "Två gånger i veckan lagar invånare och nyanlända mat tillsammans i kvarterscentrets kök och äter vid ett långt bord, öppet för alla i området.",
                "image_alt": "Illustration: ett långt bord sett ovanifrån, med tallrikar och människor på båda sidor.",
                "problem": (
                    "Invånare som bott länge i Kypseli och nyanlända levde sida vid sida utan att träffas. Formella möten om integration lockade bara dem som redan var övertygade.",
                ),
                "approach": (
                    "Att laga mat kräver inget gemensamt språk och ger alla en uppgift. Vid varje tillfälle väljer ett nytt par kockar menyn: en som bott länge i området och en nyanländ. Alla andra hackar, diskar och äter.",
                ),
                "who_was_involved": (
                    "Kyklos personal och volontärer, församlingen i området, en lokal marknad som skänker grönsaker och familjerna som lagar maten.",
                ),
                "results": (
                    "Omkring 40 personer äter tillsammans varje gång. Flera vänskaper och två små cateringföretag har börjat vid bordet. Köket är i dag centrets viktigaste sätt att nå nya invånare.",
                ),
                "cost_effort": (
                    "Maten kostar ungefär 120 euro per tillfälle. Grönsakerna från marknaden och ett litet bidrag från en stiftelse täcker det mesta, och en gåvobox på bordet resten. Centrets kök behövde en spis till och ett stort kylskåp, en engångskostnad på 4 500 euro.",
                    "En anställd lägger en dag i veckan på att planera menyerna och para ihop kockarna, och fyra till sex volontärer hjälper till varje gång. Köket har varit öppet två gånger i veckan i tre år.",
                ),
                "watch_out_for": (
                    "Livsmedelsreglerna gäller också för ett kvarterskök. Prata med kommunens livsmedelsinspektörer före den första måltiden, och se till att minst en person vid varje tillfälle har ett intyg i livsmedelshygien.",
                    "Para ihop kockarna med omsorg. De första paren var de mest självsäkra personerna på centret, och måltiden började likna en föreställning. Nu bildas paren en månad i förväg, och den som är blyg får ta med sig en vän.",
                ),
                "resources": (
                    [link("handbook/athens/kitchen-recipe-book", "Vår gemensamma receptbok (pdf)")],
                ),
                "contact": "Samordnare för kvartersköket, Kyklos kvarterscenter — kitchen@kyklos.example.org",
            },
            "ar": {
                "title": "مطبخ مجتمعي مكانًا أول للقاء",
                "summary": "مرتين في الأسبوع، يطبخ السكان والقادمون الجدد معًا في مطبخ المركز المجتمعي، ثم يأكلون إلى طاولة واحدة طويلة مفتوحة لكل أهل الحي.",
                "image_alt": "رسم توضيحي: طاولة طويلة من الأعلى، عليها أطباق ويجلس الناس على جانبيها.",
                "problem": (
                    "كان السكان القدامى والقادمون الجدد في كيبسيلي يعيشون جنبًا إلى جنب دون أن يلتقوا. أما الاجتماعات الرسمية حول الاندماج فلم تكن تجذب إلا المقتنعين أصلًا.",
                ),
                "approach": (
                    "لا يحتاج الطبخ إلى لغة مشتركة، ويمنح كل شخص دورًا. في كل جلسة يختار زوج مختلف من الطهاة قائمة الطعام: أحدهما من السكان القدامى والآخر من القادمين الجدد. أما الباقون فيقطّعون الخضار ويغسلون الصحون ويأكلون.",
                ),
                "who_was_involved": (
                    "العاملون في «كيكلوس» ومتطوعوها، وأبرشية الحي، وسوق محلي يتبرع بالخضار، والعائلات التي تطبخ.",
                ),
                "results": (
                    "يأكل نحو 40 شخصًا معًا في كل مرة. ونشأت حول الطاولة صداقات عدة ومشروعان صغيران لتقديم الطعام. وأصبح المطبخ اليوم أهم وسيلة يصل بها المركز إلى السكان الجدد.",
                ),
                "cost_effort": (
                    "تبلغ كلفة الطعام نحو 120 يورو في الجلسة الواحدة. تغطي خضار السوق ومنحة صغيرة من إحدى المؤسسات معظمها، ويغطي صندوق التبرعات على الطاولة الباقي. واحتاج مطبخ المركز إلى موقد ثانٍ وثلاجة كبيرة، بكلفة لمرة واحدة بلغت 4500 يورو.",
                    "يخصّص أحد العاملين يومًا في الأسبوع لتخطيط قوائم الطعام وتشكيل أزواج الطهاة، ويساعد في كل جلسة ما بين أربعة وستة متطوعين. ويفتح المطبخ أبوابه مرتين في الأسبوع منذ ثلاث سنوات.",
                ),
                "watch_out_for": (
                    "تسري قواعد سلامة الغذاء على المطبخ المجتمعي أيضًا. تحدّثوا مع مفتشي الصحة في البلدية قبل الوجبة الأولى، وتأكدوا من أن شخصًا واحدًا على الأقل في كل جلسة يحمل شهادة في النظافة الغذائية.",
                    "اختاروا أزواج الطهاة بعناية. كان الأزواج الأوائل من أكثر الناس ثقة بأنفسهم في المركز، فصارت الوجبة تشبه عرضًا على المسرح. أما الآن فتُشكَّل الأزواج قبل شهر، ويمكن لمن يغلبه الخجل أن يصطحب صديقًا.",
                ),
                "resources": (
                    [link("handbook/athens/kitchen-recipe-book", "كتاب وصفاتنا المشترك (PDF)")],
                ),
                "contact": "تنسيق المطبخ المجتمعي، مركز «كيكلوس» المجتمعي — kitchen@kyklos.example.org",
            },
        },
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
        cost_effort=(
            "The lawyers give their time for free through the Bar's pro bono scheme, but the interpreters are paid: about €9,000 a year for four interpreters, two hours a week each. Translating and printing the first leaflets cost another €3,000.",
            "A coordinator books the appointments and keeps an anonymous record of the questions asked, about a day a week.",
        ),
        watch_out_for=(
            "Volunteer lawyers cannot take a case to court. Make it clear from the first minute that the evening offers advice, not representation, and keep a list of legal aid services to refer people to.",
            "Protect people's privacy. In the first months visitors were called in by name in a full waiting room, and some never came back. Now everyone gets a number.",
        ),
        contact="Legal advice coordinator, Kyklos community centre — legal@kyklos.example.org",
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
        cost_effort=(
            "Twenty second-hand bicycles, helmets and a year of repairs cost about €3,000, paid by a local business. Childcare is the main running cost: two paid childminders for three hours a week, about €6,000 a year, helped by volunteers.",
            "The cycling association provides one instructor for every four learners. A member of Kyklos staff spends half a day a week on the group.",
        ),
        watch_out_for=(
            "Without childcare there is no group. When the childminders were away for a month, attendance fell by two thirds. Budget for childcare first.",
            "Some husbands and relatives were suspicious at first. Inviting the families to the last lesson, a short ride together through the park, did more than any explanation.",
        ),
        contact="Women's group facilitator, Kyklos community centre — women@kyklos.example.org",
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
        cost_effort=(
            "The budget itself is €1 million a round, shared between the six districts. Running the process costs about €150,000 more: district staff who help to write up proposals, information in eight languages, and voting points in the libraries.",
            "Three people in the civic participation office work on it for most of the year. A round, from the first proposals to the vote, takes about eight months.",
        ),
        watch_out_for=(
            "Opening the vote is not enough. In the first open round very few residents without citizenship voted: the information was only in Italian, and voting online required a digital identity many of them did not have. Voting in libraries with a residence permit as identification changed that.",
            "Proposals from newcomers often need more help to meet the technical rules. Budget staff time for it, or good ideas will be rejected on form.",
        ),
        contact="Civic participation office, City of Bologna — partecipazione@bologna.example.org",
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
        cost_effort=(
            "The costs are small: about €1,500 a year to buy each book in two languages, and a €50 book voucher to thank each parent who reads. A librarian spends half a day preparing each session with the parent.",
            "Sessions run once a month in three libraries.",
        ),
        watch_out_for=(
            "Picture books can be hard to find in less widely spoken languages. Ask families early: several parents brought books from home or had relatives send them from abroad.",
            "Reading aloud in public is intimidating. Parents who rehearsed once with the librarian were more confident, and more likely to read again.",
        ),
        contact="Children's services, Bologna City Libraries — biblioteche@bologna.example.org",
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
        cost_effort=(
            "The mentors are volunteers, so the main cost is coordination: a part-time coordinator at the association, paid by the education department, about €25,000 a year, plus a day of training and insurance for the mentors.",
            "Mentors give about two hours every two weeks for a school year, and more in the weeks when pupils choose their upper-secondary course.",
        ),
        watch_out_for=(
            "Some mentors arrived with fixed ideas about what pupils 'like these' should aim for. The training on bias is not optional, and the coordinator checks in with every pair after the first month.",
            "Involve parents from the start. Where they were not told in time, some were suspicious of an unknown adult advising their child.",
        ),
        contact="Mentoring coordinator, Education Department, City of Bologna — mentoring@bologna.example.org",
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
        cost_effort=(
            "The council costs the city about 120,000 złoty a year: the elections, interpretation at meetings, and a small allowance for members' travel and childcare. One officer in the social development department works on it half-time.",
            "Members give a few hours a month, and each council sits for two years.",
        ),
        watch_out_for=(
            "The first election drew few voters, and one nationality won most of the seats. Campaign through associations, workplaces and places of worship, and give candidates a chance to present themselves in several languages.",
            "A council consulted too late becomes a rubber stamp. Agree with each department at which stage of a draft it will ask the council, and report back what became of its advice.",
        ),
        contact="Immigrants' Council secretariat, Social Development Department, City of Gdańsk — rada@gdansk.example.org",
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
        cost_effort=(
            "The city paid for the mediator, about 9,000 złoty for three evenings and their preparation, and for the interpreters, about 3,000 złoty. The cooperative provided the hall, the tea and cakes, and printed the rules in three languages.",
            "Preparation took about six weeks, most of it spent inviting tenants door to door.",
        ),
        watch_out_for=(
            "The loudest tenants came to the first evening ready to complain about their neighbours. The mediator began by asking what each person needs to feel at home, and kept complaints for later; without that, the evening would have become a trial.",
            "Invite people in person. Notices in the stairwell reached almost nobody; knocking on doors with an interpreter brought tenants from every entrance.",
        ),
        contact="Neighbourhood mediation, Social Development Department, City of Gdańsk — mediacje@gdansk.example.org",
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
        cost_effort=(
            "The desk is staffed from existing posts: two full-time equivalents, shared between five departments. Training the welcome ambassadors took five days, and the telephone interpreting service costs about 60,000 złoty a year.",
            "Setting it up took a year, most of it spent agreeing on one list of the documents each department requires.",
        ),
        watch_out_for=(
            "A welcome desk only helps if the offices behind it agree. At first, the desk gave advice that another department then contradicted. A shared checklist, dated and kept up to date by each department, solved that.",
            "Put the desk where people can see it is separate. It was first placed next to the registration office, and people thought it was part of the same queue.",
        ),
        contact="Welcome desk, City Hall, City of Gdańsk — welcome@gdansk.example.org",
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
        cost_effort=(
            "A course for 25 agents costs about €2,000, including trainers and materials, and the intercultural affairs office runs four courses a year. A researcher at the university updates the fact sheets every year, for about €4,000.",
            "The agents are volunteers. The course asks 12 hours of them; after that they give as much time as they like.",
        ),
        watch_out_for=(
            "Facts alone rarely change minds, and can make people defensive. The first courses were full of statistics, and the agents came back saying that nobody wants to hear figures at the bar. Half of the course is now about listening and asking questions.",
            "Agents need somewhere to bring the hard conversations. A monthly meeting where they share what went wrong keeps them going.",
        ),
        contact="Anti-rumour strategy, Office for Intercultural Affairs, City of Valencia — antirumores@valencia.example.org",
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
        cost_effort=(
            "Two mediators, employed half-time by the tenants' union with a grant from the city, cost about €45,000 a year. The telephone line is open three mornings a week.",
            "The estate agents' association gave its time to write the code of conduct, over four meetings.",
        ),
        watch_out_for=(
            "Discrimination is hard to prove. Tenants who wrote down the date, the name of the person and what was said had far better chances, so everyone who calls now gets a card explaining what to note.",
            "Some agencies saw the service as an attack. Signing the code of conduct with their association, and naming the agencies that keep it, did more than the fines.",
        ),
        contact="Housing mediation service, Office for Intercultural Affairs, City of Valencia — mediacion@valencia.example.org",
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
        cost_effort=(
            "The city gives each committee €2,000 a year towards the open evening, interpretation and materials for new members. A community worker from the intercultural affairs office spends about a day a week with the committees in autumn and spring.",
            "Everything else is the work of the committees' own volunteers, who already spend months on the festival. The first newcomers only joined in the second year: it takes patience.",
        ),
        watch_out_for=(
            "At first newcomers were given the least interesting jobs: sweeping up and carrying chairs. Those who were asked to play in the band or cook the paella came back the next year; those who only carried chairs did not.",
            "Festival committees have their own traditions and hierarchies. Work with the committee presidents first and let them do the inviting; a city that tries to impose quotas makes enemies.",
        ),
        contact="Community worker for the festivals, Office for Intercultural Affairs, City of Valencia — fiestas@valencia.example.org",
        translations={
            "sv": {
                "title": "Kvartersfester som ordnas tillsammans med nyanlända",
                "summary": "Kommittéerna som ordnar kvartersfesterna bjuder in nyanlända att bygga, laga mat och spela musik tillsammans med dem, inte bara att titta på.",
                "image_alt": "Illustration: marknadsstånd med randiga markiser och korgar med frukt.",
                "problem": (
                    "Kommittéerna som ordnar kvartersfesterna blev allt äldre och bestod nästan bara av familjer som bott länge i området. De nyanlända såg festen från trottoaren.",
                ),
                "approach": (
                    "Med stöd från staden har kommittéerna en öppen kväll på hösten där nyanlända kan ta på sig en uppgift: bygga monumentet, laga paellan, spela i orkestern.",
                ),
                "who_was_involved": (
                    "Fem festkommittéer, områdesföreningar och kontoret för interkulturella frågor.",
                ),
                "results": (
                    "Omkring 90 nyanlända har gått med i kommittéerna på tre år, och en kommitté har valt sin första ordförande som är född utanför Spanien.",
                ),
                "cost_effort": (
                    "Staden ger varje kommitté 2 000 euro om året till den öppna kvällen, tolkning och material för nya medlemmar. En samhällsarbetare från kontoret för interkulturella frågor ägnar ungefär en dag i veckan åt kommittéerna under hösten och våren.",
                    "Allt annat är kommittéernas egna volontärers arbete, och de lägger redan månader på festen. De första nyanlända gick med först det andra året: det kräver tålamod.",
                ),
                "watch_out_for": (
                    "I början fick de nyanlända de minst intressanta uppgifterna: att sopa och bära stolar. De som blev tillfrågade att spela i orkestern eller laga paellan kom tillbaka året därpå, de som bara bar stolar gjorde det inte.",
                    "Festkommittéerna har sina egna traditioner och hierarkier. Arbeta först med kommittéernas ordförande och låt dem stå för inbjudningarna. En stad som försöker införa kvoter skaffar sig fiender.",
                ),
                "resources": (),
                "contact": "Samhällsarbetare för festerna, kontoret för interkulturella frågor, Valencias stad — fiestas@valencia.example.org",
            },
            "ar": {
                "title": "احتفالات الأحياء بتنظيم مشترك مع القادمين الجدد",
                "summary": "تدعو لجان احتفالات الأحياء القادمين الجدد إلى أن يبنوا ويطبخوا ويعزفوا الموسيقى معها، لا أن يكتفوا بالمشاهدة.",
                "image_alt": "رسم توضيحي: أكشاك سوق بمظلات مخططة وسلال من الفاكهة.",
                "problem": (
                    "كانت لجان احتفالات الأحياء تتقدم في السن، وتكاد تقتصر على العائلات المقيمة منذ زمن طويل. أما القادمون الجدد فكانوا يتفرجون على الاحتفال من الرصيف.",
                ),
                "approach": (
                    "تنظّم اللجان، بدعم من المدينة، أمسية مفتوحة في الخريف يستطيع فيها القادمون الجدد أن يتولّوا مهمة: بناء المجسّم، أو طبخ الباييلا، أو العزف في الفرقة.",
                ),
                "who_was_involved": (
                    "خمس لجان للاحتفالات، وجمعيات الأحياء، ومكتب شؤون الحوار بين الثقافات.",
                ),
                "results": (
                    "انضم نحو 90 من القادمين الجدد إلى اللجان خلال ثلاث سنوات، وانتخبت إحدى اللجان أول رئيس لها وُلد خارج إسبانيا.",
                ),
                "cost_effort": (
                    "تمنح المدينة كل لجنة 2000 يورو سنويًا للأمسية المفتوحة والترجمة الشفهية ولوازم الأعضاء الجدد. ويقضي عامل مجتمعي من مكتب شؤون الحوار بين الثقافات نحو يوم في الأسبوع مع اللجان في الخريف والربيع.",
                    "وكل ما عدا ذلك من عمل متطوعي اللجان أنفسهم، وهم يقضون أصلًا شهورًا في التحضير للاحتفال. ولم ينضم أول القادمين الجدد إلا في السنة الثانية، فالأمر يحتاج إلى صبر.",
                ),
                "watch_out_for": (
                    "في البداية أُسندت إلى القادمين الجدد أقل المهام إثارة للاهتمام: الكنس وحمل الكراسي. ومن دُعي منهم إلى العزف في الفرقة أو طبخ الباييلا عاد في السنة التالية، أما من اقتصر دوره على حمل الكراسي فلم يعد.",
                    "للجان الاحتفالات تقاليدها وتراتبيتها الخاصة. اعملوا أولًا مع رؤساء اللجان، واتركوا لهم توجيه الدعوات؛ فالمدينة التي تحاول فرض حصص تصنع لنفسها خصومًا.",
                ),
                "resources": (),
                "contact": "العمل المجتمعي للاحتفالات، مكتب شؤون الحوار بين الثقافات، مدينة فالنسيا — fiestas@valencia.example.org",
            },
        },
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
        cost_effort=(
            "A two-day workshop for a class of up to 20 apprentices costs about €1,800 for the two trainers, paid by the federal programme for democracy and the city. Schools give two days of lesson time and a teacher who takes part on both days.",
            "Collecting and anonymising the chat messages takes the trainers about a day per class.",
        ),
        watch_out_for=(
            "Real messages are powerful material, and risky. Once a message was recognised by its style, and the class turned on the apprentice who had written it. The trainers now rewrite every message before it is shown.",
            "A teacher who leaves the room misses the point. Where the teacher took part, the class kept using the responses they had practised; where not, the workshop was soon forgotten.",
        ),
        contact="Democracy education, Office for Migration and Integration, City of Leipzig — workshops@leipzig.example.org",
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
        cost_effort=(
            "Interpretation costs about €150 a question, including preparation. With around 25 questions a year, that is under €4,000. Neighbourhood centre staff spend two to three hours helping each resident prepare.",
        ),
        watch_out_for=(
            "Questions must be registered two weeks in advance, and at first that rule kept most residents out. Neighbourhood centres now help with the registration as soon as a resident mentions an issue.",
            "Councillors sometimes answer with a long speech that no interpreter can follow. Ask the chair to remind them to answer briefly and in plain language.",
        ),
        contact="Citizens' hour, Council Office, City of Leipzig — buergerstunde@leipzig.example.org",
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
        cost_effort=(
            "The city pays the shop's rent, €900 a month, and paid €12,000 once to fit out the kitchen. Donations cover the food, usually between €150 and €250 an evening.",
            "A social worker from the neighbourhood centre spends a day a week on the kitchen, and two or three volunteers help each Thursday. It took eight months from finding the shop to serving the first meal.",
        ),
        watch_out_for=(
            "A kitchen open to the street needs the approval of the food inspection office and a named person responsible for hygiene every evening. The approval took four months: start before you sign the lease.",
            "Donations vary a great deal, and some evenings did not cover the shopping. A small reserve from the city, and a suggested amount that nobody is obliged to pay, keep the kitchen open to people with little money.",
        ),
        contact="Neighbourhood kitchen, Office for Migration and Integration, City of Leipzig — kueche@leipzig.example.org",
        translations={
            "sv": {
                "title": "Ett kvarterskök i en butikslokal",
                "summary": "En tom butik på en livlig gata blev ett kök där vem som helst kan laga mat åt grannarna en kväll i veckan.",
                "image_alt": "Illustration: ett långt bord sett ovanifrån, med tallrikar och människor på båda sidor.",
                "problem": (
                    "Gatan är känd i hela staden för sina många nationaliteter, och i lokalpressen för sin brottslighet. De boende ville ha en plats som visade gatan så som de själva känner den.",
                ),
                "approach": (
                    "Staden hyr en tom butikslokal och ett kvarterscenter driver den. Varje torsdag lagar en ny invånare maten, och måltiderna betalas med en frivillig gåva.",
                ),
                "who_was_involved": (
                    "Ett kvarterscenter, kontoret för migration och integration, och invånarna som lagar maten.",
                ),
                "results": (
                    "Hittills har över 120 invånare lagat mat. Köket har uppmärksammats i lokalpressen, den här gången för maten.",
                ),
                "cost_effort": (
                    "Staden betalar hyran för lokalen, 900 euro i månaden, och betalade en gång 12 000 euro för att inreda köket. Gåvorna täcker maten, oftast mellan 150 och 250 euro per kväll.",
                    "En socialarbetare från kvarterscentret lägger en dag i veckan på köket, och två eller tre volontärer hjälper till varje torsdag. Det tog åtta månader från det att lokalen hittades till den första måltiden.",
                ),
                "watch_out_for": (
                    "Ett kök som är öppet mot gatan måste godkännas av livsmedelstillsynen, och varje kväll måste en namngiven person ansvara för hygienen. Godkännandet tog fyra månader, så börja innan ni skriver på hyreskontraktet.",
                    "Gåvorna varierar mycket, och vissa kvällar räckte de inte till inköpen. En liten reserv från staden och ett föreslaget belopp som ingen är skyldig att betala gör att köket kan vara öppet även för den som har ont om pengar.",
                ),
                "resources": (),
                "contact": "Kvartersköket, kontoret för migration och integration, Leipzigs stad — kueche@leipzig.example.org",
            },
            "ar": {
                "title": "مطبخ للحي في واجهة متجر",
                "summary": "تحوّل متجر فارغ في شارع مزدحم إلى مطبخ يستطيع فيه أي شخص أن يطبخ لأهل الحي مساء يوم واحد في الأسبوع.",
                "image_alt": "رسم توضيحي: طاولة طويلة من الأعلى، عليها أطباق ويجلس الناس على جانبيها.",
                "problem": (
                    "يشتهر الشارع في المدينة كلها بتعدد جنسيات سكانه، وفي الصحافة المحلية بالجريمة. وأراد السكان مكانًا يُظهر الشارع كما يعرفونه هم.",
                ),
                "approach": (
                    "تستأجر المدينة متجرًا فارغًا ويديره مركز للحي. وفي كل يوم خميس يطبخ أحد السكان، ويدفع الضيوف ثمن الوجبات بتبرّع حرّ.",
                ),
                "who_was_involved": ("مركز للحي، ومكتب الهجرة والاندماج، والسكان الذين يطبخون.",),
                "results": (
                    "طبخ فيه حتى الآن أكثر من 120 من السكان. وتحدثت الصحافة المحلية عن المطبخ، وهذه المرة بسبب طعامه.",
                ),
                "cost_effort": (
                    "تدفع المدينة إيجار المتجر، وهو 900 يورو شهريًا، ودفعت مرة واحدة 12 ألف يورو لتجهيز المطبخ. أما الطعام فتغطيه التبرعات، وتتراوح عادة بين 150 و250 يورو في الأمسية.",
                    "يخصّص أحد العاملين الاجتماعيين في مركز الحي يومًا في الأسبوع للمطبخ، ويساعد اثنان أو ثلاثة من المتطوعين في كل يوم خميس. ومرّت ثمانية أشهر بين العثور على المتجر وتقديم الوجبة الأولى.",
                ),
                "watch_out_for": (
                    "يحتاج المطبخ المفتوح على الشارع إلى موافقة دائرة الرقابة على الأغذية، وإلى شخص محدد بالاسم يتولى مسؤولية النظافة في كل أمسية. استغرق الحصول على الموافقة أربعة أشهر، فابدؤوا الإجراءات قبل توقيع عقد الإيجار.",
                    "تتفاوت التبرعات كثيرًا، ولم تكفِ في بعض الأمسيات لتغطية المشتريات. ويبقي احتياطيّ صغير من المدينة، ومبلغ مقترح لا يُلزَم أحد بدفعه، المطبخَ مفتوحًا لمن لا يملكون إلا القليل من المال.",
                ),
                "resources": (),
                "contact": "مطبخ الحي، مكتب الهجرة والاندماج، مدينة لايبزيغ — kueche@leipzig.example.org",
            },
        },
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


def ensure_practices(partners, themes, images, locales) -> dict[str, PracticePage]:
    """Every practice, in its city's practices section, with the translations written for it:
    ``{slug: original page}``."""
    practices = {}
    for practice in PRACTICES:
        section = partners[practice.city].practices
        language = section.locale.language_code
        fields = {
            **practice.page_fields(),
            "themes": [themes[slug][language] for slug in practice.themes],
        }
        if practice.image:
            fields.update(image=images[practice.image], image_alt=practice.image_alt)
        page, created = get_or_create_child(section, PracticePage, practice.slug, **fields)
        if not created:
            complete_structure(page, practice)
        for code, translated in practice.translations.items():
            strings = translation_strings(practice.text(), translated)
            ensure_translation(page, locales[code], strings)
        practices[practice.slug] = page
    return practices


def complete_structure(page: PracticePage, practice: Practice) -> None:
    """A practice seeded before the handbook asked for cost and effort, what to watch out for
    and a contact gets them now, in a new published revision (once: they are then filled)."""
    if page.cost_effort and page.watch_out_for:
        return
    fields = practice.page_fields()
    for name in ("cost_effort", "watch_out_for", "contact"):
        if not getattr(page, name):
            setattr(page, name, fields[name])
    publish(page)


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
