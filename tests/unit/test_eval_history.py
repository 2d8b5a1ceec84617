"""`make eval` keeps a history table; a new row goes under the table, above the notes."""

from collections import Counter

import tools.eval_consultant as ev


def test_a_history_row_goes_under_the_table_not_under_the_notes(tmp_path, monkeypatch):
    history = tmp_path / "HISTORY.md"
    history.write_text(
        "# history\n\n| date | label |\n|---|---|\n| 2026-01-01 | old |\n\nA note below.\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(ev, "HISTORY", history)
    counts = Counter({"correct": 9, "wrong_refusal": 1})
    score = ev.Score("dev/single", 10, counts, 0, 0, 0)
    ev.append_history("new", [score])
    lines = history.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if "| new |" in line)
    assert lines[row - 1].startswith("| 2026-01-01 | old |")
    assert lines[-1] == "A note below."
    assert "| dev/single | 10 | 90.0% |" in lines[row]


def test_a_history_row_goes_under_the_date_table_not_under_a_later_table(tmp_path, monkeypatch):
    history = tmp_path / "HISTORY.md"
    history.write_text(
        "# history\n\n| date | label |\n|---|---|\n| 2026-01-01 | old |\n\n"
        "Blind sets:\n\n| set | first |\n|---|---|\n| 15 | 80 |\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(ev, "HISTORY", history)
    score = ev.Score("dev/single", 10, Counter({"correct": 10}), 0, 0, 0)
    ev.append_history("new", [score])
    lines = history.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if "| new |" in line)
    assert lines[row - 1].startswith("| 2026-01-01 | old |")
    assert lines[row + 1] == ""
    assert lines[-1] == "| 15 | 80 |"


def test_a_quote_with_je_is_not_the_assistant_saying_je_to_a_consultant():
    turn = ev.Turn("hoe wordt er beoordeeld?", "answer", [["praktijkopleider"]], [])
    quoted = 'De praktijkopleider beoordeelt. Een deelnemer: "het werk wat je moet kunnen."'
    assert ev.grade(turn, quoted, None, "x").second_person is False
    assert ev.grade(turn, "De praktijkopleider beoordeelt je werk.", None, "x").second_person


def test_one_added_set_can_be_measured_on_its_own():
    blind = ev.load_items("dev", "single", "5")
    assert len(blind) == 40 and all(item["id"].startswith("ds5-") for item in blind)
    assert len(ev.load_items("dev", "single")) > len(blind)
