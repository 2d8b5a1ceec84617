"""Every environment variable the assistant reads, in one place.

`Settings` is the table: one typed field per variable, with its meaning, default and valid
values. `current()` reads the environment each time it is called (cheap, and tests change
the environment while running); `load_or_exit()` at the start of a process refuses an
invalid value with a Dutch message that names the variable. An empty variable counts as
not set. Secrets never appear in a repr or an error message.

`python -m bot.settings` prints the table as Markdown (that is `docs/settings.md`; a test
keeps the two equal); `python -m bot.settings --check` checks the current environment.

Imports nothing from the bot package, so every module can use it without a cycle.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "settings.md"


class SettingsError(ValueError):
    """A variable has an invalid value, or a needed one is missing; the message names it."""


@dataclass(frozen=True)
class Kind:
    """How a text from the environment becomes a value (`parse` raises ValueError when it
    cannot), and what is valid: the documentation and the error message both say `valid`."""

    parse: Callable[[str], Any]
    valid: str


def _number(cast: Callable[[str], Any], low: float, high: float) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        number = cast(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return parse


def _pattern(regex: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not re.fullmatch(regex, value):
            raise ValueError(value)
        return value

    return parse


def _url(*schemes: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        if parts.scheme not in schemes or not parts.hostname:
            raise ValueError(value)
        return value

    return parse


def _flag(value: str) -> bool:
    word = value.strip().lower()
    if word not in ("1", "ja", "true", "0", "nee", "false"):
        raise ValueError(value)
    return word in ("1", "ja", "true")


TEXT = Kind(str, "vrije tekst")
HOST = Kind(str, "een hostnaam of IP-adres")
EMAIL = Kind(_pattern(r"[^@\s]+@[^@\s]+"), "een e-mailadres (naam@domein)")
PORT = Kind(_number(int, 1, 65535), "een poortnummer van 1 tot en met 65535")
WHOLE = Kind(_number(int, 1, 10**9), "een heel getal van 1 of meer")
SECONDS = Kind(_number(float, 0.01, 10**6), "seconden, 0.01 of meer (bijvoorbeeld 5 of 0.5)")
URL = Kind(_url("http", "https"), "een URL met http:// of https:// en een host")
HTTPS_URL = Kind(_url("https"), "een URL met https:// en een host (eis van Telegram)")
DATABASE_URL = Kind(
    _pattern(r"[A-Za-z][A-Za-z0-9+.-]*://.*"),
    "een SQLAlchemy-URL, zoals sqlite:///var/praktijkbot.db of "
    "postgresql://gebruiker:wachtwoord@host/praktijkbot",
)
TELEGRAM_TOKEN = Kind(
    _pattern(r"\d+:[A-Za-z0-9_-]+"),
    "een token van @BotFather: cijfers, ':', dan letters en cijfers",
)
WEBHOOK_SECRET = Kind(
    _pattern(r"[A-Za-z0-9_-]{1,256}"), "1 tot 256 letters, cijfers, '_' of '-' (eis van Telegram)"
)
FLAG = Kind(_flag, "1, ja of true (aan); 0, nee of false (uit)")


def _knowledge(value: str) -> Path:
    if not (Path(value) / "entries").is_dir():
        raise ValueError(value)
    return Path(value).resolve()


KNOWLEDGE = Kind(_knowledge, "een bestaande map met een kennisbank (met de map entries/)")


def _addresses(value: str) -> frozenset[str]:
    return frozenset(str(ipaddress.ip_address(a.strip())) for a in value.split(",") if a.strip())


ADDRESSES = Kind(_addresses, "IP-adressen, gescheiden door komma's (bijvoorbeeld 127.0.0.1,::1)")


@dataclass(frozen=True)
class Variable:
    """One environment variable: how it is read and how it is documented."""

    name: str
    kind: Kind
    meaning: str
    shown_default: str
    secret: bool


def _var(
    name: str, kind: Kind, default: Any, meaning: str, shown: str | None = None, secret=False
) -> Any:
    shown = shown or ("(leeg)" if default in ("", None) else str(default))
    return field(
        default=default, metadata={"variable": Variable(name, kind, meaning, shown, secret)}
    )


def _secret(name: str, meaning: str, shown: str = "(leeg)") -> Any:
    """A secret of free text, empty when not set."""
    return _var(name, TEXT, "", meaning, shown, secret=True)


@dataclass(frozen=True, repr=False)
class Settings:
    """The settings of one process, read from its environment."""

    db_url: str | None = _var(
        "PRAKTIJKBOT_DB_URL",
        DATABASE_URL,
        None,
        "De projectdatabase (kandidaten, trajecten, check-ins, meldingen, accounts).",
        "sqlite:///var/praktijkbot.db",
        secret=True,  # may hold a password
    )
    tracker_db_url: str | None = _var(
        "TRACKER_DB_URL",
        DATABASE_URL,
        None,
        "De tracker store van Rasa; de planner wist daar gesprekken (privacy, bewaartermijn).",
        "sqlite:///var/rasa_tracker.db (make run)",
        secret=True,
    )
    retention_days: int = _var(
        "PRAKTIJKBOT_RETENTION_DAYS",
        WHOLE,
        730,
        "Dagen zonder activiteit waarna kandidaten zonder actief traject en gesprekken worden "
        "gewist.",
    )
    rasa_url: str = _var(
        "RASA_URL",
        URL,
        "http://127.0.0.1:5005",
        "Waar portaal, planner en Telegram-poller de Rasa-server vinden (make run zet het zelf).",
    )
    rasa_token: str = _secret(
        "RASA_TOKEN",
        "API-token van de Rasa-server (voor /conversations/... en trigger_intent).",
        "(leeg: make run maakt er een)",
    )
    rasa_port: int = _var("RASA_PORT", PORT, 5005, "Poort van de Rasa-server.")
    action_port: int = _var("ACTION_PORT", PORT, 5055, "Poort van de actieserver.")
    rasa_host: str = _var(
        "RASA_HOST",
        HOST,
        "127.0.0.1",
        "Adres van de Rasa-server. Een ander adres (0.0.0.0: overal) alleen met opzet, zoals "
        "voor een Telegram-webhook zonder proxy.",
    )
    action_host: str = _var(
        "ACTION_HOST", HOST, "127.0.0.1", "Adres van de actieserver (alleen Rasa roept hem aan)."
    )
    action_secret: str = _secret(
        "ACTION_SECRET",
        "Geheim tussen Rasa en de actieserver; zonder dit geheim weigert de actieserver (403).",
        "(leeg: make run maakt er een per start)",
    )
    rest_channel: bool = _var(
        "REST_CHANNEL",
        FLAG,
        True,
        "Het REST-kanaal voor consulenten, koppelingen, tests en tools. Zijn gesprekken heten "
        "altijd rest-...: het bereikt nooit een gesprek uit Telegram of de webchat.",
        "1 (aan)",
    )
    rest_token: str = _secret(
        "REST_TOKEN",
        "Token voor het REST-kanaal: zonder `Authorization: Bearer <token>` volgt 403.",
        "(leeg: make run maakt er een per start en toont het)",
    )
    tick_seconds: float = _var(
        "PRAKTIJKBOT_TICK_SECONDS",
        SECONDS,
        5.0,
        "Hoe vaak de planner kijkt of er check-ins en meldingen weg moeten.",
        "5",
    )
    dispatch_workers: int = _var(
        "PRAKTIJKBOT_DISPATCH_WORKERS", WHOLE, 4, "Hoeveel check-ins de planner tegelijk verstuurt."
    )
    portal_host: str = _var(
        "PORTAL_HOST", HOST, "127.0.0.1", "Adres waarop het portaal luistert (0.0.0.0: overal)."
    )
    portal_port: int = _var(
        "PORTAL_PORT", PORT, 8080, "Poort van het portaal (webchat, widget, dashboard)."
    )
    portal_secret: str = _secret(
        "PORTAL_SECRET",
        "Gedeeld geheim tussen het portaal en het webkanaal van Rasa.",
        "(leeg: make run maakt er een per start)",
    )
    portal_public_url: str = _var(
        "PORTAL_PUBLIC_URL",
        URL,
        "",
        "Publiek adres van het portaal, voor de link in de e-mail aan de jobcoach; met https "
        "krijgt de sessiecookie ook Secure. Rasa staat CORS alleen toe voor het portaal.",
        "(leeg: http://localhost:8080 in de e-mail)",
    )
    admin_password: str = _secret(
        "ADMIN_PASSWORD",
        "Wachtwoord (minstens 12 tekens) van de eerste beheerder, als er nog geen is.",
        "(leeg: make run maakt er een en toont het één keer)",
    )
    staff_password: str = _secret(
        "PRAKTIJKBOT_WACHTWOORD",
        "Wachtwoord (minstens 12 tekens) voor `praktijkbot medewerker`.",
        "(leeg: er wordt een gemaakt en getoond)",
    )
    telegram_token: str = _var(
        "TELEGRAM_TOKEN",
        TELEGRAM_TOKEN,
        "",
        "Token van de Telegram-bot (van @BotFather).",
        "(leeg: geen Telegram)",
        secret=True,
    )
    telegram_base_url: str = _var(
        "TELEGRAM_BASE_URL",
        URL,
        "",
        "Een andere Bot API dan die van Telegram (de tests gebruiken een nagemaakte).",
        "(leeg: https://api.telegram.org/bot)",
    )
    telegram_webhook_url: str = _var(
        "TELEGRAM_WEBHOOK_URL",
        HTTPS_URL,
        "",
        "Publiek adres van de Telegram-webhook (.../webhooks/telegram/webhook).",
        "(leeg: polling, geen publiek adres nodig)",
    )
    telegram_webhook_secret: str = _var(
        "TELEGRAM_WEBHOOK_SECRET",
        WEBHOOK_SECRET,
        "",
        "Geheim dat Telegram met elke webhook-aanroep meestuurt.",
        "(leeg: make run maakt er een)",
        secret=True,
    )
    smtp_host: str = _var(
        "SMTP_HOST",
        HOST,
        "",
        "Mailserver voor meldingen aan jobcoaches.",
        "(leeg: geen e-mail, wel Telegram en dashboard)",
    )
    smtp_port: int = _var("SMTP_PORT", PORT, 25, "Poort van de mailserver.")
    smtp_from: str = _var("SMTP_FROM", EMAIL, "praktijkbot@localhost", "Afzender van de e-mails.")
    smtp_user: str = _var(
        "SMTP_USER", TEXT, "", "Gebruikersnaam bij de mailserver.", "(leeg: niet inloggen)"
    )
    smtp_password: str = _secret("SMTP_PASSWORD", "Wachtwoord bij de mailserver (met SMTP_USER).")
    smtp_starttls: bool = _var(
        "SMTP_STARTTLS", FLAG, False, "Versleutel de mail met STARTTLS.", "0 (uit)"
    )
    portal_trusted_proxies: frozenset[str] = _var(
        "PORTAL_TRUSTED_PROXIES",
        ADDRESSES,
        frozenset(),
        "De reverse proxy (of proxies) voor het portaal. Alleen van deze adressen gelooft het "
        "portaal X-Forwarded-For, voor de limieten per IP-adres; anders telt het adres van "
        "de verbinding (achter een proxy zonder deze instelling: iedereen samen).",
        "(leeg: geen proxy)",
    )
    lease_seconds: float = _var(
        "PRAKTIJKBOT_LEASE_SECONDS",
        SECONDS,
        300.0,
        "Stopt de planner terwijl hij een check-in of melding verstuurt, dan wordt die na "
        "zoveel seconden opnieuw verstuurd. Draaien er twee planners tegelijk, neem dan "
        "minstens 480 (16 berichten na elkaar die elk 30 s op Rasa mogen wachten).",
        "300",
    )

    knowledge_dir: Path | None = _var(
        "PRAKTIJKBOT_KNOWLEDGE_DIR",
        KNOWLEDGE,
        None,
        "De kennisbank (entries/, regio's, bronnen): het dashboard schrijft er wijzigingen, de "
        "actieserver leest ze bij de volgende vraag. De teksten (texts/) komen uit het project.",
        "knowledge/ in de projectmap",
    )
    merge_minutes: int = _var(
        "PRAKTIJKBOT_MERGE_MINUTES",
        WHOLE,
        10,
        "Meldingen over dezelfde kandidaat binnen zoveel minuten worden één melding.",
    )
    crisis_pickup_hours: int = _var(
        "PRAKTIJKBOT_CRISIS_PICKUP_HOURS",
        WHOLE,
        2,
        "Is een crisismelding na zoveel uur nog niet opgepakt, dan krijgen de standaard-"
        "jobcoach van de regio en de beheerders opnieuw bericht (andere meldingen: na de "
        "beloofde werkdagen).",
    )

    @property
    def email_link_base(self) -> str:
        """Where the link in a jobcoach's e-mail points."""
        return (self.portal_public_url or "http://localhost:8080").rstrip("/")

    @property
    def secure_cookies(self) -> bool:
        return self.portal_public_url.startswith("https://")

    def secret_values(self) -> list[str]:
        """The secrets that are set, to hide them in logs (of a database URL its password)."""
        values = [(v.kind, getattr(self, f.name)) for f, v in _fields() if v.secret]
        return [
            (urlsplit(value).password or "") if kind is DATABASE_URL else value
            for kind, value in values
            if value
        ]

    def __repr__(self) -> str:
        shown = []
        for f, variable in _fields():
            value = getattr(self, f.name)
            shown.append(f"{f.name}={'***' if variable.secret and value else repr(value)}")
        return f"Settings({', '.join(shown)})"


