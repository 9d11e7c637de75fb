"""Check the action server's answers against a validator built once, not once per answer.

Rasa 3.6.21's RemoteAction._validate_action_result calls `jsonschema.validate(answer, schema)` for every
custom action. That call first checks Rasa's constant schema against the JSON Schema meta-schema and builds a
new validator: measured with py-spy under `make bench`, a third of the Rasa server's busy time. Here the schema
is checked and its validator built on first use; every answer is still validated, and an invalid one raises
the same ValidationError with the same message as Rasa's.

Then, with the action answers' schema checked once, validating them was still 8 % of the Rasa server's time:
each event is checked against the 23 alternatives of the schema's `oneOf`, one per event type. Each alternative
fixes the event's type (`"event": {"const": ...}`, all different), so an event that is valid against the common
part of the schema is valid against the `oneOf` exactly when it is valid against the alternative of its own
type. A valid answer is recognised that way (`quick_check`); anything else, or a schema of another shape, goes
through the whole schema as before, which gives the error.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

from bot.runtime import replace

_MARK = "_bot_cached_action_schema"
# Rasa's own wording, appended to the validation error (rasa/core/actions/action.py).
_HINT = (
    ". Failed to validate Action server response from API, make sure your response from the Action endpoint "
    f"is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


@functools.lru_cache(maxsize=1)
def answer_validator() -> Any:
    """A checked validator for Rasa's action response schema (a constant of the installed Rasa)."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


@functools.lru_cache(maxsize=1)
def event_validators() -> dict[str, Any] | None:
    """Per event type, a validator of the common part of the event schema and of that type's alternative; None
    when the schema is not of the shape described above (then every answer goes through the whole schema)."""
    schema = RemoteAction.action_response_format_spec()
    try:
        events = schema["properties"]["events"]
        event = events["items"]
        alternatives = event["oneOf"]
        if set(schema) != {"type", "properties"} or set(schema["properties"]) != {"events", "responses"}:
            return None
        if schema["type"] != "object" or set(events) != {"type", "items"} or events["type"] != "array":
            return None
        if schema["properties"]["responses"] != {"type": "array", "items": {"type": "object"}}:
            return None
        types = [alternative["properties"]["event"]["const"] for alternative in alternatives]
    except (KeyError, TypeError):
        return None
    if len(set(types)) != len(types):
        return None
    common = {key: value for key, value in event.items() if key != "oneOf"}
    validator_class = validator_for(schema)
    return {
        kind: validator_class({"allOf": [common, alternative]})
        for kind, alternative in zip(types, alternatives, strict=True)
    }


def quick_check(result: Any) -> bool:
    """True only for an answer the whole schema accepts (False: check it with the whole schema)."""
    validators = event_validators()
    if validators is None or not isinstance(result, dict):
        return False
    responses = result.get("responses", [])
    if not isinstance(responses, list) or not all(isinstance(r, dict) for r in responses):
        return False
    events = result.get("events", [])
    if not isinstance(events, list):
        return False
    for event in events:
        kind = event.get("event") if isinstance(event, dict) else None
        validator = validators.get(kind) if isinstance(kind, str) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if quick_check(result):
        return True
    error = best_match(answer_validator().iter_errors(result))
    if error is None:
        return True
    error.message += _HINT
    raise error


def _wrap(original: Any) -> Any:
    @functools.wraps(original)
    def validate(self: RemoteAction, result: dict[str, Any]) -> bool:
        return validate_action_result(self, result)

    setattr(validate, _MARK, True)
    return validate


def install() -> None:
    """Patch RemoteAction._validate_action_result for this process (idempotent)."""
    replace(RemoteAction, "_validate_action_result", _MARK, _wrap)
