"""Shared fixtures. The layout (see ARCHITECTURE.md):

- `tests/unit/<package>/`: in-process, no Rasa (mirrors `bot/`'s packages; fakes in-process);
- `tests/e2e/`: the real Rasa server and action server over HTTP (REST, portal API, Telegram
  against the fake Bot API);
- `tests/browser/`: the widget and the dashboard in Chromium (Playwright);
- helpers here: `stacks.py`, `fake_telegram.py`, `smtp_server.py`.

Every test that asks for `stack` shares one real stack (tests/stacks.py), is marked
`server` (`make test-fast` leaves those out) and runs after the unit tests. A module that
needs a configuration the shared stack cannot have defines its own `stack` fixture with
`stacks.running_stack` (and its own `project_db`), and says why in a comment.
"""

import os
from pathlib import Path

import prod_stack
import pytest
import services
import stacks
from fake_telegram import FakeTelegram
from services import postgres, redis  # noqa: F401 - fixtures (tests/services.py)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(autouse=True)
def project_db(request, monkeypatch):
    """Every test gets its own SQLite database for the project's data (with
    TEST_DATABASE=postgresql its own PostgreSQL database: `make test-postgres`); a test on the
    shared stack reads and writes the stack's database instead."""
    if _shared(request.node):
        url = request.getfixturevalue("stack").db
    elif os.environ.get("TEST_DATABASE") == "postgresql":
        url = request.getfixturevalue("postgres").migrated()
    else:
        tmp_path: Path = request.getfixturevalue("tmp_path")
        url = f"sqlite:///{tmp_path / 'praktijkbot.db'}"
    monkeypatch.setenv("PRAKTIJKBOT_DB_URL", url)
    return url


@pytest.fixture(scope="session")
def stack(request):
    """The real assistant, started once for the session: see tests/stacks.py. A test marked
    `both_shapes` runs twice: on it and on the production shape (tests/prod_stack.py). Both
    stop at the end of the session (pytest_sessionfinish), not when pytest moves from one
    shape to the other."""
    if getattr(request, "param", "sqlite") == "prod":
        return prod_stack.PROD.get()
    return stacks.SESSION.get()


@pytest.fixture(scope="session")
def prod():
    """The production shape itself (tests/prod_stack.py), for tests/prod/."""
    return prod_stack.PROD.get()


def pytest_configure(config):
    # here, not in pyproject.toml: a change there reinstalls .venv, and then make retrains
    config.addinivalue_line(
        "markers", "both_shapes: an e2e test that also runs on the production shape"
    )
    config.addinivalue_line("markers", "prod_shape: the run of a test on the production shape")


def pytest_generate_tests(metafunc):
    """`both_shapes`: the test's `stack` is the SQLite stack and the production shape."""
    marked = metafunc.definition.get_closest_marker("both_shapes")
    if marked and "stack" in metafunc.fixturenames:
        shapes = ["sqlite", pytest.param("prod", marks=pytest.mark.prod_shape)]
        metafunc.parametrize("stack", shapes, indirect=True, scope="session")


@pytest.fixture(scope="session")
def fake_telegram():
    """A fake Bot API for in-process tests (the shared stack has its own: stack.telegram)."""
    return FakeTelegram().start()


def _shared(item) -> bool:
    """The item uses this file's `stack` (not a module's own stack fixture)."""
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.get("stack") if info else None
    code = getattr(defs[-1].func, "__code__", None) if defs else None
    return code is not None and code.co_filename == __file__


def _prod(item) -> bool:
    callspec = getattr(item, "callspec", None)
    shape = callspec.params.get("stack") if callspec else None
    return shape == "prod" or "prod" in item.fixturenames


def pytest_itemcollected(item):
    if "stack" in item.fixturenames or "prod" in item.fixturenames:
        item.add_marker(pytest.mark.server)


def _rank(item) -> int:
    """0 unit, 1 e2e, 2 browser; 3 for a test that restarts the shared stack (last of all)."""
    if item.get_closest_marker("restarts_stack"):
        return 3
    if "stack" not in item.fixturenames and "prod" not in item.fixturenames:
        return 0
    return 2 if "browser" in item.fixturenames else 1


def _module(item) -> str:
    return item.nodeid.split("::")[0]


@pytest.hookimpl(trylast=True)  # after -m / -k deselected what will not run
def pytest_collection_modifyitems(session, config, items):
    """Unit tests first, then e2e, then the browser. Whole modules move (so a module's own
    fixtures are set up once); the sort is stable, so file order stays within a rank."""
    rank: dict[str, int] = {}
    for item in items:
        if _rank(item) < 3:
            rank[_module(item)] = max(rank.get(_module(item), 0), _rank(item))
    items.sort(key=lambda i: 3 if _rank(i) == 3 else rank[_module(i)])
    if os.environ.get("TEST_DATABASE") == "postgresql":
        skip = pytest.mark.skip(reason="over SQLite zelf; deze run gebruikt PostgreSQL")
        for item in items:
            if item.get_closest_marker("sqlite_only"):
                item.add_marker(skip)
    if not config.option.collectonly and any(_shared(i) and not _prod(i) for i in items):
        stacks.SESSION.spawn()  # the model loads while the unit tests run
    if not config.option.collectonly and any(_prod(i) for i in items):
        prod_stack.PROD.spawn()  # the production shape's models too


def pytest_terminal_summary(terminalreporter):
    for failure in stacks.RETRIED:
        terminalreporter.write_line(f"Opnieuw gestart na een mislukte start: {failure}")


def pytest_sessionfinish(session, exitstatus):
    stacks.SESSION.stop()
    prod_stack.PROD.stop()
    services.SERVERS.stop()
