"""Quality side by side: this project, Rasa's default configuration, TF-IDF + LR.

All three learn from the same training data (data/nlu). Intents are scored by the same code as `make evaluate`
(bot.evaluation.score) on tests/nlu/heldout.yml; answers, what the candidate reads, on the answer-level blind
set tests/answers/ (bench/answers.py). Run from the project root:

    .venv/bin/python -m bench.quality [--quick] [--json bench/.results/quality.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from bench import MODELS_DIR, PROJECT_ROOT, RESULTS_DIR
from bench.common import Figure, at_least, at_most, finish, info

SECTION = "Understanding quality (held-out set)"
ANSWER_SECTION = "Answer quality (answer-level blind set, tests/answers/)"
MIN_ANSWER_SINGLE = 0.95
MIN_ANSWER_CONVERSATIONS = 0.90
PROJECT_MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"
DEFAULT_CONFIG = PROJECT_ROOT / "bench" / "configs" / "rasa_default.yml"
DEFAULT_MODEL_NAME = "rasa_default"
RASA = PROJECT_ROOT / ".venv" / "bin" / "rasa"

MODELS = {
    "project": "this project",
    "rasa_default": "Rasa default config",
    "tfidf_lr": "TF-IDF + logistic regression",
}
# (key in the per-model measures, label); tags come from tests/nlu/heldout.yml.
MEASURES = [
    ("accuracy", "intent accuracy"),
    ("macro_f1", "macro F1"),
    ("with_diacritics", "accuracy, with diacritics"),
    ("no_diacritics", "accuracy, without diacritics"),
    ("typo", "accuracy, with typos"),
    ("refusal_rate", "out-of-scope refused"),
]
COMPARED = ["accuracy", "macro_f1", "no_diacritics", "typo", "refusal_rate"]
ANSWERS_COMPARED = ["answer_single", "answer_conversations"]
MIN_ACCURACY = 0.95
MAX_DIACRITICS_GAP = 0.02  # 2 points


# --- the scikit-learn baseline ---------------------------------------------------------------------------------


def make_baseline(random_state: int = 42):  # -> sklearn Pipeline
    """Plain TF-IDF over word 1-2 grams and char_wb 2-5 grams, then logistic regression (no text folding)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    return Pipeline(
        [("features", features), ("classifier", LogisticRegression(C=10, max_iter=5000, random_state=random_state))]
    )


def baseline_predictor(texts: Sequence[str], intents: Sequence[str]) -> Callable[[Iterable[str]], list[str]]:
    model = make_baseline()
    model.fit(list(texts), list(intents))
    return lambda batch: [str(p) for p in model.predict(list(batch))]


def training_examples(nlu_dir: Path = PROJECT_ROOT / "data" / "nlu") -> tuple[list[str], list[str]]:
    """(texts, intents) of every NLU training example, read by Rasa's own loader (entity markup removed)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(nlu_dir))
    examples = [m for m in data.intent_examples if m.get("text")]
    return [m.get("text") for m in examples], [m.get("intent") for m in examples]


# --- the Rasa default configuration model ----------------------------------------------------------------------


def training_fingerprint(config: Path) -> str:
    """Hash of everything `rasa train` reads: the config, domain/ and data/."""
    digest = hashlib.sha256(config.read_bytes())
    for folder in ("domain", "data"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_default_model(force: bool = False) -> tuple[Path, float | None]:
    """Train Rasa's default configuration on this project's domain and data into bench/.models/, once per data
    change. Returns the model and its training time in seconds (from the run that trained it)."""
    model = MODELS_DIR / f"{DEFAULT_MODEL_NAME}.tar.gz"
    stamp = MODELS_DIR / f"{DEFAULT_MODEL_NAME}.json"
    fingerprint = training_fingerprint(DEFAULT_CONFIG)
    if not force and model.exists() and stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved.get("fingerprint") == fingerprint:
            return model, saved.get("train_seconds")
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    log = MODELS_DIR / f"{DEFAULT_MODEL_NAME}.train.log"
    print(f"Training Rasa's default configuration into {model.relative_to(PROJECT_ROOT)} (log: {log.name}) ...")
    # Without --force, Rasa's cache (.rasa/cache) restores the components whose inputs did not change.
    command = [str(RASA), "train", "--config", str(DEFAULT_CONFIG.relative_to(PROJECT_ROOT)), "--domain", "domain",
               "--data", "data", "--out", str(MODELS_DIR), "--fixed-model-name", DEFAULT_MODEL_NAME]  # fmt: skip
    command += ["--force"] if force else []
    started = time.perf_counter()
    with log.open("w") as out:
        result = subprocess.run(command, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT, env=_rasa_env())
    seconds = time.perf_counter() - started
    if result.returncode != 0 or not model.exists():
        raise RuntimeError(f"training Rasa's default configuration failed; see {log}")
    stamp.write_text(json.dumps({"fingerprint": fingerprint, "train_seconds": round(seconds, 1)}))
    return model, seconds


def _rasa_env() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


# --- scoring ---------------------------------------------------------------------------------------------------


def measures(scores) -> dict[str, float]:  # scores: bot.evaluation.Scores
    by_tag = {tag: accuracy for tag, (_, accuracy) in scores.by_tag.items()}
    return {
        "accuracy": scores.accuracy,
        "macro_f1": scores.macro_f1,
        "with_diacritics": by_tag.get("with_diacritics"),
        "no_diacritics": by_tag.get("no_diacritics"),
        "typo": by_tag.get("typo"),
        "refusal_rate": scores.refusal_rate,
        "errors": len(scores.errors),
    }


def figures_for(results: dict[str, dict[str, float]]) -> list[Figure]:
    """Targets: accuracy ≥ 0.95; this project at least as good as the best alternative on every compared figure
    (a tie counts: both can be at 1.000); at most 2 points lost without diacritics."""
    project = results["project"]
    alternatives = {k: v for k, v in results.items() if k != "project"}
    figures = [at_least(SECTION, "intent accuracy, this project", project["accuracy"], MIN_ACCURACY)]
    for key, label in MEASURES:
        if key not in COMPARED:
            continue
        best_key = max(alternatives, key=lambda k: alternatives[k][key] or 0.0)
        best = alternatives[best_key][key] or 0.0
        figures.append(
            at_least(
                SECTION,
                f"{label}: this project vs the best alternative",
                project[key],
                round(best, 3),
                note=f"best alternative: {MODELS[best_key]}",
            )
        )
    gap = (project["with_diacritics"] or 0.0) - (project["no_diacritics"] or 0.0)
    figures.append(at_most(SECTION, "accuracy lost without diacritics (with − without)", gap, MAX_DIACRITICS_GAP))
    if "answer_single" in project:
        figures += answer_figures(project, alternatives)
    return figures


def answer_figures(project: dict[str, float], alternatives: dict[str, dict[str, float]]) -> list[Figure]:
    """Issue 11's targets on what the candidate reads, and the project ahead of both alternatives."""
    from bench.answers import ANSWER_MEASURES

    labels = dict(ANSWER_MEASURES)
    figures = [
        at_least(
            ANSWER_SECTION, f"{labels['answer_single']}, this project", project["answer_single"], MIN_ANSWER_SINGLE
        ),
        at_least(
            ANSWER_SECTION,
            f"{labels['answer_conversations']}, this project",
            project["answer_conversations"],
            MIN_ANSWER_CONVERSATIONS,
        ),
    ]
    for key in ANSWERS_COMPARED:
        best_key = max(alternatives, key=lambda k: alternatives[k].get(key) or 0.0)
        figures.append(
            at_least(
                ANSWER_SECTION,
                f"{labels[key]}: this project vs the best alternative",
                project[key],
                round(alternatives[best_key].get(key) or 0.0, 3),
                note=f"best alternative: {MODELS[best_key]}",
            )
        )
    return figures


