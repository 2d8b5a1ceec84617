"""Telegram updates -> what the channel does; splitting; long button payloads."""

import json

from bot.channels.telegram_format import (
    MAX_TEXT,
    Payloads,
    parse_update,
    split_text,
    user_text,
)


def test_start_with_a_code_links_and_plain_start_greets():
    assert json.loads(user_text("/start AB12-CD34").removeprefix("/link_account")) == {
        "invite_code": "AB12-CD34"
    }
    assert user_text("/start") == "/greet"
    assert user_text("/start@praktijk_bot") == "/greet"


def test_typed_slash_commands_are_not_intents():
    assert user_text("/confirm_delete") == "confirm_delete"
    assert user_text("/help") == "help"
    assert user_text("gewoon tekst") == "gewoon tekst"


def test_parse_text_button_unreadable_and_junk():
    msg = {"message": {"message_id": 1, "chat": {"id": 7}, "text": "hoi"}}
    assert parse_update(msg).kind == "message" and parse_update(msg).chat_id == 7
    button = {
        "callback_query": {
            "id": "9",
            "data": "/affirm",
            "message": {"message_id": 3, "chat": {"id": 7}},
        }
    }
    incoming = parse_update(button)
    assert (incoming.kind, incoming.text, incoming.callback_id, incoming.message_id) == (
        "button",
        "/affirm",
        "9",
        3,
    )
    sticker = {"message": {"message_id": 1, "chat": {"id": 7}, "sticker": {"file_id": "x"}}}
    assert parse_update(sticker).kind == "unreadable"
    for junk in (None, [], "x", {}, {"edited_message": {}}, {"message": {"chat": {"id": "7"}}}):
        assert parse_update(junk).kind == "ignore"


def test_split_respects_the_limit_and_keeps_all_text():
    text = ("Een zin met woorden. " * 500).strip()
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= MAX_TEXT for p in parts)
    assert " ".join(parts).split() == text.split()
    assert split_text("kort") == ["kort"]
    long_word = split_text("x" * 10000)
    assert len(long_word) > 1 and all(len(p) <= MAX_TEXT for p in long_word)


def test_long_payloads_get_a_short_key():
    payloads = Payloads(size=2)
    short = '/inform{"choice": "ja"}'
    long = '/choose_entry{"kb_entry_id": "financiering-derde-leerweg-bekostiging-lang"}'
    assert payloads.short(short) == short
    key = payloads.short(long)
    assert len(key.encode()) <= 64 and payloads.full(key) == long
    payloads.short(long + "1")
    payloads.short(long + "2")
    assert payloads.full(key) is None  # forgotten: the channel asks to type the answer
