"""What the answerer returns: replies with buttons, and the short source line under an answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.buttons import button, payload
from bot.catalogue import say
from bot.knowledge.kb import Entry, KnowledgeBase, Source
from bot.knowledge.regions import directory_line
from bot.knowledge.retrieval import Hit


def check_button() -> dict[str, str]:
    return button(say("answers.check_button"), "start_eligibility")


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
    context: dict | None = None  # the conversation's topic after this turn (slot kb_context)


def choose_payload(entry_id: str) -> str:
    return payload("choose_entry", kb_entry_id=entry_id)


def more_payload(entry_id: str) -> str:
    return payload("more_info", kb_entry_id=entry_id)


MAX_SPANS = 2  # line ranges shown per source document; the rest is "e.a."


def source_line(kb: KnowledgeBase, sources: tuple[Source, ...], lines: bool = True) -> str:
    """One short line: 'Bron: <label>, r. 12-20, 40-44 e.a.; <label2>, r. 3-9'. Without
    `lines` (for candidates) only the documents: 'Bron: <label>; <label2>'."""
    named = [f"{s.document} ({s.date:%d-%m-%Y})" if s.date else s.document for s in sources]
    documents = [n for n, s in zip(named, sources) if s.document]
    files = [s for s in sources if not s.document]
    if not lines:
        labels = dict.fromkeys(kb.source_labels.get(s.file, s.file) for s in files)
        return "Bron: " + "; ".join([*labels, *dict.fromkeys(documents)])
    by_file: dict[str, list[str]] = {}
    for s in files:
        span = f"{s.start}-{s.end}" if s.end != s.start else str(s.start)
        if span not in by_file.setdefault(s.file, []):
            by_file[s.file].append(span)
    parts = []
    for f, spans in by_file.items():
        more = " e.a." if len(spans) > MAX_SPANS else ""
        parts.append(f"{kb.source_labels.get(f, f)}, r. {', '.join(spans[:MAX_SPANS])}{more}")
    return "Bron: " + "; ".join([*parts, *dict.fromkeys(documents)])


def choices(kb: KnowledgeBase, hits: Iterable[Hit | str]) -> list[dict[str, str]]:
    """A button per entry to choose (a hit, or an entry id)."""
    ids = [h if isinstance(h, str) else h.entry_id for h in hits]
    return [
        {"title": kb.entries[i].title, "payload": choose_payload(i)} for i in ids if i in kb.entries
    ]


def more_outcome(kb: KnowledgeBase, entry_id: str | None, role: str) -> Outcome:
    """The longer explanation of an entry (the 'Meer uitleg' button)."""
    entry = kb.get(entry_id or "")
    if entry is None:
        return Outcome("problem", [Reply(say("answers.more_which"))])
    more = entry.more_for(role)
    if not more:
        return Outcome("answer", [Reply(say("answers.more_none"))], entry.id)
    text = f"{more}\n{source_line(kb, entry.sources, role != 'candidate')}"
    return Outcome("answer", [Reply(text)], entry.id)


def entry_reply(
    kb: KnowledgeBase, entry: Entry, region: str | None, role: str = "consultant", note: str = ""
) -> Reply:
    """An entry as a reply: its regional variant when the region has one, its source line, the
    region's contact when the entry points to one, and a consultant's note before it."""
    variant = entry.for_region(region, role)
    lines = role != "candidate"
    # A consultant gets the whole entry at once (the details are often what was asked); a
    # candidate gets the short answer and the button for more.
    whole = role != "candidate" and not (region and region in entry.regional)
    body = f"{variant.answer}\n{entry.more_for(role)}" if whole and entry.more else variant.answer
    text = f"{body}\n{source_line(kb, variant.sources, lines)}"
    if region and region in entry.regional:
        text = f"{kb.regions[region]['name']}: {text}"
    elif note:
        text = f"{note}\n{text}"
    if role == "candidate" and entry.audience == "consultant":
        text = f"{say('answers.for_consultants')}\n{text}"
    if region and entry.directory and region in kb.regions:
        text += "\n" + directory_line(kb.regions[region], entry.directory)
    buttons = (
        [{"title": say("answers.more_button"), "payload": more_payload(entry.id)}]
        if entry.more and not whole
        else []
    )
    return Reply(text, buttons)


def example_outcome(kb: KnowledgeBase, entry: Entry, region: str | None, role: str) -> Outcome:
    """A participant's story, with the button to the overview of all of them."""
    reply = entry_reply(kb, entry, region, role, say("answers.example"))
    overview = kb.get("voorbeelden-deelnemers")
    if overview is not None:
        reply.buttons.append({"title": overview.title, "payload": choose_payload(overview.id)})
    return Outcome("answer", [reply], entry.id)
