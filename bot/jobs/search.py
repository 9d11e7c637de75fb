"""Which openings a chat message, or a subscription, asks for.

In the chat the filters are a town (or work from home), an industry and a foreign language: from the message
("caut job în Cluj", "ce posturi aveți cu germană?", "ceva în retail în București?") and, for what the message
does not say, from the conversation so far (the industry and language slots, the town said earlier). A language
in the chat means openings with that language ("cu germană").

A subscription asks for its industry (or any), its town (or anywhere, or from home) and the openings whose
required languages the candidate speaks (none required, or only languages they named): only what they asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bot.answers.names import LANGUAGE_NAMES
from bot.candidates.validation import ANY_INDUSTRY, ANYWHERE, REMOTE
from bot.jobs.openings import Opening
from bot.text.entities import INDUSTRY_PATTERNS
from bot.text.places import find_city, known_city, mentions_remote, same_city

CITY_SLOT = "job_city"  # the town (or REMOTE) the candidate named, kept for the next search
PAGE_ENTITY = "jobs_page"  # in the "mai multe" button's payload


@dataclass(frozen=True)
class Filters:
    city: str | None = None  # canonical town
    remote: bool = False  # only openings that can be done from home
    industry: str | None = None
    language: str | None = None  # "straina": any foreign language

    @property
    def empty(self) -> bool:
        return not (self.city or self.remote or self.industry or self.language)

    def place(self) -> str | None:
        """The slot value for the town or work from home."""
        return REMOTE if self.remote else self.city

    def over(self, context: Filters) -> Filters:
        """These filters, with the context's for what these do not say (a town and "from home" exclude each
        other: a message naming either replaces both)."""
        has_place = bool(self.city or self.remote)
        return Filters(
            city=self.city if has_place else context.city,
            remote=self.remote if has_place else context.remote,
            industry=self.industry or context.industry,
            language=self.language or context.language,
        )


def matches(opening: Opening, filters: Filters) -> bool:
    if filters.city and not same_city(opening.city, filters.city):
        return False
    if filters.remote and not opening.remote:
        return False
    if filters.industry and opening.industry != filters.industry:
        return False
    if filters.language == "straina":
        return bool(opening.languages)
    return not filters.language or filters.language in opening.languages


def matching(openings: Iterable[Opening], filters: Filters) -> list[Opening]:
    return [o for o in openings if matches(o, filters)]


def for_subscription(opening: Opening, industry: str, city: str, languages: Iterable[str]) -> bool:
    """Whether an alert subscription (industry or "oricare", town or "oriunde" or remote, languages spoken)
    asked for this opening."""
    if industry != ANY_INDUSTRY and opening.industry != industry:
        return False
    if city == REMOTE:
        if not opening.remote:
            return False
    elif city != ANYWHERE and not same_city(opening.city, city):
        return False
    return set(opening.languages) <= set(languages)


# ---------------------------------------------------------------- from a chat message


def _valid(name: str, value: Any) -> Any:
    if name == "industry":
        return value if isinstance(value, str) and value in INDUSTRY_PATTERNS else None
    if name == "language":
        return value if isinstance(value, str) and value in LANGUAGE_NAMES else None
    return None


def place_filters(value: Any) -> Filters:
    """A town or REMOTE, as kept in the slot or sent by a button; anything else counts as nothing."""
    if value == REMOTE:
        return Filters(remote=True)
    city = known_city(value) if isinstance(value, str) and len(value) <= 80 else None
    return Filters(city=city)


def message_filters(text: str, values: Mapping[str, Any]) -> Filters:
    """What the message itself asks for: its town or "de acasă", and the industry and language NLU found
    (`values`, already validated by bot/answers/understanding.py)."""
    remote = mentions_remote(text)
    return Filters(
        city=None if remote else find_city(text),
        remote=remote,
        industry=_valid("industry", values.get("industry")),
        language=_valid("language", values.get("language")),
    )


def context_filters(slots: Mapping[str, Any]) -> Filters:
    """The conversation so far: the industry and language slots, and the town named earlier."""
    place = place_filters(slots.get(CITY_SLOT))
    return replace(
        place, industry=_valid("industry", slots.get("industry")), language=_valid("language", slots.get("language"))
    )


def page_request(entities: Iterable[Mapping[str, Any]]) -> tuple[int, Filters] | None:
    """The "mai multe" button's payload (/find_job{"jobs_page": "2", "job_city": …, "industry": …}): the page
    and exactly the filters of the search it continues; None for any other message."""
    found: dict[str, Any] = {}
    for entity in entities:
        name = entity.get("entity")
        if isinstance(name, str) and name not in found:
            found[name] = entity.get("value")
    raw = found.get(PAGE_ENTITY)
    page = int(raw) if isinstance(raw, (str, int)) and str(raw).isdigit() else 0
    if not 2 <= page <= 100:
        return None
    return page, replace(
        place_filters(found.get(CITY_SLOT)),
        industry=_valid("industry", found.get("industry")),
        language=_valid("language", found.get("language")),
    )


def page_payload(page: int, filters: Filters) -> str:
    """The payload of the button that shows `page` of this search."""
    values: dict[str, str] = {PAGE_ENTITY: str(page)}
    if filters.place():
        values[CITY_SLOT] = str(filters.place())
    if filters.industry:
        values["industry"] = filters.industry
    if filters.language:
        values["language"] = filters.language
    return "/find_job" + json.dumps(values, ensure_ascii=False)
