"""A Rasa replica and an action server killed (SIGKILL) in the middle of conversations: the conversations go
on through the others with no lost or duplicated turn. Then the replica is restarted and takes turns of the
same conversations again (the conversation lives in PostgreSQL, not in a replica).

Runs last (file name order): it changes the stack."""

from __future__ import annotations

import time

from tests.prod.stack import Stack
from tests.prod.test_conversations import check_stored_once_in_order

BEFORE = [("Cât câștigă un operator?", "3000 RON net pe lună"), ("și dacă știu germană?", "peste 6000 RON net")]
AFTER = [
    ("dar fără experiență?", "aproximativ 2500 RON net"),
    ("Cât durează trainingul?", "între două și patru săptămâni"),
    ("și în asigurări?", "câteva luni"),
    ("Ce face un operator?", "reclamațiile"),
    ("și în retail?", "retururile"),
]
RESTARTED = [("Cât câștigă un operator?", "3000 RON net pe lună"), ("și dacă știu germană?", "peste 6000 RON net")]


def test_killed_replica_and_action_server(stack: Stack) -> None:
    people = [(stack.client(f"127.0.0.{50 + i}"), stack.new_sender("failover")) for i in range(2)]
    history: dict[str, tuple[list[str], list[str]]] = {sender: ([], []) for _, sender in people}

    def turn(client, sender: str, message: str, expected: str) -> None:
        texts = client.say(sender, message)
        assert expected in "\n".join(texts), (message, texts)
        history[sender][0].append(message)
        history[sender][1].extend(texts)

    for message, expected in BEFORE:
        for client, sender in people:
            turn(client, sender, message, expected)

    victim, victim_actions = stack.rasa[0], stack.actions[0]
    victim.kill()
    victim_actions.kill()
    for message, expected in AFTER:
        for client, sender in people:
            turn(client, sender, message, expected)
    for _, sender in people:
        check_stored_once_in_order(stack, sender, *history[sender])
        tried = stack.turn_upstreams(sender)
        after = [tried[n] for n in range(len(BEFORE) + 1, len(BEFORE) + len(AFTER) + 1)]
        assert all(t[-1] == "rasa-2" for t in after), after  # answered by the survivor
    retried = [t for _, s in people for t in stack.turn_upstreams(s).values() if len(t) > 1]
    assert retried and all(t == ["rasa-1", "rasa-2"] for t in retried)  # the refused turn went on to rasa-2

    # Restart (what Kubernetes does): the replica joins again once nginx's fail_timeout (10 s) has passed.
    stack.restart(victim, "/webhooks/rest/")
    stack.restart(victim_actions, "/health")
    time.sleep(10)
    for message, expected in RESTARTED:
        for client, sender in people:
            turn(client, sender, message, expected)
    for _, sender in people:
        check_stored_once_in_order(stack, sender, *history[sender])
    last = [stack.turn_upstreams(s)[n][-1] for _, s in people for n in range(len(BEFORE) + len(AFTER) + 1, 10)]
    assert set(last) == {"rasa-1", "rasa-2"}, last  # the restarted replica carries on the same conversations
