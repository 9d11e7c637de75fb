"""Measure the speed levers one at a time, without changing the project's files: each variant starts the assistant
with other settings (environment, tracker journal) and runs the one-user and load parts of bench.speed.

    .venv/bin/python -m bench.levers [--messages 300] [--seconds 30] [--rounds 1] [--only NAME ...]

Variants run in turn, `--rounds` times (interleaved, so slow phases of a shared machine hit them alike); the
table (median over rounds) goes to bench/.results/levers.md, to be copied into bench/findings.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

import yaml

from bench import PROJECT_ROOT, RESULTS_DIR
from bench.common import read_results
from bench.speed import free_port

# The levers taken (intent classifier, lean tracker store, runtime patches) are part of the project now; these are
# the ones left to weigh, and a comparison with Rasa's own tracker store.
VARIANTS: dict[str, list[str]] = {
    "as configured": [],
    "LOG_LEVEL=WARNING": ["--env", "LOG_LEVEL=WARNING"],
    "Rasa's own SQLTrackerStore (type: SQL)": ["--endpoints", "{rasa_sql_endpoints}"],
    # Upper bound of what the tracker store costs; not an option (conversations would not be kept).
    "in-memory tracker store (bound only)": ["--endpoints", "{in_memory_endpoints}"],
    # Rasa refuses SANIC_WORKERS > 1 with its in-memory lock store: Redis lock store (redis-server needed).
    "2 Rasa workers + Redis lock store": ["--endpoints", "{redis_endpoints}", "--env", "SANIC_WORKERS=2"],
}
COLUMNS = [
    ("p50, 1 user (ms)", lambda s: s["single"]["summary"]["p50"], 1),
    ("p95, 1 user (ms)", lambda s: s["single"]["summary"]["p95"], 1),
    ("Rasa CPU per message (ms)", lambda s: _figures(s, "CPU time per message, Rasa server"), 1),
    ("msg/s, 50 users", lambda s: s["load"]["throughput"], 1),
    ("p95, 50 users (ms)", lambda s: s["load"]["summary"]["p95"], 0),
    ("errors", lambda s: s["single"]["errors"] + s["load"]["errors"], 0),
    ("machine load (1 min avg)", lambda s: s.get("load_average", {}).get("end", [float("nan")])[0], 1),
]


def _figures(results: dict, prefix: str) -> float:
    """Sum over processes (several Rasa server processes with SANIC_WORKERS > 1)."""
    return sum(f.value for f in results["figures"] if f.name.startswith(prefix))


def run_variant(name: str, index: int, round_: int, extra: list[str], args, measured: dict) -> None:
    out = RESULTS_DIR / f"lever-{index}-{round_}.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", "bench.speed", "--parts", "single,load", "--messages", str(args.messages),
               "--seconds", str(args.seconds), "--json", str(out), *extra]  # fmt: skip
    print(f"\n=== round {round_ + 1}: {name}", flush=True)
    subprocess.run(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
    if out.exists():
        figures, results = read_results(out)
        measured[name].append({"figures": figures, **results})


def start_redis() -> tuple[subprocess.Popen, int] | None:
    binary = shutil.which("redis-server")
    if not binary:
        return None
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1)
    return process, port


def write_endpoints(redis_port: int | None) -> dict[str, str]:
    """Endpoints files for the variants: the project's with Rasa's tracker store / none / a Redis lock store."""
    project = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    files = {}
    in_memory = {k: v for k, v in project.items() if k != "tracker_store"}
    files["in_memory_endpoints"] = RESULTS_DIR / "endpoints-in-memory.yml"
    files["in_memory_endpoints"].write_text(yaml.safe_dump(in_memory), encoding="utf-8")
    rasa_sql = {**project, "tracker_store": {**project["tracker_store"], "type": "SQL"}}
    files["rasa_sql_endpoints"] = RESULTS_DIR / "endpoints-rasa-sql.yml"
    files["rasa_sql_endpoints"].write_text(yaml.safe_dump(rasa_sql), encoding="utf-8")
    redis = {**project, "lock_store": {"type": "redis", "url": "localhost", "port": redis_port or 6379, "db": 1}}
    files["redis_endpoints"] = RESULTS_DIR / "endpoints-redis-lock.yml"
    files["redis_endpoints"].write_text(yaml.safe_dump(redis), encoding="utf-8")
    return {k: str(v) for k, v in files.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", nargs="*", help="variant names (default: all)")
    args = parser.parse_args(argv)
    variants = {k: v for k, v in VARIANTS.items() if not args.only or k in args.only}

    measured: dict[str, list[dict]] = {name: [] for name in variants}
    redis = start_redis() if any("{redis_endpoints}" in v for v in variants.values()) else None
    files = write_endpoints(redis[1] if redis else None)
    try:
        for round_ in range(args.rounds):
            for index, (name, extra) in enumerate(variants.items()):
                extra = [a.format(**files) for a in extra]
                if "{redis_endpoints}" in VARIANTS[name] and not redis:
                    print(f"\n=== skipped (no redis-server): {name}")
                    continue
                run_variant(name, index, round_, extra, args, measured)
    finally:
        if redis:
            redis[0].terminate()
            redis[0].wait()

    lines = [
        f"One user: {args.messages} messages; load: 50 users for {args.seconds:.0f} s; median of {args.rounds} "
        "round(s).",
        "",
        "| variant | " + " | ".join(c[0] for c in COLUMNS) + " |",
        "|---|" + "---:|" * len(COLUMNS),
    ]
    for name, runs in measured.items():
        if not runs:
            lines.append(f"| {name} | " + " | ".join("failed" for _ in COLUMNS) + " |")
            continue
        cells = [f"{statistics.median(get(r) for r in runs):.{digits}f}" for _, get, digits in COLUMNS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    table = "\n".join(lines) + "\n"
    out = RESULTS_DIR / "levers.md"
    out.write_text(table, encoding="utf-8")
    print("\n" + table + f"\n{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
