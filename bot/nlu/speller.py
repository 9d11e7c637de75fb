"""Fix a typo in an unknown word when exactly one known word is one edit away ("experinta" -> "experienta").

Character n-grams already carry most typos to the right intent; whole-word features and the fact ranking
need the word itself. Only words of MIN_LENGTH letters or more that the model never saw are changed, and
only when the nearest known word is unique: "cat" stays "cat", a new word with no close neighbour stays as is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

MIN_LENGTH = 5
_WORD = re.compile(r"[a-z]+")


class Speller:
    def __init__(self, words: Iterable[str]) -> None:
        self.known = frozenset(w for w in words if w.isalpha())
        # Candidates by length: a one-edit neighbour is at most one letter longer or shorter.
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.known:
            self._by_length[len(word)].append(word)
        self.fix = lru_cache(maxsize=4096)(self._fix)

    def _fix(self, word: str) -> str:
        candidates = [w for n in (len(word) - 1, len(word), len(word) + 1) for w in self._by_length.get(n, ())]
        close = extract(word, candidates, scorer=OSA.distance, score_cutoff=1, limit=2)
        if len(close) == 1 or (len(close) == 2 and close[0][1] < close[1][1]):
            return close[0][0]
        return word

    def correct(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            word = match.group()
            if len(word) < MIN_LENGTH or word in self.known:
                return word
            return self.fix(word)

        return _WORD.sub(replace, text)
