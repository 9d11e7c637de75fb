"""Build the Romanian spaCy pipeline used by Rasa's SpacyNLP.

spaCy's trained Romanian pipelines are not on PyPI, and nothing may be downloaded at run time, so the
pipeline is spacy.blank("ro") plus a lookup lemmatizer from spacy-lookups-data. Its table is folded the same
way as the messages (no diacritics, lower case), so "asigurărilor" and "asigurarilor" get one lemma.
"""

from __future__ import annotations

import gzip
import json
import sys
from importlib import resources
from pathlib import Path
from typing import cast

from bot import PROJECT_ROOT
from bot.text.normalize import fold

DEFAULT_OUTPUT = PROJECT_ROOT / "build" / "spacy-ro"


def folded_lemma_table() -> dict[str, str]:
    raw = resources.files("spacy_lookups_data").joinpath("data").joinpath("ro_lemma_lookup.json.gz").read_bytes()
    table: dict[str, str] = json.loads(gzip.decompress(raw))
    folded: dict[str, str] = {}
    for form, lemma in table.items():
        key = fold(form)
        # Short words are mostly function words whose folded forms collide ("în" and "in", flax): keep them.
        if len(key) <= 3:
            continue
        # First entry wins where two forms fold together ("fată"/"față"): either lemma is a stable feature.
        folded.setdefault(key, fold(lemma))
    return folded


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    import spacy
    from spacy.lookups import Lookups
    from spacy.pipeline import Lemmatizer

    nlp = spacy.blank("ro")
    lookups = Lookups()
    lookups.add_table("lemma_lookup", folded_lemma_table())
    # add_pipe is typed as returning any pipe; the "lemmatizer" factory makes a Lemmatizer.
    lemmatizer = cast(Lemmatizer, nlp.add_pipe("lemmatizer", config={"mode": "lookup"}))
    lemmatizer.initialize(lookups=lookups)
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


if __name__ == "__main__":
    path = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"Romanian spaCy pipeline written to {path}")
