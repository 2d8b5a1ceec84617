"""Answers about one client: the quick-check's rules applied to the facts a consultant gave,
what the sources say about the client's group, what is still open and the next step."""

from __future__ import annotations

import re

from bot.catalogue import say
from bot.knowledge.case_facts import (
    SK_SLOT,
    SK_UNUSABLE_SLOT,
    case_texts,
    describe,
)
from bot.knowledge.context import Reading
from bot.knowledge.eligibility import RuleSet
from bot.knowledge.facets import Vocabulary
from bot.knowledge.kb import Entry, KnowledgeBase
from bot.knowledge.question_parts import first_sentence, split_sentences
from bot.knowledge.replies import Outcome, Reply, check_button, choose_payload, source_line
from bot.text import fold


def findings(rules: RuleSet, facts: dict) -> list:
    """What the quick-check's rules say about the facts given (and only those)."""
    return [f for f in rules.evaluate(facts).findings if rules.rule(f.rule_id).slot in facts]


def with_case(
    kb: KnowledgeBase,
    rules: RuleSet,
    vocabulary: Vocabulary,
    answer: Outcome,
    reading: Reading,
    about: list[tuple[str, str]],
    asked_apart: bool = False,
    message: str = "",
) -> Outcome:
    """A question about admitting a client: the criteria applied to the facts given, what
    the sources say about the client's group, what is still open and the next step; then
    the answer to the question itself when it adds something. `about`: the client groups and
    pilots the message names ("in detentie": DJI), each with its own entry's first sentence.
    `asked_apart`: `answer` is to another question of the message (a company like the
    client's, "en hoe lang duurt het?"), so it is kept whatever pilot it is about. A group's
    entry is also quoted where it names the group with the message's words ("RMC")."""
    texts = case_texts()
    facts = dict(reading.facts)
    if facts.get(SK_SLOT) == "ja":  # a startkwalificatie: whether it is still usable is open
        facts.setdefault(SK_UNUSABLE_SLOT, "onbekend")
    found = findings(rules, facts)
    verdicts = {f.verdict for f in found}
    unknown = [vocabulary.label(k, v) for k, v in about if k == "group" and v in vocabulary.unknown]
    if unknown:  # "een zzp'er": whether the route fits that group, the sources do not say
        verdicts.add("bespreek")
    lead = next((texts.lead[v] for v in ("niet", "bespreek", "wel") if v in verdicts), "")
    lines = [lead, say("answers.case_facts", facts=describe(reading.facts))] if lead else []
    lines += [say("answers.case_group_unknown", group=g) for g in unknown]
    lines += [f"- {f.reason}" for f in found]
    sources = [s for f in found for s in rules.sources(f.rule_id)]
    entries = [e for f in found for e in f.entries if e in kb.entries]
    for kind, value in about:
        entry = kb.get(vocabulary.entry(kind, value) or "")
        if entry is not None:
            quoted = who_takes_part(entry)
            said = vocabulary.patterns_named(kind, value, message) if kind == "group" else None
            naming = [s for s in _naming(entry, vocabulary, kind, value, said) if s not in quoted]
            lines += [f"- {line}" for line in (*quoted, *naming[:1])]
            sources += entry.sources[:1]
            entries.append(entry.id)
    missing = [q for q in rules.applicable(facts) if q.slot not in facts]
    if missing:
        points = [texts.open_points.get(q.slot, q.slot) for q in missing]
        lines.append(say("answers.case_open", points="; ".join(points)))
    if "niet" not in verdicts:
        lines.append(texts.next_step)
        sources += texts.next_step_sources
    if missing:
        check = "answers.case_check_one" if len(missing) == 1 else "answers.case_check_many"
        lines.append(say(check, count=len(missing)))
    if not sources:
        sources = [s for e in dict.fromkeys(entries) for s in kb.entries[e].sources[:1]]
    if sources:
        lines.append(source_line(kb, tuple(sources)))
    case = Reply("\n".join(lines), [check_button()] if missing else [])
    if (
        answer.kind != "answer"
        or answer.entry_id in entries
        or (not asked_apart and _elsewhere(kb, answer, about))
    ):
        case.buttons += [
            {
                "title": say("answers.read_more", title=kb.entries[e].title),
                "payload": choose_payload(e),
            }
            for e in list(dict.fromkeys(entries))[:2]
        ]
        return Outcome("answer", [case], entries[0] if entries else None)
    return Outcome("answer", [case, *answer.replies], answer.entry_id)


# A sentence that says who may take part in a pilot or company: "Deelnemers moeten 24 tot 32
# uur per week inzetbaar zijn", "kunnen meedoen als ze leerbaar ... zijn"
_CONDITION = re.compile(
    r"\b(kunnen|kan|mogen|mag) (meedoen|in aanmerking)|\bin aanmerking\b|\binzetbaar\b"
    r"|\bvoorwaarde\w*|\bmoeten\b[^.]*\b(zijn|hebben|kunnen)\b|\brichten? zich\b"
    r"|\bde doelgroep (is|zijn|bestaat)\b"
)


def who_takes_part(entry: Entry) -> list[str]:
    """What a case answer quotes of a pilot's or group's own entry: its first sentence, and the
    sentences that say who may take part."""
    sentences = split_sentences(f"{entry.answer_for('consultant')} {entry.more_for('consultant')}")
    first = first_sentence(entry.answer_for("consultant"))
    return [first, *[s for s in sentences[1:] if _CONDITION.search(fold(s))][:2]]


def _naming(
    entry: Entry, vocabulary: Vocabulary, kind: str, value: str, said: frozenset[int] | None
) -> list[str]:
    """The sentences of the entry's answer that name the value with the words said."""
    if not said:
        return []
    sentences = split_sentences(entry.answer_for("consultant"))
    return [s for s in sentences if vocabulary.patterns_named(kind, value, s) & said]


def _elsewhere(kb: KnowledgeBase, answer: Outcome, about: list[tuple[str, str]]) -> bool:
    """An answer from a pilot's entry when the message names no such pilot ("komt hij in
    aanmerking?" for a client in the bijstand answered by DJI's target group) adds nothing."""
    entry = kb.get(answer.entry_id or "")
    pilots = set(entry.facet("pilot")) if entry is not None else set()
    return bool(pilots) and not pilots & {v for k, v in about if k == "pilot"}


def with_offer(answer: Outcome, reading: Reading) -> Outcome:
    """Another question about a client with facts: the answer, then the check offered."""
    facts = say("answers.case_facts", facts=describe(reading.facts))
    offer = Reply(f"{facts} {case_texts().offer}", [check_button()])
    return Outcome(
        answer.kind, [*answer.replies, offer], answer.entry_id, answer.region, answer.context
    )
