"""The widget's sessions and what a page may send (no server needed)."""

import pytest

from bot.portal import webchat
from bot.store.engine import session


def test_tokens_map_to_role_prefixed_conversations_and_junk_maps_to_none():
    token = webchat.new_token("kandidaat")
    conversation = webchat.conversation_for(token)
    assert conversation.startswith("web-") and conversation == webchat.conversation_for(token)
    assert webchat.conversation_for(webchat.new_token("consulent")).startswith("webc-")
    for junk in (None, "", "kandidaat.kort", "beheerder." + "a" * 40, "kandidaat." + "<" * 40):
        assert webchat.conversation_for(junk) is None
    with pytest.raises(ValueError):
        webchat.new_token("beheerder")


def test_what_the_page_may_send():
    assert webchat.outgoing({"text": "hallo"}) == ("hallo", "hallo")
    # typed text is never an intent or a button payload
    assert webchat.outgoing({"text": "/confirm_delete"}) == ("confirm_delete", "/confirm_delete")
    assert webchat.outgoing({"payload": "/affirm", "label": "Ja"}) == ("/affirm", "Ja")
    assert webchat.outgoing({"payload": '/inform{"choice": "ja"}'})[0].startswith("/inform")
    assert webchat.outgoing({"payload": "<script>"}) is None
    assert webchat.outgoing({"payload": "/x" + "{" + "a" * 400 + "}"}) is None
    assert webchat.outgoing({"text": 5}) is None
    assert len(webchat.outgoing({"text": "a" * 5000})[0]) == webchat.MAX_TEXT


def test_messages_are_kept_in_order_per_conversation(project_db):
    with session(project_db) as s:
        webchat.store(s, "web-a", "user", {"text": "<b>hoi</b>"})
        webchat.store(s, "web-b", "user", {"text": "ander gesprek"})
        webchat.store(
            s, "web-a", "bot", {"text": "Hallo", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
        )
        s.commit()
        mine = webchat.messages_after(s, "web-a", 0)
    assert [m["text"] for m in mine] == ["<b>hoi</b>", "Hallo"]
    assert mine[1]["buttons"] == [{"title": "Ja", "payload": "/affirm"}]
    with session(project_db) as s:
        assert webchat.messages_after(s, "web-a", mine[0]["id"])[0]["text"] == "Hallo"
