"""The entry classifier: a linear SVM (one-vs-rest) over word-stem (1-2) and character (2-5)
n-grams, trained on the entries' example questions.

Chosen over logistic regression: as accurate on the dev set and much faster to train. With
250+ entries training still takes seconds, so a trained classifier is kept on disk
(var/cache/, keyed by a hash of what it was trained on): a restarted action server is ready
at once, which the fault tests require (answering again within 15 s after a kill -9).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from bot.text import fold, terms

CACHE_DIR = Path(__file__).resolve().parents[2] / "var" / "cache"
FORMAT = 2  # raise when the pickled layout changes
# The preprocessing is part of what a classifier was trained on: a change to it trains anew.
_PREPROCESSING = (Path(__file__), Path(__file__).parents[1] / "text.py")
KEEP = 3  # trained classifiers kept in the cache


def _stemmed(text: str) -> str:
    return " ".join(terms(text, "stem"))


class Classifier:
    def __init__(self, texts: list[str], labels: list[str], c: float = 1.0) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_union
        from sklearn.svm import LinearSVC

        self.vectorizer = make_union(
            TfidfVectorizer(preprocessor=_stemmed, ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(
                analyzer="char_wb", preprocessor=fold, ngram_range=(2, 5), sublinear_tf=True
            ),
        )
        matrix = self.vectorizer.fit_transform(texts)
        model = LinearSVC(C=c).fit(matrix, labels)
        self.classes = list(model.classes_)
        # A (features x classes) copy makes scoring one question a sparse row product.
        self.weights = np.ascontiguousarray(model.coef_.T, dtype=np.float32)
        self.bias = model.intercept_.astype(np.float32)

    def scores(self, text: str) -> dict[str, float]:
        """Per entry: the SVM margin mapped from [-1, 1] onto [0, 1]."""
        row = self.vectorizer.transform([text])
        # Only the weights of the question's features: the product of the whole float32
        # matrix with a float64 row made scipy copy all of it to float64 for every question
        # (tens of milliseconds). The same sparse product on those rows adds the same
        # numbers in the same order, so the margins are exactly the same.
        used = np.asarray(self.weights[row.indices], dtype=np.float64)
        compact = csr_matrix(
            (row.data, np.arange(row.nnz, dtype=row.indices.dtype), row.indptr),
            shape=(1, row.nnz),
        )
        margins = np.asarray(compact @ used + self.bias).ravel()
        return {c: float(min(1.0, max(0.0, (m + 1) / 2))) for c, m in zip(self.classes, margins)}


def _key(texts: list[str], labels: list[str], c: float) -> str:
    from importlib.metadata import version

    versions = f"{FORMAT}|{version('scikit-learn')}|{version('snowballstemmer')}|{c}"
    digest = hashlib.sha256(versions.encode())
    for source in _PREPROCESSING:
        digest.update(source.read_bytes())
    for text, label in zip(texts, labels):
        digest.update(f"{label}\x00{text}\x01".encode())
    return digest.hexdigest()[:32]


def trained(
    texts: list[str], labels: list[str], c: float = 1.0, cache: Path | None = CACHE_DIR
) -> Classifier:
    """The classifier for these texts: from the cache when it was trained on exactly them
    before, else trained now and kept (written atomically; a failed write is not fatal)."""
    path = cache / f"classifier-{_key(texts, labels, c)}.pickle" if cache else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as f:
                found = pickle.load(f)  # noqa: S301 - our own file in the project's var/
            if isinstance(found, Classifier):
                os.utime(path)  # recently used: kept longest
                return found
        except Exception:  # noqa: BLE001 - a damaged cache file is trained again
            pass
    model = Classifier(texts, labels, c)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(model, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            # A few kept, the newest: a knowledge change that is undone (or a test's copy of
            # the knowledge) finds the classifier it had before.
            kept = sorted(
                path.parent.glob("classifier-*.pickle"),
                key=lambda p: p.stat().st_mtime,
                reverse=True,
            )
            for old in kept[KEEP:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
    return model
