"""bot.settings: the one place that reads the environment, its Dutch refusals, its secrets
and its documentation (docs/settings.md)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot import settings
from bot.settings import ROOT, SettingsError, load

BOT = ROOT / "bot"
# Only run.py may touch os.environ, to hand the environment on to its child processes.
PASSES_ENVIRONMENT_ON = {"bot/run.py": {"_env"}}
THIRD_PARTY = {
    "TF_CPP_MIN_LOG_LEVEL",
    "RASA_TELEMETRY_ENABLED",
    "SQLALCHEMY_SILENCE_UBER_WARNING",
    "PYTHONWARNINGS",
}


def environment_reads(path: Path) -> list[tuple[int, str | None]]:
    """(line, enclosing function) of every use of os.environ, os.getenv and the like."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Attribute) and node.attr in names:
            found.append((node.lineno, function))
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found.extend((node.lineno, function) for a in node.names if a.name in names)
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def test_the_detector_finds_environment_reads(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os\nfrom os import getenv\nA = os.environ.get('X')\n"
        "def f():\n    return os.getenv('Y')\n"
    )
    assert environment_reads(module) == [(2, None), (3, None), (5, "f")]


def test_only_bot_settings_reads_the_environment():
    modules = sorted(BOT.rglob("*.py"))
    assert len(modules) > 40
    offenders = []
    for path in modules:
        relative = path.relative_to(ROOT).as_posix()
        if relative == "bot/settings.py":
            continue
        allowed = PASSES_ENVIRONMENT_ON.get(relative, set())
        offenders += [
            f"{relative}:{line}" for line, fn in environment_reads(path) if fn not in allowed
        ]
    assert offenders == [], "lees instellingen via bot.settings"
    assert environment_reads(BOT / "settings.py"), "bot.settings reads the environment"


def test_what_run_hands_to_its_children_is_a_documented_setting():
    tree = ast.parse((BOT / "run.py").read_text(encoding="utf-8"))
    keys = {
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and re.fullmatch(r"[A-Z][A-Z_]+", str(key.value))
    }
    documented = {v.name for v in settings.variables()}
    assert "PORTAL_SECRET" in keys
    assert keys - THIRD_PARTY <= documented, keys - THIRD_PARTY - documented


@pytest.mark.parametrize("doc", ["README.md", "ARCHITECTURE.md"])
def test_every_variable_the_docs_name_is_a_setting(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = set(
        re.findall(
            r"\b(?:PRAKTIJKBOT|SMTP|TELEGRAM|RASA|PORTAL|ACTION|ADMIN|TRACKER)"
            r"_[A-Z_]+\b",
            text,
        )
    )
    documented = {v.name for v in settings.variables()}
    assert named - {"RASA_TELEMETRY_ENABLED"} <= documented, named - documented


def test_defaults_when_nothing_or_an_empty_value_is_set():
    config = load({"RASA_PORT": "", "SMTP_HOST": "  "})
    assert config == load({})
    assert (config.rasa_port, config.action_port, config.portal_port) == (5005, 5055, 8080)
    assert config.rasa_url == "http://127.0.0.1:5005"
    assert config.db_url is None and config.tracker_db_url is None
    assert (config.tick_seconds, config.dispatch_workers, config.retention_days) == (5.0, 4, 730)
    assert (config.smtp_port, config.smtp_from, config.smtp_starttls) == (
        25,
        "praktijkbot@localhost",
        False,
    )
    assert config.email_link_base == "http://localhost:8080"
    assert not config.secure_cookies


def test_values_are_typed():
    config = load(
        {
            "RASA_PORT": "6005",
            "PRAKTIJKBOT_TICK_SECONDS": "0.5",
            "PRAKTIJKBOT_RETENTION_DAYS": "30",
            "SMTP_STARTTLS": "ja",
            "PORTAL_PUBLIC_URL": "https://praktijkbot.example.nl/",
            "PRAKTIJKBOT_DB_URL": "postgresql://pb:geheim@db/praktijkbot",
            "TELEGRAM_TOKEN": "123456:ABC-def_9",
        }
    )
    assert (config.rasa_port, config.tick_seconds, config.retention_days) == (6005, 0.5, 30)
    assert config.smtp_starttls is True
    assert config.secure_cookies
    assert config.email_link_base == "https://praktijkbot.example.nl"
    assert load({"SMTP_STARTTLS": "0"}).smtp_starttls is False


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("RASA_PORT", "abc", "een poortnummer van 1 tot en met 65535"),
        ("PORTAL_PORT", "80800", "een poortnummer van 1 tot en met 65535"),
        ("SMTP_PORT", "-1", "een poortnummer"),
        ("PRAKTIJKBOT_TICK_SECONDS", "vijf", "seconden"),
        ("PRAKTIJKBOT_TICK_SECONDS", "0", "seconden"),
        ("PRAKTIJKBOT_DISPATCH_WORKERS", "2.5", "een heel getal van 1 of meer"),
        ("PRAKTIJKBOT_RETENTION_DAYS", "0", "een heel getal van 1 of meer"),
        ("RASA_URL", "localhost:5005", "een URL met http:// of https://"),
        ("PORTAL_PUBLIC_URL", "https://", "een URL met http:// of https:// en een host"),
        ("TELEGRAM_BASE_URL", "http://host:poort/bot", "een URL"),
        ("TELEGRAM_WEBHOOK_URL", "http://bot.example.nl/hook", "https://"),
        ("SMTP_STARTTLS", "misschien", "1, ja of true (aan); 0, nee of false (uit)"),
        ("SMTP_FROM", "praktijkbot", "een e-mailadres"),
    ],
)
def test_an_invalid_value_is_refused_in_dutch_naming_the_variable(name, value, says):
    with pytest.raises(SettingsError) as refused:
        load({name: value})
    message = str(refused.value)
    assert message.startswith("praktijkbot start niet: een instelling klopt niet.")
    assert f"{name} = {value!r} klopt niet. Geldig: " in message
    assert says in message
    assert "docs/settings.md" in message


