"""Where the questions are in a message: several at once, a life story around one, yes/no or "why".

Works on text folded by `normalize_message` (lower case, no diacritics). Cuts at sentence ends and at "și",
"iar", "dar", "plus" or a comma when a question word follows ("cât câștig și cât durează trainingul?"); a
part is a question when it ends with "?" or starts with a question word or a request ("vreau să știu…").
Statements around the questions ("am lucrat 3 ani în telecom") are background: their context (industry,
experience, language) applies to every question, but they are not answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that start a question (wh-words, yes/no verbs and requests), folded.
_WH = r"(?:ce|cat|cata|cati|cate|catu|cum|cand|unde|care|cine|de ce|dc|din ce|in ce|pe ce|la ce|pentru ce|pt ce|cu ce)"
# Words that start a question even without "?" ("trebuie facultate"), and more that start one with it.
_ASKING = (
    r"(?:trebuie|tre|treb|trebe|e nevoie|este nevoie|am nevoie|ai nevoie|e obligatoriu|este obligatoriu|pot|poti|"
    r"se poate|exista|e posibil|este posibil|oare)"
)
_YES_NO = (
    rf"(?:{_ASKING[3:-1]}|primesc|primim|ofera|oferiti|se ofera|am sansa|am sanse|conteaza|merita|e greu|"
    r"este greu|e bine|ajuta|se castiga|se lucreaza|lucrez|o sa|voi|vom|e adevarat|este adevarat|ma invata|"
    r"ne invata|ma ajuta|e ok|e suficient|este suficient|daca)"
)
_REQUEST = (
    r"(?:vreau sa (?:stiu|aflu|intreb)|as vrea sa (?:stiu|aflu)|as dori sa (?:stiu|aflu)|ma intereseaza|"
    r"spune-?mi|spuneti-?mi|zi-?mi|ziceti-?mi|explica-?mi|explicati-?mi|intreb|va rog sa-?mi spuneti|"
    r"nu stiu|nu inteleg|si despre|dar despre|ce ziceti de|ce parere)"
)
_QUESTION_START = re.compile(
    rf"^(?:(?:si|dar|iar|plus|apoi|deci|ok|bun|buna|mersi|multumesc|salut|sau)\s+)*(?:{_WH}|{_ASKING}|{_REQUEST})\b"
)
_REQUEST_ANYWHERE = re.compile(rf"\b{_REQUEST}\b")
# Sentence ends; "3.5" and "ex." are not.
_SENTENCE_END = re.compile(r"(?<=[?!;])\s*|(?<=[a-z0-9)\"'][.])\s+|\n+")
# A second question inside a sentence: a conjunction or comma, then a question word within two words.
_SECOND_QUESTION = re.compile(
    rf"(?:,\s*(?:(?:si|iar|dar|plus|apoi|sau)\s+)?|\s+(?:si|iar|dar|plus|apoi)\s+)(?=(?:(?:de|din|in|pe|la|pentru|pt|cu|oare)\s+)?(?:{_WH}|{_ASKING}|{_REQUEST})\b)"
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z]+)?")
_WHY = re.compile(
    r"^(?:(?:si|dar|bine|ok|pai)\s+)*"
    r"(?:de ce|dc|din ce motiv|care e motivul|care este motivul|cum asa|de unde pana unde)\b"
)
_WH_START = re.compile(rf"^(?:(?:si|dar|iar|bun|ok|deci)\s+)*{_WH}\b")
MAX_QUESTIONS = 3
_TIE = re.compile(r"(?:(?:si|dar|iar|plus|apoi|deci)\s+)+")
_CONDITION = re.compile(r"^(?:(?:si|dar|iar)\s+)?daca\s+(?:da|nu|e\s+asa|asa\s+e|e\s+cazul)[\s,.!?]*$")
# Parts shorter than this are not a question of their own ("si?", "ok"): they stay with their neighbour.
MIN_PART_WORDS = 2


@dataclass(frozen=True)
class Part:
    start: int
    end: int
    text: str
    question: bool
    context_start: int = 0  # where the sentence before it starts (what a vague question may refer to)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") or bool(_QUESTION_START.match(stripped)) or bool(_REQUEST_ANYWHERE.search(stripped))


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """Sentences, then second questions inside each sentence, as (start, end, the sentence ends with "?")."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    pieces = []
    for begin, end in spans:
        sentence = text[begin:end]
        asked = sentence.rstrip().endswith("?")
        cut = begin
        for match in _SECOND_QUESTION.finditer(sentence):
            pieces.append((cut, begin + match.start(), asked))
            cut = begin + match.end()
        pieces.append((cut, end, asked))
    return [(b, e, asked) for b, e, asked in pieces if text[b:e].strip(" ,.;!?")]


