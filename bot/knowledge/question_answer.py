"""One question, read in context, to its outcome: a table, an entry, or an honest refusal."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from bot.catalogue import say
from bot.knowledge import amounts, refusals
from bot.knowledge import own_entries as own_of
from bot.knowledge.context import COMPARED_WITH, Reading, asks_its_own, content_words
from bot.knowledge.eligibility import RuleSet, load_rules
from bot.knowledge.facets import FINANCE_WORDS, Named, Vocabulary, vocabulary
from bot.knowledge.financing import Answer as Paid
from bot.knowledge.financing import Matrix, matrix
from bot.knowledge.gaps import record_gap
from bot.knowledge.kb import Entry, KnowledgeBase
from bot.knowledge.qualifications import qualifications
from bot.knowledge.question_parts import asking_part, asks_for_something, points_back
from bot.knowledge.question_words import has_own_words
from bot.knowledge.regions import asks_for_contacts, contacts_text, detect_region
from bot.knowledge.replies import (
    Outcome,
    Reply,
    choices,
    entry_reply,
    more_outcome,
    source_line,
)
from bot.knowledge.retrieval import FULL_COVERAGE, Decision, Hit, Ranker
from bot.text import fold, terms

_NONE: frozenset[str] = frozenset()
_RUNNER_UP = 0.9  # a bare follow-up gets the next entry when it scored this close
_AMOUNT_RUNNER_UP = 0.6  # an entry with the amount asked, ranked next, scored at least this close
_CLEAR = 0.6  # a follow-up's own words lead clearly to an entry that scores this on them
_STILL = 0.5  # a follow-up alone still points to the last answer when it scores this close
_WHY = re.compile(r"\s*(en\s+)?waarom\b", re.IGNORECASE)
_THAT = re.compile(r"\b(dan|dat|dit|daarvan|daarmee)\b", re.IGNORECASE)  # the answer, not a place


def _names_all(entry: Entry, missing: list[tuple[str, str]], role: str) -> bool:
    """Whether the entry's text names every pilot or group the question is about."""
    said = fold(f"{entry.answer_for(role)} {entry.more_for(role)}").replace("-", " ")
    return all(re.search(rf"\b{re.escape(v.replace('-', ' '))}\b", said) for _, v in missing)


