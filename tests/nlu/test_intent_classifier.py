"""RomanianIntentClassifier as Rasa runs it: trained, saved to model storage, loaded back and asked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import RomanianIntentClassifier
from bot.nlu.linear_model import ARRAYS_FILE
from bot.nlu.normalizer import RomanianTextNormalizer

EXAMPLES = {
    "ask_salary": ["cat castiga un operator", "ce salariu are un operator", "care e salariul", "cati bani iau pe luna"],
    "ask_training": ["cat dureaza instruirea", "exista training la angajare", "cate saptamani de curs", "ma invata"],
    "greet": ["salut", "buna ziua", "hei", "buna seara"],
}


def prepared(texts: list[str], intents: list[str | None]) -> list[Message]:
    """Messages as the classifier receives them: folded by the normalizer, then tokenised."""
    messages = [Message(data={"text": t, **({"intent": i} if i else {})}) for t, i in zip(texts, intents, strict=True)]
    RomanianTextNormalizer().process(messages)
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process(messages)
    return messages


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name="intent_classifier")


def trained(storage: LocalModelStorage, resource: Resource) -> RomanianIntentClassifier:
    texts = [t for examples in EXAMPLES.values() for t in examples]
    intents = [i for i, examples in EXAMPLES.items() for _ in examples]
    classifier = RomanianIntentClassifier.create({}, storage, resource, context())
    classifier.train(TrainingData(prepared(texts, intents)))
    return classifier


def test_a_saved_and_loaded_classifier_answers_like_the_trained_one(storage: LocalModelStorage) -> None:
    resource = Resource("intent_classifier")
    fresh = trained(storage, resource)
    loaded = RomanianIntentClassifier.load({}, storage, resource, context())
    questions = ["Cât câștigă un operator?", "cât durează instruirea", "Bună ziua!"]
    for classifier in (fresh, loaded):
        messages = classifier.process(prepared(questions, [None] * 3))
        assert [m.get("intent")["name"] for m in messages] == ["ask_salary", "ask_training", "greet"]
        ranking = messages[0].get("intent_ranking")
        assert [r["name"] for r in ranking][0] == "ask_salary" and len(ranking) == 3
        assert ranking[0]["confidence"] == messages[0].get("intent")["confidence"] > ranking[1]["confidence"]
        assert abs(sum(r["confidence"] for r in ranking) - 1) < 1e-6


def test_probabilities_are_those_of_the_sklearn_model_it_was_fitted_as(storage: LocalModelStorage) -> None:
    """The saved arrays predict exactly what scikit-learn's fitted pipeline predicts, unknown words included."""
    classifier = trained(storage, Resource("intent_classifier"))
    texts = [t for examples in EXAMPLES.values() for t in examples]
    intents = [i for i, examples in EXAMPLES.items() for _ in examples]
    pipeline = classifier._new_pipeline().fit([classifier.document(m) for m in prepared(texts, intents)], intents)
    questions = ["cat castig", "salut!", "cursuri de instruire", "xyz", "", "👍"]
    documents = [classifier.document(m) for m in prepared(questions, [None] * len(questions))]
    assert list(pipeline.classes_) == classifier._model.classes
    assert abs(classifier._model.probabilities(documents) - pipeline.predict_proba(documents)).max() < 1e-9


def test_typos_and_missing_diacritics_reach_the_same_intent(storage: LocalModelStorage) -> None:
    classifier = trained(storage, Resource("intent_classifier"))
    messages = classifier.process(prepared(["cât câştigă", "cat castga un operatr", "CÂT CÂȘTIGĂ"], [None] * 3))
    assert {m.get("intent")["name"] for m in messages} == {"ask_salary"}


def test_the_document_holds_the_text_and_its_lemmas() -> None:
    classifier = RomanianIntentClassifier({}, None, Resource("x"))  # type: ignore[arg-type]
    message = prepared(["Lucrez"], [None])[0]
    message.get("text_tokens")[0].lemma = "lucra"
    assert classifier.document(message) == "lucrez | lucra"
    assert RomanianIntentClassifier({"use_lemmas": False}, None, Resource("x")).document(message) == "lucrez"  # type: ignore[arg-type]


def test_without_training_data_every_message_falls_back(storage: LocalModelStorage) -> None:
    resource = Resource("empty")
    classifier = RomanianIntentClassifier.create({}, storage, resource, context())
    classifier.train(TrainingData(prepared(["salut", "pa"], ["greet", "goodbye"])))  # too few intents to learn
    loaded = RomanianIntentClassifier.load({}, storage, resource, context())
    message = loaded.process(prepared(["salut"], [None]))[0]
    assert message.get("intent") == {"name": None, "confidence": 0.0}


def test_a_damaged_model_is_refused_not_guessed(storage: LocalModelStorage) -> None:
    resource = Resource("intent_classifier")
    trained(storage, resource)
    with storage.read_from(resource) as directory:
        arrays = dict(np.load(directory / ARRAYS_FILE))
        np.savez(directory / ARRAYS_FILE, **{**arrays, "weights_intent": arrays["weights_intent"][:-1]})
    with pytest.raises(ValueError, match="do not match"):
        RomanianIntentClassifier.load({}, storage, resource, context())


def test_model_files_are_never_unpickled(storage: LocalModelStorage) -> None:
    resource = Resource("intent_classifier")
    trained(storage, resource)
    with storage.read_from(resource) as directory:
        arrays = dict(np.load(directory / ARRAYS_FILE))
        np.savez(directory / ARRAYS_FILE, **{**arrays, "weights_intent": np.array([object()], dtype=object)})
    with pytest.raises(ValueError, match="allow_pickle=False"):
        RomanianIntentClassifier.load({}, storage, resource, context())
