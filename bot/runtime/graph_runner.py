"""Run Rasa's prediction graph by plain recursion instead of through dask, once per message and per action.

Rasa 3.6.21's DaskGraphRunner.run builds a dask task graph and hands it to dask's scheduler for every NLU parse
and every next-action prediction. On a graph of a dozen nodes the scheduling (ordering, bookkeeping, a thread
pool's futures) cost about a tenth of the Rasa server's busy time under `make bench`. Here each node needed by
the targets is called once, after the nodes it needs, with the same arguments dask would pass; results,
errors and the input checks are the same (tests/faults/test_patches.py runs both and compares).
"""

from __future__ import annotations

import functools
from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

from bot.runtime import replace

_MARK = "_bot_plain_graph_runner"


def run_graph(
    runner: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    nodes = runner._graph_schema.nodes
    inputs = inputs or {}
    for value in inputs.values():
        if isinstance(value, str) and value in nodes:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names passed "
                f"to the `run` method are the same as node names in the graph schema."
            )
    results: dict[str, Any] = {}

    def evaluate(name: str) -> Any:
        if name in results:
            return results[name]
        if name in inputs:
            result = (name, inputs[name])
        elif name in nodes:
            needed = [evaluate(other) for other in nodes[name].needs.values()]
            result = runner._instantiated_nodes[name](*needed)
        else:
            raise GraphRunError(f"The graph has no node or input named '{name}'.")
        results[name] = result
        return result

    try:
        return dict(evaluate(target) for target in (targets or runner._graph_schema.target_names))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error


def _wrap(original: Any) -> Any:
    @functools.wraps(original)
    def run(
        self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
    ) -> dict[str, Any]:
        return run_graph(self, inputs, targets)

    setattr(run, _MARK, True)
    return run


def install() -> None:
    """Patch DaskGraphRunner.run for this process (idempotent)."""
    replace(DaskGraphRunner, "run", _MARK, _wrap)
