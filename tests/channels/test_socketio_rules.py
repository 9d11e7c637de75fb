from __future__ import annotations

import pytest

from bot.channels.socketio import allowed_origins, origin_ok, session_id_or_new


def test_allowed_origins_from_the_environment() -> None:
    assert allowed_origins("http://localhost:8080 http://127.0.0.1:8080/") == {
        "http://localhost:8080",
        "http://127.0.0.1:8080",
    }
    assert allowed_origins("https://a.ro,https://B.ro") == {"https://a.ro", "https://b.ro"}
    assert allowed_origins("") is None and allowed_origins(None) is None and allowed_origins("*") is None


@pytest.mark.parametrize(
    ("origin", "ok"),
    [("http://localhost:8080", True), ("HTTP://LOCALHOST:8080", True), (None, True), ("", True),
     ("http://localhost:8081", False), ("http://localhost:8080.evil.ro", False), ("null", False)],
)
def test_only_listed_browser_origins_connect(origin: str | None, ok: bool) -> None:
    assert origin_ok(origin, {"http://localhost:8080"}) is ok


def test_session_ids_are_the_servers_own_format() -> None:
    own = "0123456789abcdef0123456789abcdef"
    assert session_id_or_new(own) == own
    for foreign in (None, "", "abc", "x" * 32, 42, own.upper(), "room-of-another-socket"):
        new = session_id_or_new(foreign)
        assert new != foreign and len(new) == 32
