"""A trained TF-IDF + logistic regression text classifier in a form that loads fast and safely.

scikit-learn fits the model (bot/nlu/intent_classifier.py); what prediction needs is then kept as plain arrays:
per feature block its vocabulary and IDF weights, and the regression's weights. Saved as JSON and a NumPy .npz
read without pickle, it loads in milliseconds; skops, which Rasa's own LogisticRegressionClassifier uses, spent
8 s of the server's start-up importing itself. Terms are produced by scikit-learn's own analyzers, so features
are exactly those the model was trained on (tests/bot/test_intent_classifier.py compares the probabilities).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FORMAT_VERSION = 1
JSON_FILE = "intent_model.json"
ARRAYS_FILE = "intent_weights.npz"


def analyzer(kind: str, ngram_range: Sequence[int]) -> Callable[[str], list[str]]:
    """scikit-learn's term extraction for analyzer `kind` ("word" or "char_wb"), with its defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=kind, ngram_range=tuple(ngram_range)).build_analyzer()


@dataclass
class FeatureBlock:
    """One TfidfVectorizer(sublinear_tf=True, norm="l2") after fitting."""

    kind: str
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray

    def __post_init__(self) -> None:
        self._terms = analyzer(self.kind, self.ngram_range)

    def features(self, document: str) -> tuple[list[int], np.ndarray]:
        """Column indices and L2-normalised TF-IDF values of one document (sparse, in this block)."""
        counts = Counter(t for t in self._terms(document) if t in self.vocabulary)
        if not counts:
            return [], np.zeros(0)
        columns = [self.vocabulary[t] for t in counts]
        values = np.array([(1.0 + math.log(c)) for c in counts.values()]) * self.idf[columns]
        return columns, values / np.linalg.norm(values)


@dataclass
class LinearTextModel:
    blocks: list[FeatureBlock]
    classes: list[str]
    weights: np.ndarray  # (all features, classes), C order: one row per feature
    intercepts: np.ndarray  # (classes,)

    @classmethod
    def from_sklearn(cls, pipeline: Any) -> LinearTextModel:
        """From Pipeline([("features", FeatureUnion of TfidfVectorizers), ("classifier", LogisticRegression)])."""
        blocks = []
        for _, vectorizer in pipeline.named_steps["features"].transformer_list:
            if not (vectorizer.sublinear_tf and vectorizer.norm == "l2" and vectorizer.use_idf):
                raise ValueError("only sublinear, L2-normalised TF-IDF features are supported")
            vocabulary = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
            blocks.append(FeatureBlock(vectorizer.analyzer, vectorizer.ngram_range, vocabulary, vectorizer.idf_))
        classifier = pipeline.named_steps["classifier"]
        if classifier.coef_.shape[0] == 1:
            raise ValueError("two classes give a one-vs-rest model; at least three intents are needed")
        return cls(
            blocks=blocks,
            classes=[str(c) for c in classifier.classes_],
            weights=np.ascontiguousarray(classifier.coef_.T),
            intercepts=np.asarray(classifier.intercept_, dtype=float),
        )

    def probabilities(self, documents: Sequence[str]) -> np.ndarray:
        """Softmax over the classes (multinomial logistic regression), one row per document."""
        scores = np.tile(self.intercepts, (len(documents), 1))
        for row, document in enumerate(documents):
            offset = 0
            for block in self.blocks:
                columns, values = block.features(document)
                if columns:
                    scores[row] += values @ self.weights[[offset + c for c in columns]]
                offset += len(block.vocabulary)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    # --- files -------------------------------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        meta = {
            "format": FORMAT_VERSION,
            "classes": self.classes,
            "blocks": [
                {"kind": b.kind, "ngram_range": list(b.ngram_range), "vocabulary": b.vocabulary} for b in self.blocks
            ],
        }
        (directory / JSON_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        arrays = {f"idf_{i}": b.idf for i, b in enumerate(self.blocks)}
        np.savez(directory / ARRAYS_FILE, weights=self.weights, intercepts=self.intercepts, **arrays)

    @classmethod
    def load(cls, directory: Path) -> LinearTextModel:
        meta = json.loads((directory / JSON_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"unknown intent model format {meta.get('format')!r}: retrain (make train)")
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as arrays:
            blocks = [
                FeatureBlock(b["kind"], tuple(b["ngram_range"]), b["vocabulary"], arrays[f"idf_{i}"])
                for i, b in enumerate(meta["blocks"])
            ]
            weights, intercepts = arrays["weights"], arrays["intercepts"]
        model = cls(blocks, meta["classes"], np.ascontiguousarray(weights), intercepts)
        if weights.shape != (sum(len(b.vocabulary) for b in blocks), len(model.classes)):
            raise ValueError("intent model files do not match each other: retrain (make train)")
        return model
