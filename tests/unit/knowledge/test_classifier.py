"""The trained classifier is kept on disk, so a restarted action server is ready at once."""

from bot.knowledge.classifier import KEEP, Classifier, trained

# three classes: with two, a linear SVM has one weight vector and scores one class only
TEXTS = ["wie betaalt de jobcoach", "wat kost de school", "hoe oud moet je zijn", "leeftijd eis"]
TEXTS += ["hoe lang duurt het", "duur van een traject"]
LABELS = ["geld", "geld", "leeftijd", "leeftijd", "duur", "duur"]


def test_a_classifier_is_trained_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    first = trained(TEXTS, LABELS, cache=tmp_path)
    files = list(tmp_path.glob("classifier-*.pickle"))
    assert len(files) == 1
    calls = []
    monkeypatch.setattr(Classifier, "__init__", lambda *a, **k: calls.append(a))
    again = trained(TEXTS, LABELS, cache=tmp_path)
    assert calls == []  # not trained again
    assert again.scores("wie betaalt") == first.scores("wie betaalt")


def test_other_texts_train_a_new_one_and_only_the_newest_few_are_kept(tmp_path, monkeypatch):
    trained(TEXTS, LABELS, cache=tmp_path)
    model = trained([*TEXTS, "jobcoach kosten"], [*LABELS, "geld"], cache=tmp_path)
    assert len(list(tmp_path.glob("classifier-*.pickle"))) == 2
    assert max(model.scores("jobcoach kosten").items(), key=lambda kv: kv[1])[0] == "geld"
    for n in range(KEEP + 1):
        trained([*TEXTS, f"extra {n}"], [*LABELS, "duur"], cache=tmp_path)
    assert len(list(tmp_path.glob("classifier-*.pickle"))) == KEEP
    # the knowledge of before (a change undone) is still kept when it was used last
    trained(TEXTS, LABELS, cache=tmp_path)
    calls = []
    monkeypatch.setattr(Classifier, "__init__", lambda *a, **k: calls.append(a))
    trained([*TEXTS, f"extra {KEEP}"], [*LABELS, "duur"], cache=tmp_path)
    assert calls == []


def test_a_damaged_cache_file_is_trained_again(tmp_path):
    trained(TEXTS, LABELS, cache=tmp_path)
    (path,) = tmp_path.glob("classifier-*.pickle")
    path.write_bytes(b"kapot")
    model = trained(TEXTS, LABELS, cache=tmp_path)
    assert max(model.scores("hoe oud moet je zijn").items(), key=lambda kv: kv[1])[0] == "leeftijd"


def test_a_change_to_the_preprocessing_trains_a_new_one(tmp_path, monkeypatch):
    from bot.knowledge import classifier

    trained(TEXTS, LABELS, cache=tmp_path)
    text_module = tmp_path / "text.py"  # a copy of bot/text.py with one change
    text_module.write_bytes(classifier._PREPROCESSING[1].read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(classifier, "_PREPROCESSING", (classifier._PREPROCESSING[0], text_module))
    calls = []
    real_init = Classifier.__init__

    def counted(self, *args, **kwargs):
        calls.append(args)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(Classifier, "__init__", counted)
    trained(TEXTS, LABELS, cache=tmp_path)
    assert len(calls) == 1  # trained again, not read from the cache
    assert len(list(tmp_path.glob("classifier-*.pickle"))) == 2
