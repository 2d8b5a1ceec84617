"""No import cycles inside the bot package: every import counts, also one inside a function
(a late import is how a cycle usually hides)."""

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(name: str, modules: set[str]) -> str | None:
    """The bot module an import refers to (a name imported from a package may be a module)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = BOT) -> dict[str, set[str]]:
    files = {_module_name(p, root): p for p in root.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets |= {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {
            t
            for t in (_resolve(t, modules) for t in targets if t.split(".")[0] == "bot")
            if t and t != name and t != package  # a module's own package is no cycle of its own
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_the_bot_package():
    graph = import_graph()
    assert len(graph) > 40
    assert "bot.store.models" in graph["bot.escalations.records"]
    assert "bot.actions.common" in graph["bot.actions.escalation"]


def test_a_cycle_is_found(tmp_path):
    package = tmp_path / "bot"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from bot import b\n")
    (package / "b.py").write_text("def f():\n    from bot.a import x\n")
    (package / "c.py").write_text("import bot.a\n")
    assert cycles(import_graph(package)) == [["bot.a", "bot.b"]]


def test_no_import_cycles_in_the_bot_package():
    assert cycles(import_graph()) == []


def test_the_running_assistant_never_imports_the_tools():
    offenders = []
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "tools"]
    assert list(BOT.rglob("*.py")), "no modules found under bot/"
    assert offenders == []


def test_no_more_than_a_dozen_modules_stand_loose_in_bot():
    loose = [p.name for p in BOT.glob("*.py") if p.name != "__init__.py"]
    assert loose and len(loose) <= 12, loose
