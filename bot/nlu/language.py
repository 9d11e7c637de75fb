"""Which language a message is written in, Romanian or English, as an entity the conversation keeps.

A logistic regression over character n-grams of the folded text (and its words), trained on the NLU examples:
those marked `metadata: {language: en}` (data/nlu/en/) are English, the others Romanian. It says a language only
when it is sure and the message has words enough to tell: "ok", "da" or a name change nothing, and the
conversation keeps the language it had (the `reply_language` slot is filled from this entity). Romanian without
diacritics shares no function words with English ("si", "de", "la", "cat", "ce" against "the", "is", "what",
"how"), which is what the n-grams learn.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import ENTITIES, METADATA, METADATA_EXAMPLE, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_model import JSON_FILE, Head, LinearTextModel

logger = logging.getLogger(__name__)

ENTITY = "reply_language"
PARSE_KEY = "language"
LANGUAGES = ("ro", "en")
HEAD = "language"


def example_language(message: Message) -> str:
    metadata = message.get(METADATA) or {}
    for level in (METADATA_EXAMPLE, METADATA_INTENT):
        value = metadata.get(level)
        if isinstance(value, dict) and value.get("language") in LANGUAGES:
            return str(value["language"])
    return "ro"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageIdentifier(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Sure enough to change the conversation's language, and words enough to be sure of.
            "threshold": 0.85,
            "min_words": 2,
            "C": 10.0,
            "random_seed": 42,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LinearTextModel | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labels = [example_language(m) for m in examples]
        if len(set(labels)) < 2:
            logger.warning("LanguageIdentifier: examples of one language only; every message is Romanian.")
            return self._resource
        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 1), sublinear_tf=True)),
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True)),
            ]
        )
        # Balanced: there are fewer English examples, and Romanian must never be taken for English.
        classifier = LogisticRegression(
            C=self.config["C"], max_iter=5000, class_weight="balanced", random_state=self.config["random_seed"]
        )
        # A third class keeps the regression multinomial (bot/nlu/linear_model.py); it never occurs.
        pipeline = Pipeline([("features", features), ("classifier", classifier)])
        texts = [m.get(TEXT) for m in examples]
        pipeline.fit([*texts, "\x00"], [*labels, "none"])
        model = LinearTextModel.from_sklearn(pipeline)
        model.heads[HEAD] = model.heads.pop("intent")
        self._model = model
        with self._model_storage.write_to(self._resource) as directory:
            model.save(directory)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageIdentifier:
        model = None
        with contextlib.suppress(ValueError):  # never trained: every message is Romanian
            with model_storage.read_from(resource) as directory:
                if (directory / JSON_FILE).exists():
                    model = LinearTextModel.load(directory)
        return cls(config, model_storage, resource, model)

    def english(self, text: str) -> float:
        """The probability that the (folded) text is English."""
        if self._model is None:
            return 0.0
        head: Head = self._model.heads[HEAD]
        row = self._model.scores([self._model.features(text)], HEAD)[0]
        scores = dict(zip(head.classes, row, strict=True))
        return float(scores.get("en", 0.0)) / max(float(scores.get("en", 0.0) + scores.get("ro", 0.0)), 1e-9)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text or text.startswith(INTENT_MESSAGE_PREFIX):
                continue
            english = self.english(text)
            message.set(PARSE_KEY, {"name": "en" if english >= 0.5 else "ro", "en": round(english, 4)}, True)
            if len(text.split()) < self.config["min_words"]:
                continue
            sure = (
                "en"
                if english >= self.config["threshold"]
                else "ro"
                if english <= 1 - self.config["threshold"]
                else None
            )
            if sure is not None:
                entities = list(message.get(ENTITIES, []))
                entities.append(
                    {"entity": ENTITY, "value": sure, "start": 0, "end": len(text), "extractor": "LanguageIdentifier"}
                )
                message.set(ENTITIES, entities, add_to_output=True)
        return messages
