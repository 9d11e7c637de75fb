"""Speed and cost of the assistant as `make run` starts it (scripts/run.sh: REST channel, SQL tracker store, action
server), on free ports with a temporary tracker and knowledge database; and the same latency for the build of this
bot with Rasa's default configuration. Run from the project root:

    .venv/bin/python -m bench.speed [--quick] [--parts startup,single,load,turns,default,training] [--profile]
                                    [--turns 1000] [--env NAME=VALUE ...] [--json bench/.results/speed.json]

--env passes settings to both servers (e.g. TF_INTRA_OP_PARALLELISM_THREADS=1) to measure a lever without
touching the project's files; --profile samples both servers with py-spy in an extra pass (not in the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from bench import MODELS_DIR, PROJECT_ROOT, RESULTS_DIR, long_conversations
from bench.common import Figure, LatencySummary, at_least, at_most, finish, info
from bench.conversations import ENGLISH_CONVERSATIONS, KINDS, Turn, kind_shares, plan

PROJECT_MODEL = PROJECT_ROOT / "models" / "assistant.tar.gz"
DEFAULT_MODEL = MODELS_DIR / "rasa_default.tar.gz"
RASA = PROJECT_ROOT / ".venv" / "bin" / "rasa"
PARTS = ("startup", "single", "load", "turns", "default", "training")

S_SINGLE = "Latency, one user at a time"
S_SINGLE_EN = "Latency, one user at a time, writing in English"
S_LOAD = "Load: 50 concurrent users"
S_COST = "Memory, size, start-up, training"
S_DEFAULT = "Compared with Rasa's default configuration (same bot, same messages)"

# Issue 11, item 7 (were 25 ms, 60 ms and 60 msg/s); the turn-index targets are in bench/long_conversations.py.
TARGET_P50_MS = 15
TARGET_P95_MS = 40
TARGET_THROUGHPUT = 100
TARGET_LOAD_P95_MS = 1000
TARGET_STARTUP_S = 20
TARGET_TRAINING_S = 180
TARGET_RATIO = 0.5


# --- the assistant's processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stat_fields(pid: int) -> list[str]:
    # /proc/<pid>/stat: "pid (comm) state ppid pgrp ...": comm may hold spaces, so split after the last ")".
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return {"rss_mb": values.get("VmRSS", 0.0), "peak_rss_mb": values.get("VmHWM", 0.0)}


def group_processes(pgid: int) -> dict[str, int]:
    """The Rasa server, the action server and any other Python server among the processes of scripts/run.sh's
    process group (by name)."""
    pids: list[tuple[int, str]] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int(_stat_fields(int(entry.name))[2]) != pgid:
                continue
            args = [a.decode(errors="replace") for a in (entry / "cmdline").read_bytes().split(b"\0") if a]
        except (OSError, IndexError, ValueError):
            continue
        if "actions" in args and ("run" in args or "bot.server" in args):  # rasa run actions / bot.server actions
            name = "action server"
        elif "run" in args and "--model" in args:
            name = "Rasa server"  # with SANIC_WORKERS > 1: the main process, then "Rasa server 2", ...
        elif args and "python" in Path(args[0]).name and len(args) > 1 and args[1].endswith(".py"):
            name = Path(args[1]).name
        else:
            continue
        pids.append((int(entry.name), name))
    found: dict[str, int] = {}
    for pid, name in sorted(pids):
        count = sum(n == name or n.startswith(name + " ") for n in found)
        found[f"{name} {count + 1}" if count else name] = pid
    return found


def shadow_project(root: Path, endpoints: Path) -> Path:
    """The project seen through symlinks, except endpoints.yml: scripts/run.sh (which reads ./endpoints.yml)
    then runs with another endpoints file without any change to the project's own."""
    root.mkdir(parents=True)
    for entry in PROJECT_ROOT.iterdir():
        if entry.name not in ("endpoints.yml", ".git"):
            (root / entry.name).symlink_to(entry)
    shutil.copy(endpoints, root / "endpoints.yml")
    return root


