"""The greeting's buttons follow who is writing (issue 12: the candidate start screen offered
'Check of mijn klant in aanmerking komt')."""

from bot.actions.greet import greeting


def test_a_candidate_can_sign_up_and_ask_but_is_not_offered_the_client_check():
    reply = greeting("candidate")
    assert [b["payload"] for b in reply.buttons] == ["/want_to_ask", "/start_intake"]
    assert "klant" not in " ".join(b["title"] for b in reply.buttons)


def test_a_consultant_can_ask_and_check_a_client_but_not_sign_up():
    reply = greeting("consultant")
    assert [b["payload"] for b in reply.buttons] == ["/want_to_ask", "/start_eligibility"]
    assert "praktijkbot" in reply.text


def test_on_rest_where_nobody_is_proved_every_start_is_offered():
    reply = greeting(None)
    assert [b["payload"] for b in reply.buttons] == [
        "/want_to_ask",
        "/start_eligibility",
        "/start_intake",
    ]
