from __future__ import annotations

from rasa_sdk.events import UserUtteranceReverted

from actions.fallback_actions import ActionCoreFallback
from bot.answers import messages
from tests.actions.conftest import make_tracker


async def test_core_fallback_asks_to_rephrase_and_forgets_the_message(dispatcher, domain) -> None:
    events = await ActionCoreFallback().run(dispatcher, make_tracker([("hmm", "inform")]), domain)
    assert dispatcher.messages[0]["text"] == messages.NOT_UNDERSTOOD
    assert events == [UserUtteranceReverted()]
