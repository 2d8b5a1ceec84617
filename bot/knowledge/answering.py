"""A question to the reply: an answer with its source, a choice, or an honest 'weet ik niet'."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from functools import lru_cache

from bot.catalogue import say
from bot.input_guard import problem_reply, strip_markup
from bot.knowledge import amounts, case_answers, refusals
from bot.knowledge import own_entries as own_of
from bot.knowledge.case_facts import read_facts
from bot.knowledge.context import Context, Reading, asks_its_own, next_context, read_in_context
from bot.knowledge.eligibility import RuleSet, load_rules
from bot.knowledge.facets import FINANCE_WORDS, Named, Vocabulary, vocabulary
from bot.knowledge.financing import Answer as Paid
from bot.knowledge.financing import Matrix, matrix
from bot.knowledge.gaps import record_gap
from bot.knowledge.kb import Entry, KnowledgeBase, load, load_out_of_scope
from bot.knowledge.qualifications import qualifications
from bot.knowledge.question_parts import (
    as_speaker,
    asking_part,
    asks_admission,
    asks_for_something,
    company_asked,
    other_question,
    pointed_to,
    points_back,
    question_part,
    two_questions,
    wants_example,
)
from bot.knowledge.regions import (
    asked_contacts,
    asks_for_contacts,
    contacts_reply,
    contacts_text,
    detect_region,
    has_contacts,
)
from bot.knowledge.replies import (
    Outcome,
    Reply,
    choices,
    entry_reply,
    example_outcome,
    more_outcome,
    source_line,
)
from bot.knowledge.retrieval import FULL_COVERAGE, Decision, Ranker, load_settings

_NONE: frozenset[str] = frozenset()
_SHE = re.compile(r"\b(hij|zij|ze|hem|haar)\b", re.IGNORECASE)
_THAT = re.compile(r"\b(dan|dat|dit|daarvan|daarmee)\b", re.IGNORECASE)  # the answer, not a place


class Answerer:
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

    def respond(
        self,
        text: str | None,
        region: str | None = None,
        chosen_entry: str | None = None,
        role: str = "consultant",
        context: dict | None = None,
    ) -> Outcome:
        previous = Context.from_slot(context)
        if chosen_entry:
            entry = self.kb.get(chosen_entry)
            if entry is not None:
                kept = Context(previous.q, entry.id, previous.facets, previous.facts, previous.ttl)
                return Outcome(
                    "answer",
                    [self.entry_reply(entry, region, role)],
                    entry.id,
                    None,
                    kept.to_slot(),
                )
        problem = problem_reply(text)
        if problem:
            return Outcome("problem", [Reply(problem)], context=previous.to_slot())
        question = strip_markup(text or "")
        named = self.vocabulary.read(question)
        # A candidate's own facts are not a consultant's case: no check, no case answer.
        facts = read_facts(question) if role != "candidate" else {}
        focus, focus_named = question, named
        if facts:  # a case description: search with the question in it, not with the facts
            focus = as_speaker(question_part(question), question)  # "wat is mijn rol?"
            focus_named = self._named_in(focus, named)
        reading = read_in_context(focus, focus_named, facts, previous, self.vocabulary.without)
        if facts:
            reading = dataclasses.replace(reading, around=named)
            before = pointed_to(question)  # "is dat realistisch?": with what it points to
            wider = dataclasses.replace(reading, query=f"{before}. {reading.query}")
            decision = self.ranker.decide_faceted(wider.query, self.kb.entries, reading.named)
            reading = wider if before and decision.kind == "answer" else reading
        told = self.reachable(role).get(previous.entry or "")  # a participant's story just told
        if told and "example" in told.facet("scope") and not facts and _SHE.search(question):
            reply = self.entry_reply(told, region, role)  # "hoeveel uur werkte ze?": hers
            return Outcome("answer", [reply], told.id, None, previous.to_slot())
        detected = detect_region(question, self.kb.regions)
        there = [v for v in reading.named.get("pilot", ()) if v in self.kb.regions]  # "daar"
        place = detected or (there[0] if len(there) == 1 else None)
        asked = asked_contacts(question) if place and role != "candidate" else None
        if asked is not None:  # "bij wie kan ik terecht in ...?": the live directory
            replies = [Reply(contacts_reply(self.kb.regions[place], asked))]
            pilot = self.kb.get(self.kb.regions[place].get("pilot_entry") or "")
            if pilot and not has_contacts(self.kb.regions[place]):  # who took part there
                replies.append(self.entry_reply(pilot, None, role, say("answers.pilot_parties")))
            return Outcome("answer", replies, None, place, previous.to_slot())
        region = detected or region
        example = self.similar_company(question, focus, (named, reading), region, role)
        if facts and not example and wants_example(focus):
            example = self.closest_example(question, named, region, role)
        pilot = example and self.kb.entries[example.entry_id or ""].facet("pilot")
        if pilot:  # a follow-up is about the company or participant just given
            now = {**reading.named, "pilot": frozenset(pilot)}
            reading = dataclasses.replace(reading, named=now)
        about_client = bool(facts) and self._asks_about_the_client(question, focus, reading)
        other = other_question(focus) if about_client and not example else None
        if other:  # "komt hij in aanmerking, en hoe lang duurt het?": both get an answer
            part = Reading(other, self._named_in(other, named), reading.facts, False)
            outcome = self.knowledge_answer(other, part, region, role)
        else:
            both = role != "candidate" and not reading.followup and not example
            outcome = example or (both and self._both_parts(focus, reading, region, role))
            outcome = outcome or self.knowledge_answer(question, reading, region, role)
        stories = self.reachable(role).values()
        like = facts and not example and own_of.example_like(self.ranker, stories, question, focus)
        if like and outcome.kind == "answer":  # "(klant 50, een kwekerij) hoeveel uur?": hers too
            outcome.replies += example_outcome(self.kb, like, region, role).replies
        part_outcome = outcome
        if about_client:
            outcome = case_answers.with_case(
                self.kb,
                self.rules,
                self.vocabulary,
                outcome,
                reading,
                [(k, v) for k in ("group", "pilot") for v in sorted(named.get(k, ()))],
                asked_apart=bool(other or example),
            )
            if other and outcome.replies and part_outcome.kind != "answer":
                outcome.replies.append(refusals.not_answered(other, part_outcome))
        elif facts:
            outcome = case_answers.with_offer(outcome, reading)
        outcome.region = detected
        outcome.context = next_context(previous, reading, question, outcome.entry_id).to_slot()
        return outcome

    def _both_parts(
        self, focus: str, reading: Reading, region: str | None, role: str
    ) -> Outcome | None:
        """Two questions in one that no entry answers together: each answered on its own."""
        replies, answered = self._answer_parts(two_questions(focus) or [], reading, region, role)
        return Outcome("answer", replies, answered[0]) if answered else None

    def _answer_parts(
        self,
        parts: list[str],
        reading: Reading,
        region: str | None,
        role: str,
        pilot: str | None = None,
        seen: tuple[str, ...] = (),
    ) -> tuple[list[Reply], list[str | None]]:
        """Each question answered on its own (an entry once), then the ones not known; with
        the entries that answered. A part that points back is about `pilot`."""
        answers: list[Reply] = []
        unknown: list[Reply] = []
        answered: list[str | None] = []
        for part in parts:
            named = self._named_in(part, reading.named)
            if pilot:  # every other question of a message about a pilot company
                named = {**named, "pilot": frozenset({pilot})}
            part_reading = dataclasses.replace(reading, query=part, named=named)
            o = self.knowledge_answer(part, part_reading, region, role)
            if o.kind != "answer":
                unknown.append(refusals.not_answered(part, o))
            elif o.entry_id is None or o.entry_id not in (*seen, *answered):
                answers += o.replies
                answered.append(o.entry_id)
        return answers + unknown, answered

    def _named_in(self, focus: str, named: Named) -> Named:
        """The facets of the asking sentence; a pilot named anywhere in the message counts."""
        own = dict(self.vocabulary.read(focus))
        if named.get("pilot"):
            own["pilot"] = named["pilot"]
        return own

    def _asks_about_the_client(self, message: str, focus: str, reading: Reading) -> bool:
        """Whether a message with case facts asks if the client can take part."""
        if FINANCE_WORDS.search(focus):
            return False
        if asks_admission(focus) or reading.followup:
            return True
        short = len(message.split()) <= 8
        return ("criterion" in reading.named or short) and not asks_for_something(focus)

    def closest_example(
        self, question: str, named: Named, region: str | None, role: str
    ) -> Outcome | None:
        """'Een voorbeeld van iemand zoals mijn klant': the participant's story closest to it."""
        entry = own_of.closest_example(self.ranker, self.kb.entries.values(), question, named)
        return example_outcome(self.kb, entry, region, role) if entry else None

    def similar_company(
        self, question: str, focus: str, read: tuple[Named, Reading], region: str | None, role: str
    ) -> Outcome | None:
        """'Is er een vergelijkbaar bedrijf in de pilots, en hoe lang duurt het daar?': the
        pilot company in the client's sector, and the other question asked about it."""
        named, reading = read
        case = bool(reading.facts) and not named.get("pilot")  # else "daar" is that pilot
        rest = company_asked(focus, case) if role != "candidate" else None
        pilots = self.vocabulary.companies(question, named) if rest is not None else []
        entry = self.kb.get(self.vocabulary.entry("pilot", pilots[0]) or "") if pilots else None
        if entry is None or rest is None:
            return None
        reply = self.entry_reply(entry, region, "consultant", say("answers.company"))
        more, _ = self._answer_parts(rest, reading, region, "consultant", pilots[0], (entry.id,))
        return Outcome("answer", [reply, *more], entry.id)

    def knowledge_answer(
        self, question: str, reading: Reading, region: str | None, role: str
    ) -> Outcome:
        consultant = role != "candidate"
        if consultant:  # "welke kwalificatie past bij naaiwerk?", "... bij Sligro?"
            listed = self.listed.answer(reading.query, question, reading.named.get("pilot", _NONE))
            if listed is not None:
                return self.data_reply(question, listed, region)
        # "(en de jobcoach?) en voor de werkgever, krijgt die iets?": its own money question
        own = self._named_in(question, reading.named)
        alone = reading.followup and FINANCE_WORDS.search(question) and "actor" in own
        money = dataclasses.replace(reading, query=question, named=own) if alone else reading
        if consultant and self.matrix and FINANCE_WORDS.search(money.query):
            paid = self.matrix.answer(
                money.query, money.named, lambda v: self.vocabulary.label("pilot", v)
            )
            if paid is not None:
                return self.data_reply(question, paid, region)
        own = own_of.what_it_is(self.reachable(role), self.vocabulary, reading.query, reading.named)
        if own is not None:  # "Doorzaam, wat is dat voor partij?"
            return Outcome("answer", [self.entry_reply(own, region, role)], own.id)
        each = own_of.figures_each(self.kb.entries.values(), reading.query, reading.named)
        if each and role != "candidate":  # "hoeveel deelnemers hadden DJI en Groningen?"
            return Outcome("answer", [self.entry_reply(e, region, role) for e in each], each[0].id)
        swapped = reading.followup and bool(reading.new_facets)
        reachable = self.reachable(role)
        entries = reachable.values()
        decision: Decision = self.ranker.decide_faceted(
            reading.query, reachable, reading.named, guard=not swapped
        )
        again = decision.kind == "answer" and decision.entry_id == reading.before
        again = again and not decision.missing  # a new pilot named: its own entry, further on
        # ... unless that entry knows every word of the follow-up: its details answer it
        again = again and self.ranker.coverage(question)(decision.entry_id or "") < FULL_COVERAGE
        own = asks_its_own(question) and not _THAT.search(question)  # not "verschil dan?"
        again = again or (decision.entry_id == reading.before and own)
        if (decision.kind == "refuse" or again) and reading.followup and reading.query != question:
            alone = self.ranker.decide_faceted(question, reachable, reading.named)
            if alone.kind == "answer" and not alone.missing and alone.entry_id != reading.before:
                decision, reading = alone, dataclasses.replace(reading, query=question)
        if decision.kind == "clarify":  # "hoeveel uur?": the one close entry that says it
            says = [h for h in decision.hits if not amounts.lacks(question, reachable[h.entry_id])]
            near = reading.followup and reading.before in {h.entry_id for h in decision.hits}
            cover = self.ranker.coverage(question)(reading.before or "") if near else 1.0
            if len(says) != 1 and cover < FULL_COVERAGE:  # "waarom niet?": not the last answer
                says = [h for h in decision.hits if h.entry_id != reading.before]
            decision = Decision("answer", (says[0],)) if len(says) == 1 else decision
        if decision.kind == "answer":
            entry = self.kb.entries[decision.entry_id]
            missing = [
                (k, v)
                for k, v in decision.missing
                if not (k == "pilot" and v == region and v in entry.regional)
            ]
            if missing and entry.topic == "cijfers":
                own = own_of.figures_of(self.kb.entries.values(), missing)
                strip = self.vocabulary.without
                if own is None or not own_of.figures_cover(
                    self.ranker, own, entry, reading.query, strip, missing
                ):
                    labels, record = self._labels(missing), self.record
                    return refusals.no_figures(self.kb, record, question, entry, labels, region)
                entry, missing = own, []
            elif missing:
                own = own_of.own_entry(
                    self.ranker,
                    entries,
                    missing,
                    reading.query,
                    reading.named,
                    self.vocabulary.without,
                )
                if own is not None:  # the pilot's own entry covers it: never "not known"
                    entry, missing = own, []
            own_words = reading.followup and asks_for_something(question)  # "waarom niet?"
            lacks = amounts.no_amount_note(question if own_words else reading.query, entry, role)
            figures = self._figures_asked(question, reading, role) if lacks else None
            if figures is not None:  # "hoeveel deden er mee?" about a pilot: its own figures
                entry, lacks = figures, ""
            note = say("answers.missing_note", labels=self._labels(missing)) if missing else lacks
            reply = self.entry_reply(entry, region, role, note)
            if "overview" in entry.facet("scope"):  # a broad answer points to the details
                reply.buttons += choices(self.kb, decision.hits[1:3])
            return Outcome("answer", [reply], entry.id)
        unsure = decision.kind in ("refuse", "clarify")
        own = self._figures_asked(question, reading, role) if unsure else None
        if own is None and unsure:
            named = [(k, v) for k in ("pilot", "group") for v in reading.named.get(k, ())]
            around = [(k, v) for k in ("pilot", "group") for v in reading.around.get(k, ())]
            own = own_of.own_entry(
                self.ranker,
                entries,
                named or around,
                reading.query,
                reading.named,
                self.vocabulary.without,
            )
        before = reachable.get(reading.before or "") if reading.followup else None
        if own is None and before and self.ranker.coverage(question)(before.id) >= FULL_COVERAGE:
            own = before  # "in welke periode?": a detail of the answer just given
        if own is not None:  # "hoeveel deelnemers hadden zij?" about the pilot discussed
            note = amounts.no_amount_note(question, own, role)
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
        if asking and not points_back(asking):  # "Goedemiddag, ... Hij vroeg of ... Groet"
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


@lru_cache(maxsize=1)
def default_answerer() -> Answerer:
    kb = load()
    design, thresholds = load_settings()
    ranker = Ranker(kb.entries.values(), design, thresholds, out_of_scope=load_out_of_scope())
    return Answerer(kb, ranker)
