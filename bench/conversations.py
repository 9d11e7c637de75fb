"""The message mix the speed benchmark sends: whole conversations, as candidates write them.

Each turn is (kind, text). Kinds: `action` (answer composed by the action server from the knowledge database,
including questions the source does not answer), `follow_up` (a detail added to the previous question, answered
by an action with the conversation's context), `fixed` (a fixed answer from domain/responses.yml: topics and
small talk), `out_of_scope` and `fallback` (low confidence: the action offers the two most likely topics).
Conversations are sent whole, so follow-ups always have a question before them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

KINDS = ("action", "follow_up", "fixed", "out_of_scope", "fallback")

CONVERSATIONS: list[list[tuple[str, str]]] = [
    [
        ("action", "Cât câștigă un operator call center?"),
        ("follow_up", "și dacă știu germană?"),
        ("follow_up", "dar fără experiență?"),
        ("fixed", "mulțumesc"),
    ],
    [
        ("fixed", "salut"),
        ("action", "ce face un operator de call center?"),
        ("follow_up", "si in retail?"),
        ("fixed", "ce studii trebuie sa am?"),
    ],
    [
        ("action", "Cât durează trainingul?"),
        ("follow_up", "și în asigurări?"),
        ("action", "am nevoie de licenta ca sa lucrez intr-o banca?"),
    ],
    [
        ("fixed", "cum e mediul de lucru intr-un call center"),
        ("fixed", "ce abilitati imi trebuie"),
        ("action", "unde gasesc un job de operator?"),
    ],
    [
        ("action", "Se lucrează în ture de noapte și în weekend?"),
        ("out_of_scope", "care e capitala frantei?"),
        ("fallback", "asdkjh qwpoe zmxn"),
    ],
    [
        ("action", "ce tipuri de roluri exista intr-un call center"),
        ("follow_up", "dar la telecom?"),
        ("action", "cat castiga un incepator"),
        ("fixed", "pa"),
    ],
    [
        ("fixed", "ce poti face?"),
        ("action", "cat e salariul daca vorbesc franceza"),
        ("follow_up", "si cu 3 ani experienta?"),
    ],
    [
        ("fallback", "hmm"),
        ("fixed", "esti un robot?"),
        ("action", "pot lucra de acasa ca operator?"),
    ],
    [
        ("action", "Ce face un operator în sectorul financiar?"),
        ("follow_up", "dar în utilități?"),
        ("action", "Cât câştigă un operator cu experienţă?"),
        ("follow_up", "și cu italiană?"),
    ],
    [
        ("out_of_scope", "imi recomanzi un film bun?"),
        ("action", "vreau sa aplic la un job de operator call center"),
        ("fixed", "multumesc frumos"),
    ],
    [
        ("action", "cat dureaza formarea la inceput?"),
        ("follow_up", "si pentru suport tehnic?"),
        ("fixed", "e stresant jobul de operator?"),
    ],
    [
        ("action", "Ce bonusuri și tichete de masă primește un operator?"),
        ("fallback", "???"),
        ("action", "cate ore pe zi lucreaza un operator?"),
        ("fixed", "o zi buna"),
    ],
]

# The same kinds of turns from a candidate who writes in English (docs/languages.md): answered in English.
ENGLISH_CONVERSATIONS: list[list[tuple[str, str]]] = [
    [
        ("action", "How much does a call centre operator earn?"),
        ("follow_up", "and if I speak German?"),
        ("follow_up", "what about with no experience?"),
        ("fixed", "thank you"),
    ],
    [
        ("fixed", "hello there"),
        ("action", "what does a call center agent do all day?"),
        ("follow_up", "and in retail?"),
    ],
    [
        ("action", "How long is the training for new operators?"),
        ("follow_up", "and in insurance?"),
        ("action", "do I need a licence to work for a bank?"),
    ],
    [
        ("action", "Are there night shifts or weekend work?"),
        ("out_of_scope", "what is the capital of France?"),
        ("fallback", "qwe zxc asd"),
    ],
    [
        ("fixed", "what can you do?"),
        ("action", "which skills do I need for this job?"),
        ("action", "where can I find call centre jobs?"),
        ("fixed", "bye"),
    ],
]


@dataclass(frozen=True)
class Turn:
    conversation: int  # index of the conversation instance: one sender each
    kind: str
    text: str


def plan(messages: int, seed: int = 7, conversations: list[list[tuple[str, str]]] | None = None) -> list[Turn]:
    """Whole conversations, in a shuffled but reproducible order, until at least `messages` turns."""
    conversations = conversations or CONVERSATIONS
    rng = random.Random(seed)
    turns: list[Turn] = []
    instance = 0
    while len(turns) < messages:
        order = list(range(len(conversations)))
        rng.shuffle(order)
        for index in order:
            turns += [Turn(instance, kind, text) for kind, text in conversations[index]]
            instance += 1
            if len(turns) >= messages:
                break
    return turns


def kind_shares(turns: list[Turn]) -> dict[str, float]:
    return {kind: sum(t.kind == kind for t in turns) / len(turns) for kind in KINDS if turns}
