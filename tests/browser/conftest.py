import pytest
from stacks import chromium


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for all browser tests (they run last, on the shared stack)."""
    with chromium() as b:
        yield b
