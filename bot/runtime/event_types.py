"""Find an event's class by its name once, not once per event read back.

Rasa 3.6.21's Event.resolve_by_type walks every subclass of Event (with an isabstract check each) to find the
class of one stored event; the tracker store calls it for every event of the conversation on every message:
4 % of the Rasa server's busy time under `make bench`. The classes do not change once imported, so a name
found is remembered; a name not found still goes through Rasa's own lookup (and its error).
"""

from __future__ import annotations

import functools
from typing import Any

from rasa.shared.core.events import Event

from bot.runtime import replace

_MARK = "_bot_event_type_cache"


def _wrap(original: Any) -> Any:
    found: dict[str, type[Event]] = {}

    @functools.wraps(original)
    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                found[type_name] = cls
        return cls

    setattr(resolve_by_type, _MARK, True)
    return staticmethod(resolve_by_type)


def install() -> None:
    """Patch Event.resolve_by_type for this process (idempotent)."""
    replace(Event, "resolve_by_type", _MARK, _wrap)