class Assistant:
    """scripts/run.sh on free ports, with a fresh knowledge database and tracker store in `workdir`."""

    def __init__(
        self,
        model: Path,
        workdir: Path,
        env: dict[str, str] | None = None,
        endpoints: Path | None = None,
    ) -> None:
        self.model = model
        self.workdir = workdir
        self.extra_env = env or {}
        self.root = shadow_project(workdir / "shadow", endpoints) if endpoints else PROJECT_ROOT
        self.rasa_port, self.action_port = free_port(), free_port()
        self.url = f"http://localhost:{self.rasa_port}"
        self.webhook = f"{self.url}/webhooks/rest/webhook"
        self.process: subprocess.Popen | None = None
        self.startup_seconds: float | None = None
        self.action_ready: float | None = None  # seconds until the action server answered /health
        self.pids: dict[str, int] = {}

    def _env(self) -> dict[str, str]:
        from bot.knowledge.db import Database
        from bot.knowledge.loader import load_knowledge

        database = Database(f"sqlite:///{self.workdir / 'knowledge.db'}")
        load_knowledge(database, PROJECT_ROOT / "knowledge")
        database.dispose()
        return {
            **os.environ,
            "MODEL": str(self.model),
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "ACTION_ENDPOINT_URL": f"http://localhost:{self.action_port}/webhook",
            "TRACKER_DIALECT": "sqlite",
            "TRACKER_DB": str(self.workdir / "tracker.db"),
            "DATABASE_URL": database.url,
            "LOG_DIR": str(self.workdir / "log"),
            # Newer scripts/run.sh also generate the channels' credentials and serve the widget's page.
            "CREDENTIALS_FILE": str(self.workdir / "credentials.yml"),
            "WEB_PORT": str(free_port()),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"),
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            **self.extra_env,
        }

    def start(self, timeout: float = 300) -> float:
        """Start both servers; return the seconds from launch until the first answer to a message."""
        import requests

        env = self._env()
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [str(self.root / "scripts" / "run.sh")],
            cwd=self.root,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        while True:
            if self.action_ready is None:
                try:
                    if requests.get(f"http://localhost:{self.action_port}/health", timeout=1).ok:
                        self.action_ready = time.perf_counter() - started
                except requests.RequestException:
                    pass
            if self.process.poll() is not None:
                raise RuntimeError(f"the assistant stopped during start-up:\n{self.logs()}")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"the assistant did not answer within {timeout} s:\n{self.logs()}")
            try:
                response = requests.post(self.webhook, json={"sender": "bench-startup", "message": "salut"}, timeout=60)
                if response.ok and response.json():
                    break
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.startup_seconds = time.perf_counter() - started
        self.pids = group_processes(self.process.pid)
        return self.startup_seconds

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in (self.workdir / "log").glob("*.log"))

    def cpu(self) -> dict[str, float]:
        return {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def memory(self) -> dict[str, dict[str, float]]:
        """RSS of every server of the group (some, like the widget's page server, start after the first answer)."""
        pids = {**group_processes(self.process.pid), **self.pids} if self.process else self.pids
        return {name: memory_mb(pid) for name, pid in pids.items()}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- clients ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    kind: str
    ms: float
    ok: bool
    done: float  # perf_counter when the answer arrived


async def send(session, url: str, sender: str, turn: Turn) -> Sample:  # session: aiohttp.ClientSession
    import aiohttp

    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": turn.text}) as response:
            body = await response.json(content_type=None)
        ok = (
            response.status == 200
            and isinstance(body, list)
            and bool(body)
            and all(m.get("text") or m.get("buttons") for m in body)
        )
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok = False
    done = time.perf_counter()
    return Sample(turn.kind, (done - started) * 1000, ok, done)


def _session(connections: int):
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=connections), timeout=aiohttp.ClientTimeout(total=30)
    )


async def one_user(url: str, turns: Sequence[Turn], prefix: str) -> list[Sample]:
    """Messages one after the other, each conversation with its own sender."""
    async with _session(1) as session:
        return [await send(session, url, f"{prefix}-{turn.conversation}", turn) for turn in turns]


async def many_users(url: str, users: int, seconds: float, prefix: str) -> tuple[list[Sample], float]:
    """`users` clients, each holding conversations back to back with no pause (closed loop), for `seconds`.
    Returns the samples and the wall time from the start to the last answer."""
    async with _session(users + 5) as session:
        started = time.perf_counter()
        deadline = started + seconds

        async def user(number: int) -> list[Sample]:
            samples: list[Sample] = []
            batch = 0
            while time.perf_counter() < deadline:  # conversations after conversations until the deadline
                for turn in plan(200, seed=number * 1000 + batch):
                    if time.perf_counter() >= deadline:
                        break
                    sender = f"{prefix}-{number}-{batch}-{turn.conversation}"
                    samples.append(await send(session, url, sender, turn))
                batch += 1
            return samples

        results = await asyncio.gather(*(user(n) for n in range(users)))
    samples = [s for r in results for s in r]
    return samples, max((s.done for s in samples), default=started) - started


