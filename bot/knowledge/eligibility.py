"""The consultant quick-check: rules from knowledge/eligibility.yml applied to answers.

Its questions are bot.questions' Question, asked by the same form engine as the
candidate's conversations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.buttons import button
from bot.catalogue import say
from bot.knowledge.kb import KNOWLEDGE_DIR, Source, parse_lines
from bot.parsing import UNKNOWN
from bot.questions import Question, applicable, question_from_data

VERDICT_ORDER = ("niet", "bespreek", "wel")
OUTCOME_FOR_VERDICT = {
    "niet": "waarschijnlijk_niet",
    "bespreek": "bespreek",
    "wel": "waarschijnlijk_wel",
}
# What eligibility.yml leaves out: the quick-check's questions all have a "weet ik niet"
# button and a hint per type, and a client may be of any age.
QUESTION_DEFAULTS = {"label": "", "unknown_button": True, "ages": (1, 119)}
HINTS = {"age": "quickcheck.hint_age", "yes_no": "quickcheck.hint_yes_no"}


@dataclass(frozen=True)
class Rule:
    id: str
    slot: str
    when: dict[str, Any]
    verdict: str
    reason: str
    entries: tuple[str, ...]
    sources: tuple[Source, ...] = ()

    def matches(self, value: Any) -> bool:
        if value is None:
            return False
        if "equals" in self.when:
            return str(value) == str(self.when["equals"])
        if not isinstance(value, int) or not ("lt" in self.when or "gte" in self.when):
            return False
        if "lt" in self.when and value >= int(self.when["lt"]):
            return False
        return not ("gte" in self.when and value < int(self.when["gte"]))


@dataclass(frozen=True)
class Finding:
    rule_id: str
    verdict: str
    reason: str
    entries: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    outcome: str  # waarschijnlijk_wel | waarschijnlijk_niet | bespreek
    summary: str
    findings: tuple[Finding, ...]

    @property
    def entries(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for f in self.findings:
            for e in f.entries:
                seen.setdefault(e, None)
        return tuple(seen)


@dataclass(frozen=True)
class RuleSet:
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    outcomes: dict[str, str]

    def applicable(self, answers: dict[str, Any]) -> list[Question]:
        """The questions that apply given the answers so far, in order."""
        return applicable(self.questions, answers)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def sources(self, rule_id: str) -> tuple[Source, ...]:
        return self.rule(rule_id).sources

    def next_question(self, answers: dict[str, Any]) -> Question | None:
        for q in self.applicable(answers):
            if answers.get(q.slot) is None:
                return q
        return None

    def evaluate(self, answers: dict[str, Any]) -> Result:
        asked = {q.slot for q in self.applicable(answers)}
        findings = []
        for rule in self.rules:
            if rule.slot in asked and rule.matches(answers.get(rule.slot)):
                findings.append(Finding(rule.id, rule.verdict, rule.reason, rule.entries))
        unanswered = [q for q in self.applicable(answers) if answers.get(q.slot) is None]
        for q in unanswered:  # treat a skipped question as "weet ik niet"
            for rule in self.rules:
                if rule.slot == q.slot and rule.matches(UNKNOWN):
                    findings.append(Finding(rule.id, rule.verdict, rule.reason, rule.entries))
        verdicts = {f.verdict for f in findings}
        worst = next((v for v in VERDICT_ORDER if v in verdicts), "bespreek")
        outcome = OUTCOME_FOR_VERDICT[worst]
        # Show the reasons that decided the outcome first.
        ordered = sorted(findings, key=lambda f: VERDICT_ORDER.index(f.verdict))
        return Result(outcome, self.outcomes[outcome], tuple(ordered))


def load_rules(path: Path = KNOWLEDGE_DIR / "eligibility.yml") -> RuleSet:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = tuple(
        question_from_data(
            {**QUESTION_DEFAULTS, "kind": q["type"], "hint": say(HINTS[q["type"]]), **q}
        )
        for q in data["questions"]
    )
    rules = tuple(
        Rule(
            r["id"],
            r["slot"],
            dict(r["when"]),
            r["verdict"],
            " ".join(str(r["reason"]).split()),
            tuple(r.get("entries") or ()),
            tuple(
                Source(str(src["file"]), *parse_lines(src["lines"]))
                for src in r.get("sources") or ()
            ),
        )
        for r in data["rules"]
    )
    return RuleSet(questions, rules, dict(data["outcomes"]))


def answers_from_slots(slots: dict[str, Any], rules: RuleSet) -> dict[str, Any]:
    """Slot values (text) -> answers the rules understand (ages as int)."""
    answers: dict[str, Any] = {}
    for q in rules.questions:
        value = slots.get(q.slot)
        if value is None:
            continue
        if q.kind == "age" and value != UNKNOWN:
            try:
                value = int(float(value))
            except (TypeError, ValueError):
                value = UNKNOWN
        answers[q.slot] = value
    return answers


def result_message(
    result: Result, titles: dict[str, str], max_buttons: int = 3
) -> tuple[str, list[dict[str, str]]]:
    """The text and 'lees meer' buttons that close the quick-check."""
    decisive = {"waarschijnlijk_niet": "niet", "bespreek": "bespreek", "waarschijnlijk_wel": "wel"}
    lines = [result.summary, "", say("quickcheck.why")]
    lines += [f"- {f.reason}" for f in result.findings]
    lines += ["", say("quickcheck.not_a_decision")]
    key = decisive[result.outcome]
    first = [e for f in result.findings if f.verdict == key for e in f.entries]
    ordered = list(dict.fromkeys(first + list(result.entries)))
    buttons = [
        button(say("answers.read_more", title=titles[e]), "choose_entry", kb_entry_id=e)
        for e in ordered
        if e in titles
    ][:max_buttons]
    return "\n".join(lines), buttons