def run(quick: bool = False, retrain_default: bool = False) -> tuple[list[Figure], dict]:
    import logging

    from bot.evaluation import load_examples, rasa_predictor, score

    logging.getLogger("rasa").setLevel(logging.WARNING)
    os.chdir(PROJECT_ROOT)  # the project's pipeline finds build/spacy-ro relative to here
    if not PROJECT_MODEL.exists():
        raise SystemExit("no trained model: run `make train` first (make bench does it)")
    examples = load_examples()
    if quick:
        examples = examples[::4]
    texts = [e.text for e in examples]
    default_model, default_train_seconds = ensure_default_model(force=retrain_default)

    results: dict[str, dict[str, float]] = {}
    seconds: dict[str, float] = {}
    predictors: dict[str, Callable[[], Callable[[Iterable[str]], list[str]]]] = {
        "project": lambda: rasa_predictor(PROJECT_MODEL),
        "rasa_default": lambda: rasa_predictor(default_model),
        "tfidf_lr": lambda: baseline_predictor(*training_examples()),
    }
    for key, make in predictors.items():
        started = time.perf_counter()
        predict = make()
        predictions = predict(texts)
        seconds[key] = time.perf_counter() - started
        results[key] = measures(score(examples, predictions))
        print(f"{MODELS[key]:<32} accuracy {results[key]['accuracy']:.3f}  ({seconds[key]:.0f} s)")

    from bench.answers import ANSWER_MEASURES, run_all

    started = time.perf_counter()
    for key, measured in run_all(PROJECT_MODEL, default_model, training_examples(), quick).items():
        results[key].update(measured)
    print(f"answer-level set asked of the three pipelines ({time.perf_counter() - started:.0f} s)")
    for key in results:
        print(f"{MODELS[key]:<32} answers {results[key]['answer_single']:.3f}, conversations "
              f"{results[key]['answer_conversations']:.3f}")  # fmt: skip

    figures = figures_for(results)
    figures.append(info(SECTION, "held-out messages scored", len(examples), digits=0))
    if default_train_seconds is not None:
        figures.append(
            info(
                SECTION,
                "training time, Rasa default config",
                default_train_seconds,
                "s",
                0,
                "its last training, on this machine",
            )
        )
    extra = {"models": MODELS, "measures": MEASURES + ANSWER_MEASURES, "results": results, "quick": quick}
    return figures, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="score a quarter of the held-out set")
    parser.add_argument("--retrain-default", action="store_true", help="retrain the Rasa default model anyway")
    parser.add_argument("--json", type=Path, default=RESULTS_DIR / "quality.json")
    args = parser.parse_args(argv)
    figures, extra = run(quick=args.quick, retrain_default=args.retrain_default)
    return finish(args.json, figures, **extra)


if __name__ == "__main__":
    sys.exit(main())