def test_every_invalid_variable_is_named_at_once():
    with pytest.raises(SettingsError) as refused:
        load({"RASA_PORT": "x", "ACTION_PORT": "y", "PORTAL_PORT": "8080"})
    message = str(refused.value)
    assert "RASA_PORT" in message and "ACTION_PORT" in message
    assert "PORTAL_PORT" not in message


def test_secrets_stay_out_of_errors_and_reprs():
    secret_values = {
        "PRAKTIJKBOT_DB_URL": "postgresql://pb:db-wachtwoord-1@db/praktijkbot",
        "TRACKER_DB_URL": "postgresql://rasa:db-wachtwoord-2@db/tracker",
        "RASA_TOKEN": "rasa-token-geheim",
        "PORTAL_SECRET": "portaal-geheim",
        "TELEGRAM_TOKEN": "123456:telegram-geheim",
        "TELEGRAM_WEBHOOK_SECRET": "webhook-geheim",
        "SMTP_PASSWORD": "smtp-geheim",
        "ADMIN_PASSWORD": "beheerder-geheim",
        "PRAKTIJKBOT_WACHTWOORD": "medewerker-geheim",
        "ACTION_SECRET": "actie-geheim",
        "REST_TOKEN": "rest-token-geheim",
        "REDIS_URL": "redis://:redis-wachtwoord-3@redis:6379/1",
    }
    secret = {v.name for v in settings.variables() if v.secret}
    assert secret == set(secret_values)
    config = load(secret_values)
    for shown in (repr(config), str(config)):
        assert "rasa_token=***" in shown
        assert not [value for value in secret_values.values() if value in shown]
    bad = {"PRAKTIJKBOT_DB_URL": "geen-url-maar-wachtwoord", "TELEGRAM_TOKEN": "token-zonder-id"}
    with pytest.raises(SettingsError) as refused:
        load(bad)
    message = str(refused.value)
    assert "TELEGRAM_TOKEN (waarde niet getoond) klopt niet" in message
    assert "PRAKTIJKBOT_DB_URL (waarde niet getoond) klopt niet" in message
    assert not [value for value in bad.values() if value in message]


def test_current_follows_the_environment(monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "mail.example.nl")
    assert settings.current().smtp_host == "mail.example.nl"
    monkeypatch.delenv("SMTP_HOST")
    assert settings.current().smtp_host == ""


def test_a_process_stops_with_the_message(monkeypatch):
    monkeypatch.setenv("RASA_PORT", "vijfduizend")
    with pytest.raises(SystemExit) as stopped:
        settings.load_or_exit()
    assert "RASA_PORT = 'vijfduizend' klopt niet" in str(stopped.value.code)
    monkeypatch.delenv("RASA_PORT")
    monkeypatch.delenv("PORTAL_SECRET", raising=False)
    with pytest.raises(SystemExit) as stopped:
        settings.load_or_exit(required=("PORTAL_SECRET",))
    assert "PORTAL_SECRET ontbreekt" in str(stopped.value.code)


def test_the_dispatcher_and_the_cli_refuse_an_invalid_value(monkeypatch):
    from bot import cli
    from bot.candidates import dispatcher

    monkeypatch.setenv("PRAKTIJKBOT_TICK_SECONDS", "snel")
    for main in (lambda: dispatcher.main([]), lambda: cli.main(["cijfers"])):
        with pytest.raises(SystemExit) as stopped:
            main()
        assert "PRAKTIJKBOT_TICK_SECONDS = 'snel' klopt niet" in str(stopped.value.code)


def test_make_run_refuses_to_start_with_an_invalid_port():
    env = {"PATH": "/usr/bin:/bin", "RASA_PORT": "5005x", "SMTP_STARTTLS": "soms"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "praktijkbot start niet" in done.stderr
    assert "RASA_PORT = '5005x' klopt niet" in done.stderr
    assert "SMTP_STARTTLS = 'soms' klopt niet" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_documentation_is_generated_from_the_table():
    assert settings.DOCS.read_text(encoding="utf-8") == settings.markdown(), (
        "docs/settings.md is verouderd: python -m bot.settings > docs/settings.md"
    )
    variables = settings.variables()
    assert len(variables) >= 25
    assert len({v.name for v in variables}) == len(variables)
    for v in variables:
        assert v.meaning and v.kind.valid and v.shown_default, v.name
        assert f"| `{v.name}` |" in settings.markdown()


def test_python_m_bot_settings_prints_the_table():
    done = subprocess.run(
        [sys.executable, "-m", "bot.settings"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout == settings.markdown()
