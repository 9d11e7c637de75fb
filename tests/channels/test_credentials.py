"""credentials.yml: the channels use the custom classes, and a channel without its variables stays off."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.core.channels.facebook import FacebookInput
from rasa.core.channels.socketio import SocketIOInput
from rasa.core.channels.telegram import TelegramInput
from rasa.core.channels.twilio import TwilioInput
from rasa.shared.utils.common import class_from_module_path

from bot import PROJECT_ROOT
from bot.channels.credentials import channel_status, variables, write_effective

CREDENTIALS = PROJECT_ROOT / "credentials.yml"
CHANNELS = yaml.safe_load(CREDENTIALS.read_text(encoding="utf-8"))
CUSTOM = {
    "bot.channels.telegram.TelegramChannel": TelegramInput,
    "bot.channels.facebook.FacebookChannel": FacebookInput,
    "bot.channels.twilio.TwilioChannel": TwilioInput,
}


@pytest.mark.parametrize(("path", "base"), CUSTOM.items())
def test_credentials_use_the_verified_channels(path: str, base: type) -> None:
    assert path in CHANNELS
    assert issubclass(class_from_module_path(path), base)
    assert variables(CHANNELS[path]), "secrets come from ${VARIABLES}, never written in the file"


SOCKETIO = "bot.channels.socketio.SocketIOChannel"
REST = "bot.channels.rest.RestChannel"
ALERT_LINKS = "bot.channels.alert_links.AlertLinksChannel"  # the e-mails' link pages: no variable, always on


def test_the_widget_channel_keeps_sessions() -> None:
    assert issubclass(class_from_module_path(SOCKETIO), SocketIOInput)
    assert CHANNELS[SOCKETIO]["session_persistence"] is True


def test_no_variables_leaves_only_rest_socketio_and_the_link_pages(tmp_path: Path) -> None:
    target = tmp_path / "credentials.yml"
    statuses = write_effective(CREDENTIALS, target, {})
    assert set(yaml.safe_load(target.read_text())) == {REST, SOCKETIO, ALERT_LINKS}
    assert [s.name for s in statuses if not s.on] == list(CUSTOM)


def test_a_channel_is_on_only_with_all_its_variables(tmp_path: Path) -> None:
    environ = {name: "x" for name in variables(CHANNELS["bot.channels.twilio.TwilioChannel"])}
    environ["TELEGRAM_TOKEN"] = "123:abc"
    target = tmp_path / "credentials.yml"
    statuses = {s.name: s for s in write_effective(CREDENTIALS, target, environ)}
    written = yaml.safe_load(target.read_text())
    assert set(written) == {REST, SOCKETIO, ALERT_LINKS, "bot.channels.twilio.TwilioChannel"}
    assert written["bot.channels.twilio.TwilioChannel"]["auth_token"] == "${TWILIO_AUTH_TOKEN}"  # not the value
    telegram = statuses["bot.channels.telegram.TelegramChannel"]
    assert not telegram.on and telegram.describe().startswith("warning:")
    assert "TELEGRAM_SECRET_TOKEN" in telegram.missing


def test_empty_variables_count_as_unset() -> None:
    status = channel_status({"c": {"token": "${A}", "other": ["${B}", "${A}"]}}, {"A": "", "B": "b"})
    assert status[0].required == ("A", "B") and status[0].missing == ("A",)
