"""What may be stored about a candidate, checked where it is stored (bot/candidates/store.py).

The forms validate every answer (bot/candidates/form_input.py), but the store must not rely on its callers: a
caller that skipped the form (a direct call to the action server, a future action, a bug) must not be able to
store `<script>` as an e-mail address or `javascript:alert(1)` as a phone number, which recruiters would then see
(`python -m bot callbacks list`). Each value is read again with the forms' own readers and stored in their
canonical form; anything else raises InvalidCandidateData and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.answers.names import LANGUAGE_NAMES
from bot.candidates.validation import (
    ANY_INDUSTRY,
    ANYWHERE,
    REMOTE,
    clean_city,
    clean_name,
    valid_email,
    valid_phone,
)
from bot.text import Experience
from bot.text.entities import INDUSTRY_PATTERNS

_INTENT = re.compile(r"^[a-z][a-z_]{0,59}$")
_CHANNEL = re.compile(r"^[a-z][a-z0-9_.]{0,39}$")
MAX_SENDER_CHARS = 255


class InvalidCandidateData(ValueError):
    """A value that the forms would never accept: refused by the store (the field is named, the value never)."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(f"invalid {field}")


def _require(value: str | None, field: str) -> str:
    if not value:
        raise InvalidCandidateData(field)
    return value


def email(value: object) -> str:
    return _require(valid_email(value) if isinstance(value, str) else None, "email")


def phone(value: object) -> str:
    return _require(valid_phone(value) if isinstance(value, str) else None, "phone")


def industry(value: object) -> str:
    return _require(value if value == ANY_INDUSTRY or value in INDUSTRY_PATTERNS else None, "industry")


def city(value: object) -> str:
    if value in (ANYWHERE, REMOTE):
        return str(value)
    return _require(clean_city(value) if isinstance(value, str) else None, "city")


def languages(values: Iterable[object]) -> list[str]:
    checked = [str(v) for v in values]
    if any(v not in LANGUAGE_NAMES for v in checked):
        raise InvalidCandidateData("languages")
    return list(dict.fromkeys(checked))


def name(value: object) -> str:
    return _require(clean_name(value) if isinstance(value, str) else None, "name")


def contact(value: object, kind: object) -> tuple[str, str]:
    """(contact, kind): a valid phone number or e-mail address of the kind said."""
    if kind == "phone":
        return phone(value), "phone"
    if kind == "email":
        return email(value), "email"
    raise InvalidCandidateData("contact_kind")


def topics(values: Iterable[object]) -> list[str]:
    checked = [str(v) for v in values]
    if any(not _INTENT.match(v) for v in checked):
        raise InvalidCandidateData("topics")
    return checked


def context(value: object) -> str:
    """ "industry=telecom; language=germana; experience=>3" (bot/candidates/summary.py), each value checked."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise InvalidCandidateData("context")
    for part in value.split("; "):
        key, _, item = part.partition("=")
        ok = (
            (key == "industry" and item in INDUSTRY_PATTERNS)
            or (key == "language" and item in LANGUAGE_NAMES)
            or (key == "experience" and Experience.from_value(item) is not None)
        )
        if not ok:
            raise InvalidCandidateData("context")
    return value


def sender(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_SENDER_CHARS:
        raise InvalidCandidateData("sender_id")
    return value


def channel(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _CHANNEL.match(value):
        raise InvalidCandidateData("channel")
    return value
