"""What a stack does when one of its processes stops while starting: the message names the
process, its exit code and the end of its log, and the tests' shared stack tries once more
before every test that needs it fails."""

from __future__ import annotations

import sys

import pytest
import stacks

from bot.launch.ports import _ephemeral_start, free_port
from bot.launch.supervisor import spawn, why_stopped
from bot.run import Stack

CRASH = [
    sys.executable,
    "-c",
    "import sys; print('Loading model...'); print('OSError: [Errno 98] address already in use');"
    " sys.exit(3)",
]


def test_ports_lie_below_the_kernels_own_choices_and_are_never_handed_out_twice():
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == 50
    assert all(1024 < port < _ephemeral_start() for port in ports)


def test_the_message_names_the_process_its_exit_code_and_the_end_of_its_log(tmp_path):
    log = tmp_path / "rasa.log"
    proc = spawn(CRASH, {}, tmp_path, log)
    proc.wait()
    message = why_stopped("rasa", proc, log, lines=1)
    assert message.startswith("rasa (code 3)")
    assert message.endswith("OSError: [Errno 98] address already in use")
    assert "Loading model" not in message


def test_a_stack_whose_rasa_stops_while_starting_says_why(tmp_path):
    stack = Stack(rasa_port=free_port(), action_port=free_port(), var_dir=tmp_path)
    stack.log_dir = tmp_path / "logs"
    stack.children["rasa"] = spawn(CRASH, {}, tmp_path, stack.log_file("rasa"))
    with pytest.raises(RuntimeError, match=r"stopte bij het opstarten: rasa \(code 3\)") as exc:
        stack.wait_ready(timeout=30)
    assert "address already in use" in str(exc.value)


class _Starting:
    def __init__(self, fails: bool) -> None:
        self.fails = fails

    def finish(self) -> None:
        if self.fails:
            raise RuntimeError("Een proces stopte bij het opstarten: rasa (code 1)")

    def stop(self) -> None:
        pass


class _Session(stacks.SessionStack):
    """The shared stack with a stand-in for the processes: the first `failures` starts fail."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures
        self.spawned = 0

    def spawn(self) -> None:
        if self.stack is None:
            self.spawned += 1
            self.stack = _Starting(fails=self.spawned <= self.failures)


@pytest.fixture
def retried(monkeypatch, tmp_path):
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")
    monkeypatch.setattr(stacks, "MODEL", model)
    monkeypatch.setattr(stacks, "RETRIED", [])
    return stacks.RETRIED


def test_the_shared_stack_starts_again_once_and_keeps_why(retried):
    session = _Session(failures=1)
    assert session.get() is session.stack
    assert session.spawned == 2
    assert len(retried) == 1
    assert "rasa (code 1)" in retried[0]


def test_a_second_failed_start_fails_every_test_without_a_third_attempt(retried):
    session = _Session(failures=2)
    for _ in range(2):
        with pytest.raises(pytest.fail.Exception, match="De teststack start niet"):
            session.get()
    assert session.spawned == 2
