"""Benchmarks: understanding quality and speed, side by side with the alternatives (`make bench`).

Pure helpers (figures, percentiles, the report) live in `bench.common` and `bench.report`; the measurements in
`bench.quality` and `bench.speed`; `python -m bench` runs both and writes docs/benchmarks.md.
"""

from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
MODELS_DIR = BENCH_DIR / ".models"  # models trained by the benchmarks (gitignored)
RESULTS_DIR = BENCH_DIR / ".results"  # raw results of the last run (gitignored)
