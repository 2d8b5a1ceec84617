import pytest
from a11y import axe_source, report, violations
from stacks import chromium


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for all browser tests (they run last, on the shared stack)."""
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def axe():
    """`axe(page_or_frame)`: fails the test on any WCAG 2.1 AA violation axe-core finds."""
    source = axe_source()

    def check(target) -> None:
        found = violations(target, source)
        assert not found, f"axe-core: WCAG 2.1 AA violations in {target.url}:\n{report(found)}"

    return check
