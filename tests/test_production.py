"""Production mode: the configuration switch, the generated endpoints file, and refusing weak secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.core.utils import AvailableEndpoints

from bot.production import (
    ProductionConfigError,
    check_action_server,
    check_alerts,
    check_knowledge_database,
    endpoints_yaml,
    is_production,
    server_config,
    weak_secret,
    write_endpoints,
)
from bot.runtime.locks import AtomicRedisLockStore

STRONG = "s3cret-that-is-long-enough"


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        "BOT_ENV": "production",
        "ACTION_ENDPOINT_URL": "http://actions:5055/webhook",
        "TRACKER_HOST": "db.internal",
        "TRACKER_USER": "rasa_app",
        "TRACKER_PASSWORD": STRONG,
        "REDIS_HOST": "redis.internal",
        "REDIS_PASSWORD": STRONG + "-redis",
        "DATABASE_URL": f"postgresql+psycopg2://bot:{STRONG}@db.internal:5432/knowledge",
        "ACTION_SERVER_TOKEN": STRONG + "-actions",
        "ALERT_LINK_SECRET": STRONG + "-links",
        "SMTP_URL": f"smtp+starttls://alerte:{STRONG}-smtp@smtp.example.ro:587",
        "MAIL_FROM": "Asistent carieră <alerte@example.ro>",
        "PUBLIC_URL": "https://asistent.example.ro",
    }
    env.update(overrides)
    return env


def test_switch() -> None:
    assert is_production({"BOT_ENV": " Production "})
    assert not is_production({"BOT_ENV": "development"})
    assert not is_production({})


@pytest.mark.parametrize("value", ["", None, "secret", "PASSWORD", "changeme", "short-one"])
def test_weak_secrets(value: str | None) -> None:
    assert weak_secret(value) is not None


def test_strong_secret() -> None:
    assert weak_secret(STRONG) is None


def test_defaults_fill_the_rest() -> None:
    config = server_config(production_env())
    assert (config.tracker.port, config.tracker.db) == (5432, "rasa")
    assert (config.lock.port, config.lock.db, config.lock.key_prefix) == (6379, 1, "callcenter")


def test_every_problem_is_listed_and_no_secret_is_quoted() -> None:
    env = production_env(TRACKER_PASSWORD="changeme", REDIS_PASSWORD="", REDIS_LOCK_DB="0")
    del env["TRACKER_HOST"]
    with pytest.raises(ProductionConfigError) as error:
        server_config(env)
    problems = error.value.problems
    assert "TRACKER_HOST is not set" in problems
    assert "TRACKER_PASSWORD is a well-known default" in problems
    assert "REDIS_PASSWORD is empty" in problems
    assert any(p.startswith("REDIS_LOCK_DB") for p in problems)  # db 0 is left to whatever else uses Redis
    assert "changeme" not in str(error.value)


def test_password_equal_to_user_is_refused() -> None:
    with pytest.raises(ProductionConfigError, match="equals the user name"):
        server_config(production_env(TRACKER_USER=STRONG))


def test_action_endpoint_must_be_http() -> None:
    with pytest.raises(ProductionConfigError, match="ACTION_ENDPOINT_URL"):
        server_config(production_env(ACTION_ENDPOINT_URL="file:///etc/passwd"))


@pytest.mark.parametrize(
    "url, problem",
    [
        ("", "not set"),
        ("sqlite:///var/knowledge.db", "PostgreSQL"),
        ("postgresql+psycopg2://bot:secret@db/knowledge", "well-known default"),
        ("postgresql+psycopg2://bot@db/knowledge", "empty"),
        ("postgresql+psycopg2://bot:short@db/knowledge", "shorter"),
        ("not a url", "not a database URL"),
    ],
)
def test_knowledge_database_checks(url: str, problem: str) -> None:
    with pytest.raises(ProductionConfigError, match=problem):
        check_knowledge_database({"DATABASE_URL": url})


def test_knowledge_database_ok() -> None:
    check_knowledge_database(production_env())


@pytest.mark.parametrize("token", [None, "", "secret", "too-short"])
def test_both_servers_refuse_a_weak_action_server_token(token: str | None) -> None:
    env = production_env(ACTION_SERVER_TOKEN=token or "")
    if token is None:
        del env["ACTION_SERVER_TOKEN"]
    for check in (server_config, check_action_server):
        with pytest.raises(ProductionConfigError, match="ACTION_SERVER_TOKEN"):
            check(env)
    check_knowledge_database(env)  # the database load job does not call actions

def test_endpoints_file_is_what_rasa_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa's own reader gets PostgreSQL and Redis from the file, the passwords from the environment."""
    env = production_env(TRACKER_SSLMODE="require")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = write_endpoints(server_config(env), tmp_path / "endpoints.yml")
    text = path.read_text()
    assert STRONG not in text  # secrets stay in the environment
    endpoints = AvailableEndpoints.read_endpoints(str(path))
    tracker = endpoints.tracker_store
    assert (tracker.type, tracker.url, tracker.kwargs["dialect"], tracker.kwargs["port"]) == (
        "bot.tracker_store.LeanSQLTrackerStore",
        "db.internal",
        "postgresql",
        5432,
    )
    assert tracker.kwargs["password"] == STRONG
    assert tracker.kwargs["query"] == {"sslmode": "require"}
    lock = endpoints.lock_store
    assert (lock.type, lock.url, lock.kwargs["db"], lock.kwargs["password"]) == (
        "bot.runtime.locks.AtomicRedisLockStore",
        "redis.internal",
        1,
        STRONG + "-redis",
    )
    assert endpoints.action.url == "http://actions:5055/webhook"
    # The action servers' token: sent as a header (never a URL parameter, which proxies log), from the environment.
    assert endpoints.action.headers == {"Authorization": f"Bearer {STRONG}-actions"} and not endpoints.action.token
    # Rasa builds its lock store from it (redis-py connects lazily, so no server is needed here).
    store = LockStore.create(lock)
    assert isinstance(store, AtomicRedisLockStore) and isinstance(store, RedisLockStore)
    assert store.red.connection_pool.connection_kwargs["db"] == 1
    assert store.red.connection_pool.connection_kwargs["password"] == STRONG + "-redis"
    assert store.key_prefix.startswith("callcenter:")


