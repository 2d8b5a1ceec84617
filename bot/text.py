"""Dutch text normalisation, the one place for it: folding (lower case, no accents),
words and tokens; for retrieval also lemmas (spaCy lookups) and stems.

spaCy runs as `spacy.blank("nl")` with the lookup lemmatizer from
spacy-lookups-data: no model download, no network.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKEN_PATTERN = re.compile(r"[a-z0-9]+")

# The words a Dutch question opens with (a regex alternation, without "kan/mag/is").
QUESTION_WORDS = r"welke?|welk|wat|wie|hoe|hoeveel|hoelang|waar\w*|wanneer|waarom"
# The small words before a question word: "in welke ...", "bij wie ..."
QUESTION_PREPOSITIONS = r"in|op|tot|vanaf|sinds|bij|aan|met|voor|van|naar|uit"

# Function words that carry no meaning for matching. Domain words stay in even
# when frequent: BM25's idf weighs them, and "wat is een praktijkverklaring"
# must keep a term to match on.
STOPWORDS = frozenset(
    """
    de het een en of in op aan te van voor met bij naar om uit als dan dat die dit
    er is zijn was waren wordt worden word ben bent heb hebt heeft hebben had
    ik je jij u we wij ze zij hij mijn jouw uw ons onze hun haar zijn me mij hen hem
    deze daar hier daarin hierin daarbij hierbij daarvan hiervan daarvoor hiervoor erin erbij ervan
    mag moet kan kun kunt kunnen wil wilt willen zou zouden gaat gaan
    al ook nog wel niet geen nu even eens maar want dus toch echt heel erg
    zo ja nee hoi hallo hey beste graag alsjeblieft aub svp dank bedankt
    iets wat welke welk hoe waar wanneer waarom wie hoeveel
    eigenlijk precies ongeveer gewoon soms vaak weer meer veel
    """.split()
)


# Filler adverbs a busy writer adds ("wat is dat eigenlijk?"): they change no question.
FILLERS = frozenset(
    """
    daadwerkelijk eigenlijk precies ongeveer gewoon even nou toch echt heel erg graag zomaar
    uberhaupt sowieso trouwens inmiddels tegenwoordig uiteindelijk juist nogal kort kortweg
    alweer
    """.split()
)


# Short forms consultants type for words the entries write out: an entry that knows the
# long form knows the short one (retrieval coverage).
SHORT_FORMS = {"pv": "praktijkverklaring", "pvs": "praktijkverklaringen", "sk": "startkwalificatie"}
# Words for the same thing: an entry that knows one knows the others (retrieval coverage).
SYNONYMS = (
    ("effect", "effecten", "invloed", "impact", "gevolg", "gevolgen"),
    ("minimum", "minimaal", "minimale", "min"),
    ("maximum", "maximaal", "maximale", "max"),
    (
        "knelpunt",
        "knelpunten",
        "probleem",
        "problemen",
        "drempel",
        "drempels",
        "obstakel",
        "pijnpunt",
        "pijnpunten",
    ),
    ("werkelijkheid", "praktijk"),  # "in werkelijkheid": as it goes in practice
    ("borgen", "borging", "bewaken", "bewaking", "waarborgen"),
    ("kiezen", "kiest", "kozen", "keuze", "keuzes"),
    ("aanstellen", "aangesteld", "benoemen", "benoemd"),
    ("opleveren", "opgeleverd", "oplevert", "resultaat", "resultaten", "opbrengst"),
    ("tips", "adviezen", "advies", "aanbevelingen", "aanbeveling"),
    ("uitgereikt", "uitgegeven", "afgegeven", "verstrekt"),  # a pv handed out
    (
        "toelatingseisen",
        "toelatingseis",
        "toelatingscriteria",
        "criteria",
        "criterium",
        "voorwaarden",
    ),
)

# The personas of one source, named together, name that source: "de klantreis van Hugo en
# Janneke", "de handreiking met Hans en Jessica" (retrieval coverage).
PERSONA_PAIRS = (("hugo", "janneke"), ("hans", "jessica"))


# Words that say little about what a question is about: common verbs, adverbs and
# adjectives. They still count for ranking, but not for the answer guard's question "does
# the chosen entry know the words of this question" (retrieval coverage).
LIGHT_WORDS = frozenset(
    """
    doen doet deed deden gedaan maken maakt maak maakte gemaakt laten laat liet gelaten
    krijgen krijgt krijg kreeg gekregen komen komt kom kwam gekomen staan staat stond
    zien ziet zie zag gezien weten weet wist geven geeft geef gaf gegeven houden houdt
    zetten zet halen haalt haal haalde gehaald bepalen bepaalt bepaald leven leeft
    letten let zitten zit zat nodig belangrijk belangrijkste goed goede slecht beter best
    snel sinds nooit altijd thuis elk elke ieder iedere zomaar zodat zoals vaker ander andere
    anders meeste meest zoveel zulke zo'n eigen zelf juist tijdens over na door via
    eerst later straks ergens iemand mensen iedereen alles niets veel weinig
    werd werden nou steeds uiteindelijk inmiddels tegenwoordig daadwerkelijk eigenlijk
    kwamen kregen maakten lieten stonden zagen gaven hielden wisten zaten
    draait draaien draaide draaiden
    gebruik gebruikmaken gebruiken gebruikt gebruikte gebruikten
    hield houdt vinden vindt vond vonden
    kennen kent kende kenden lopen loopt liep liepen binnen eruit erover
    brengen brengt breng bracht verder hele geheel verhaal volgens samengevat samenvatting
    trekken trekt trok trokken getrokken slag bel belt bellen belde gebeld bekend
    daarover daarmee daarop daaraan daardoor hierover hiermee ermee eraan erop
    nadat voordat terwijl zodra
    geholpen bijna nauwelijks amper haast speciaal speciale specifiek specifieke
    bestaat bestaan bestond bestonden iets zoiets meestal af
    alleen toen minder bedoeld daarnaast helemaal normaal organisatie instantie
    medewerker medewerkers vragen vraagt kijken kijkt kijk keek tegenaan
    aangeven aangeeft aangaf aangaven aangegeven
    raad raadt raden raadde aanraden aangeraden adviseert adviseren adviseerde geadviseerd
    bedoel bedoelt bedoelen bedoelde bedoelden noemen noemt
    noemde noemden genoemd vertellen vertelt vertelde verteld beschrijven beschrijft beschreef
    beschreven schrijven schrijft schreef geschreven collega collegas allemaal zeker
    ligt liggen lag lagen rekenen reken pak pakken pakt
    zin zinvol zinnig voldoen voldoet voldeed kwijt
    waarschijnlijk misschien bijvoorbeeld bijv qua logisch logische makkelijk makkelijker
    vanzelf naartoe spelen speelt speelde alvast kun kunt belangrijkst
    geweest geworden vorige vorig volgende afgelopen komende gisteren binnenkort
    aanpakken aangepakt pakte pakten klopt kloppen klopte concreet concrete
    situatie situaties geval gevallen omstandigheid omstandigheden
    hoor hoorde hoorden gehoord horen hoort las lazen gelezen
    medio jan feb mrt apr jun jul aug sep sept okt nov dec
    januari februari maart april mei juni juli augustus september oktober november december
    """.split()
)


def fold(text: str) -> str:
    """Lowercase and strip accents: 'tweeëntwintig' -> 'tweeentwintig'."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    # "praktijkopleider+" is its own thing (a training), not the praktijkopleider
    return TOKEN_PATTERN.findall(fold(text).replace("+", " plus "))


