"""Every test asserts something that can fail (read from the source, with `ast`):

- a test function has an assertion: `assert`, `pytest.raises`/`warns`/`fail`, or a call to a
  helper of its own module that asserts (transitively);
- a loop whose body asserts, or an `assert all(...)` / `assert not any(...)`, over data that is
  not written out in the test, only counts when the data was asserted before (for example
  `assert entries` or `assert len(entries) > 3`, or `assert rows and all(...)`): over empty
  data such a check passes without checking anything.

Parametrizing over empty data fails at collection (`empty_parameter_set_mark` in
pyproject.toml).
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PYTEST_CHECKS = {"raises", "warns", "fail", "approx"}
VIEWS = {"values", "items", "keys"}
WRAPPERS = {"enumerate", "sorted", "list", "tuple", "set", "reversed"}
FUNCTION = (ast.FunctionDef, ast.AsyncFunctionDef)


def _is_pytest_check(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "pytest"
        and node.attr in PYTEST_CHECKS - {"approx"}
    )


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Name):
                names.add(n.func.id)
            elif isinstance(n.func, ast.Attribute):
                names.add(n.func.attr)
    return names


def _asserting_helpers(tree: ast.Module) -> set[str]:
    """Names of the module's functions and methods that assert, directly or through another."""
    helpers = {n.name: n for n in ast.walk(tree) if isinstance(n, FUNCTION)}
    asserting = {
        name
        for name, f in helpers.items()
        if any(isinstance(n, ast.Assert) or _is_pytest_check(n) for n in ast.walk(f))
    }
    while True:
        more = {
            n for n, f in helpers.items() if n not in asserting and _called_names(f) & asserting
        }
        if not more:
            return asserting
        asserting |= more


def _data_root(iterable: ast.expr) -> ast.expr | None:
    """What a loop runs over, without `.values()`, `enumerate(...)`...; None when it is
    written out in the test (a non-empty literal, `range(3)`)."""
    node = iterable
    while True:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and node.elts:
            return None
        if isinstance(node, ast.Dict) and node.keys:
            return None
        if isinstance(node, ast.Constant) and node.value:
            return None  # a string
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "range":
                if all(_constant(a) for a in node.args):
                    return None
                return node
            if isinstance(func, ast.Attribute) and func.attr in VIEWS and not node.args:
                node = func.value
                continue
            if isinstance(func, ast.Name) and func.id in WRAPPERS and len(node.args) == 1:
                node = node.args[0]
                continue
        return node


def _constant(node: ast.expr) -> bool:
    """A number written out, or a module constant (MAX_FAILURES)."""
    return isinstance(node, ast.Constant) or (isinstance(node, ast.Name) and node.id.isupper())


def _written_out(func: ast.FunctionDef) -> set[str]:
    """Names the test assigns a non-empty literal to (`cases = {...}`, `pairs = [...]`)."""
    names = set()
    for n in ast.walk(func):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            if _data_root(n.value) is None:
                names.add(n.targets[0].id)
    return names


def _mentions(node: ast.AST, root: ast.expr) -> bool:
    wanted = ast.dump(root)
    return any(ast.dump(n) == wanted for n in ast.walk(node))


