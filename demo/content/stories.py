"""Citizen stories: first-person accounts from every partner city, invented for the demo.

Most are written in English; some were told in Swedish, Greek, Italian or Arabic and are
published in that language's tree. Three English stories are translated into Swedish and Arabic.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from demo.builders import Figure, Quote, body, ensure_translation, get_or_create_child, pair_strings
from stories.models import StoryIndexPage, StoryPage


@dataclass(frozen=True)
class Story:
    city: str
    slug: str
    days_ago: int
    themes: tuple[str, ...]
    image: str
    text: dict  # {"title", "image_alt", "lead", "body"}
    language: str = "en"
    teller: str = ""
    translations: dict = field(default_factory=dict)  # language: same shape as ``text``


STORIES = [
    # Malmö ------------------------------------------------------------------------------
    Story(
        city="malmo",
        slug="sprakcafet-dar-ingen-ar-larare",
        language="sv",
        teller="Nadia",
        days_ago=35,
        themes=("intercultural-dialogue", "integration"),
        image="speech-bubbles",
        text={
            "title": "Språkcafét där ingen är lärare",
            "image_alt": "Illustration: tre färgglada pratbubblor som svarar varandra.",
            "lead": "Jag kom till Malmö för tre år sedan och hade klarat SFI med bra betyg. Ändå vågade jag inte säga något på bussen. Det var på språkcafét på biblioteket som jag började prata på riktigt.",
            "body": [
                "Första kvällen satt jag vid ett bord med en pensionerad busschaufför, en ingenjör från Eritrea och en tjej från Polen som pluggade på universitetet. Temat på kortet var ”väder”. Vi pratade i en timme om snö, och ingen rättade mig en enda gång.",
                "Det är det som är hemligheten, tror jag. Ingen är lärare. Alla är där för att prata, och svenskarna som kommer vill lika gärna lära sig något om oss som vi vill lära oss svenska.",
                Quote(
                    "På språkcafét fick jag vara Nadia som tycker om att laga mat och diskutera politik, inte bara ”en nyanländ”.",
                    "Nadia",
                ),
                "Nu är jag själv volontär två torsdagar i månaden. Jag sitter vid bordet med temat ”arbete”, eftersom jag vet hur svårt det är att förklara sitt yrke på ett nytt språk. Jag var farmaceut i Damaskus, och nästa år hoppas jag få min legitimation här.",
            ],
        },
    ),
    Story(
        city="malmo",
        slug="laxhjalpen-blev-mitt-andra-vardagsrum",
        language="sv",
        teller="Yusuf",
        days_ago=160,
        themes=("integration", "participation"),
        image="bookshelves",
        text={
            "title": "Läxhjälpen blev mitt andra vardagsrum",
            "image_alt": "Illustration: bokhyllor fulla med böcker i olika färger.",
            "lead": "När jag gick i sjuan förstod jag inte hälften av orden i SO-boken. Nu är jag arton och jobbar själv som läxhjälpare på samma bibliotek.",
            "body": [
                "Mina föräldrar ville hjälpa mig, men de läste inte svenska då. Pappa satt bredvid mig vid köksbordet och tittade på boken, och jag såg att han skämdes. Det var värst.",
                "En kompis tog med mig till läxhjälpen på biblioteket. Där satt gymnasieelever som förklarade på svenska och arabiska, och de hade själva varit i samma situation. De skrattade inte när jag frågade vad ”demokratiskt underskott” betyder.",
                Figure(
                    "bookshelves",
                    "Illustration: bokhyllor fulla med böcker i olika färger.",
                    "Läxhjälpen håller till i bibliotekets studierum tre eftermiddagar i veckan.",
                ),
                "I dag får jag betalt för att göra samma sak. Det är mitt första jobb. Ibland kommer en liten kille som inte säger någonting på hela eftermiddagen, och sedan frågar han något precis innan vi stänger. Då vet jag att han kommer tillbaka.",
            ],
        },
    ),
    Story(
        city="malmo",
        slug="saturday-football-in-rosengard",
        teller="Samir",
        days_ago=70,
        themes=("intercultural-dialogue", "anti-stigma"),
        image="football",
        text={
            "title": "Saturday football in Rosengård",
            "image_alt": "Illustration: a football pitch seen from above, with players in different shirts.",
            "lead": "I am fifteen and I play in a team with boys from three different schools. At first we did not pass the ball to each other. Now we are the best team in the league.",
            "body": [
                "Before, my club only had boys from my area. When we played teams from other parts of the city, the parents on the other side sometimes shouted things about where we come from. We shouted back. It was not really football.",
                "Then the club mixed the teams. Our coach, Jonas, said the first rule is simple: if anyone says something racist, the game stops, and we talk about it. Even if we are winning.",
                Quote(
                    "He stopped a final once, in the second half. We were angry with him then. Now I think it was the most important thing a coach ever did for us.",
                    "Samir",
                ),
                "My best friend in the team lives on the other side of the city. His mother drives us both to away matches, and my mother makes food for the whole team after. That never happened before.",
            ],
        },
        translations={
            "sv": {
                "title": "Lördagsfotboll i Rosengård",
                "image_alt": "Illustration: en fotbollsplan sedd ovanifrån, med spelare i olika tröjor.",
                "lead": "Jag är femton och spelar i ett lag med killar från tre olika skolor. I början passade vi inte bollen till varandra. Nu är vi bäst i serien.",
                "body": [
                    "Förut hade min klubb bara killar från mitt område. När vi mötte lag från andra delar av stan skrek föräldrarna på andra sidan ibland saker om var vi kommer ifrån. Vi skrek tillbaka. Det var inte riktigt fotboll.",
                    "Sedan blandade klubben lagen. Vår tränare Jonas sa att första regeln är enkel: om någon säger något rasistiskt stoppas matchen och vi pratar om det. Även om vi leder.",
                    Quote(
                        "Han stoppade en final en gång, i andra halvlek. Vi var arga på honom då. Nu tror jag att det var det viktigaste en tränare någonsin har gjort för oss.",
                        "Samir",
                    ),
                    "Min bästa kompis i laget bor på andra sidan stan. Hans mamma kör oss båda till bortamatcherna, och min mamma lagar mat till hela laget efteråt. Det hände aldrig förut.",
                ],
            },
            "ar": {
                "title": "كرة القدم يوم السبت في روسنغورد",
                "image_alt": "رسم توضيحي: ملعب كرة قدم من الأعلى، ولاعبون بقمصان مختلفة.",
                "lead": "عمري خمسة عشر عامًا، وألعب في فريق يضم أولادًا من ثلاث مدارس مختلفة. في البداية لم نكن نمرّر الكرة لبعضنا. أما الآن فنحن أفضل فريق في الدوري.",
                "body": [
                    "في السابق لم يكن في نادينا إلا أولاد من حيّنا. وعندما كنا نلعب ضد فرق من أحياء أخرى في المدينة، كان بعض الأهالي على الجانب الآخر يصرخون بكلام عن أصولنا. وكنا نصرخ بدورنا. لم تكن تلك كرة قدم حقًا.",
                    "ثم قرر النادي أن يخلط الفرق. قال مدربنا يوناس إن القاعدة الأولى بسيطة: إذا قال أحد شيئًا عنصريًا تتوقف المباراة ونتحدث عما حدث. حتى لو كنا فائزين.",
                    Quote(
                        "أوقف مرة مباراة نهائية في الشوط الثاني. غضبنا منه يومها. أما الآن فأظن أن ذلك أهم ما فعله مدرب من أجلنا.",
                        "سمير",
                    ),
                    "أعزّ أصدقائي في الفريق يسكن في الطرف الآخر من المدينة. أمّه توصلنا نحن الاثنين إلى المباريات خارج أرضنا، وأمي تطبخ للفريق كله بعدها. لم يحدث شيء كهذا من قبل.",
                ],
            },
        },
    ),
    Story(
        city="malmo",
        slug="a-bench-and-a-say",
        teller="Birgitta",
        days_ago=400,
        themes=("participation", "citizenship"),
        image="houses",
        text={
            "title": "A bench, and a say in where it goes",
            "image_alt": "Illustration: a row of small colourful houses with gardens under a blue sky.",
            "lead": "I have lived on the same street for 41 years. Last spring, for the first time, the city asked me what the street needs. And it asked my neighbours too, in five languages.",
            "body": [
                "The city's planners organised a walk around the block on a Saturday morning. There were about thirty of us: pensioners like me, young mothers with prams, a group of teenagers who mostly wanted a place to sit in the evening without being moved on.",
                "Each of us got a map and stickers: green for what works, red for what does not. A woman from Somalia put a red sticker on the path to the school, which has no lighting. I had walked it for forty years and never noticed, because I do not walk it in the dark in December.",
                Quote("I thought I knew my street. I knew my half of it.", "Birgitta"),
                "The path has lights now, and there are three new benches. The teenagers chose where one of them should go. I sit on it sometimes in the afternoon, before it is theirs.",
            ],
        },
    ),
    # Athens -----------------------------------------------------------------------------
    Story(
        city="athens",
        slug="i-kouzina-tis-geitonias",
        language="el",
        teller="Βούλα",
        days_ago=90,
        themes=("intercultural-dialogue", "integration"),
        image="long-table",
        text={
            "title": "Η κουζίνα της γειτονιάς",
            "image_alt": "Εικονογράφηση: ένα μακρύ τραπέζι από ψηλά, με πιάτα και ανθρώπους καθισμένους και στις δύο πλευρές.",
            "lead": "Είμαι εβδομήντα δύο χρονών και μένω στην Κυψέλη από το 1978. Κάθε Τετάρτη μαγειρεύω στον Κύκλο με γυναίκες από το Αφγανιστάν, τη Συρία και τη Νιγηρία. Στην αρχή πήγα από περιέργεια.",
            "body": [
                "Η γειτονιά άλλαξε πολύ. Για χρόνια έβλεπα τους καινούργιους γείτονες στο πεζοδρόμιο και δεν ήξερα ούτε το όνομά τους. Μια μέρα η κόρη μου μού είπε: «Μαμά, αφού σου αρέσει να μαγειρεύεις, πήγαινε να δεις.»",
                "Την πρώτη φορά μαγειρέψαμε γεμιστά με τη Ζαχρά. Εκείνη έβαλε μέσα κάτι μπαχαρικά που δεν ήξερα, εγώ της έδειξα πώς κόβουμε το καπάκι της ντομάτας. Δεν μιλούσαμε την ίδια γλώσσα, αλλά στην κουζίνα δεν χρειάζεται.",
                Figure(
                    "long-table",
                    "Εικονογράφηση: ένα μακρύ τραπέζι με πιάτα και ανθρώπους γύρω του.",
                    "Κάθε Τετάρτη στρώνεται ένα τραπέζι για σαράντα άτομα.",
                ),
                Quote(
                    "Στο τραπέζι δεν υπάρχουν «ντόπιοι» και «ξένοι». Υπάρχουν αυτοί που μαγείρεψαν και αυτοί που θα πλύνουν τα πιάτα.",
                    "Βούλα",
                ),
                "Τώρα η Ζαχρά με φωνάζει «γιαγιά». Τα παιδιά της έρχονται στο σπίτι μου να διαβάσουν τα μαθήματά τους, κι εγώ έμαθα να φτιάχνω μπολανί.",
            ],
        },
    ),
    Story(
        city="athens",
        slug="den-eimai-o-metanastis-tis-polykatoikias",
        language="el",
        days_ago=250,
        themes=("anti-stigma", "anti-racism"),
        image="people",
        text={
            "title": "Δεν είμαι «ο μετανάστης» της πολυκατοικίας",
            "image_alt": "Εικονογράφηση: άνθρωποι διαφορετικών χρωμάτων και μεγεθών στέκονται δίπλα δίπλα.",
            "lead": "Ζω στην Αθήνα δώδεκα χρόνια, δουλεύω, πληρώνω φόρους, τα παιδιά μου μιλούν ελληνικά καλύτερα από μένα. Κι όμως, για μερικούς γείτονες είμαι ακόμα «ο μετανάστης του τρίτου».",
            "body": [
                "Όταν χάλασε ο ανελκυστήρας, στη γενική συνέλευση κάποιος είπε ότι φταίνε «αυτοί που φέρνουν πολύ κόσμο». Όλοι κατάλαβαν ποιον εννοούσε. Κανείς δεν είπε τίποτα, ούτε εγώ.",
                "Στον Κύκλο έκανα ένα εργαστήριο για το πώς απαντάμε σε τέτοιες κουβέντες χωρίς να γίνει καβγάς. Μάθαμε να ρωτάμε: «Τι ακριβώς εννοείς;» Συχνά ο άλλος δεν ξέρει τι να πει.",
                "Στην επόμενη συνέλευση ρώτησα ακριβώς αυτό. Έγινε σιωπή. Μετά η κυρία από τον πρώτο είπε ότι ο ανελκυστήρας είναι τριάντα χρονών και ότι πρέπει να μαζέψουμε χρήματα για καινούργιο. Την άλλη μέρα μού χτύπησε την πόρτα και μου έφερε γλυκό του κουταλιού.",
                Quote("Δεν ζητάω να με αγαπούν όλοι. Ζητάω να με λένε με το όνομά μου."),
            ],
        },
    ),
    Story(
        city="athens",
        slug="a-lawyer-on-tuesday-evenings",
        teller="Dimitris",
        days_ago=560,
        themes=("citizenship", "integration"),
        image="city-dawn",
        text={
            "title": "A lawyer on Tuesday evenings",
            "image_alt": "Illustration: a city skyline in silhouette against an orange dawn sky.",
            "lead": "I spend my days on commercial contracts. On Tuesday evenings I sit at a folding table in Kypseli and answer questions about residence permits. It is the most useful work I do.",
            "body": [
                "The questions are rarely complicated. Can my employer keep my passport? (No.) Can the landlord raise the rent because I am a foreigner? (No.) Do I renew my permit before it expires, or after? (Before, and start three months ahead.)",
                "What shocked me at first was how much people had paid to get these answers elsewhere. One man had given 300 euros to an 'agent' for a form that is free at the municipality.",
                Quote(
                    "Knowing your rights is the first step to being a citizen of a place, whatever your papers say.",
                    "Dimitris",
                ),
                "We have turned the twenty most common questions into leaflets in six languages. They are on a shelf by the door, and people take them for their cousins and neighbours. I like to think some of them never need to come to my table.",
            ],
        },
    ),
    Story(
        city="athens",
        slug="we-learnt-to-ride-bicycles",
        teller="Farida",
        days_ago=300,
        themes=("integration", "participation"),
        image="hills",
        text={
            "title": "We learnt to ride bicycles, then we learnt to talk",
            "image_alt": "Illustration: layered pink and violet hills under a pale setting sun.",
            "lead": "In Afghanistan I never rode a bicycle. At thirty-four, in a park in Athens, with eleven other women and a lot of laughing, I did.",
            "body": [
                "The women's group at the centre started with cycling because nobody would come to a meeting called 'women's empowerment'. A bicycle lesson, with someone looking after the children, everybody understood.",
                "We fell off many times. We held each other's saddles. After the lessons we sat on the grass and talked, first about the bicycles, then about our children's schools, our husbands, our work, our health.",
                "Now the group meets every Thursday. Last month we invited the nurse from the municipal health centre and asked her all the questions we had been too shy to ask alone. Next month it is the school director's turn.",
            ],
        },
    ),
    # Bologna ----------------------------------------------------------------------------
    Story(
        city="bologna",
        slug="ho-votato-anchio-il-bilancio-partecipativo",
        language="it",
        teller="Fatou",
        days_ago=130,
        themes=("participation", "citizenship"),
        image="mosaic",
        text={
            "title": "Ho votato anch'io il bilancio partecipativo",
            "image_alt": "Illustrazione: un mosaico di quadrati, cerchi e quarti di cerchio in colori caldi.",
            "lead": "Vivo a Bologna da nove anni e non ho mai potuto votare. L'anno scorso, per la prima volta, ho scelto come spendere una parte dei soldi del mio quartiere.",
            "body": [
                "Il bilancio partecipativo è aperto a tutti i residenti dai sedici anni in su, anche senza cittadinanza italiana. Lo ha scoperto mia figlia a scuola e me lo ha raccontato a cena, tutta emozionata.",
                "Con altre mamme del cortile abbiamo proposto una zona giochi coperta, perché d'inverno i bambini non hanno dove andare dopo la scuola. Le operatrici del Quartiere ci hanno aiutato a scrivere la proposta in un italiano più formale del mio.",
                Quote(
                    "Quando hanno letto i risultati e la nostra proposta era tra quelle finanziate, mi sono sentita bolognese per davvero.",
                    "Fatou",
                ),
                "I lavori cominciano in primavera. Ho già detto alle altre mamme che al prossimo giro presentiamo un'altra idea: una panchina sotto ogni albero del viale.",
            ],
        },
    ),
    Story(
        city="bologna",
        slug="una-biblioteca-in-dodici-lingue",
        language="it",
        teller="Giulia",
        days_ago=470,
        themes=("intercultural-dialogue", "anti-stigma"),
        image="bookshelves",
        text={
            "title": "Una biblioteca dove si legge in dodici lingue",
            "image_alt": "Illustrazione: scaffali di legno pieni di libri dai dorsi colorati.",
            "lead": "Faccio la bibliotecaria da vent'anni. Il pomeriggio in cui una mamma ha letto un albo illustrato in tigrino, e io lo rileggevo pagina per pagina in italiano, qualcosa è cambiato nella mia biblioteca.",
            "body": [
                "Molti bambini della zona parlano a casa un'altra lingua, ma a scuola la nascondono. Volevamo che la sentissero pronunciare ad alta voce in un luogo pubblico, con rispetto.",
                "Così una volta al mese un genitore legge un albo illustrato nella sua lingua e noi leggiamo la versione italiana. Compriamo il libro in tutte e due le lingue, e resta sugli scaffali.",
                Figure(
                    "bookshelves",
                    "Illustrazione: scaffali pieni di libri colorati.",
                    "Lo scaffale dei libri in dodici lingue, accanto all'angolo lettura per i bambini.",
                ),
                "I bambini che di solito stanno zitti alzano la mano per tradurre una parola agli altri. I genitori che non entravano mai in biblioteca adesso hanno la tessera. Abbiamo letto in dodici lingue, e ci mancano ancora quelle di molti nostri lettori.",
            ],
        },
    ),
    Story(
        city="bologna",
        slug="what-a-retired-engineer-learnt",
        teller="Paolo",
        days_ago=200,
        themes=("integration",),
        image="classroom",
        text={
            "title": "What a retired engineer learnt from a sixteen-year-old",
            "image_alt": "Illustration: a blackboard and a row of pupils at their desks.",
            "lead": "I signed up as a mentor thinking I would teach a young person about the world of work. Ayoub taught me at least as much about a world I had stopped looking at.",
            "body": [
                "Ayoub was born in Bologna to Moroccan parents. His marks in mathematics were excellent, yet everyone assumed he would take a short vocational course. Nobody had told him the lyceum was an option for him.",
                "We met every two weeks in the school library. Mostly we talked. I told him about bridges I had designed; he told me about his little sisters, the jokes on the bus, the teacher who always mispronounced his name.",
                Quote(
                    "He never asked me for help. He asked me how things work. That is a different question, and a fair one.",
                    "Paolo",
                ),
                "He chose the scientific lyceum. On the training day, they warned us that mentors bring their own assumptions. I thought that did not apply to me. I was wrong, and I am glad a sixteen-year-old told me so, politely.",
            ],
        },
    ),
    Story(
        city="bologna",
        slug="learning-to-answer-back-online",
        days_ago=620,
        themes=("anti-racism",),
        image="circles",
        text={
            "title": "Learning to answer back online",
            "image_alt": "Abstract illustration: translucent blue and orange circles overlapping on a pale background.",
            "lead": "Under a video of my school's end-of-year show, someone wrote that girls like me should 'go home'. I was born in Bologna. I did not answer. After a workshop on hate speech, I know what I would say.",
            "body": [
                "The workshop was two mornings at school. The trainers showed us real comments and asked: who is this written for? Not for me, they said, but for the people reading it. That changed everything.",
                "We practised answers that do not feed the troll: facts, humour, or just a message of support to the person who was attacked. We also learnt how to report a comment and how to save evidence.",
                "Last month a classmate was targeted in a group chat. Five of us wrote to her privately, and two of us answered in the chat. The person who started it left the group. It was a small thing, and it felt enormous.",
            ],
        },
    ),
    # Gdańsk -----------------------------------------------------------------------------
    Story(
        city="gdansk",
        slug="from-kharkiv-to-gdansk-with-a-choir",
        teller="Olena",
        days_ago=680,
        themes=("intercultural-dialogue", "integration"),
        image="harbour",
        text={
            "title": "From Kharkiv to Gdańsk, with a choir",
            "image_alt": "Illustration: sailing boats with coloured sails in a harbour under the sun.",
            "lead": "When I arrived in Gdańsk with my daughter and two suitcases, I did not think I would sing again. Four months later I was singing Polish carols in a church in Oliwa.",
            "body": [
                "A neighbour in the building heard me humming on the stairs and invited me to her choir. I said I did not speak Polish. She said the choir sings in Latin most of the time, so nobody really does.",
                "The choir became my first Polish family. They found my daughter a school place, helped me fill in forms, and once brought soup for a week when I was ill.",
                Quote(
                    "In the choir I was not a refugee. I was the second soprano who always comes in too early.",
                    "Olena",
                ),
                "Now we also sing two Ukrainian songs in every concert. The audience does not understand the words, and it does not matter.",
            ],
        },
    ),
    Story(
        city="gdansk",
        slug="the-house-rules-we-wrote-together",
        teller="Krzysztof",
        days_ago=230,
        themes=("participation", "intercultural-dialogue"),
        image="houses",
        text={
            "title": "The house rules we wrote together",
            "image_alt": "Illustration: a row of small colourful houses under a blue sky.",
            "lead": "I have chaired our housing cooperative's board for eight years. Two years ago, almost every complaint I received was about 'the foreigners'. So we asked everyone to write the house rules again, together.",
            "body": [
                "The complaints were about noise in the courtyard, rubbish by the bins, prams in the stairwell. They were real problems, but the way people talked about them was poisoning the building.",
                "We held three evenings in the community room, with interpreters into Ukrainian and English. Everyone had to start by saying what they needed to feel at home. A retired teacher said silence after ten. A young father said a place for the pram.",
                Quote(
                    "When you write a rule together, you do not feel it is written against you.",
                    "Krzysztof",
                ),
                "The new rules passed unanimously. Complaints fell by half. And the courtyard committee, which has members from four countries, now organises a spring clean-up that ends with a barbecue.",
            ],
        },
        translations={
            "sv": {
                "title": "Ordningsreglerna vi skrev tillsammans",
                "image_alt": "Illustration: en rad små färgglada hus under en blå himmel.",
                "lead": "Jag har varit ordförande i vår bostadsförenings styrelse i åtta år. För två år sedan handlade nästan varje klagomål jag fick om ”utlänningarna”. Så vi bad alla att skriva om ordningsreglerna, tillsammans.",
                "body": [
                    "Klagomålen gällde oväsen på gården, sopor vid soptunnorna och barnvagnar i trapphuset. Det var verkliga problem, men sättet folk pratade om dem förgiftade stämningen i huset.",
                    "Vi höll tre kvällar i föreningslokalen, med tolkar till ukrainska och engelska. Alla fick börja med att säga vad de behövde för att känna sig hemma. En pensionerad lärare sa tystnad efter klockan tio. En ung pappa sa en plats för barnvagnen.",
                    Quote(
                        "När man skriver en regel tillsammans känns det inte som om den är skriven mot en.",
                        "Krzysztof",
                    ),
                    "De nya reglerna antogs enhälligt. Klagomålen halverades. Och gårdskommittén, som har medlemmar från fyra länder, ordnar nu en vårstädning som slutar med grillfest.",
                ],
            },
            "ar": {
                "title": "قواعد السكن التي كتبناها معًا",
                "image_alt": "رسم توضيحي: صف من البيوت الصغيرة الملوّنة تحت سماء زرقاء.",
                "lead": "أترأس مجلس إدارة تعاونيتنا السكنية منذ ثماني سنوات. قبل عامين كانت كل شكوى تقريبًا تصلني تتعلق بـ«الأجانب». فطلبنا من الجميع أن نعيد كتابة قواعد السكن معًا.",
                "body": [
                    "كانت الشكاوى عن الضجيج في الفناء، والقمامة قرب الحاويات، وعربات الأطفال على الدرج. كانت مشكلات حقيقية، لكن طريقة الحديث عنها كانت تسمّم أجواء المبنى.",
                    "عقدنا ثلاث أمسيات في قاعة الجمعية، مع مترجمين إلى الأوكرانية والإنجليزية. وكان على كل واحد أن يبدأ بقول ما يحتاجه ليشعر أنه في بيته. قال معلّم متقاعد: الهدوء بعد العاشرة. وقال أب شاب: مكان لعربة الطفل.",
                    Quote("حين نكتب قاعدة معًا، لا نشعر أنها كُتبت ضدنا.", "كشيشتوف"),
                    "أُقرّت القواعد الجديدة بالإجماع، وانخفضت الشكاوى إلى النصف. أما لجنة الفناء، وفيها أعضاء من أربعة بلدان، فتنظّم الآن حملة تنظيف ربيعية تنتهي بحفلة شواء.",
                ],
            },
        },
    ),
    Story(
        city="gdansk",
        slug="our-shop-is-on-your-street",
        teller="Minh",
        days_ago=480,
        themes=("anti-stigma",),
        image="market",
        text={
            "title": "Our shop is on your street",
            "image_alt": "Illustration: market stalls with striped awnings and baskets of fruit.",
            "lead": "My parents opened a small grocery in Wrzeszcz in 2004. For years, people called it 'the Vietnamese shop'. Since the street festival, many of them call it 'Minh's'.",
            "body": [
                "I grew up behind the counter. I heard everything: that we sell cheap things, that we do not pay taxes, that we send all our money home. My father just smiled and gave the children sweets.",
                "When the street organised its first neighbours' festival, the organisers asked us to run a stall. I was nervous. We made spring rolls and pierogi side by side, because my mother learnt to make pierogi from our neighbour twenty years ago.",
                Quote(
                    "People queued for my mother's pierogi. Some of them had been coming to our shop for ten years and had never asked her name.",
                    "Minh",
                ),
                "Now I sit on the Immigrants' Council. When someone says integration is a one-way street, I tell them about the pierogi.",
            ],
        },
    ),
    Story(
        city="gdansk",
        slug="why-i-became-a-welcome-ambassador",
        teller="Maria",
        days_ago=15,
        themes=("citizenship", "integration"),
        image="bridge",
        text={
            "title": "Why I became a welcome ambassador",
            "image_alt": "Illustration: a red arched bridge over a calm river in the morning.",
            "lead": "For twelve years I worked at the registration office and watched people come back three, four, five times with the wrong document. Now I sit at the welcome desk and try to make sure they only come once.",
            "body": [
                "We were trained together with colleagues from the schools department, social services and the labour office. For the first time I understood what they ask for, and why.",
                "The desk has a telephone interpreter in twelve languages. The first time I used it, with a Georgian grandmother who wanted to enrol her grandson at school, we both cried a little when it worked.",
                "I am a civil servant, not a social worker. But I have learnt that a good public service is also a welcome. It costs the city nothing extra to be kind, and it saves everyone a great deal of time.",
            ],
        },
    ),
    # Valencia ---------------------------------------------------------------------------
    Story(
        city="valencia",
        slug="an-anti-rumour-agent-at-the-hairdressers",
        teller="Pepa",
        days_ago=110,
        themes=("anti-stigma", "anti-racism"),
        image="speech-bubbles",
        text={
            "title": "An anti-rumour agent at the hairdresser's",
            "image_alt": "Illustration: three coloured speech bubbles answering one another.",
            "lead": "I have had a hairdresser's salon in Benicalap for twenty-six years. My customers talk about everything. Since the anti-rumour course, I talk back, a little.",
            "body": [
                "You hear the same stories again and again: they get all the social housing, they get help we do not get. I used to say nothing, because a customer is a customer.",
                "On the course we learnt the real figures, but above all we learnt not to humiliate anyone. You ask: who told you that? You tell a story of your own. You do not turn the chair around and give a lecture.",
                Quote(
                    "The trick is to ask a question while you are holding the scissors. Nobody argues with the person cutting their hair.",
                    "Pepa",
                ),
                "I do not change anyone's mind in one visit. But I have customers who come back and say: I asked my cousin where he heard that, and he did not know.",
            ],
        },
    ),
    Story(
        city="valencia",
        slug="building-a-falla-with-new-neighbours",
        teller="Wilson",
        days_ago=330,
        themes=("intercultural-dialogue", "participation"),
        image="market",
        text={
            "title": "Building a falla with new neighbours",
            "image_alt": "Illustration: market stalls with striped awnings and baskets of fruit.",
            "lead": "I came from Colombia to Valencia eight years ago. For six years, I watched the Fallas from the pavement. Then our street's committee opened its doors, and I picked up a paintbrush.",
            "body": [
                "The falla committee of our street was forty families who had known each other all their lives. They were not unfriendly, but it never occurred to them to invite us, and it never occurred to us to ask.",
                "At an open evening in the autumn, the president said they needed hands: to build the monument, to cook, to play in the band. I am a painter and decorator. They put me on the monument.",
                Figure(
                    "city-dusk",
                    "Illustration: tower blocks with lit windows under a purple evening sky.",
                    "The night of the cremà, when the monuments burn.",
                ),
                Quote(
                    "In March, when we burnt the monument we had spent five months building, an old man next to me was crying. So was I.",
                    "Wilson",
                ),
                "This year our committee has members from seven countries. The paella is still Valencian. The band now also plays a cumbia.",
            ],
        },
    ),
    Story(
        city="valencia",
        slug="renting-with-the-name-mohamed",
        days_ago=520,
        themes=("anti-racism", "citizenship"),
        image="houses",
        text={
            "title": "Renting with the name Mohamed",
            "image_alt": "Illustration: a row of small colourful houses with gardens under a blue sky.",
            "lead": "On the phone, the flat was always already let. When my Spanish colleague called about the same flat ten minutes later, it was free. This is how I learnt about the city's mediation service.",
            "body": [
                "I am a nurse. I have a permanent contract, a good salary and references. None of that mattered once the agent heard my name.",
                "A friend told me about the mediation service. I called them in the afternoon; the next morning a mediator phoned the agency. She did not threaten anyone. She explained the law, and the code of conduct the agency had signed.",
                "The agency offered me a viewing the same week. I did not take the flat in the end: I did not want to live somewhere I had to fight for. But the agency has a new procedure now, and I am told the next Mohamed got his flat.",
            ],
        },
    ),
    Story(
        city="valencia",
        slug="the-grandmothers-group-chat",
        teller="Amparo",
        days_ago=45,
        themes=("intercultural-dialogue", "integration"),
        image="people",
        text={
            "title": "The grandmothers' group chat",
            "image_alt": "Illustration: a row of stylised people of different sizes and colours standing together.",
            "lead": "We are nine grandmothers from Senegal, Morocco, Ecuador and Valencia. We met at the school gate and now we share a group chat, a babysitting rota and a great many opinions.",
            "body": [
                "It started with rain. One afternoon, Aminata had three grandchildren and no umbrella, and I had two umbrellas and one grandchild. The next week she brought me thieboudienne.",
                "Now we take turns collecting the children when one of us has a doctor's appointment. We correct each other's Spanish, and we argue about how much salt goes in everything.",
                Quote(
                    "At our age, you do not make many new friends. I made eight in one year.",
                    "Amparo",
                ),
            ],
        },
    ),
    # Leipzig ----------------------------------------------------------------------------
    Story(
        city="leipzig",
        slug="a-kitchen-table-in-leipzigs-east",
        teller="Rana",
        days_ago=150,
        themes=("intercultural-dialogue", "integration"),
        image="long-table",
        text={
            "title": "A kitchen table in Leipzig's east",
            "image_alt": "Illustration: a long table seen from above, with plates and people seated on both sides.",
            "lead": "Every Thursday, in an old shop on Eisenbahnstraße, someone from the street cooks for whoever comes. Last Thursday it was my turn, and forty-three people ate my mother's maqluba.",
            "body": [
                "People know our street from the news, and the news is rarely good. We wanted a place that shows the street the way we know it: busy, loud, full of food and full of neighbours.",
                "The neighbourhood centre rents the shop, and anyone can sign up to cook. You get a budget for the ingredients and a helper. Guests pay what they can.",
                Quote(
                    "When you cook for someone, you are not a stranger to them any more.", "Rana"
                ),
                "At my table there was a student from Saxony, an old couple who have lived on the street since the seventies, and two brothers from Eritrea. The couple asked for the recipe. Next month they are cooking.",
            ],
        },
        translations={
            "sv": {
                "title": "Ett köksbord i östra Leipzig",
                "image_alt": "Illustration: ett långt bord sett ovanifrån, med tallrikar och människor på båda sidor.",
                "lead": "Varje torsdag, i en gammal butik på Eisenbahnstraße, lagar någon från gatan mat åt alla som kommer. I torsdags var det min tur, och fyrtiotre personer åt min mammas maqluba.",
                "body": [
                    "Folk känner till vår gata från nyheterna, och nyheterna är sällan goda. Vi ville ha en plats som visar gatan så som vi känner den: livlig, högljudd, full av mat och full av grannar.",
                    "Kvarterscentret hyr butiken, och vem som helst kan anmäla sig för att laga mat. Man får en budget för råvarorna och en medhjälpare. Gästerna betalar vad de kan.",
                    Quote(
                        "När man lagar mat åt någon är man inte längre en främling för dem.", "Rana"
                    ),
                    "Vid mitt bord satt en student från Sachsen, ett äldre par som har bott på gatan sedan sjuttiotalet och två bröder från Eritrea. Paret bad om receptet. Nästa månad är det de som lagar maten.",
                ],
            },
            "ar": {
                "title": "طاولة مطبخ في شرق لايبزيغ",
                "image_alt": "رسم توضيحي: طاولة طويلة من الأعلى، عليها أطباق ويجلس الناس على جانبيها.",
                "lead": "كل خميس، في محل قديم في شارع آيزنبانشتراسه، يطبخ أحد سكان الشارع لكل من يأتي. في الخميس الماضي كان دوري، وأكل ثلاثة وأربعون شخصًا من مقلوبة أمي.",
                "body": [
                    "يعرف الناس شارعنا من الأخبار، ونادرًا ما تكون الأخبار جيدة. أردنا مكانًا يُظهر الشارع كما نعرفه نحن: مزدحمًا، صاخبًا، مليئًا بالطعام ومليئًا بالجيران.",
                    "يستأجر المركز المجتمعي المحل، ويمكن لأي شخص أن يسجّل اسمه ليطبخ. يحصل الطبّاخ على ميزانية للمكوّنات وعلى مساعد، ويدفع الضيوف ما يستطيعون.",
                    Quote("حين تطبخ لأحد، لا تعود غريبًا عنه.", "رنا"),
                    "جلس إلى طاولتي طالب من ساكسونيا، وزوجان مسنّان يعيشان في الشارع منذ السبعينيات، وأخوان من إريتريا. طلب الزوجان الوصفة، وفي الشهر القادم سيطبخان هما.",
                ],
            },
        },
    ),
    Story(
        city="leipzig",
        slug="what-the-apprentices-said",
        teller="Tobias",
        days_ago=370,
        themes=("anti-racism", "anti-stigma"),
        image="circles",
        text={
            "title": "What the apprentices said",
            "image_alt": "Abstract illustration: translucent circles overlapping on a pale background.",
            "lead": "I train apprentice electricians. When I first ran a workshop on hate speech with them, I expected eye-rolling. I got the most honest conversation of my teaching life.",
            "body": [
                "We started with messages from their own group chats, anonymised. Jokes about Turks, about Arabs, about East Germans. Some of them laughed. Then one of them, whose parents came from Syria, said quietly that he had left the chat because of it.",
                "Nobody laughed after that. We spent the second day practising: what do you say when your foreman tells a joke like that? When your mate does? Most of them had never thought they could say anything at all.",
                Quote(
                    "I don't want to be the one who spoils the fun. But I also don't want to be the one who laughs.",
                    "An apprentice, 19",
                ),
                "Two months later, a colleague told me the apprentices had challenged a racist joke on a building site, politely and together. Our school has now written the workshop into the first year of training.",
            ],
        },
    ),
    Story(
        city="leipzig",
        slug="my-first-council-hearing",
        teller="Hevin",
        days_ago=260,
        themes=("participation", "citizenship"),
        image="city-dawn",
        text={
            "title": "My first council hearing",
            "image_alt": "Illustration: a city skyline in silhouette against an orange dawn sky.",
            "lead": "I had never been inside a city hall, in Syria or in Germany. Last spring, I stood up in the council chamber and asked the mayor about a pedestrian crossing.",
            "body": [
                "The road outside my children's school is dangerous. Parents had complained to each other for years. At the neighbourhood centre they told me that anyone who lives in Leipzig can ask a question in the council's citizens' hour, and that I could have an interpreter.",
                "A volunteer helped me write my question and came with me. My hands were shaking. The interpreter sat next to me and spoke quietly into the microphone after me, in German.",
                Quote(
                    "A councillor I did not know came up to me afterwards and said: that was a good question. I will remember that for the rest of my life.",
                    "Hevin",
                ),
                "The crossing was built in the autumn. My son says I built it. I tell him we all did.",
            ],
        },
    ),
    Story(
        city="leipzig",
        slug="a-bicycle-workshop-in-a-garage",
        teller="Ali",
        days_ago=700,
        themes=("integration",),
        image="mosaic",
        text={
            "title": "A bicycle workshop in a garage",
            "image_alt": "Abstract illustration: a mosaic of squares, circles and quarter circles in warm colours.",
            "lead": "I repaired bicycles in Kabul. In Leipzig, I was not allowed to work for two years while my asylum case was decided. So I opened a free repair workshop in a neighbour's garage.",
            "body": [
                "At first only Afghan boys came. Then a German pensioner with a very old bicycle came, and stayed to help. He knew about gears; I knew about everything else.",
                "We taught each other words. He says my German is better than his Dari, which is true, but not a compliment.",
                "Now I have a job at a bicycle shop in the centre, and the workshop is run by the boys I taught. The pensioner still comes every Saturday. He says he is supervising.",
            ],
        },
    ),
    Story(
        city="leipzig",
        slug="fi-majlis-awliya-al-amr",
        language="ar",
        teller="سامر",
        days_ago=85,
        themes=("participation", "integration"),
        image="classroom",
        text={
            "title": "في مجلس أولياء الأمور",
            "image_alt": "رسم توضيحي: سبّورة وصفّ من التلاميذ على مقاعدهم.",
            "lead": "عندما دُعيت أول مرة إلى اجتماع أولياء الأمور في مدرسة ابنتي في لايبزيغ، جلست في الصف الأخير ولم أفهم نصف ما قيل. اليوم أنا عضو في مجلس أولياء الأمور.",
            "body": [
                "في سوريا كنت مدرّس رياضيات. هنا كنت لسنوات مجرد «أب لا يتكلم الألمانية جيدًا». كان ذلك أصعب عليّ من أي شيء آخر.",
                "اقترحت المدرسة أن يترجم أحد الآباء للآخرين خلال الاجتماعات. تطوّعت للترجمة إلى العربية، ثم صار الآباء العرب يرسلون إليّ أسئلتهم قبل الاجتماع.",
                Quote(
                    "اكتشفت أن كثيرًا من الآباء الألمان كانوا يطرحون الأسئلة نفسها التي نطرحها. كل ما في الأمر أننا لم نكن نعرف ذلك.",
                    "سامر",
                ),
                "في الانتخابات الأخيرة لمجلس أولياء الأمور رشّحتني أمّ ألمانية، وفزت بفارق كبير. أول ما طالبنا به: رسائل المدرسة بعدة لغات.",
            ],
        },
    ),
]


def ensure_stories(partners, themes, images, locales) -> dict[str, StoryPage]:
    """Every story in its city's stories section, in the language it was told in, with the
    translations written for it: ``{slug: original page}``."""
    today = timezone.localdate()
    stories = {}
    for story in STORIES:
        locale = locales[story.language]
        section = partners[story.city].section(StoryIndexPage, locale)
        text = story.text
        page, _created = get_or_create_child(
            section,
            StoryPage,
            story.slug,
            title=text["title"],
            teller_name=story.teller,
            date=today - dt.timedelta(days=story.days_ago),
            lead=text["lead"],
            body=body(text["body"], images),
            themes=[themes[slug][story.language] for slug in story.themes],
            original_language=story.language,
            image=images[story.image],
            image_alt=text["image_alt"],
        )
        for code, translated in story.translations.items():
            ensure_translation(page, locales[code], pair_strings(text, translated))
        stories[story.slug] = page
    return stories