def split(text: str) -> list[Part]:
    """The message cut into parts, each marked as a question or not (background, greeting).

    A piece of a sentence that ends with "?" is a question too: in "trainingul cât durează și e nevoie de
    licență?" both halves are asked.
    """
    parts: list[Part] = []
    for begin, end, asked in _spans(text):
        piece = text[begin:end]
        # Trim the cut's spaces so that offsets match the words.
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        begin += lead
        end = begin + len(piece)
        question = asked or _is_question(piece)
        if parts and _CONDITION.match(parts[-1].text):
            # "… dacă da, cum se ia?": the condition belongs to the question after it.
            condition = parts.pop()
            parts.append(Part(condition.start, end, text[condition.start : end], question))
            continue
        short = len(words(piece)) < MIN_PART_WORDS
        if parts and (
            (short and not piece.endswith("?"))
            or (parts[-1].question and question and len(words(parts[-1].text)) < MIN_PART_WORDS)
        ):
            previous = parts.pop()
            parts.append(Part(previous.start, end, text[previous.start : end], previous.question or question))
            continue
        parts.append(Part(begin, end, piece, question))
    return parts


def questions(text: str) -> list[Part]:
    """The question parts (at most MAX_QUESTIONS); the whole text when it has none or only one part.

    "Și" opening a later question ties it to the question before, not to the previous answer: it is left out
    ("… ? și cât costă?" is asked as "cât costă?").
    """
    parts = split(text)
    if len(parts) <= 1 or not any(p.question for p in parts):
        return [Part(0, len(text), text, True)]
    asked = []
    for number, part in enumerate(parts):
        if part.question:
            before = parts[number - 1].start if number else part.start
            start = part.start
            if number:
                tie = _TIE.match(part.text)
                start += tie.end() if tie and tie.end() < len(part.text) else 0
            asked.append(Part(start, part.end, text[start : part.end], True, before))
    return asked[:MAX_QUESTIONS]


def is_yes_no(text: str) -> bool:
    """ "Trebuie să am facultate?", "se ocupă și de plăți?": a question answered with yes or no."""
    stripped = text.strip()
    if _WH_START.match(stripped) or _WHY.match(stripped):
        return False
    head = " ".join(words(stripped)[:4])
    if re.search(rf"\b{_WH}\b", head) and not head.startswith(("daca", "si daca")):
        return False
    return stripped.endswith("?") or bool(re.match(rf"^(?:(?:si|dar|deci|oare)\s+)*{_YES_NO}\b", stripped))


# Questions that judge rather than ask whether: "e greu examenul?" is not answered by "Da, trebuie să dai examen".
_JUDGING = re.compile(
    r"\b(?:greu|grea|usor|usoara|dificil|complicat|merita|adevarat|costa|platit|platita|bine|rau|mare|mic|mult|"
    r"putin|normal|sigur)\b"
)


def asks_whether(text: str) -> bool:
    """A yes/no question whose yes or no a fact can give: it asks whether something is done, needed or possible."""
    return is_yes_no(text) and not _JUDGING.search(text)


def asks_why(text: str) -> bool:
    """ "De ce?", "și de ce durează atât?": the reason for what was just said."""
    return bool(_WHY.match(text.strip()))