def latency_figures(section: str, samples: list[Sample], with_targets: bool) -> tuple[list[Figure], dict]:
    ok = [s.ms for s in samples if s.ok]
    summary = LatencySummary.of(ok) if ok else None
    errors = sum(not s.ok for s in samples)
    p50, p95, p99 = (summary.p50, summary.p95, summary.p99) if summary else (None, None, None)
    if with_targets:
        figures = [
            at_most(section, "p50 latency", p50, TARGET_P50_MS, "ms", 1),
            at_most(section, "p95 latency", p95, TARGET_P95_MS, "ms", 1),
        ]
    else:
        figures = [info(section, "p50 latency", p50, "ms", 1), info(section, "p95 latency", p95, "ms", 1)]
    figures += [
        info(section, "p99 latency", p99, "ms", 1),
        info(section, "messages measured", len(samples), digits=0),
        at_most(section, "errors (no answer, HTTP error, timeout)", errors, 0, digits=0),
    ]
    by_kind = {}
    for kind in KINDS:
        values = [s.ms for s in samples if s.ok and s.kind == kind]
        if values:
            by_kind[kind] = asdict(LatencySummary.of(values))
    return figures, {"summary": asdict(summary) if summary else None, "errors": errors, "by_kind": by_kind}


# --- profiling (py-spy) ----------------------------------------------------------------------------------------

# Where the Rasa server's time goes: (label, regex over one frame as py-spy writes it, "function (path:line)").
# A sample counts under a label when any frame of its stack matches; labels overlap (nested ones are indented).
PROFILE_MARKERS = [
    ("NLU pipeline (parse_message)", r"^parse_message \(.*rasa/core/processor\.py"),
    ("TensorFlow (anywhere)", r"tensorflow/"),
    ("dialogue policies (predict the next action)", r"^_predict_next_with_tracker \("),
    ("custom actions (RemoteAction.run)", r"^run \(.*rasa/core/actions/action\.py"),
    ("  HTTP round trip to the action server", r"^request \(.*rasa/utils/endpoints\.py"),
    ("  validating the action server's answer (jsonschema)", r"^_validate_action_result \("),
    ("tracker store: load the conversation", r"^get_tracker \(.*rasa/core/processor\.py"),
    ("tracker store: save the new events", r"^save_tracker \(.*rasa/core/processor\.py"),
    ("  SQLite commit", r"^commit \(.*sqlalchemy/orm/session\.py"),
    ("  counting the stored events", r"^_additional_events \("),
    ("garbage collection callbacks (weakref)", r"^remove \(.*weakref\.py"),
    ("logging", r"logging/__init__\.py"),
]
# The event loop waiting for work (py-spy shows the frame that called the native epoll wait), and the action
# server's erasure-queue thread in time.sleep between its drains (bot/candidates/erasure_queue.py).
IDLE_LEAF = re.compile(
    r"^(serve \(.*sanic/server/runners\.py|run_forever \(|_run_once \(|select \(.*selectors\.py"
    r"|loop \(.*erasure_queue\.py)"
)


def find_py_spy() -> str | None:
    candidate = PROJECT_ROOT / ".venv" / "bin" / "py-spy"
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


def summarize_profile(raw: str, top: int = 15) -> dict:
    """From py-spy's raw (collapsed) stacks: share of the busy samples (not waiting in the event loop) under each
    marker, and the functions with the most self time."""
    total = idle = 0
    inclusive: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    markers = [(label, re.compile(pattern)) for label, pattern in PROFILE_MARKERS]
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        if IDLE_LEAF.search(frames[-1]):
            idle += count
            continue
        total += count
        self_time[_short(frames[-1])] += count
        for label, pattern in markers:
            if any(pattern.search(frame) for frame in frames):
                inclusive[label] += count
    return {
        "samples": total,
        "idle_samples": idle,
        "inclusive": {label: inclusive[label] / total for label, _ in PROFILE_MARKERS} if total else {},
        "self": [(name, count / total) for name, count in self_time.most_common(top)] if total else [],
    }


