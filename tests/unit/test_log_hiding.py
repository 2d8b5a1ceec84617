"""bot.launch.logs without servers: a process that called `protect()` writes neither its
secrets nor an exception's message (where personal data hides), whoever writes the line.
Each case runs in its own Python process, because protect() changes a whole process."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from bot.launch.logs import HIDDEN, safe_traceback
from bot.launch.rasa_server import without_personal_data
from bot.settings import ROOT, load

TOKEN = "7311942605:AAF-Xq9_realistisch_token-42"
NAME = "Quirijntje"
TEXT = "ruzie over de Pelikaanstraat"


def run_protected(code: str, env: dict[str, str] | None = None) -> str:
    """stdout and stderr of `code` in a process that called protect() first."""
    program = "from bot.launch.logs import protect\nprotect()\n" + textwrap.dedent(code)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "program.py"  # a file, so that tracebacks show its lines
        script.write_text(program, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script)],
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "TELEGRAM_TOKEN": TOKEN, **(env or {})},
            capture_output=True,
            text=True,
            timeout=60,
        )
    return done.stdout + done.stderr


def test_secrets_are_hidden_in_every_line_whoever_writes_it():
    out = run_protected(
        f"""
        import logging, sys
        logging.basicConfig(level=logging.INFO)
        logging.getLogger("httpx").info("HTTP Request: POST https://api/bot{TOKEN}/getMe")
        logging.getLogger("httpx").warning("retry https://api/bot{TOKEN}/sendMessage")
        logging.getLogger("sanic.error").error("failed: /conversations/x?token=rest-geheim-123")
        print("print", "{TOKEN}")
        sys.stderr.write("half " + "{TOKEN[:12]}")
        sys.stderr.write("{TOKEN[12:]} line\\n")
        """,
        {"RASA_TOKEN": "rest-geheim-123"},
    )
    assert "getMe" not in out  # httpx logs warnings only
    assert "retry https://api/bot***/sendMessage" in out
    assert "token=***" in out and "print ***" in out and "half *** line" in out
    assert TOKEN not in out and TOKEN.partition(":")[2] not in out
    assert "rest-geheim-123" not in out


def test_tracebacks_keep_frames_and_type_but_never_the_message():
    # What a person wrote comes from outside, as in the servers: never in the code's lines.
    out = run_protected(
        """
        import logging, os, sys, threading, traceback
        logging.basicConfig(level=logging.INFO)
        name, text = os.environ["NAME"], os.environ["TEXT"]
        def parse(value):
            return int(value)
        try:
            parse(name + text)
        except ValueError:
            logging.getLogger("rasa_sdk.endpoint").exception("request failed")
            traceback.print_exc()
            print("".join(traceback.format_exception_only(*sys.exc_info()[:2])))
        try:
            try:
                {}[name]
            except KeyError as exc:
                raise RuntimeError(text) from exc
        except RuntimeError:
            logging.getLogger("rasa.core.processor").error("action", exc_info=True)
        try:
            open("/nonexistent/" + name)
        except OSError:
            logging.getLogger("x").exception("io")
        t = threading.Thread(target=parse, args=(name,))
        t.start(); t.join()
        parse(text)
        """,
        {"NAME": NAME, "TEXT": TEXT},
    )
    assert NAME not in out and TEXT not in out
    assert out.count("builtins.ValueError (message not logged)") >= 5  # log, print, threads
    assert "in parse" in out and "return int(value)" in out  # frames are kept
    assert "builtins.KeyError (message not logged)" in out  # the cause, too
    assert "builtins.RuntimeError (message not logged)" in out
    assert "[Errno 2] No such file or directory" in out  # an OSError keeps its reason
    assert "Traceback (most recent call last)" in out


def test_safe_traceback_of_a_chained_exception():
    try:
        try:
            raise KeyError(NAME)
        except KeyError:
            raise ValueError(TEXT)  # noqa: B904 - the implicit chain is what is tested
    except ValueError as exc:
        shown = safe_traceback(type(exc), exc, exc.__traceback__)
    assert NAME not in shown and TEXT not in shown
    assert shown.index("KeyError") < shown.index("During handling") < shown.index("ValueError")


def test_rasa_structured_events_lose_personal_fields_and_exception_messages():
    try:
        int(NAME)
    except ValueError:
        event = {"event": "rest.message.received.failure", "text": TEXT, "exc_info": True}
        event = without_personal_data(None, "exception", event)
    assert event["text"] == HIDDEN and event["event"] == "rest.message.received.failure"
    assert "ValueError (message not logged)" in event["exception"]
    assert NAME not in str(event) and "exc_info" not in event


def test_the_settings_name_their_secrets_for_the_logs():
    config = load(
        {
            "TELEGRAM_TOKEN": TOKEN,
            "PRAKTIJKBOT_DB_URL": "postgresql://pb:db-wachtwoord@db/pb",
            "REST_TOKEN": "rest-token-1",
            "ACTION_SECRET": "actie-geheim-1",
            "SMTP_HOST": "mail.example.nl",
        }
    )
    values = config.secret_values()
    assert {TOKEN, "db-wachtwoord", "rest-token-1", "actie-geheim-1"} <= set(values)
    assert "mail.example.nl" not in values and "postgresql://pb:db-wachtwoord@db/pb" not in values


def test_every_process_that_run_starts_protects_its_logs_first():
    """A new process started by bot/run.py must call protect() too, before it logs."""
    sources = "".join((ROOT / f).read_text() for f in ("bot/run.py", "bot/launch/rasa_server.py"))
    started = set(re.findall(r'"-m",\s*"(bot[\w.]*)"', sources))
    entry = {"bot.portal": "bot.portal.app"}  # python -m bot.portal runs bot.portal.app.main
    assert len(started) == 5, started
    for module in started:
        path = ROOT / (entry.get(module, module).replace(".", "/") + ".py")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
        calls = {}  # name -> first line
        for node in ast.walk(main):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                calls[name] = min(calls.get(name, node.lineno), node.lineno)
        assert "protect" in calls, module
        assert calls["protect"] < calls.get("basicConfig", 10**6), module
