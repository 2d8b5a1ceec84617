"""The text catalogue (knowledge/texts/*.yml, bot/catalogue.py): every key the code uses
exists, every text is used, each text has an audience, candidates are never addressed with
"u" and consultants never with "je", and no user-facing Dutch is left in the Python code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.escalation import escalate
from bot.catalogue import AUDIENCES, TEXTS_DIR, Text, catalogue, load, say
from tools.knowledge_check import check_texts

BOT = Path(__file__).resolve().parents[2] / "bot"
U_FORM = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)
JE_FORM = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
# A string in the code that looks like a key: "<area>.<name>", not a file name.
KEY = re.compile(r"^([a-z_]+)\.([a-z0-9_]+)$")
FILE_SUFFIXES = {"yml", "yaml", "py", "html", "js", "css", "db", "json", "md", "txt", "gz"}


def _string_constants(path: Path) -> list[ast.Constant]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _keys_in_code() -> dict[str, list[str]]:
    """Every string in bot/ that has the shape of a key of one of the catalogue's areas.
    bot/store is left out: its "escalations.id" is a column, and it says nothing to anyone."""
    areas = {p.stem for p in TEXTS_DIR.glob("*.yml")}
    found: dict[str, list[str]] = {}
    for path in sorted(BOT.rglob("*.py")):
        if "store" in path.relative_to(BOT).parts:
            continue
        for node in _string_constants(path):
            match = KEY.match(node.value)
            if match and match[1] in areas and match[2] not in FILE_SUFFIXES:
                found.setdefault(node.value, []).append(f"{path.name}:{node.lineno}")
    return found


def _say_arguments() -> list[tuple[str, ast.expr]]:
    """The first argument of every say(...) call in bot/."""
    calls = []
    for path in sorted(BOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                calls.append((f"{path.name}:{node.lineno}", node.args[0]))
    return calls


def test_the_catalogue_has_texts_in_every_area():
    texts = catalogue()
    assert len(texts) > 150
    areas = {key.split(".")[0] for key in texts}
    assert areas == {p.stem for p in TEXTS_DIR.glob("*.yml")}
    assert {t.audience for t in texts.values()} == set(AUDIENCES)


def test_no_name_is_given_twice_in_a_file():
    """yaml.safe_load keeps the last of two equal names silently; the composed file does not."""
    paths = list(TEXTS_DIR.glob("*.yml"))
    assert len(paths) > 5
    for path in paths:
        names = [k.value for k, _ in yaml.compose(path.read_text(encoding="utf-8")).value]
        assert names and len(names) == len(set(names)), path.name


def test_every_key_used_in_the_code_exists():
    keys = _keys_in_code()
    assert len(keys) > 150
    missing = {k: where for k, where in keys.items() if k not in catalogue()}
    assert missing == {}


def test_say_is_only_called_with_a_key_written_out_or_one_from_a_table_of_keys():
    """A key put together at run time ("reason_" + code) would hide from the check above."""
    calls = _say_arguments()
    assert len(calls) > 100
    composed = [where for where, arg in calls if isinstance(arg, (ast.JoinedStr, ast.BinOp))]
    assert composed == []


def test_every_text_in_the_catalogue_is_used():
    used = _keys_in_code()
    unused = [k for k, t in catalogue().items() if k not in used and not t.used_by]
    assert unused == []


def test_every_placeholder_is_a_plain_name():
    names = [(key, name) for key, item in catalogue().items() for name in item.placeholders]
    assert len(names) > 10
    assert [(key, name) for key, name in names if not name.isidentifier()] == []


def test_say_fills_in_and_refuses_what_it_does_not_know():
    assert say("escalations.taken_over", name="Anna").startswith("Je jobcoach Anna ")
    with pytest.raises(KeyError):
        say("escalations.taken_over")  # the name is missing
    with pytest.raises(KeyError):
        say("escalations.bestaat_niet")


def test_a_text_without_audience_or_with_a_wrong_form_is_refused(tmp_path):
    (tmp_path / "x.yml").write_text("a:\n  text: Hoi\n", encoding="utf-8")
    with pytest.raises(ValueError, match="audience"):
        load(tmp_path)
    (tmp_path / "x.yml").write_text("a:\n  audience: candidate\n  form: u\n  text: Hoi\n")
    with pytest.raises(ValueError, match="form"):
        load(tmp_path)
    (tmp_path / "x.yml").write_text("a:\n  audience: both\n  text: Hoi\n  extra: 1\n")
    with pytest.raises(ValueError, match="mapping"):
        load(tmp_path)


def test_make_kb_check_reads_the_catalogue(tmp_path):
    assert check_texts(TEXTS_DIR.parent) == []
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "x.yml").write_text("a:\n  audience: iedereen\n  text: Hoi\n")
    assert check_texts(tmp_path) and "audience" in check_texts(tmp_path)[0]


def _conversation_texts() -> list[str]:
    """The candidate's conversations (knowledge/conversations.yml): texts, questions, hints."""
    from bot.questions import conversations

    texts = []
    for conv in conversations().values():
        for value in conv.texts.values():
            texts += value if isinstance(value, list) else [value]
        for q in conv.questions:
            texts += [*q.ask, q.hint, q.label, *(o.title for o in q.options)]
    return [str(t) for t in texts]


def _by_audience(audience: str) -> list[Text]:
    return [t for t in catalogue().values() if t.audience == audience]