def _short(frame: str) -> str:
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for marker in ("site-packages/", "lib/python3.10/", str(PROJECT_ROOT) + "/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{name} ({where})"


def profile_pass(assistant: Assistant, messages: int, out_dir: Path) -> dict:
    """Send `messages` more messages while py-spy samples both servers; summarize where the time goes."""
    py_spy = find_py_spy()
    if not py_spy:
        return {"error": "py-spy is not installed (pip install -r requirements/lock.txt)"}
    out_dir.mkdir(parents=True, exist_ok=True)
    recorders = {}
    for name, pid in assistant.pids.items():
        slug = name.split()[0].lower()
        raw = out_dir / f"profile-{slug}.txt"
        command = [py_spy, "record", "--pid", str(pid), "--rate", "250", "--format", "raw", "--function"]
        recorders[name] = (
            subprocess.Popen(
                [*command, "--output", str(raw)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
            ),
            raw,
        )
    time.sleep(1.5)  # py-spy attaches
    asyncio.run(one_user(assistant.webhook, plan(messages, seed=99), "bench-profile"))
    summaries = {}
    for name, (recorder, raw) in recorders.items():
        recorder.send_signal(signal.SIGINT)
        try:
            _, stderr = recorder.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            recorder.kill()
            stderr = "py-spy did not stop"
        if raw.exists():
            summaries[name] = {**summarize_profile(raw.read_text()), "raw": str(raw.relative_to(PROJECT_ROOT))}
        else:
            summaries[name] = {"error": (stderr or "no output")[-500:]}
    return summaries


# --- training --------------------------------------------------------------------------------------------------


def _train(project: Path, log: Path, force: bool) -> float:
    command = [
        str(RASA),
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain",
        "--data",
        "data",
        "--out",
        "models",
        "--fixed-model-name",
        "assistant",
    ] + (["--force"] if force else [])
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    env.pop("RASA_CACHE_DIRECTORY", None)  # the copy's own, empty cache: .rasa/cache inside it
    started = time.perf_counter()
    with log.open("w") as out:
        result = subprocess.run(command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"rasa train failed; see {log}")
    return seconds


def edit_one_response(responses: Path) -> str:
    """Change the text of one fixed answer (the first one with a text); return which."""
    data = yaml.safe_load(responses.read_text(encoding="utf-8"))
    name = next(n for n, variants in data["responses"].items() if variants and variants[0].get("text"))
    data["responses"][name][0]["text"] += " (Text modificat pentru benchmark.)"
    responses.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return name


def measure_training(workdir: Path) -> dict:
    """Full training (`rasa train --force`, empty cache) of a copy of the project, then the retraining after
    changing only one answer's text, with the previous model and the cache present."""
    project = workdir / "training"
    project.mkdir()
    shutil.copy(PROJECT_ROOT / "config.yml", project)
    for folder in ("domain", "data"):
        shutil.copytree(PROJECT_ROOT / folder, project / folder)
    (project / "build").symlink_to(PROJECT_ROOT / "build")  # the spaCy pipeline config.yml points to
    model = project / "models" / "assistant.tar.gz"

    full = _train(project, workdir / "train-full.log", force=True)
    first_mtime = model.stat().st_mtime
    response = edit_one_response(project / "domain" / "responses.yml")
    retrain = _train(project, workdir / "train-response.log", force=False)
    log = (workdir / "train-response.log").read_text(errors="replace")
    return {
        "full_seconds": full,
        "retrain_seconds": retrain,
        "edited_response": response,
        "retrained_model_written": model.stat().st_mtime > first_mtime,
        "components_trained": sorted(set(re.findall(r"Starting to train component '(\w+)'", log))),
        "components_restored": len(re.findall(r"Restored component '\w+' from cache", log)),
    }


# --- the benchmark ---------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> tuple[list[Figure], dict]:
    parts = set(args.parts)
    env = dict(item.split("=", 1) for item in args.env)
    if args.endpoints:
        env["(endpoints file)"] = str(args.endpoints)
    figures: list[Figure] = []
    extra: dict = {"env": env, "quick": args.quick, "parts": sorted(parts), "load_average": {"start": os.getloadavg()}}
    server_env = {k: v for k, v in env.items() if not k.startswith("(")}
    turns = plan(args.messages)
    extra["mix"] = kind_shares(turns)
    if not PROJECT_MODEL.exists():
        raise SystemExit("no trained model: run `make train` first (make bench does it)")

    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        workdir = Path(tmp)
        if parts & {"startup", "single", "load", "turns"}:
            (workdir / "project").mkdir()
            with Assistant(
                PROJECT_MODEL, workdir / "project", server_env, args.endpoints
            ) as assistant:
                print("Starting the assistant (scripts/run.sh) ...", flush=True)
                startup = assistant.start()
                print(f"  first answer after {startup:.1f} s; processes {assistant.pids}", flush=True)
                if "startup" in parts:
                    figures.append(
                        at_most(
                            S_COST,
                            "start-up until the first answer",
                            startup,
                            TARGET_STARTUP_S,
                            "s",
                            1,
                            f"action server ready after {assistant.action_ready or 0:.1f} s",
                        )
                    )
                asyncio.run(one_user(assistant.webhook, plan(args.warmup, seed=1), "bench-warmup"))
                if "single" in parts:
                    print(f"One user: {len(turns)} messages ...", flush=True)
                    cpu_before = assistant.cpu()
                    samples = asyncio.run(one_user(assistant.webhook, turns, "bench-single"))
                    cpu_after = assistant.cpu()
                    single_figures, extra["single"] = latency_figures(S_SINGLE, samples, with_targets=True)
                    figures += single_figures
                    for name in cpu_after:
                        per_message = (cpu_after[name] - cpu_before[name]) / len(samples) * 1000
                        figures.append(info(S_SINGLE, f"CPU time per message, {name}", per_message, "ms", 1))
                    for kind, summary in extra["single"]["by_kind"].items():
                        figures.append(
                            info(
                                S_SINGLE,
                                f"p50 latency, {kind.replace('_', '-')} messages",
                                summary["p50"],
                                "ms",
                                1,
                                f"{summary['count']} messages",
                            )
                        )
                if "single" in parts:
                    # The same targets for a candidate writing in English (a quarter as many messages).
                    english = plan(max(args.messages // 4, 20), seed=11, conversations=ENGLISH_CONVERSATIONS)
                    print(f"One user in English: {len(english)} messages ...", flush=True)
                    samples = asyncio.run(one_user(assistant.webhook, english, "bench-single-en"))
                    english_figures, extra["single_en"] = latency_figures(S_SINGLE_EN, samples, with_targets=True)
                    figures += english_figures
                if "load" in parts:
                    print(f"{args.users} users for {args.seconds:.0f} s ...", flush=True)
                    cpu_before = assistant.cpu()
                    samples, elapsed = asyncio.run(
                        many_users(assistant.webhook, args.users, args.seconds, "bench-load")
                    )
                    cpu_after = assistant.cpu()
                    section = f"{S_LOAD} for {args.seconds:.0f} s (closed loop, no pause between messages)"
                    if args.users != 50:
                        section = section.replace("50", str(args.users))
                    answered = sum(s.ok for s in samples)
                    throughput = answered / elapsed if elapsed else 0.0
                    load_figures, extra["load"] = latency_figures(section, samples, with_targets=False)
                    p95 = extra["load"]["summary"]["p95"] if extra["load"]["summary"] else None
                    figures += [
                        at_least(section, "throughput (answered messages)", throughput, TARGET_THROUGHPUT, "msg/s", 1),
                        at_most(section, "p95 latency", p95, TARGET_LOAD_P95_MS, "ms", 0),
                        *[f for f in load_figures if f.name != "p95 latency"],
                    ]
                    for name in cpu_after:
                        busy = (cpu_after[name] - cpu_before[name]) / elapsed * 100
                        figures.append(info(section, f"CPU use, {name} (100% = one core)", busy, "%", 0))
                    extra["load"].update(throughput=throughput, elapsed=elapsed, users=args.users)
                if "turns" in parts:
                    print(f"{args.turn_senders} conversations of {args.turns} turns ...", flush=True)
                    rasa_pid = assistant.pids.get("Rasa server")
                    turn_figures, extra["turns"] = long_conversations.run_sync(
                        assistant.webhook,
                        args.turns,
                        args.turn_senders,
                        send,
                        _session,
                        (lambda: cpu_seconds(rasa_pid)) if rasa_pid else None,
                    )
                    figures += turn_figures
                memory = assistant.memory()
                for name, values in memory.items():
                    figures.append(info(S_COST, f"peak RSS, {name}", values["peak_rss_mb"], "MB", 0))
                extra["memory"] = memory
                if args.profile:
                    print("Profiling both servers with py-spy ...", flush=True)
                    extra["profile"] = profile_pass(assistant, args.profile_messages, RESULTS_DIR)
        figures.append(info(S_COST, "model size, this project", PROJECT_MODEL.stat().st_size / 1e6, "MB", 1))

        if "default" in parts:
            if not DEFAULT_MODEL.exists():
                raise SystemExit("no Rasa default model: run `python -m bench.quality` first (make bench does it)")
            (workdir / "default").mkdir()
            with Assistant(
                DEFAULT_MODEL, workdir / "default", server_env, args.endpoints
            ) as assistant:
                print("Starting the Rasa-default build ...", flush=True)
                startup = assistant.start()
                asyncio.run(one_user(assistant.webhook, plan(args.warmup, seed=1), "bench-warmup"))
                print(f"Rasa default, one user: {len(turns)} messages ...", flush=True)
                samples = asyncio.run(one_user(assistant.webhook, turns, "bench-default"))
                default_figures, extra["default"] = latency_figures(S_DEFAULT, samples, with_targets=False)
                figures += [f for f in default_figures if f.name != "messages measured"]
                figures.append(info(S_DEFAULT, "start-up until the first answer", startup, "s", 1))
                figures.append(info(S_DEFAULT, "model size", DEFAULT_MODEL.stat().st_size / 1e6, "MB", 1))
                for name, values in assistant.memory().items():
                    figures.append(info(S_DEFAULT, f"peak RSS, {name}", values["peak_rss_mb"], "MB", 0))
            ours, theirs = extra.get("single", {}).get("summary"), extra["default"]["summary"]
            if ours and theirs:
                for q in ("p50", "p95"):
                    figures.append(
                        at_most(
                            S_DEFAULT,
                            f"{q} latency, this project ÷ Rasa default",
                            ours[q] / theirs[q],
                            TARGET_RATIO,
                            "×",
                            2,
                        )
                    )

        if "training" in parts:
            print("Training a copy of the project (full, then after editing one answer) ...", flush=True)
            try:
                training = measure_training(workdir)
            except Exception as error:  # noqa: BLE001 - keep the other figures; the report says what failed
                print(f"training failed: {error}", file=sys.stderr)
                training = {"error": str(error), "full_seconds": None, "retrain_seconds": None,
                            "components_trained": [], "components_restored": 0}  # fmt: skip
            extra["training"] = training
            figures += [
                at_most(
                    S_COST,
                    "full training (rasa train --force, empty cache)",
                    training["full_seconds"],
                    TARGET_TRAINING_S,
                    "s",
                    0,
                ),
                info(
                    S_COST,
                    "retraining after changing one answer's text",
                    training["retrain_seconds"],
                    "s",
                    0,
                    f"retrained: {', '.join(training['components_trained']) or 'nothing'}; "
                    f"{training['components_restored']} restored from cache",
                ),
            ]
    extra["load_average"]["end"] = os.getloadavg()
    return figures, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 messages, 15 s of load: checks the script works")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated, from {','.join(PARTS)}")
    parser.add_argument("--messages", type=int, default=None, help="one-user messages (default 520)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=None, help="load duration (default 60)")
    parser.add_argument("--warmup", type=int, default=20, help="messages sent before measuring")
    parser.add_argument("--turns", type=int, default=None, help="turns of each long conversation (default 1000)")
    parser.add_argument("--turn-senders", type=int, default=3, help="long conversations held side by side")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="for both servers")
    parser.add_argument("--endpoints", type=Path, help="another endpoints file (the project's is not touched)")
    parser.add_argument("--profile", action="store_true", help="extra pass sampled by py-spy")
    parser.add_argument("--profile-messages", type=int, default=300)
    parser.add_argument("--json", type=Path, default=RESULTS_DIR / "speed.json")
    args = parser.parse_args(argv)
    args.parts = [p for p in args.parts.split(",") if p]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    if any("=" not in item for item in args.env):
        parser.error("--env takes NAME=VALUE")
    args.messages = args.messages or (100 if args.quick else 520)
    args.seconds = args.seconds or (15 if args.quick else 60)
    args.turns = args.turns or (120 if args.quick else 1000)

    figures, extra = run(args)
    return finish(args.json, figures, **extra)


if __name__ == "__main__":
    sys.exit(main())
