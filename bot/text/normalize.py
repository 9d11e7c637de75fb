"""Normalise what users type so that "știu", "stiu" and "ştiu" (old cedilla) are the same word.

Romanian users often type without diacritics; the model and the entity matcher therefore work on a
folded form: lower case, no diacritics, no markup, no control characters, collapsed whitespace.
"""

from __future__ import annotations

import re
import unicodedata

# Messages longer than this are cut before NLU: the meaning of a chat question is in its first
# paragraphs, and unbounded input would make every turn as slow as the longest message.
MAX_NLU_CHARS = 1000

# Code inside <script>/<style> is not words the user meant ("alert(1)" is not a question about job alerts).
_CODE = re.compile(r"<(script|style)\b[^>]{0,200}>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
# Three or more of the same letter ("salutttt", "mersiii") are an emphasis, not spelling.
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Typographic variants of the same punctuation.
_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Lower-case and strip diacritics (comma-below and cedilla forms alike: ș ş → s, ț ţ → t)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def normalize_message(text: str | None) -> str:
    """The form of a user message that NLU sees."""
    if not text:
        return ""
    text = text[: MAX_NLU_CHARS * 2]
    text = _CODE.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    text = fold(text).translate(_PUNCT)
    text = _REPEATS.sub(r"\1\1", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:MAX_NLU_CHARS]
