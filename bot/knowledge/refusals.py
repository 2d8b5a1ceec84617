"""The honest 'dat staat niet in mijn kennisbank': noted for the curators, with where to ask
instead and the close entries as buttons."""

from __future__ import annotations

from collections.abc import Callable

from bot.buttons import button
from bot.catalogue import say
from bot.knowledge.kb import Entry, KnowledgeBase
from bot.knowledge.question_parts import asks_admission
from bot.knowledge.regions import contacts_text, has_contacts
from bot.knowledge.replies import Outcome, Reply, choices, choose_payload
from bot.knowledge.retrieval import Decision

MAX_SUGGESTIONS = 2
SUGGEST_MIN_SCORE = 0.3  # below this the nearest entries are unrelated: offer none

Record = Callable[..., object] | None


def suggestions(
    kb: KnowledgeBase, question: str, decision: Decision, with_check: bool = True
) -> list[dict[str, str]]:
    """Buttons for a near miss: close entries, and the check for eligibility questions."""
    near = [h for h in decision.hits[:MAX_SUGGESTIONS] if h.score >= SUGGEST_MIN_SCORE]
    buttons = choices(kb, near)
    if with_check and asks_admission(question):
        buttons.append(button(say("answers.check_client_button"), "start_eligibility"))
    return buttons


def refusal(kb: KnowledgeBase, record: Record, region: str | None) -> list[Reply]:
    """'Niet in de kennisbank', and whom to ask in the consultant's region."""
    first = Reply(say("answers.refusal_noted" if record else "answers.refusal"))
    if region and region in kb.regions and has_contacts(kb.regions[region]):
        where = contacts_text(kb.regions[region])
        return [first, Reply(say("answers.ask_region_contacts", contacts=where))]
    if region and region in kb.regions:  # not named again: a refusal says nothing about it
        return [first, Reply(say("answers.ask_region_no_contacts"))]
    return [first, Reply(say("answers.ask_region"))]


def refuse(
    kb: KnowledgeBase,
    record: Record,
    question: str,
    decision: Decision,
    region: str | None,
    role: str = "consultant",
) -> Outcome:
    """The refusal for this role, the question noted as a gap in the knowledge."""
    if record is not None:
        best = decision.hits[0] if decision.hits else None
        record(
            question,
            best_entry=best.entry_id if best else None,
            best_score=best.score if best else None,
            region=region,
        )
    if role == "candidate":
        replies = [Reply(say("answers.refusal_candidate")), Reply(say("answers.ask_jobcoach"))]
        buttons = suggestions(kb, question, decision, with_check=False)
    else:
        replies = refusal(kb, record, region)
        buttons = suggestions(kb, question, decision)
    if buttons:
        replies.append(Reply(say("answers.suggestions"), buttons))
    return Outcome("refuse", replies)


def no_figures(
    kb: KnowledgeBase, record: Record, question: str, entry: Entry, labels: str, region: str | None
) -> Outcome:
    """Figures asked about a pilot or group whose own figures are not known: said so, with
    the figures of all pilots as a button."""
    if record is not None:
        record(question, best_entry=entry.id, best_score=None, region=region)
    text = say("answers.no_specific_figures", labels=labels)
    button = {"title": entry.title, "payload": choose_payload(entry.id)}
    return Outcome("refuse", [Reply(text), Reply(say("answers.all_pilots"), [button])])


def not_answered(part: str, outcome: Outcome) -> Reply:
    """A question of a message the knowledge does not answer on its own: not known, or which
    of the close entries is meant."""
    question = part.rstrip("?. ")
    if outcome.kind == "clarify" and outcome.replies and outcome.replies[0].buttons:
        buttons = outcome.replies[0].buttons
        return Reply(say("answers.case_other_choose", question=question), buttons)
    return Reply(say("answers.case_other_unknown", question=question))