class _Test:
    """The checks for one test function."""

    def __init__(self, func: ast.FunctionDef, helpers: set[str]) -> None:
        self.func, self.helpers = func, helpers
        self.asserts = [n for n in ast.walk(func) if isinstance(n, ast.Assert)]
        self.literals = _written_out(func)
        self.problems: list[str] = []

    def has_assertion(self) -> bool:
        if self.asserts or any(_is_pytest_check(n) for n in ast.walk(self.func)):
            return True
        return bool(_called_names(self.func) & self.helpers)

    def asserted_before(self, root: ast.expr, line: int, inside: ast.AST | None = None) -> bool:
        if isinstance(root, ast.Name) and root.id in self.literals:
            return True
        earlier = [a.test for a in self.asserts if a.lineno < line]
        if inside is not None:  # `assert rows and all(... for r in rows)`
            earlier.append(inside)
        return any(_mentions(test, root) for test in earlier)

    def check_loops(self) -> None:
        for node in ast.walk(self.func):
            if isinstance(node, (ast.For, ast.AsyncFor)) and any(
                isinstance(n, ast.Assert) for b in node.body for n in ast.walk(b)
            ):
                root = _data_root(node.iter)
                if root is not None and not self.asserted_before(root, node.lineno):
                    self.problems.append(
                        f"loopt over {ast.unparse(node.iter)} zonder eerst te testen dat die "
                        f"niet leeg is (r. {node.lineno})"
                    )

    def check_all(self) -> None:
        for a in self.asserts:
            parts = a.test.values if isinstance(a.test, ast.BoolOp) else [a.test]
            for part in parts:
                vacuous = part
                if isinstance(part, ast.UnaryOp) and isinstance(part.op, ast.Not):
                    vacuous = part.operand  # `not any(...)` is true over nothing
                    name = "any"
                else:
                    name = "all"
                if not (
                    isinstance(vacuous, ast.Call)
                    and isinstance(vacuous.func, ast.Name)
                    and vacuous.func.id == name
                    and vacuous.args
                    and isinstance(vacuous.args[0], ast.GeneratorExp)
                ):
                    continue
                others = ast.BoolOp(op=ast.And(), values=[p for p in parts if p is not part])
                for gen in vacuous.args[0].generators:
                    root = _data_root(gen.iter)
                    if root is not None and not self.asserted_before(root, a.lineno, others):
                        self.problems.append(
                            f"{name}(...) over {ast.unparse(gen.iter)} zonder te testen dat "
                            f"die niet leeg is (r. {a.lineno})"
                        )

    def check(self) -> list[str]:
        if not self.has_assertion():
            return ["test zonder assert, pytest.raises of helper die assert"]
        self.check_loops()
        self.check_all()
        return self.problems


def problems(source: str, name: str = "<test>") -> list[str]:
    tree = ast.parse(source)
    helpers = _asserting_helpers(tree)
    tests = [n for n in tree.body if isinstance(n, FUNCTION) and n.name.startswith("test")]
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.startswith("Test")):
        tests += [n for n in cls.body if isinstance(n, FUNCTION) and n.name.startswith("test")]
    return [
        f"{name}:{t.lineno} {t.name}: {problem}"
        for t in tests
        for problem in _Test(t, helpers).check()
    ]


def test_every_test_asserts_something_that_can_fail():
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) > 30 and Path(__file__) in files
    found = [p for f in files for p in problems(f.read_text(encoding="utf-8"), f.name)]
    assert not found, "\n" + "\n".join(found)


def test_the_check_finds_a_test_without_assertion():
    assert problems("def test_x():\n    f(1)\n")
    assert problems("class TestX:\n    def test_x(self):\n        f(1)\n")
    assert not problems("def test_x():\n    assert f(1)\n")
    assert not problems("import pytest\ndef test_x():\n    with pytest.raises(E):\n        f()\n")
    helper = "def check(x):\n    assert x\ndef twice(x):\n    check(x)\n"
    assert not problems(helper + "def test_x():\n    twice(1)\n")
    assert problems("def check(x):\n    return x\ndef test_x():\n    check(1)\n")


def test_the_check_finds_a_loop_over_data_that_may_be_empty():
    assert problems("def test_x():\n    for e in load():\n        assert e\n")
    assert problems(
        "def test_x():\n    assert 1\n    for e in kb.entries.values():\n        assert e\n"
    )
    assert problems("def test_x():\n    assert all(e for e in rows)\n")
    assert problems("def test_x():\n    assert not any(e for e in rows)\n")
    assert not problems("def test_x():\n    for e in (1, 2):\n        assert e\n")
    assert not problems("def test_x():\n    for i in range(3):\n        assert f(i)\n")
    assert not problems("def test_x():\n    xs = [1, 2]\n    for x in xs:\n        assert f(x)\n")
    good = "def test_x():\n    assert len(kb.entries) > 3\n    for e in kb.entries.values():\n"
    assert not problems(good + "        assert e\n")
    assert not problems("def test_x():\n    assert rows and all(e for e in rows)\n")
    assert not problems("def test_x():\n    assert any(e for e in rows)\n")  # false when empty
