"""Rasa component that folds the message text before tokenisation (see bot.text.normalize)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text.normalize import normalize_message


# Registered as a tokenizer-type step so the recipe runs it in the preprocessing chain, before SpacyNLP,
# both in training and at prediction time. It is not a Tokenizer subclass: SpacyTokenizer stays the only one.
@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class RomanianTextNormalizer(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RomanianTextNormalizer:
        return cls()

    @staticmethod
    def _normalize(message: Message) -> None:
        text = message.get(TEXT)
        # "/intent{...}" payloads from buttons are parsed later by Rasa's RegexMessageHandler: keep them intact.
        if isinstance(text, str) and not text.startswith(INTENT_MESSAGE_PREFIX):
            message.set(TEXT, normalize_message(text))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._normalize(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._normalize(message)
        return training_data
