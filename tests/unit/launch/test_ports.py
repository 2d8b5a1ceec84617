"""Readiness polling: one helper for the portal of both shapes."""

import pytest

from bot.launch.ports import free_port, wait_http


def test_waiting_for_a_server_that_never_answers_fails_with_the_message():
    url = f"http://127.0.0.1:{free_port()}/health"  # nothing listens there
    with pytest.raises(TimeoutError, match="Het portaal start niet"):
        wait_http(url, 0.5, "Het portaal start niet")
