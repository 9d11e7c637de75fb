"""Lever experiment, loaded only with `python -m bench.speed --env PYTHONPATH=bench/levers/cached_action_schema`.

Rasa 3.6 checks every answer of the action server with `jsonschema.validate(answer, schema)`
(RemoteAction._validate_action_result). That call first validates Rasa's own, constant schema against the JSON
Schema meta-schema and builds a new validator, which costs far more than checking the answer. Here the checked
validator is kept per schema, and the answer is still validated against it, raising the same ValidationError.
"""

import json

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

_validators: dict = {}


def validate(instance, schema, cls=None, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - jsonschema's signature
    key = (json.dumps(schema, sort_keys=True, default=str), cls)
    validator = _validators.get(key)
    if validator is None:
        validator_class = cls or validator_for(schema)
        validator_class.check_schema(schema)
        validator = _validators[key] = validator_class(schema, *args, **kwargs)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


jsonschema.validate = validate
