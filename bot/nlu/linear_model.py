"""A trained TF-IDF + logistic regression text classifier in a form that loads fast and safely.

scikit-learn fits the model (bot/nlu/intent_classifier.py); what prediction needs is then kept as plain arrays:
per feature block its vocabulary and IDF weights, and per head (a regression over one set of labels, e.g. the
intents or the facts) its weights. Saved as JSON and a NumPy .npz read without pickle, it loads in
milliseconds; skops, which Rasa's own LogisticRegressionClassifier uses, spent 8 s of the server's start-up
importing itself. Terms are produced by scikit-learn's own analyzers, so features are exactly those the model
was trained on (tests/nlu/test_intent_classifier.py compares the probabilities).
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
import numpy.typing as npt

FORMAT_VERSION = 2
JSON_FILE = "intent_model.json"
ARRAYS_FILE = "intent_weights.npz"
INTENT_HEAD = "intent"

Floats = npt.NDArray[np.float64]


def analyzer(kind: str, ngram_range: Sequence[int]) -> Callable[[str], list[str]]:
    """scikit-learn's term extraction for analyzer `kind` ("word" or "char_wb"), with its defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=kind, ngram_range=tuple(ngram_range))
    analyze: Callable[[str], list[str]] = vectorizer.build_analyzer()
    return analyze


@dataclass
class FeatureBlock:
    """One TfidfVectorizer(sublinear_tf=True, norm="l2") after fitting."""

    kind: str
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: Floats

    def __post_init__(self) -> None:
        self._terms = analyzer(self.kind, self.ngram_range)

    def features(self, document: str) -> tuple[list[int], Floats]:
        """Column indices and L2-normalised TF-IDF values of one document (sparse, in this block)."""
        counts = Counter(t for t in self._terms(document) if t in self.vocabulary)
        if not counts:
            return [], np.zeros(0)
        columns = [self.vocabulary[t] for t in counts]
        values = np.array([(1.0 + math.log(c)) for c in counts.values()]) * self.idf[columns]
        return columns, values / np.linalg.norm(values)


@dataclass
class Head:
    """A multinomial logistic regression over the shared features."""

    classes: list[str]
    weights: Floats  # (all features, classes), C order: one row per feature
    intercepts: Floats  # (classes,)

    @classmethod
    def from_sklearn(cls, classifier: Any) -> Head:
        if classifier.coef_.shape[0] == 1:
            raise ValueError("two classes give a one-vs-rest model; at least three labels are needed")
        return cls(
            classes=[str(c) for c in classifier.classes_],
            weights=np.ascontiguousarray(classifier.coef_.T),
            intercepts=np.asarray(classifier.intercept_, dtype=float),
        )


# A document's features: (column indices over all blocks, values).
Features = tuple[list[int], Floats]


@dataclass
class LinearTextModel:
    blocks: list[FeatureBlock]
    heads: dict[str, Head]

    @classmethod
    def from_sklearn(cls, pipeline: Any) -> LinearTextModel:
        """From Pipeline([("features", FeatureUnion of TfidfVectorizers), ("classifier", LogisticRegression)])."""
        blocks = []
        for _, vectorizer in pipeline.named_steps["features"].transformer_list:
            if not (vectorizer.sublinear_tf and vectorizer.norm == "l2" and vectorizer.use_idf):
                raise ValueError("only sublinear, L2-normalised TF-IDF features are supported")
            vocabulary = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
            blocks.append(FeatureBlock(vectorizer.analyzer, vectorizer.ngram_range, vocabulary, vectorizer.idf_))
        return cls(blocks=blocks, heads={INTENT_HEAD: Head.from_sklearn(pipeline.named_steps["classifier"])})

    @property
    def classes(self) -> list[str]:
        return self.heads[INTENT_HEAD].classes

    def words(self) -> set[str]:
        """The single words the word features know."""
        return {term for block in self.blocks if block.kind == "word" for term in block.vocabulary if " " not in term}

    def features(self, document: str) -> Features:
        columns: list[int] = []
        values: list[Floats] = []
        offset = 0
        for block in self.blocks:
            block_columns, block_values = block.features(document)
            columns += [offset + c for c in block_columns]
            values.append(block_values)
            offset += len(block.vocabulary)
        return columns, np.concatenate(values) if values else np.zeros(0)

    def scores(self, features: Sequence[Features], head: str = INTENT_HEAD) -> Floats:
        """Softmax over the head's classes (multinomial logistic regression), one row per document."""
        chosen = self.heads[head]
        scores = np.tile(chosen.intercepts, (len(features), 1))
        for row, (columns, values) in enumerate(features):
            if columns:
                scores[row] += values @ chosen.weights[columns]
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        probabilities: Floats = exp / exp.sum(axis=1, keepdims=True)
        return probabilities

    def probabilities(self, documents: Sequence[str], head: str = INTENT_HEAD) -> Floats:
        return self.scores([self.features(d) for d in documents], head)

    # --- files -------------------------------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        meta = {
            "format": FORMAT_VERSION,
            "heads": {name: head.classes for name, head in self.heads.items()},
            "blocks": [
                {"kind": b.kind, "ngram_range": list(b.ngram_range), "vocabulary": b.vocabulary} for b in self.blocks
            ],
        }
        (directory / JSON_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        arrays = {f"idf_{i}": b.idf for i, b in enumerate(self.blocks)}
        for name, head in self.heads.items():
            arrays[f"weights_{name}"] = head.weights
            arrays[f"intercepts_{name}"] = head.intercepts
        np.savez(directory / ARRAYS_FILE, **arrays)

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
            heads = {
                name: Head(classes, np.ascontiguousarray(arrays[f"weights_{name}"]), arrays[f"intercepts_{name}"])
                for name, classes in meta["heads"].items()
            }
        width = sum(len(b.vocabulary) for b in blocks)
        for head in heads.values():
            if head.weights.shape != (width, len(head.classes)) or head.intercepts.shape != (len(head.classes),):
                raise ValueError("intent model files do not match each other: retrain (make train)")
        return cls(blocks, heads)
