"""docs/benchmarks.md from the results of bench.quality and bench.speed (pure: no model, no server)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bench.common import Figure

REPRODUCE = """\
```bash
make bench                        # both benchmarks, this file; exits non-zero when a target is missed
make bench BENCH_ARGS=--quick     # reduced sizes, to check the scripts (writes bench/.results/benchmarks.md)
.venv/bin/python -m bench.quality                       # quality only
.venv/bin/python -m bench.speed --parts single,load     # some speed parts only
.venv/bin/python -m bench.speed --parts turns --turns 1000 --env LONG_CONVERSATION_PATCHES=none  # one lever off
.venv/bin/python -m bench.speed --parts single,load --env TF_INTRA_OP_PARALLELISM_THREADS=1  # try a lever
```"""


def _load(speed: dict[str, Any], when: str) -> str:
    values = speed["load_average"].get(when)
    return " / ".join(f"{v:.1f}" for v in values) if values else "?"


def figure_table(figures: Iterable[Figure]) -> list[str]:
    lines = ["| figure | value | target | result |", "|---|---:|---|---|"]
    for f in figures:
        name = f"{f.name} ({f.note})" if f.note else f.name
        lines.append(f"| {name} | {f.formatted()} | {f.target or '—'} | {f.status or '—'} |")
    return lines


def quality_table(quality: dict[str, Any]) -> list[str]:
    models = quality["models"]
    results = quality["results"]
    keys = [k for k in models if k in results]
    lines = [
        "| measure | " + " | ".join(models[k] for k in keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    for key, label in quality["measures"]:
        cells = []
        values = [results[k].get(key) for k in keys]
        best = max((v for v in values if v is not None), default=None)
        for value in values:
            text = "n/a" if value is None else f"{value:.3f}"
            cells.append(f"**{text}**" if value is not None and value == best else text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| misclassified messages | " + " | ".join(str(results[k].get("errors", "")) for k in keys) + " |")
    return lines


def profile_section(profile: dict[str, Any]) -> list[str]:
    lines = [
        "Where the busy time of each server goes during one-user traffic, from py-spy samples (an extra pass after",
        "the measured ones; waiting in the event loop is not counted). A sample counts under every line whose",
        "function is on its stack, so lines overlap; indented lines are part of the line above.",
        "",
    ]
    for server, data in profile.items():
        if "error" in data:
            lines += [f"**{server}**: not profiled ({data['error']})", ""]
            continue
        busy = data["samples"]
        lines += [f"**{server}** ({busy} busy samples, raw stacks: `{data.get('raw', '')}`)", ""]
        shares = [(label, share) for label, share in data["inclusive"].items() if share >= 0.005]
        if shares:
            lines += ["| part | share of busy time |", "|---|---:|"]
            lines += [f"| {label.replace('  ', '&nbsp;&nbsp;&nbsp;')} | {share:.0%} |" for label, share in shares]
            lines.append("")
        lines += ["| function (most self time) | share |", "|---|---:|"]
        lines += [f"| `{name}` | {share:.1%} |" for name, share in data["self"][:10]]
        lines.append("")
    return lines


def render(
    meta: dict[str, Any],
    quality: dict[str, Any] | None,
    speed: dict[str, Any] | None,
    findings: str = "",
    problems: Iterable[str] = (),
) -> str:
    """The whole report. `quality` and `speed` are the scripts' JSON results with `figures` as Figure objects."""
    figures = [f for part in (quality, speed) if part for f in part["figures"]]
    with_target = [f for f in figures if f.passed is not None]
    failed = [f for f in with_target if not f.passed]
    problems = list(problems)
    machine = meta["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Written {meta['date']} by `make bench` (scripts in `bench/`; when each part was measured: see Machine).",
        "Generated: edit `bench/findings.md`, not this file, for the notes at the end.",
    ]
    if meta.get("quick"):
        lines += ["", "**Quick run: reduced sizes, for checking the scripts; these figures are not the benchmark.**"]
    lines += [
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPUs | {machine['cpu_count']} ({machine['cpu_model']}) |",
        f"| memory | {machine['memory_gb']} GB |",
        f"| system | {machine['os']}, Python {machine['python']}, Rasa {machine['rasa']} |",
        f"| load average when the run started | {machine['load_average']} |",
        *(
            [
                f"| load average during the speed part (1, 5, 15 min) | start {_load(speed, 'start')}, end "
                f"{_load(speed, 'end')} |"
            ]  # fmt: skip
            if speed and speed.get("load_average")
            else []
        ),
        *[
            f"| {name} measured | {part['measured']['date']}, code {part['measured']['commit']} |"
            for name, part in (("quality", quality), ("speed", speed))
            if part and part.get("measured")
        ],
        "",
        "The machine is shared: other work running at the same time slows every figure down, so compare runs "
        "made on a quiet machine.",
        "",
        "## Summary",
        "",
        f"{len(with_target) - len(failed)} of {len(with_target)} targets met.",
    ]
    if failed:
        lines += ["", "Missed:", ""]
        lines += [f"- {f.section}: {f.name}: {f.formatted()} (target {f.target})" for f in failed]
    if problems:
        lines += ["", "Not measured:", ""] + [f"- {p}" for p in problems]

    sections: dict[str, list[Figure]] = {}
    for f in figures:
        sections.setdefault(f.section, []).append(f)
    for index, (section, items) in enumerate(sections.items()):
        lines += ["", f"## {section}", ""]
        if quality and index == 0 and items[0] in quality["figures"]:
            lines += [
                "Same training data (`data/nlu`), same held-out messages (`tests/nlu/heldout.yml`), same scoring",
                "(`bot.evaluation.score`: an out-of-scope message counts as correct when refused). Best in bold.",
                "",
                *quality_table(quality),
                "",
            ]
        lines += figure_table(items)
    if speed and speed.get("mix"):
        mix = ", ".join(f"{kind.replace('_', '-')} {share:.0%}" for kind, share in speed["mix"].items())
        lines += ["", f"Message mix (whole conversations from `bench/conversations.py`): {mix}."]
    if speed and speed.get("env"):
        lines += ["", "Servers started with: " + ", ".join(f"`{k}={v}`" for k, v in speed["env"].items()) + "."]
    if speed and speed.get("profile"):
        lines += ["", "## Profile", "", *profile_section(speed["profile"])]
    lines += ["", "## What we found", "", findings.strip() or "(nothing written yet)", ""]
    lines += ["## How to reproduce", "", REPRODUCE, ""]
    return "\n".join(lines)


def failed_targets(parts: Iterable[dict[str, Any] | None]) -> list[Figure]:
    return [f for part in parts if part for f in part["figures"] if f.passed is False]