def _fields() -> list[tuple[dataclasses.Field, Variable]]:
    return [(f, f.metadata["variable"]) for f in dataclasses.fields(Settings)]


def variables() -> list[Variable]:
    return [variable for _, variable in _fields()]


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from `environ` (default: this process's environment).

    Raises SettingsError naming every variable with an invalid value."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    problems: list[str] = []
    for f, variable in _fields():
        raw = environ.get(variable.name, "")
        if not raw.strip():
            continue
        try:
            values[f.name] = variable.kind.parse(raw)
        except ValueError:
            shown = "(waarde niet getoond)" if variable.secret else f"= {raw!r}"
            problems.append(f"  {variable.name} {shown} klopt niet. Geldig: {variable.kind.valid}.")
    if problems:
        raise SettingsError(
            "praktijkbot start niet: een instelling klopt niet.\n"
            + "\n".join(problems)
            + "\nZie docs/settings.md voor wat elke instelling betekent."
        )
    return Settings(**values)


def current() -> Settings:
    """The settings as the environment holds them now."""
    return load()


def require(value: str, name: str) -> str:
    """`value` when it is set; SettingsError when `name` is empty but needed here."""
    if not value:
        raise SettingsError(f"praktijkbot kan niet verder: {name} ontbreekt (zie docs/settings.md)")
    return value


def load_or_exit(required: tuple[str, ...] = ()) -> Settings:
    """For a process's start: the settings, with the `required` variables set, or stop with
    the Dutch message (exit status 1)."""
    try:
        config = load()
        for f, variable in _fields():
            if variable.name in required:
                require(getattr(config, f.name), variable.name)
    except SettingsError as exc:
        raise SystemExit(str(exc)) from None
    return config


def markdown() -> str:
    """The documentation of every variable (docs/settings.md)."""
    lines = [
        "# Instellingen",
        "",
        "Alle omgevingsvariabelen die praktijkbot leest, gemaakt met `python -m bot.settings`",
        "(een test houdt dit bestand gelijk aan `bot/settings.py`). Een lege variabele telt als",
        "niet gezet. Klopt een waarde niet, dan start praktijkbot niet en noemt hij de variabele;",
        "`python -m bot.settings --check` controleert de huidige omgeving. Geheimen staan nooit",
        "in een foutmelding of log.",
        "",
        "| Variabele | Betekenis | Standaard | Geldige waarden |",
        "| --- | --- | --- | --- |",
    ]
    for v in variables():
        meaning = v.meaning + (" **Geheim.**" if v.secret else "")
        lines.append(f"| `{v.name}` | {meaning} | {v.shown_default} | {v.kind.valid} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--check"]:
        print(f"Instellingen in orde: {load_or_exit()}")
        return 0
    if args:
        print("Gebruik: python -m bot.settings [--check]", file=sys.stderr)
        return 2
    print(markdown(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
