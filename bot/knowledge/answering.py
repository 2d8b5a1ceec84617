"""A message to the reply: its context, a case, contacts, or the parts it asks; each
question answered by `QuestionAnswerer`."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from bot.catalogue import say
from bot.input_guard import problem_reply, strip_markup
from bot.knowledge import case_answers, refusals
from bot.knowledge import own_entries as own_of
from bot.knowledge.case_facts import read_facts, without_wishes
from bot.knowledge.context import Context, Reading, next_context, read_in_context
from bot.knowledge.example_questions import asks_for_one_like, company_asked, wants_example
from bot.knowledge.facets import FINANCE_WORDS, PHASE, Named
from bot.knowledge.kb import load, load_out_of_scope
from bot.knowledge.question_answer import QuestionAnswerer
from bot.knowledge.question_parts import (
    NEXT_STEP,
    another_pv_named,
    as_speaker,
    asking_clause,
    asks_admission,
    asks_for_something,
    other_question,
    pointed_to,
    points_back,
    question_part,
    split_sentences,
    two_questions,
    without_lead,
)
from bot.knowledge.question_words import has_own_words
from bot.knowledge.regions import asked_contacts, contacts_reply, detect_region, has_contacts
from bot.knowledge.replies import Outcome, Reply, example_outcome
from bot.knowledge.retrieval import Ranker
from bot.knowledge.thresholds import load_settings

_SHE = re.compile(r"\b(hij|zij|ze|hem|haar)\b", re.IGNORECASE)


class Answerer(QuestionAnswerer):
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
        # the words searched with: "kan hij er nog een halen?" names another praktijkverklaring
        searched = another_pv_named(without_lead(question))
        named = self.vocabulary.read(searched)
        # A candidate's own facts are not a consultant's case: no check, no case answer.
        facts = read_facts(question) if role != "candidate" else {}
        focus, focus_named = searched, named
        if facts:  # a case description: search with the question in it, not with the facts
            focus = as_speaker(question_part(searched), searched)  # "wat is mijn rol?"
            clause = asking_clause(focus)  # "WW 29 geen sk, aan hoeveel werkprocessen ...?"
            if (
                clause != focus
                and self.ranker.decide_faceted(
                    clause, self.kb.entries, self._named_in(clause, named)
                ).kind
                == "answer"
            ):
                focus = clause
            focus_named = self._named_in(focus, named)
        # A client described in sentences of their own is a new case, not a follow-up to the
        # last question, unless its question points back ("... Kan dat dan?").
        new_case = bool(facts) and len(split_sentences(searched)) > 1 and not points_back(focus)
        earlier = Context() if new_case else previous
        reading = read_in_context(focus, focus_named, facts, earlier, self.vocabulary.without)
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
        # "(moeder in de bijstand) hoe lang deed een vergelijkbare deelnemer erover?"
        client = facts or (named.get("group") and asks_for_one_like(focus))
        if client and not example and wants_example(focus):
            example = self.closest_example(question, named, region, role)
        pilot = example and self.kb.entries[example.entry_id or ""].facet("pilot")
        if pilot:  # a follow-up is about the company or participant just given
            now = {**reading.named, "pilot": frozenset(pilot)}
            reading = dataclasses.replace(reading, named=now)
        about_client = bool(facts) and self._asks_about_the_client(question, focus, reading)
        other = other_question(focus) if about_client and not example else None
        phased = None
        only_phase = bool(facts) and self._only_the_phase(focus)
        if facts and self._asks_about_the_phase(question, focus, only_phase):  # not the group's
            phased = self._phase_answer(question, focus, region, role, only_phase)
        if phased:
            outcome = phased
        elif other:  # "komt hij in aanmerking, en hoe lang duurt het?": both get an answer
            part = Reading(other, self._named_in(other, named), reading.facts, False)
            outcome = self.knowledge_answer(other, part, region, role)
        else:
            both = role != "candidate" and not reading.followup and not example
            outcome = example or (both and self._both_parts(focus, reading, region, role))
            outcome = outcome or self.knowledge_answer(question, reading, region, role)
        if outcome.kind != "answer":  # "(heeft zijn pv gekregen) wat moet ik nu doen?"
            phased = self._phase_answer(question, focus, region, role, only_phase)
            outcome = phased or outcome
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
                message=question,
            )
            if other and outcome.replies and part_outcome.kind != "answer":
                outcome.replies.append(refusals.not_answered(other, part_outcome))
        elif facts and phased is None:  # after the pv, admission is past: no check offered
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

    def _phase_answer(
        self, question: str, focus: str, region: str | None, role: str, only_phase: bool = False
    ) -> Outcome | None:
        """A case at a phase of the traject ("heeft zijn pv gekregen"): that phase's entry,
        when it knows the question's own words (or the question has none: "wat nu?", or the
        case only says the phase: `only_phase`)."""
        value = self.vocabulary.phase(question)
        entry_id = self.vocabulary.entry(PHASE, value) if value else None
        entry = self.reachable(role).get(entry_id or "")
        if entry is None:
            return None
        before = pointed_to(question) if points_back(focus) else ""
        if before and self.vocabulary.phase(before) == value:  # "(rondt af.) ... daarna?"
            before = ""
        asked = f"{before}. {focus}" if before else focus  # "wat weten we daarover?"
        if has_own_words(asked) and not only_phase:
            known = self.ranker.coverage(asked)(entry.id)
            if known < self.ranker.thresholds.answer_min_coverage:
                return None
        return Outcome("answer", [self.entry_reply(entry, region, role)], entry.id)

    def _asks_about_the_phase(self, message: str, focus: str, only_phase: bool) -> bool:
        """ "(41, bijstand) krijgt binnenkort zijn pv. Waar moet ik op letten?": a case at a
        phase whose question names nothing itself (or that only says the phase). Only for a
        case: "hoeveel mensen hebben een pv gehaald" asks for figures."""
        if not self.vocabulary.phase(message) or points_back(focus):  # "... Kan dat?"
            return False
        return only_phase or not has_own_words(focus)

    def _only_the_phase(self, focus: str) -> bool:
        """ "Klant (36) heeft vorige week zijn pv gekregen.": no question, only the phase."""
        return bool(self.vocabulary.phase(focus)) and "?" not in focus

    def _asks_about_the_client(self, message: str, focus: str, reading: Reading) -> bool:
        """Whether a message with case facts asks if the client can take part."""
        if FINANCE_WORDS.search(focus):
            return False
        if asks_admission(focus) or reading.followup:
            return True
        if self.vocabulary.phase(message):  # "heeft zijn pv gekregen.": admission is past
            return False
        if NEXT_STEP.search(focus):
            return True  # before the traject, the next step is the intake
        short = len(message.split()) <= 8
        # "(...) heeft hij dan een niveau 2-diploma?" asks what the pv brings, not admission
        criterion = "criterion" in self.vocabulary.read(without_wishes(focus))
        return (criterion or short) and not asks_for_something(focus)

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


@lru_cache(maxsize=1)
def default_answerer() -> Answerer:
    kb = load()
    design, thresholds = load_settings()
    ranker = Ranker(kb.entries.values(), design, thresholds, out_of_scope=load_out_of_scope())
    return Answerer(kb, ranker)