def test_the_form_of_address_is_recognised():
    assert U_FORM.search("Wilt u de check doen?") and U_FORM.search("In uw regio.")
    assert not U_FORM.search("Elk uur een bericht.")
    assert JE_FORM.search("Je kunt stoppen.") and JE_FORM.search("Wat jij wilt, jouw keuze.")
    assert not JE_FORM.search("Jeugd en jeugdzorg.")


def test_candidate_texts_never_say_u():
    texts = [t.template for t in _by_audience("candidate")] + _conversation_texts()
    assert len(texts) > 100
    assert [t for t in texts if U_FORM.search(t)] == []


def test_consultant_texts_never_say_je():
    texts = _by_audience("consultant")
    assert texts
    assert [t.key for t in texts if JE_FORM.search(t.template)] == []


def test_texts_for_both_name_the_form_they_still_use():
    """A text for both audiences says u or je only with `form:` set, so the texts that still
    address a candidate with u (or a consultant with je) are listed in the catalogue."""
    texts = _by_audience("both")
    assert texts
    for t in texts:
        says = {form for form, p in (("u", U_FORM), ("je", JE_FORM)) if p.search(t.template)}
        assert len(says) <= 1, t.key
        assert says == ({t.form} if t.form else set()), t.key


def _someone_unknown_asks_for_a_person(role: str | None) -> str:
    metadata = {"role": role} if role else {}
    message = {"text": "ik wil een mens spreken", "intent": {"name": "request_human"}}
    tracker = Tracker(
        sender_id=f"onbekend-{role}",
        slots={},
        latest_message=message,
        events=[{"event": "user", "text": message["text"], "metadata": metadata}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    escalate(dispatcher, tracker)
    return dispatcher.messages[-1]["text"]


def test_a_candidate_who_asks_for_a_person_hears_je_and_a_consultant_u():
    candidate = _someone_unknown_asks_for_a_person("candidate")
    assert JE_FORM.search(candidate) and not U_FORM.search(candidate)
    assert candidate == say("escalations.human_for_unknown_candidate")
    for role in ("consultant", None):  # REST carries no role: the consultants' channel
        consultant = _someone_unknown_asks_for_a_person(role)
        assert U_FORM.search(consultant) and not JE_FORM.search(consultant)


# Where Dutch in the code is not a text for a user, and why.
NOT_USER_TEXT = {
    # another engineer tunes these; their consultant texts are a follow-up
    "retrieval.py",
    "facets.py",
    "context.py",
    "case_facts.py",
    "question_parts.py",
    "example_questions.py",
    "run.py",  # the operator's console while starting the processes
    "banner.py",  # the same console, once everything runs (moved out of run.py)
    "supervisor.py",  # the same console: restarts, giving up
    "service.py",  # the console of a service manager (systemd)
    "prod.py",  # the production shape's console (make run-prod)
    "run_prod.py",  # the same console
    "services.py",  # the same console: PostgreSQL and Redis that are missing
    "nginx.py",  # the comments of nginx's configuration (for the IT department)
    "migrate.py",  # the operator's console
    "settings.py",  # the operator's documentation of each variable and start-up errors
    "shell.py",  # the developer's terminal chat (make shell)
    "readability.py",  # findings for the developer running the tests
}
DUTCH_WORDS = re.compile(
    r"\b(de|het|een|je|u|uw|ik|niet|geen|is|zijn|van|voor|met|dat|dit|wat|kan|staat|heeft)\b",
    re.IGNORECASE,
)
REGEX_MARKS = ("\\b", "(?", "|", "[^", "\\s")
# Calls whose strings are for developers: exceptions nobody is shown, command-line help.
DEVELOPER_CALLS = ("ValueError", "RuntimeError", "RasaError", "add_argument", "add_parser")


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Docstrings, log lines, argparse help and developers' exceptions (ValueError...)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            owner = getattr(getattr(func, "value", None), "id", None)
            if owner == "log" or name in DEVELOPER_CALLS:
                skipped |= {id(n) for n in ast.walk(node)}
    return skipped


def _literal(node: ast.AST) -> str | None:
    """A string literal as written; an f-string with {} for what is filled in."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def dutch_in_code(root: Path = BOT) -> list[str]:
    """String literals that read as Dutch for a person: the catalogue's business."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name in NOT_USER_TEXT or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _skipped_nodes(tree)
        for node in ast.walk(tree):
            value = _literal(node)
            if isinstance(node, ast.JoinedStr):
                skipped |= {id(v) for v in node.values}
            if value is None or id(node) in skipped or any(m in value for m in REGEX_MARKS):
                continue
            value = value.strip()
            sentence = value[:1].isupper() or value[-1:] in ".?!:"
            if len(value.split()) >= 2 and sentence and DUTCH_WORDS.search(value):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {value[:60]}")
    return found


def test_the_scan_finds_dutch_in_code(tmp_path):
    package = tmp_path / "bot"
    package.mkdir()
    (package / "a.py").write_text(
        '"""Een docstring is geen tekst."""\n'
        "import logging\nlog = logging.getLogger()\n"
        "def f(x):\n"
        '    log.info("dit is een logregel")\n'
        "    if not x:\n"
        '        raise ValueError("Dit is een fout voor de ontwikkelaar.")\n'
        '    return "Dat begrijp ik niet goed." if x else f"Hoi {x}, wat kan ik doen?"\n',
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in dutch_in_code(package)]
    assert found == ["Dat begrijp ik niet goed.", "Hoi {}, wat kan ik doen?"]


def test_no_user_facing_dutch_is_left_in_the_code():
    assert dutch_in_code() == []
