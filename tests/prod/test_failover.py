"""Failure under load on the production shape (issue 14, item 5): the benchmark's kill test
(tools/bench_prod.kill_test) on the shared production shape. Scripted conversations run over
nginx, check-ins fall due, and Rasa instance 0 gets SIGKILL; the supervisor starts it again.
Nothing answered is lost from the tracker store on PostgreSQL or stored out of order, the
clients' errors stop with the kill's turns in flight, and the two schedulers send each
check-in exactly once."""

from __future__ import annotations

import pytest

from tools.bench import questions
from tools.bench_prod import KILLED, kill_lines, kill_test

CHECKINS = 6

pytestmark = pytest.mark.restarts_stack  # kills an instance of the shared production shape


def test_a_killed_instance_loses_no_message_and_no_checkin_is_sent_twice(prod):
    before = prod.instance_pids()
    kill = kill_test(prod, questions(), concurrency=6, checkins=CHECKINS)
    print("\n".join(kill_lines(kill)))  # the figures (pytest -rA shows them)

    after = prod.instance_pids()
    assert after[KILLED] != before[KILLED]  # the killed one was started again ...
    assert [p for i, p in enumerate(after) if i != KILLED] == [  # ... and only that one
        p for i, p in enumerate(before) if i != KILLED
    ]

    # every answered message is in its conversation's tracker, in the order sent
    t = kill.trackers
    assert t.conversations >= 6 and t.answered > 6
    assert (t.lost, t.unreadable, t.out_of_order, kill.load.given_up) == (0, 0, 0, 0)
    # a message stored twice can only be one that was in flight at the kill and sent again
    assert t.duplicates <= len(kill.load.error_senders)

    # the errors stop: none once the instance was back
    assert kill.errors_after_ready == 0
    assert kill.load.errors <= len(kill.load.error_senders) * 2

    # the two schedulers sent each check-in exactly once
    assert (kill.checkins, kill.checkins_sent) == (CHECKINS, CHECKINS)
    assert kill.checkin_duplicates == 0 and len(kill.shown) == CHECKINS

    # no secret in any log, nginx's included (Rasa's API takes its token in the URL)
    files = sorted(prod.log_dir.glob("*.log"))
    assert {"nginx-error", "rasa-0", "dispatcher-1"} <= {p.stem for p in files}
    logs = " ".join(p.read_text(errors="replace") for p in files)
    for secret in (prod.token, prod.rest_token, prod.portal_secret, prod.action_secret):
        assert secret not in logs
