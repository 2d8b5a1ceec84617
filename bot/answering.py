"""Turning a question into the assistant's reply: an answer with its source,
a choice between close entries, or an honest 'dat weet ik niet'."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.gaps import record_gap
from bot.input_guard import problem_reply, strip_markup
from bot.kb import Entry, KnowledgeBase, Source, load, load_out_of_scope
from bot.regions import contacts_text, detect_region, directory_line
from bot.retrieval import Decision, Ranker, load_settings

MAX_SUGGESTIONS = 2
SUGGEST_MIN_SCORE = 0.3  # below this the nearest entries are unrelated: offer none
ELIGIBILITY_WORDS = re.compile(
    r"\b(meedoen|mee doen|in aanmerking|doelgroep|geschikt|toegelaten"
    r"|mag .{0,30}(starten|beginnen))",
    re.IGNORECASE,
)


@dataclass
class Reply:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Outcome:
    kind: str  # answer | clarify | refuse | problem
    replies: list[Reply]
    entry_id: str | None = None
    region: str | None = None  # region detected in the question, if any


def choose_payload(entry_id: str) -> str:
    return "/choose_entry" + json.dumps({"kb_entry_id": entry_id})


def more_payload(entry_id: str) -> str:
    return "/more_info" + json.dumps({"kb_entry_id": entry_id})


MAX_SPANS = 2  # line ranges shown per source document; the rest is "e.a."


def source_line(kb: KnowledgeBase, sources: tuple[Source, ...]) -> str:
    """One short line: 'Bron: <label>, r. 12-20, 40-44 e.a.; <label2>, r. 3-9'."""
    by_file: dict[str, list[str]] = {}
    for s in sources:
        span = f"{s.start}-{s.end}" if s.end != s.start else str(s.start)
        by_file.setdefault(s.file, []).append(span)
    parts = []
    for f, spans in by_file.items():
        more = " e.a." if len(spans) > MAX_SPANS else ""
        parts.append(f"{kb.source_labels.get(f, f)}, r. {', '.join(spans[:MAX_SPANS])}{more}")
    return "Bron: " + "; ".join(parts)


class Answerer:
    def __init__(
        self,
        kb: KnowledgeBase,
        ranker: Ranker,
        record: Callable[..., object] | None = record_gap,
    ) -> None:
        self.kb, self.ranker, self.record = kb, ranker, record

    def entry_reply(self, entry: Entry, region: str | None) -> Reply:
        variant = entry.for_region(region)
        text = f"{variant.answer}\n{source_line(self.kb, variant.sources)}"
        if region and region in entry.regional:
            text = f"{self.kb.regions[region]['name']}: {text}"
        if region and entry.directory and region in self.kb.regions:
            text += "\n" + directory_line(self.kb.regions[region], entry.directory)
        buttons = (
            [{"title": "Meer uitleg", "payload": more_payload(entry.id)}] if entry.more else []
        )
        return Reply(text, buttons)

    def more(self, entry_id: str | None) -> Outcome:
        """The longer explanation of an entry (the 'Meer uitleg' button)."""
        entry = self.kb.get(entry_id or "")
        if entry is None:
            return Outcome("problem", [Reply("Waarover wilt u meer weten? Stel uw vraag.")])
        if not entry.more:
            return Outcome("answer", [Reply("Meer staat er niet over in de kennisbank.")], entry.id)
        text = f"{entry.more}\n{source_line(self.kb, entry.sources)}"
        return Outcome("answer", [Reply(text)], entry.id)

    def suggestions(self, question: str, decision: Decision) -> list[dict[str, str]]:
        """Buttons for a near miss: close entries, and the check for eligibility questions."""
        buttons = [
            {"title": self.kb.entries[h.entry_id].title, "payload": choose_payload(h.entry_id)}
            for h in decision.hits[:MAX_SUGGESTIONS]
            if h.score >= SUGGEST_MIN_SCORE
        ]
        if ELIGIBILITY_WORDS.search(question):
            buttons.append(
                {"title": "Check of mijn klant in aanmerking komt", "payload": "/start_eligibility"}
            )
        return buttons

    def refusal(self, region: str | None) -> list[Reply]:
        noted = (
            " Ik heb de vraag genoteerd, zodat de kennisbank beter kan worden."
            if self.record
            else ""
        )
        first = Reply(
            "Dat staat niet in mijn kennisbank. Ik geef liever geen antwoord dan een fout antwoord."
            + noted
        )
        if region and region in self.kb.regions:
            where = contacts_text(self.kb.regions[region])
            return [
                first,
                Reply(
                    f"Vraag het aan het leerwerkloket of de ambassadeur "
                    f"praktijkleren in uw regio.\n{where}"
                ),
            ]
        return [
            first,
            Reply(
                "Vraag het aan het leerwerkloket of de ambassadeur praktijkleren in uw regio. "
                "Noem uw regio, dan zoek ik de contacten op (bijvoorbeeld: Twente)."
            ),
        ]

    def respond(
        self, text: str | None, region: str | None = None, chosen_entry: str | None = None
    ) -> Outcome:
        if chosen_entry:
            entry = self.kb.get(chosen_entry)
            if entry is not None:
                return Outcome("answer", [self.entry_reply(entry, region)], entry.id)
        problem = problem_reply(text)
        if problem:
            return Outcome("problem", [Reply(problem)])
        question = strip_markup(text or "")
        detected = detect_region(question, self.kb.regions)
        region = detected or region
        decision: Decision = self.ranker.decide(question)
        if decision.kind == "answer":
            entry = self.kb.entries[decision.entry_id]
            return Outcome("answer", [self.entry_reply(entry, region)], entry.id, detected)
        if decision.kind == "clarify":
            buttons = [
                {"title": self.kb.entries[h.entry_id].title, "payload": choose_payload(h.entry_id)}
                for h in decision.hits
            ]
            return Outcome(
                "clarify", [Reply("Bedoelt u een van deze onderwerpen?", buttons)], None, detected
            )
        if detected and self._asks_for_contacts(question):
            reply = Reply(contacts_text(self.kb.regions[detected]))
            return Outcome("answer", [reply], None, detected)
        if self.record is not None:
            best = decision.hits[0] if decision.hits else None
            self.record(
                question,
                best_entry=best.entry_id if best else None,
                best_score=best.score if best else None,
                region=region,
            )
        replies = self.refusal(region)
        buttons = self.suggestions(question, decision)
        if buttons:
            replies.append(Reply("Misschien helpt een van deze onderwerpen:", buttons))
        return Outcome("refuse", replies, None, detected)

    @staticmethod
    def _asks_for_contacts(question: str) -> bool:
        words = (
            "loket",
            "contact",
            "ambassadeur",
            "wsp",
            "werkgeversservicepunt",
            "school",
            "bellen",
            "mailen",
            "adres",
        )
        return any(w in question.lower() for w in words)


@lru_cache(maxsize=1)
def default_answerer() -> Answerer:
    kb = load()
    design, thresholds = load_settings()
    ranker = Ranker(kb.entries.values(), design, thresholds, out_of_scope=load_out_of_scope())
    return Answerer(kb, ranker)
