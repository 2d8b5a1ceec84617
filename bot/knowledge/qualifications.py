"""Which kwalificaties the pilots' praktijkverklaringen were in, by trade
(knowledge/qualifications.yml, from Overzicht B2 of the evaluation).

"Klant kan goed naaien, welke kwalificatie wordt daarvoor gebruikt?" gets the rows of the
mode trade, "welke entree-kwalificatie in de logistiek?" the Entree rows of logistiek. A
question that names no trade is left to the entries, which give the lists by level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.catalogue import say
from bot.knowledge.financing import Answer
from bot.knowledge.kb import KNOWLEDGE_DIR, Source, parse_lines
from bot.text import fold

# "welke kwalificatie?", "op welk crebo?"; not "kan ze kwalificaties combineren?"
ASKS = re.compile(
    r"\b(welke?|wat voor|wat (is|zijn|was|waren) de)\b[^?.!]{0,40}\b(kwalificatie|crebo)"
    r"|\bwaar (leiden|leidt) (ze|zij|hij|het bedrijf|de \w+) (\w+ ){0,2}(voor )?op\b"
    r"|\bwelk (beroep|vak)\b[^?.!]{0,30}\b(leren|opgeleid|opleiden)\b"
    # "zijn er pv's gehaald op een kwalificatie die daarbij past?"
    r"|\bkwalificatie\w* (die|dat) (\w+ ){0,2}(past|passen|aansluit|aansluiten|hoort|horen)\b"
)
_LEVELS = (
    ("Entree", re.compile(r"\bentree\w*|\bniveau (1|een)\b|\bmbo[- ]?1\b")),
    ("2", re.compile(r"\bniveau (2|twee)\b|\bmbo[- ]?2\b")),
    ("3", re.compile(r"\bniveau (3|drie)\b|\bmbo[- ]?3\b")),
    ("4", re.compile(r"\bniveau (4|vier)\b|\bmbo[- ]?4\b")),
)
# "ex-horeca klant", "vroeger kok": a trade the client leaves is not the one asked about
_FORMER = re.compile(r"\b(ex-?|vroeger |eerder |voorheen |ooit )\S+")
LIMIT = 6  # rows in one answer
_HEAD = {False: "answers.qualification_head_most", True: "answers.qualification_head_level"}
# "welke kwalificatie kwam het vaakst voor?": the most frequent rows of all trades
MOST = re.compile(
    r"\b(vaakst|meest|meeste|populairst\w*|top)\b"
    r"|\b(gehaald|behaald|uitgereikt|afgegeven|gebruikt|voorkwam|voorkwamen|voorkomende?)\b"
    r"|\b(kwam|kwamen|komt|komen) voor\b"
)


@dataclass(frozen=True)
class Qualification:
    crebo: str
    name: str
    level: str
    count: int
    trades: tuple[str, ...]


@dataclass(frozen=True)
class Qualifications:
    rows: tuple[Qualification, ...]
    trades: dict[str, tuple[str, tuple[str, ...]]]  # id -> (label, words)
    source: Source
    as_of: str
    total: int  # all praktijkverklaringen of Overzicht B2
    details: tuple[str, ...]  # the entries with the lists by level
    pilots: dict[str, tuple[str, Source]]  # pilot -> (what its participants worked on, lines)

    def trades_in(self, text: str) -> list[str]:
        """The trades a text names most ("bediening in een restaurant van een zorggroep": the
        horeca, named twice, not the zorg)."""
        words = re.findall(r"[\w-]+", _FORMER.sub(" ", fold(text)))
        counts = {
            trade: sum(any(_names(word, name) for name in names) for word in words)
            for trade, (_, names) in self.trades.items()
        }
        most = max(counts.values(), default=0)
        return [trade for trade, n in counts.items() if n and n == most]

    def answer(
        self, question: str, message: str, pilots: frozenset[str] = frozenset()
    ) -> Answer | None:
        """The kwalificaties of the trade the question (else the message) names, or of the one
        pilot it names; None when it asks no kwalificatie, or names no trade, or a pilot whose
        kwalificatie the sources do not name (its entries answer then)."""
        if not ASKS.search(fold(question)):
            return None
        if pilots:
            known = [self.pilots[p] for p in pilots if p in self.pilots]
            return (
                Answer(known[0][0], (known[0][1],), True)
                if len(pilots) == len(known) == 1
                else None
            )
        trades = self.trades_in(question) or self.trades_in(message)
        if not trades and not MOST.search(fold(question)):
            return None
        levels = {level for level, pattern in _LEVELS if pattern.search(fold(question))}
        rows = [r for r in self.rows if set(r.trades) & set(trades) or not trades]
        chosen = [r for r in rows if r.level in levels]
        rows = chosen or rows
        rows.sort(key=lambda r: -r.count)
        lines = [
            say(
                "answers.qualification_row",
                level=_level_label(r.level),
                crebo=r.crebo,
                name=r.name,
                count=r.count,
            )
            for r in rows[:LIMIT]
        ]
        label = " en ".join(self.trades[t][0] for t in trades)
        key = "answers.qualification_head" if trades else _HEAD[bool(chosen)]
        level = " en ".join(sorted(_level_label(x) for x in levels))
        head = say(key, trade=label, level=level, as_of=self.as_of, total=self.total)
        details = () if trades else self.details
        return Answer("\n".join([head, *lines]), (self.source,), True, details)


def _level_label(level: str) -> str:
    return level if level == "Entree" else f"niveau {level}"


def _names(word: str, name: str) -> bool:
    return name in word if len(name) >= 6 else word.startswith(name)


def load_qualifications(path: Path = KNOWLEDGE_DIR / "qualifications.yml") -> Qualifications:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    source = data["source"]
    return Qualifications(
        tuple(
            Qualification(
                str(q["crebo"]),
                str(q["name"]),
                str(q["level"]),
                int(q["count"]),
                tuple(q.get("trades") or ()),
            )
            for q in data.get("qualifications") or ()
        ),
        {
            k: (str(v["label"]), tuple(fold(str(w)) for w in v["words"]))
            for k, v in (data.get("trades") or {}).items()
        },
        Source(str(source["file"]), *parse_lines(source["lines"])),
        str(data.get("as_of", "")),
        int(data.get("total", 0)),
        tuple(data.get("details") or ()),
        {
            k: (
                " ".join(str(v["text"]).split()),
                Source(str(source["file"]), *parse_lines(v["lines"])),
            )
            for k, v in (data.get("pilots") or {}).items()
        },
    )


@lru_cache(maxsize=1)
def qualifications() -> Qualifications:
    return load_qualifications()
