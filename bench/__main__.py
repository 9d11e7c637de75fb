"""`make bench`: run the quality and the speed benchmarks, write docs/benchmarks.md, exit 1 when a target is missed.

    .venv/bin/python -m bench [--quick] [--only quality|speed] [--no-profile] [--out docs/benchmarks.md]
    .venv/bin/python -m bench --render-only    # after editing bench/findings.md: same figures, new notes

Each benchmark runs in its own process (a crash in one still leaves the other's figures in the report) and
writes its raw results to bench/.results/. Exit status: 0 all targets met, 1 a target missed, 2 a benchmark failed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from bench import BENCH_DIR, PROJECT_ROOT, RESULTS_DIR
from bench.common import machine_info, print_figures, read_results
from bench.report import failed_targets, render

FINDINGS = BENCH_DIR / "findings.md"


def run_part(name: str, args: list[str], quick: bool, measured: dict) -> tuple[dict | None, str | None]:
    out = RESULTS_DIR / f"{name}.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, "-m", f"bench.{name}", "--json", str(out), *args] + (["--quick"] if quick else [])
    print(f"\n=== {' '.join(command[1:])}", flush=True)
    result = subprocess.run(command, cwd=PROJECT_ROOT)
    if result.returncode not in (0, 1) or not out.exists():
        return None, f"{name}: the benchmark failed (exit status {result.returncode}); see its output above"
    data = json.loads(out.read_text(encoding="utf-8"))
    data["measured"] = measured  # when and on which code, kept with the figures (parts can be re-run alone)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    figures, extra = read_results(out)
    return {"figures": figures, **extra}, None


def _load(path: Path) -> dict | None:
    if not path.exists():
        return None
    figures, extra = read_results(path)
    return {"figures": figures, **extra}


def git_state() -> str:
    """The commit measured, and whether the work tree had uncommitted changes (shared trees often do)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()  # fmt: skip
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                                 capture_output=True, text=True, check=True).stdout.splitlines()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}" + (f" with {len(changed)} uncommitted changed file(s)" if changed else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="reduced sizes (report in bench/.results/)")
    parser.add_argument("--only", choices=("quality", "speed"))
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy pass of the speed benchmark")
    parser.add_argument("--render-only", action="store_true", help="rewrite the report from the last results")
    parser.add_argument("--out", type=Path, help="default docs/benchmarks.md (bench/.results/ with --quick)")
    args = parser.parse_args(argv)
    out = args.out or (RESULTS_DIR / "benchmarks.md" if args.quick else PROJECT_ROOT / "docs" / "benchmarks.md")

    meta_file = RESULTS_DIR / "meta.json"
    if args.render_only:  # after editing bench/findings.md: same figures, new notes
        meta, problems = json.loads(meta_file.read_text(encoding="utf-8")), []
        quality, speed = (_load(RESULTS_DIR / f"{name}.json") for name in ("quality", "speed"))
    else:
        meta = {
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine_info(),
            "commit": git_state(),
            "quick": args.quick,
        }
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        meta_file.write_text(json.dumps(meta), encoding="utf-8")
        measured = {"date": meta["date"], "commit": meta["commit"]}
        problems = []
        quality = speed = None
        if args.only in (None, "quality"):
            quality, problem = run_part("quality", [], args.quick, measured)
            problems += [problem] if problem else []
        else:  # the last quality results, if any, stay in the report
            quality = _load(RESULTS_DIR / "quality.json")
        if args.only in (None, "speed"):
            speed, problem = run_part("speed", [] if args.no_profile else ["--profile"], args.quick, measured)
            problems += [problem] if problem else []
        else:
            speed = _load(RESULTS_DIR / "speed.json")

    findings = FINDINGS.read_text(encoding="utf-8") if FINDINGS.exists() else ""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(meta, quality, speed, findings, problems), encoding="utf-8")

    print("\n=== all figures")
    print_figures([f for part in (quality, speed) if part for f in part["figures"]])
    failed = failed_targets([quality, speed])
    print(f"\nReport: {out}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    if failed:
        print(f"{len(failed)} target(s) missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