def test_values_are_never_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A $ in a value is data, not a variable reference."""
    env = production_env(TRACKER_DB="${HOME}")
    monkeypatch.setenv("TRACKER_PASSWORD", STRONG)
    monkeypatch.setenv("REDIS_PASSWORD", STRONG)
    monkeypatch.setenv("ACTION_SERVER_TOKEN", STRONG)
    path = tmp_path / "endpoints.yml"
    path.write_text(endpoints_yaml(server_config(env)))
    assert AvailableEndpoints.read_endpoints(str(path)).tracker_store.kwargs["db"] == "${HOME}"


def test_endpoints_go_to_a_temporary_file_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENDPOINTS_FILE", raising=False)
    path = write_endpoints(server_config(production_env()))
    try:
        assert path.exists() and path.suffix == ".yml"
    finally:
        path.unlink()


# ---------------------------------------------------------------- the alert e-mails and their links


def test_the_link_secret_is_required_by_the_server_the_actions_and_the_alerts() -> None:
    for value in ("", "secret", "short-secret"):
        env = production_env(ALERT_LINK_SECRET=value)
        for check in (server_config, check_action_server, check_alerts):
            with pytest.raises(ProductionConfigError, match="ALERT_LINK_SECRET"):
                check(env)
    check_alerts(production_env())


def test_the_rasa_server_needs_the_knowledge_database_for_the_link_pages() -> None:
    with pytest.raises(ProductionConfigError, match="DATABASE_URL must point at PostgreSQL"):
        server_config(production_env(DATABASE_URL="sqlite:///var/knowledge.db"))


@pytest.mark.parametrize(
    "overrides, problem",
    [
        ({"SMTP_URL": ""}, "SMTP_URL is not set"),
        ({"SMTP_URL": "http://smtp.example.ro"}, "SMTP_URL must start with smtp://"),
        ({"SMTP_URL": "smtp://smtp.example.ro:25"}, "SMTP_URL must use smtps:// or smtp+starttls://"),
        ({"SMTP_URL": "smtps://alerte:changeme@smtp.example.ro"}, "the password in SMTP_URL is a well-known default"),
        ({"MAIL_FROM": ""}, "MAIL_FROM is not set"),
        ({"MAIL_FROM": "alerte"}, "MAIL_FROM must be an e-mail address"),
        ({"PUBLIC_URL": ""}, "PUBLIC_URL is not set"),
        ({"PUBLIC_URL": "http://asistent.example.ro"}, "PUBLIC_URL must be https://"),
    ],
)
def test_mail_settings_are_checked(overrides: dict[str, str], problem: str) -> None:
    for check in (check_action_server, check_alerts):
        with pytest.raises(ProductionConfigError) as error:
            check(production_env(**overrides))
        assert any(p.startswith(problem) for p in error.value.problems), error.value.problems
        assert "changeme" not in str(error.value)


def test_a_local_relay_and_a_loopback_address_are_allowed() -> None:
    """A relay on the same machine (or test-prod's SMTP server) needs no TLS; loopback links need no https."""
    check_alerts(production_env(SMTP_URL="smtp://127.0.0.1:2525", PUBLIC_URL="http://127.0.0.1:8080"))
