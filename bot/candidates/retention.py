"""`python -m bot retention --days N`: delete conversations older than N days and the data tied to them.

Safe to run from cron: every step is idempotent, each deletion is one transaction, and a conversation still
going on keeps its current session (see bot/candidates/conversations.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.candidates import erasure_queue
from bot.candidates.store import CandidateStore
from bot.conversation_store import TrackerEvents

# A pending erasure is left to the action server's own clean-up this long before retention finishes it.
ERASURE_GRACE = timedelta(minutes=2)
# The rows a pending erasure deletes: everything of the conversation until this long after the request (the
# turn that asked for it, written by Rasa a moment after the action ran).
ERASURE_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True)
class RetentionReport:
    cutoff: datetime
    conversations: int  # deleted whole (last message older than the cutoff)
    event_rows: int  # rows of the tracker store deleted (whole conversations and earlier sessions)
    subscriptions: int  # ended before the cutoff
    callbacks: int  # done before the cutoff
    erasures: int  # "șterge-mi datele" requests finished here
    dry_run: bool


def run_retention(
    days: int,
    store: CandidateStore,
    events: TrackerEvents,
    now: datetime | None = None,
    dry_run: bool = False,
) -> RetentionReport:
    if days < 1:
        raise ValueError("days must be at least 1: a shorter limit would delete conversations still going on")
    now = now or datetime.now(timezone.utc)
    cutoff = now - timedelta(days=days)

    if not dry_run:  # „șterge-mi datele” said while the action server was down, if it is still down
        erasure_queue.drain(store, events)
    erasures = 0
    for erasure_id, sender_id, requested_at in store.pending_erasures():
        if now - requested_at < ERASURE_GRACE:
            continue
        erasures += 1
        if not dry_run:
            events.delete_conversation(sender_id, before=(requested_at + ERASURE_WINDOW).timestamp())
            store.finish_erasure(erasure_id)

    conversations, rows = events.delete_older_than(cutoff.timestamp(), dry_run=dry_run)
    purged = store.purge_older_than(cutoff, dry_run=dry_run)
    return RetentionReport(cutoff, conversations, rows, purged.subscriptions, purged.callbacks, erasures, dry_run)


def describe(report: RetentionReport) -> str:
    verb = "De șters" if report.dry_run else "Șterse"
    return (
        f"{verb} (mai vechi de {report.cutoff:%Y-%m-%d %H:%M} UTC): {report.conversations} conversații întregi, "
        f"{report.event_rows} evenimente din conversații, {report.subscriptions} abonări încheiate, "
        f"{report.callbacks} cereri de contact rezolvate; {report.erasures} cereri „șterge-mi datele” finalizate."
    )
