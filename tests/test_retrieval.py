import pytest

from bot.kb import load, load_out_of_scope
from bot.retrieval import DESIGNS, Ranker, load_settings

KB = load()


@pytest.fixture(scope="module")
def ranker():
    design, thresholds = load_settings()
    return Ranker(KB.entries.values(), design, thresholds, out_of_scope=load_out_of_scope())


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("wat is een oplo", "proces-oplo"),
        (
            "hoeveel praktijkverklaringen zijn er uitgereikt in de pilots",
            "cijfers-praktijkverklaringen",
        ),
        (
            "krijgt een werkgever een vergoeding voor de begeleiding",
            "financiering-geen-vergoeding-werkgever",
        ),
        ("wat doet de praktijkopleider", "rollen-praktijkopleider"),
    ],
)
def test_finds_the_right_entry(ranker, question, entry_id):
    assert [h.entry_id for h in ranker.rank(question, top=3)][0] == entry_id


@pytest.mark.parametrize(
    "question",
    ["wat is de hoofdstad van frankrijk", "wie won het wk voetbal", "hoe laat is het"],
)
def test_refuses_off_topic(ranker, question):
    assert ranker.decide(question).kind == "refuse"


def test_typo_is_corrected(ranker):
    typo = "prakijkopleidder"
    assert typo not in ranker.vocabulary
    assert "praktijkopleider" in ranker.correct(f"wat doet de {typo}")


@pytest.mark.parametrize("design", DESIGNS)
def test_every_design_ranks(design):
    r = Ranker(KB.entries.values(), design=design)
    assert r.rank("wat is een oplo")[0].entry_id == "proces-oplo"


def test_unknown_design_is_an_error():
    with pytest.raises(ValueError):
        Ranker(KB.entries.values(), design="magic")
