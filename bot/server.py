"""Start the Rasa server (or the action server) with the project's runtime settings, then hand over to Rasa.

    python -m bot.server run <rasa run arguments>              the Rasa server (scripts/run.sh, deploy/)
    python -m bot.server actions <rasa run actions arguments>  the action server (bot/action_server.py)
    python -m bot.server check [server|actions|knowledge|alerts]  check the production configuration, exit 0/2

`run` prepares this process and then calls Rasa's own command line (rasa.__main__.main), so every `rasa run`
option works as documented by Rasa:
- telemetry stays off unless RASA_TELEMETRY_ENABLED says otherwise;
- bot/runtime: less work per message (the action answers' schema checked once, event classes looked up once,
  the prediction graph run without dask's scheduler); custom actions time out after ACTION_TIMEOUT s with one
  apology per turn instead of silence (some have a stand-in in this process), empty and over-long
  (MAX_MESSAGE_CHARS) messages get an answer without being processed, malformed requests a 4xx;
- production (BOT_ENV=production): the configuration is checked (no empty or default secrets) and the
  generated endpoints file (PostgreSQL tracker store, Redis lock store) replaces any --endpoints argument;
- no e-mail address or phone number in its logs (bot/security/log_masking.py);
- the action server's shared secret (ACTION_SERVER_TOKEN, bot/security/action_token.py) is in the environment
  before Rasa reads the endpoints file, which sends it with every action call (development: generated once);
- --enable-api is refused: Rasa's HTTP API would expose every conversation and we run no authenticated
  variant. In production the model must come from the project's models/ (no --remote-storage).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import PROJECT_ROOT
from bot.production import (
    ProductionConfigError,
    check_action_server,
    check_alerts,
    check_knowledge_database,
    describe,
    is_production,
    server_config,
    write_endpoints,
)
from bot.security import log_masking
from bot.security.action_token import ensure_token
from bot.settings import ServerSettings

USAGE = __doc__.split("\n\n")[1]
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
MODELS_DIR = PROJECT_ROOT / "models"
CHECK_ROLES = ("server", "actions", "knowledge", "alerts", "all")


class StartRefused(RuntimeError):
    """The server must not start with these arguments or this environment."""


def option_value(args: Sequence[str], names: Sequence[str]) -> str | None:
    """The value of the last `--name value` or `--name=value` among args."""
    value = None
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(name + "="):
                value = arg.split("=", 1)[1]
    return value


def without_option(args: Sequence[str], names: Sequence[str]) -> list[str]:
    """args without any `--name value` / `--name=value` for these names."""
    kept: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in names:
            skip = True
        elif not any(arg.startswith(name + "=") for name in names):
            kept.append(arg)
    return kept


def _check_model(args: Sequence[str]) -> None:
    """In production only a model from the project's models/ is served: the image's own, reviewed one."""
    if option_value(args, ["--remote-storage"]) is not None:
        raise StartRefused("--remote-storage is not allowed in production: models come from models/")
    model = Path(option_value(args, ["--model", "-m"]) or "models")
    resolved = (model if model.is_absolute() else Path.cwd() / model).resolve()
    if resolved != MODELS_DIR and MODELS_DIR not in resolved.parents:
        raise StartRefused(f"the model must be in {MODELS_DIR} in production, not {resolved}")


def prepare_run(args: Sequence[str]) -> list[str]:
    """Check the arguments and the environment (production: write the endpoints file); Rasa's arguments."""
    if any(arg == "--enable-api" or arg.startswith("--enable-api=") for arg in args):
        raise StartRefused("--enable-api is refused: the HTTP API would expose every conversation")
    args = list(args)
    if is_production():
        config = server_config()
        _check_model(args)
        endpoints = write_endpoints(config)
        args = [*without_option(args, ["--endpoints"]), "--endpoints", str(endpoints)]
        print(f"bot.server: {describe(config)}; endpoints {endpoints}", file=sys.stderr)
    return args


def install_fault_handling(settings: ServerSettings) -> None:
    """Patch this process's Rasa (bot/runtime). Imported late: Rasa is slow to import and the checks
    before this should fail fast."""
    from bot.runtime import (
        action_schema,
        action_timeout,
        event_types,
        graph_runner,
        message_gate,
        request_checks,
        turns,
    )
    from bot.runtime.long_conversations import install as install_long_conversations

    # Speed: the same behaviour with less work per message (measured by make bench, docs/benchmarks.md).
    action_schema.install()
    event_types.install()
    graph_runner.install()
    install_long_conversations()  # a turn costs the same at any length of conversation (issue 11, item 7)
    action_timeout.install(settings.action_timeout)
    turns.install()  # a failed action ends its turn with one apology; no conversation locked by the breaker
    message_gate.install(settings.max_message_chars)
    request_checks.install(settings.max_request_bytes, settings.request_timeout, settings.keep_alive_timeout)


def _rasa(argv: list[str]) -> int:
    from rasa.__main__ import main as rasa_main

    sys.argv = argv
    rasa_main()
    return 0


def check(role: str) -> None:
    """Raise when this environment must not start `role` ("server", "actions", "knowledge" (the database load
    job), "alerts" (the alert e-mails' CronJob) or "all" (server and actions))."""
    if not is_production():
        return
    problems: list[str] = []
    checks = (
        ("server", server_config),
        ("actions", check_action_server),
        ("knowledge", check_knowledge_database),
        ("alerts", check_alerts),
    )
    for name, checker in checks:
        if role == name or (role == "all" and name in ("server", "actions")):
            try:
                checker()
            except ProductionConfigError as error:
                problems += error.problems
    if problems:
        raise ProductionConfigError(list(dict.fromkeys(problems)))  # a variable both roles need: said once


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    # One BLAS thread (before numpy loads): the models multiply small matrices, and OpenBLAS's idle threads spun on
    # the other core (make bench: Rasa server CPU per message 14 -> 10 ms; docs/benchmarks.md).
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    command, args = (argv[0], argv[1:]) if argv else ("", [])
    bad_check = command == "check" and (args[1:] or (args and args[0] not in CHECK_ROLES))
    if command not in ("run", "actions", "check") or bad_check:
        print(USAGE, file=sys.stderr)
        return 2
    if command in ("run", "actions"):
        # Before Rasa sets up logging: its handlers write to the masked streams (bot/security/log_masking.py).
        log_masking.install()
        log_masking.mask_streams()
    try:
        if command == "run":
            settings = ServerSettings.from_env()
            rasa_args = ["run", *prepare_run(args)]
            ensure_token()
            install_fault_handling(settings)
        elif command == "actions":
            check("actions")
            from bot.action_server import serve

            return serve(args)
        else:
            check(args[0] if args else "all")
            print("configuration ok" + (" (production)" if is_production() else " (development)"))
            return 0
    except (ProductionConfigError, StartRefused, ValueError) as error:
        print(f"bot.server: {error}", file=sys.stderr)
        return 2
    return _rasa(["rasa", *rasa_args])


if __name__ == "__main__":
    sys.exit(main())
