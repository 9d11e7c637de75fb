"""Check the action server's answers against a validator built once, not once per answer.

Rasa 3.6.21's RemoteAction._validate_action_result calls `jsonschema.validate(answer, schema)` for every
custom action. That call first checks Rasa's constant schema against the JSON Schema meta-schema and builds a
new validator: measured with py-spy under `make bench`, a third of the Rasa server's busy time. Here the schema
is checked and its validator built on first use; every answer is still validated, and an invalid one raises
the same ValidationError with the same message as Rasa's.
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


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
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