def words(text: str) -> str:
    """The folded words with one space between and around them: 'Ik  heb Ruzie!' ->
    ' ik heb ruzie ', so that `' ruzie ' in words(text)` matches whole words only."""
    return " " + " ".join(tokens(text)) + " "


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=1)
def _lookups():
    """spaCy's Dutch lookup table (form -> lemma) and its lemmas."""
    table = _nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    return table, frozenset(table.values())


def dutch_word(word: str) -> bool:
    """`word` is a form or a lemma in spaCy's Dutch lookup table (which lacks many words:
    a word it lacks may still be Dutch)."""
    forms, lemmas = _lookups()
    return word in forms or word in lemmas


def light(word: str) -> bool:
    """A word that says how a question is asked, not what it is about: a light word or a
    stopword."""
    return word in LIGHT_WORDS or word in STOPWORDS


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    doc = _nlp()(word)
    return fold(doc[0].lemma_) if len(doc) else word


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(lemma(word))


def terms(text: str, mode: str = "stem", keep_stopwords: bool = False) -> list[str]:
    """Index terms for `text`. mode: 'raw' | 'lemma' | 'stem' (lemma, then Snowball)."""
    words = tokens(text)
    if not keep_stopwords:
        words = [w for w in words if w not in STOPWORDS]
    if mode == "raw":
        return words
    if mode == "lemma":
        return [lemma(w) for w in words]
    return [stem(w) for w in words]


def char_ngrams(text: str, n_min: int = 3, n_max: int = 5) -> list[str]:
    """Character n-grams over words with boundary marks; robust to typos."""
    grams = []
    for word in tokens(text):
        if word in STOPWORDS:
            continue
        padded = f" {word} "
        for n in range(n_min, n_max + 1):
            grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return grams
