"""The curators' gap queue (bot/knowledge/gaps.py): similar unanswered questions grouped,
counted, with the nearest entry and the date last asked; handled groups leave the queue."""

import datetime as dt

from bot.knowledge.gaps import (
    group_gaps,
    mark_handled,
    normalised_words,
    open_group,
    open_groups,
    record_gap,
    similarity,
)
from bot.store.engine import KnowledgeGap, session

T0 = dt.datetime(2026, 11, 20, 9, 0)


def _gap(id_, question, minutes, best=None, region=None):
    return KnowledgeGap(
        id=id_,
        question=question,
        asked_at=T0 + dt.timedelta(minutes=minutes),
        best_entry=best,
        region=region,
    )


def test_the_same_question_in_other_words_is_one_group_and_another_question_is_not():
    a = normalised_words("wie betaalt de jobcoach")
    assert a == normalised_words("Wie betaalt jobcoach?")  # stopwords, case, punctuation
    assert a == normalised_words("wie betaalt de jobcoach van [naam]")  # redacted marks
    assert similarity(a, normalised_words("wie betaalt jobcoach?")) == 1.0
    assert similarity(a, normalised_words("wie betalen de jobcoach")) == 1.0  # close spelling
    assert similarity(a, normalised_words("wie betaalt de reiskosten")) < 0.6
    assert similarity(a, normalised_words("hoe lang duurt een traject")) == 0.0
    groups = group_gaps(
        [
            _gap(1, "wie betaalt de jobcoach", 0),
            _gap(2, "Wie betalen jobcoach?", 1),
            _gap(3, "wie betaalt de reiskosten", 2),
            _gap(4, "hoe lang duurt een traject", 3),
        ]
    )
    assert sorted(sorted(g.ids) for g in groups) == [[1, 2], [3], [4]]


def test_groups_count_their_questions_and_know_the_nearest_entry_and_last_date():
    groups = group_gaps(
        [
            _gap(1, "wie betaalt de jobcoach", 0, "financiering-jobcoach", "twente"),
            _gap(2, "wie betaalt jobcoach?", 30, "financiering-jobcoach", "twente"),
            _gap(3, "hoe lang duurt een traject", 10, "proces-duur"),
            _gap(4, "Wie betaalt de jobcoach", 20, "financiering-school", "zeeland"),
            _gap(5, "mag een deelnemer een hond meenemen", 5),
        ]
    )
    assert [g.count for g in groups] == [3, 1, 1]
    jobcoach = groups[0]
    assert sorted(jobcoach.ids) == [1, 2, 4]
    assert jobcoach.key == 2  # named by its newest question
    assert jobcoach.last_asked == T0 + dt.timedelta(minutes=30)
    assert jobcoach.nearest == "financiering-jobcoach"  # the entry named most often
    assert set(jobcoach.regions) == {"twente", "zeeland"}
    assert jobcoach.question == "wie betaalt jobcoach?"  # each asked once: the newest
    # equal counts: the most recently asked first
    assert [g.question for g in groups[1:]] == [
        "hoe lang duurt een traject",
        "mag een deelnemer een hond meenemen",
    ]
    assert groups[2].nearest is None


def test_a_handled_group_leaves_the_queue_and_a_new_ask_opens_it_again(project_db):
    first = record_gap("wie betaalt de jobcoach? bel 06-12345678", "financiering-jobcoach", 0.2)
    record_gap("wie betaalt jobcoach", "financiering-jobcoach", 0.3)
    record_gap("hoe lang duurt een traject")
    groups = open_groups()
    assert [g.count for g in groups] == [2, 1]
    assert "06-12345678" not in " ".join(groups[0].questions)  # stored redacted
    group = open_group(groups[0].key)
    assert group is not None and first in group.ids
    now = dt.datetime(2026, 11, 27, 10, 0)
    assert mark_handled(group.ids, "voorbeeldvragen", "financiering-jobcoach", now) == 2
    assert mark_handled(group.ids, "genegeerd", None, now) == 0  # already handled
    assert [g.question for g in open_groups()] == ["hoe lang duurt een traject"]
    assert open_group(group.key) is None
    with session() as s:
        row = s.get(KnowledgeGap, first)
        assert (row.handled_as, row.handled_entry, row.handled_at) == (
            "voorbeeldvragen",
            "financiering-jobcoach",
            now,
        )
    record_gap("wie betaalt de jobcoach")
    assert [g.count for g in open_groups()] == [1, 1]
