"""Pure helpers shared by the benchmarks: figures with targets, percentiles, machine facts, JSON results."""

from __future__ import annotations

import json
import math
import os
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One measured figure, with its target when it has one (passed is None for figures without a target)."""

    section: str
    name: str
    value: float | None
    unit: str = ""
    target: str = ""
    passed: bool | None = None
    digits: int = 3
    note: str = ""

    def formatted(self) -> str:
        if self.value is None:
            return "n/a"
        text = str(self.value) if isinstance(self.value, int) else f"{self.value:.{self.digits}f}"
        return f"{text} {self.unit}".strip()

    @property
    def status(self) -> str:
        return {True: "pass", False: "**FAIL**", None: ""}[self.passed]


def at_most(
    section: str, name: str, value: float | None, limit: float, unit: str = "", digits: int = 3, note: str = ""
) -> Figure:
    passed = value is not None and value <= limit
    return Figure(section, name, value, unit, f"≤ {_number(limit, digits)} {unit}".strip(), passed, digits, note)


def at_least(
    section: str, name: str, value: float | None, limit: float, unit: str = "", digits: int = 3, note: str = ""
) -> Figure:
    passed = value is not None and value >= limit
    return Figure(section, name, value, unit, f"≥ {_number(limit, digits)} {unit}".strip(), passed, digits, note)


def info(section: str, name: str, value: float | None, unit: str = "", digits: int = 3, note: str = "") -> Figure:
    return Figure(section, name, value, unit, "", None, digits, note)


def _number(value: float, digits: int) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class LatencySummary:
    count: int
    p50: float
    p95: float
    p99: float
    mean: float
    max: float

    @classmethod
    def of(cls, values_ms: Sequence[float]) -> LatencySummary:
        return cls(
            count=len(values_ms),
            p50=percentile(values_ms, 50),
            p95=percentile(values_ms, 95),
            p99=percentile(values_ms, 99),
            mean=sum(values_ms) / len(values_ms),
            max=max(values_ms),
        )


def machine_info() -> dict[str, Any]:
    """What the figures were measured on: CPU count and model, memory, OS, Python, load when the run started."""
    cpu_model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    memory_gb = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    try:
        from importlib.metadata import version

        rasa_version = version("rasa")
    except Exception:  # noqa: BLE001 - only a label in the report
        rasa_version = "?"
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model or platform.processor() or "?",
        "memory_gb": memory_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "rasa": rasa_version,
        "load_average": [round(x, 2) for x in load] if load else None,
    }


def write_results(path: Path, figures: list[Figure], **extra: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"figures": [asdict(f) for f in figures], **extra}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def finish(path: Path, figures: list[Figure], **extra: Any) -> int:
    """Write the results, print the figures; the exit status of a benchmark script (1 when a target is missed)."""
    write_results(path, figures, **extra)
    print_figures(figures)
    print(f"\nResults: {path}")
    return 0 if all(f.passed is not False for f in figures) else 1


def read_results(path: Path) -> tuple[list[Figure], dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    figures = [Figure(**f) for f in data.pop("figures")]
    return figures, data


def print_figures(figures: list[Figure]) -> None:
    section = None
    for figure in figures:
        if figure.section != section:
            section = figure.section
            print(f"\n{section}")
        target = f"  target {figure.target}: {'pass' if figure.passed else 'FAIL'}" if figure.target else ""
        print(f"  {figure.name:<58} {figure.formatted():>14}{target}")