class QuestionAnswerer:
    def __init__(
        self,
        kb: KnowledgeBase,
        ranker: Ranker,
        record: Callable[..., object] | None = record_gap,
        rules: RuleSet | None = None,
        facet_vocabulary: Vocabulary | None = None,
    ) -> None:
        self.kb, self.ranker, self.record = kb, ranker, record
        self.rules = rules or load_rules()
        self.vocabulary = facet_vocabulary or vocabulary()
        self.matrix: Matrix | None = matrix()
        self.listed = qualifications()

    def entry_reply(
        self, entry: Entry, region: str | None, role: str = "consultant", note: str = ""
    ) -> Reply:
        return entry_reply(self.kb, entry, region, role, note)

    def reachable(self, role: str) -> dict[str, Entry]:
        """The entries a role may get: candidates only those written for them (je, B1)."""
        if role != "candidate":
            return self.kb.entries
        return {k: e for k, e in self.kb.entries.items() if e.audience != "consultant"}

    def more(self, entry_id: str | None, role: str = "consultant") -> Outcome:
        return more_outcome(self.kb, entry_id, role)

    def _named_in(self, focus: str, named: Named) -> Named:
        """The facets of the asking sentence; a pilot named anywhere in the message counts."""
        own = dict(self.vocabulary.read(focus))
        if named.get("pilot"):
            own["pilot"] = named["pilot"]
        return own

    def knowledge_answer(
        self, question: str, reading: Reading, region: str | None, role: str
    ) -> Outcome:
        direct = self._direct(question, reading, region, role)
        if direct is not None:
            return direct
        decision, reading = self._decide(question, reading, role)
        if decision.kind == "answer":
            return self._entry_answer(question, decision, reading, region, role)
        return self._unsure(question, decision, reading, region, role)

    def _direct(
        self, question: str, reading: Reading, region: str | None, role: str
    ) -> Outcome | None:
        """The answers that need no ranking: the tables, what a party is, figures of each."""
        consultant = role != "candidate"
        if consultant:  # "welke kwalificatie past bij naaiwerk?", "... bij Sligro?"
            listed = self.listed.answer(reading.query, question, reading.named.get("pilot", _NONE))
            if listed is not None:
                return self.data_reply(question, listed, region)
        # "(en de jobcoach?) en voor de werkgever, krijgt die iets?": its own money question
        own = self._named_in(question, reading.named)
        alone = reading.followup and FINANCE_WORDS.search(question) and "actor" in own
        money = dataclasses.replace(reading, query=question, named=own) if alone else reading
        # "(wie betaalt de jobcoach?) waarom is dat een probleem?" asks beyond who pays
        beyond = reading.followup and not FINANCE_WORDS.search(question) and self._beyond(question)
        beyond = beyond or bool(_WHY.match(question))  # the table says who pays, never why
        if consultant and self.matrix and FINANCE_WORDS.search(money.query) and not beyond:
            asked = self.vocabulary.read(question).get("pilot", _NONE)
            paid = self.matrix.answer(money.query, money.named, self._pilot_label, asked)
            # "(en bij Rosa Novum?) hadden ze geen subsidie?": the same cell again says nothing
            again = paid is not None and reading.followup and reading.topic and not alone
            again = again and paid.text != self.matrix.overview and self._own_words(question)
            # "(wie betaalt de jobcoach?) geldt dat ook voor de praktijkopleider?": a new cell
            again = again and not self.vocabulary.read(question).get("actor")
            if again and self.matrix.answer(reading.topic, money.named, self._pilot_label) == paid:
                paid = None
            if paid is not None:
                return self.data_reply(question, paid, region)
        it = own_of.what_it_is(self.reachable(role), self.vocabulary, reading.query, reading.named)
        if it is not None:  # "Doorzaam, wat is dat voor partij?"
            return Outcome("answer", [self.entry_reply(it, region, role)], it.id)
        each = own_of.figures_each(self.kb.entries.values(), reading.query, reading.named)
        if each and consultant:  # "hoeveel deelnemers hadden DJI en Groningen?"
            return Outcome("answer", [self.entry_reply(e, region, role) for e in each], each[0].id)
        return None

    def _pilot_label(self, value: str) -> str:
        return self.vocabulary.label("pilot", value)

    def _beyond(self, question: str) -> bool:
        """A follow-up that asks with words of its own, not only another pilot or actor."""
        return asks_for_something(question) and self._own_words(question)

    def _own_words(self, question: str) -> bool:
        """Whether a message has words besides the pilots, actors, ... it names."""
        rest = fold(question)
        for kind, values in self.vocabulary.read(question).items():
            rest = self.vocabulary.without(rest, kind, values)
        return bool(content_words(rest))

    def _decide(self, question: str, reading: Reading, role: str) -> tuple[Decision, Reading]:
        """The ranked decision; a follow-up that only repeats the last answer is searched alone,
        and of close entries the one that has the amount asked is taken."""
        swapped = reading.followup and bool(reading.new_facets)
        reachable = self.reachable(role)
        decision: Decision = self.ranker.decide_faceted(
            reading.query, reachable, reading.named, guard=not swapped
        )
        again = decision.kind == "answer" and decision.entry_id == reading.before
        again = again and not decision.missing  # a new pilot named: its own entry, further on
        # ... unless that entry knows every word of the follow-up and the follow-up alone
        # still points to it: its details answer it
        again = again and not self._still_points(question, decision.entry_id or "")
        own_question = asks_its_own(question) and not _THAT.search(question)  # not "dan?"
        again = again or (decision.entry_id == reading.before and own_question)
        # "waarom is dat lastig?": one word of its own about the answer just given is no
        # question to search on its own
        thin = again and bool(_THAT.search(question)) and len(content_words(question)) <= 1
        # ... unless that word (not "waarom") clearly leads elsewhere: "wie begeleidt hem dan?"
        clear = thin and not _WHY.match(question) and self._clearly(question)
        thin = thin and not (clear and self._leads_elsewhere(question, decision.entry_id or ""))
        thin = thin or bool(COMPARED_WITH.search(question))  # one side is the last topic
        searched = reading.followup and reading.query != question and not thin
        # "(de klantreis) en wat raden ze aan voor de uitreiking?": an entry that would not pass
        # the guard for the follow-up's own words answers the earlier question, not this one
        foreign = decision.kind == "answer" and searched and self._own_words(question)
        too_few = self.ranker.thresholds.answer_min_coverage
        foreign = foreign and self.ranker.coverage(question)(decision.entry_id or "") < too_few
        if (decision.kind == "refuse" or again or foreign) and searched:
            alone = self._search_alone(question, reading, role)
            if alone is not None:
                decision, reading = alone, dataclasses.replace(reading, query=question)
        # "(wat nu na de pv?) wie helpt hem dan naar een baan?": the answer just given, when it
        # knows every word and still scores close to the entry found
        last = reading.before or ""
        if (
            reading.followup
            and not self.vocabulary.read(question)  # "en het mbo dan?": about another actor
            and decision.kind == "answer"
            and decision.entry_id != last
            and _THAT.search(question)
            and last in self.reachable(role)
            and self._still_points(question, last)
        ):
            decision = Decision("answer", (Hit(last, 1.0, 1.0), *decision.hits), ())
        hits = decision.hits
        bare = not terms(question)  # "waarom niet?": no words of its own
        if again and decision.entry_id == reading.before and len(hits) > 1 and bare:
            if hits[1].score >= _RUNNER_UP * hits[0].score:  # not the same answer again
                decision = Decision("answer", hits[1:], decision.missing)
        if decision.kind == "clarify":  # "hoeveel uur?": the one close entry that says it
            says = [h for h in decision.hits if not amounts.lacks(question, reachable[h.entry_id])]
            near = reading.followup and reading.before in {h.entry_id for h in decision.hits}
            cover = self.ranker.coverage(question)(reading.before or "") if near else 1.0
            if len(says) != 1 and cover < FULL_COVERAGE:  # "waarom niet?": not the last answer
                says = [h for h in decision.hits if h.entry_id != reading.before]
            if len(says) != 1:  # "(deelnemers bij DJI?) en Groningen": Groningen's own entry
                says = [h for h in decision.hits if _only_about(reachable[h.entry_id], reading)]
            decision = Decision("answer", (says[0],)) if len(says) == 1 else decision
        return decision, reading

    def _still_points(self, question: str, entry_id: str) -> bool:
        """Whether the entry knows every word of a follow-up and no other entry clearly leads
        for it alone: "(hoeveel deelnemers?) hoeveel daarvan hebben een pv?" asks for another."""
        if self.ranker.coverage(question)(entry_id) < FULL_COVERAGE:
            return False
        if not asks_for_something(question):  # "en zonder DJI?": the name, not the entry, ranks
            return True
        return not self._leads_elsewhere(question, entry_id)

    def _clearly(self, question: str) -> bool:  # one entry scores high on its words alone
        return max(self.ranker.scores(question).values(), default=0.0) >= _CLEAR

    def _leads_elsewhere(self, question: str, entry_id: str) -> bool:
        """Whether one other entry clearly leads for the question alone."""
        scores = self.ranker.scores(question)
        top, second = ([*sorted(scores.values(), reverse=True), 0.0, 0.0])[:2]
        return scores.get(entry_id, 0.0) < _STILL * top and second < _STILL * top

    def _search_alone(self, question: str, reading: Reading, role: str) -> Decision | None:
        """A follow-up searched by its own words: its decision when that answers with another
        entry than the last one; for a pilot the entry is not about, only when that pilot has
        an own entry for it ("(ONS Label, hoeveel uur?) wie begeleidt ze daar?")."""
        reachable = self.reachable(role)
        alone = self.ranker.decide_faceted(question, reachable, reading.named)
        if alone.kind != "answer" or alone.entry_id == reading.before:
            return None
        if not alone.missing:
            return alone
        by_itself = dataclasses.replace(reading, query=question)
        entry = reachable[alone.entry_id or ""]
        own = self._pilot_own(entry, list(alone.missing), by_itself, role)
        return alone if own is not None and own.id != reading.before else None

    def _entry_answer(
        self, question: str, decision: Decision, reading: Reading, region: str | None, role: str
    ) -> Outcome:
        """The decided entry; for a pilot it does not cover, that pilot's own entry or a note."""
        entry = self.kb.entries[decision.entry_id or ""]
        missing = [
            (k, v)
            for k, v in decision.missing
            if not (k == "pilot" and v == region and v in entry.regional)
        ]
        if missing:
            own = self._pilot_own(entry, missing, reading, role)
            if own is None and entry.topic == "cijfers" and _names_all(entry, missing, role):
                own = entry  # "(West-Brabant) welke school?": "een leidende rol in West-Brabant"
            if own is None and entry.topic == "cijfers":
                labels, record = self._labels(missing), self.record
                return refusals.no_figures(self.kb, record, question, entry, labels, region)
            if own is not None:  # the pilot's own entry covers it: never "not known"
                entry, missing = own, []
        own_words = reading.followup and asks_for_something(question)  # "waarom niet?"
        asked = question if own_words else reading.query
        lacks = amounts.no_amount_note(asked, entry, role)
        about = [(k, v) for k in ("pilot", "group") for v in reading.named.get(k, ())]
        has = lacks and self._stating_amount(asked, entry, about, role, decision)
        if has:
            entry, lacks = has, ""
        figures = self._figures_asked(question, reading, role) if lacks else None
        if figures is not None:  # "hoeveel deden er mee?" about a pilot: its own figures
            entry, lacks = figures, amounts.no_amount_note(asked, figures, role)
        note = say("answers.missing_note", labels=self._labels(missing)) if missing else lacks
        reply = self.entry_reply(entry, region, role, note)
        if "overview" in entry.facet("scope"):  # a broad answer points to the details
            reply.buttons += choices(self.kb, decision.hits[1:3])
        return Outcome("answer", [reply], entry.id)

    def _stating_amount(
        self, asked: str, entry: Entry, about: Named, role: str, decision: Decision | None = None
    ) -> Entry | None:
        """For an entry without the amount asked, another that states it: the pilot's or
        group's own ("(hoeveel uur bij Sligro?) en bij ONS Label?"), else the next one ranked
        ("hoeveel pilots waren er, en hoeveel landelijk?": not the roles entry); else None."""
        if amounts.later_period(asked, entry, role):  # no entry has figures of later
            return None
        entries = self.reachable(role).values()
        has = own_of.with_amount(self.ranker, entries, about, asked, role)
        if has is None and not about and decision is not None:
            has = self._runner_with_amount(asked, decision, role)
        return has

    def _runner_with_amount(self, asked: str, decision: Decision, role: str) -> Entry | None:
        """The next entry ranked (close to the first) that states the amount asked and knows
        every word of the question, when the first does not state it; else None."""
        reachable = self.reachable(role)
        covered = self.ranker.coverage(asked)
        first = decision.hits[0].score
        for hit in decision.hits[1:3]:
            entry = reachable.get(hit.entry_id)
            if entry is None or hit.score < _AMOUNT_RUNNER_UP * first:
                continue
            if covered(entry.id) >= FULL_COVERAGE and not amounts.lacks(asked, entry, role):
                return entry
        return None

    def _pilot_own(
        self, entry: Entry, missing: list[tuple[str, str]], reading: Reading, role: str
    ) -> Entry | None:
        """For a pilot or group the decided entry is not about: its own figures (when they know
        what is counted) or its own entry that knows the question; None when it has neither."""
        strip = self.vocabulary.without
        if entry.topic == "cijfers":
            own = own_of.figures_of(self.kb.entries.values(), missing)
            covers = own is not None and own_of.figures_cover(
                self.ranker, own, entry, reading.query, strip, missing
            )
            if covers or amounts.asked(reading.query) is not None:
                return own if covers else None
            # "(Sligro) wat gebeurt er als ze de pv hebben?" asks no figure: its own entry
        entries = self.reachable(role).values()
        every_word = entry.topic == "cijfers"  # instead of figures: only an entry that knows all
        return own_of.own_entry(
            self.ranker, entries, missing, reading.query, reading.named, strip, every_word
        )

    def _unsure(
        self, question: str, decision: Decision, reading: Reading, region: str | None, role: str
    ) -> Outcome:
        """No clear entry: the pilot's or group's own entry, the last answer's details, a
        choice, the contacts, the asking sentence alone, or an honest refusal."""
        reachable = self.reachable(role)
        named = [(k, v) for k in ("pilot", "group") for v in reading.named.get(k, ())]
        about = named or [(k, v) for k in ("pilot", "group") for v in reading.around.get(k, ())]
        own = self._figures_asked(question, reading, role)
        if own is None:
            own = own_of.own_entry(
                self.ranker,
                reachable.values(),
                about,
                reading.query,
                reading.named,
                self.vocabulary.without,
            )
        # "in welke periode?", "(crisisregeling) tot wanneer mogen de trajecten doorlopen?": a
        # detail of the answer just given
        before = reachable.get((reading.before if reading.followup else reading.last) or "")
        # "in wat voor situaties dan bijvoorbeeld?": no words of its own, it points back
        bare = not has_own_words(question) and bool(_THAT.search(question))
        if own is None and before:
            if bare or self.ranker.coverage(question)(before.id) >= FULL_COVERAGE:
                own = before
        if own is not None:  # "hoeveel deelnemers hadden zij?" about the pilot discussed
            note = amounts.no_amount_note(question, own, role)
            has = note and self._stating_amount(question, own, about, role)
            if has:  # "(en bij ONS Label?) hoeveel uur moeten ze daar beschikbaar zijn?"
                own, note = has, ""
            return Outcome("answer", [self.entry_reply(own, region, role, note)], own.id)
        if decision.kind == "clarify":
            buttons = choices(self.kb, decision.hits)
            ask = say("answers.clarify_candidate" if role == "candidate" else "answers.clarify")
            return Outcome("clarify", [Reply(ask, buttons)])
        detected = detect_region(question, self.kb.regions)
        if detected and role != "candidate" and asks_for_contacts(question):
            return Outcome("answer", [Reply(contacts_text(self.kb.regions[detected]))])
        plain = not (reading.followup or reading.facts) and reading.query == question
        asking = asking_part(question) if plain else ""
        place = bool(reading.named.get("pilot"))  # "(in Twente.) Met wie moet ik daar ...?"
        if asking and not points_back(asking, place):  # "Goedemiddag, ... Hij vroeg of ..."
            part = Reading(asking, self._named_in(asking, reading.named), reading.facts, False)
            outcome = self.knowledge_answer(asking, part, region, role)
            if outcome.kind == "answer":
                return outcome
        return refusals.refuse(self.kb, self.record, question, decision, region, role)

    def data_reply(self, question: str, paid: Paid, region: str | None) -> Outcome:
        """An answer from a table (who pays what, the kwalificaties), or its honest refusal."""
        if not paid.known:
            if self.record is not None:
                self.record(question, best_entry=None, best_score=None, region=region)
            where = refusals.refusal(self.kb, self.record, region)[1:]
            return Outcome("refuse", [Reply(paid.text), *where])
        text = paid.text
        if paid.sources:
            text += "\n" + source_line(self.kb, paid.sources)
        return Outcome("answer", [Reply(text, choices(self.kb, paid.details))])

    def _labels(self, missing: list[tuple[str, str]]) -> str:
        return " en ".join(dict.fromkeys(self.vocabulary.label(k, v) for k, v in missing))

    def _figures_asked(self, question: str, reading: Reading, role: str) -> Entry | None:
        if role == "candidate":
            return None
        entries, strip = self.kb.entries.values(), self.vocabulary.without
        return own_of.figures_asked(self.ranker, entries, question, reading.named, strip)


def _only_about(entry: Entry, reading: Reading) -> bool:
    """Whether the entry is about exactly the pilot or group the question names."""
    named = {k: v for k, v in reading.named.items() if k in ("pilot", "group") and v}
    return bool(named) and all(set(entry.facet(k)) == set(v) for k, v in named.items())
