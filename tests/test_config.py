"""Configuration: exact variable names, one clear line per mistake, no secrets echoed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, ensure_local_keys
from tests.conftest import TOKEN, key_material


def test_defaults_embedded_sqlite_under_data(tmp_path: Path) -> None:
    settings = Settings.load(env_file=None)
    assert settings.storage.embedded
    assert settings.storage.url == "sqlite+aiosqlite:///data/tirek.db"
    assert settings.telegram.api_base == "https://api.telegram.org"
    assert settings.telegram.bot_token is None


def test_operator_names_are_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": "http://127.0.0.1:8081/",
        "DATABASE_URL": "postgresql+asyncpg://tirek@db/tirek",
        "VOLUNTEER_CHAT_ID": "-1001234567890",
        "COORDINATOR_IDS": "111, 222,333",
        "WEBHOOK_URL": "https://example.org/hook",
        "WEBHOOK_SECRET": "s3cret_value-OK",
        **key_material(),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = Settings.load(env_file=None)
    assert settings.telegram.bot_token.get_secret_value() == TOKEN
    assert settings.telegram.api_base == "http://127.0.0.1:8081"
    assert settings.storage.url == values["DATABASE_URL"] and not settings.storage.embedded
    assert settings.telegram.volunteer_chat_id == -1001234567890
    assert settings.telegram.coordinator_ids == (111, 222, 333)
    assert settings.webhook.url == "https://example.org/hook"
    assert settings.webhook.secret.get_secret_value() == "s3cret_value-OK"


def test_env_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / "custom.env"
    env_file.write_text(f"BOT_TOKEN={TOKEN}\nCOORDINATOR_IDS=5\n")
    settings = Settings.load(env_file=env_file)
    assert settings.telegram.coordinator_ids == (5,)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_TOKEN", "not-a-token"),
        ("DATABASE_URL", "mysql://x"),
        ("COORDINATOR_IDS", "12,abc"),
        ("VOLUNTEER_CHAT_ID", "group"),
        ("ENCRYPTION_KEYS", "k1:dG9vc2hvcnQ="),
        ("ID_PEPPER", "short"),
        ("WEBHOOK_SECRET", "has spaces!"),
        ("TELEGRAM_API_BASE", "not a url"),
    ],
)
def test_malformed_value_names_the_variable_and_hides_the_value(monkeypatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        Settings.load(env_file=None)
    message = str(raised.value)
    assert message.startswith(f"{name}:")
    assert "\n" not in message
    assert value not in message


def test_placeholder_secrets_refused_outside_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_SECRET", "changeme")
    with pytest.raises(ConfigError, match="^WEBHOOK_SECRET: looks like a placeholder"):
        Settings.load(env_file=None)
    assert Settings.load(env_file=None, sandbox=True).webhook.secret is not None


def test_local_keys_generated_once_with_0600(tmp_path: Path) -> None:
    settings = Settings.load(env_file=None)
    path = ensure_local_keys(settings)
    assert path == Path("data/keys.env")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    first = settings.security.encryption_keys.get_secret_value()
    again = Settings.load(env_file=None)
    ensure_local_keys(again)
    assert again.security.encryption_keys.get_secret_value() == first


def test_keys_required_with_external_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://tirek@db/tirek")
    with pytest.raises(ConfigError, match="^ENCRYPTION_KEYS: required"):
        ensure_local_keys(Settings.load(env_file=None))


def test_cli_prints_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    env["DATABASE_URL"] = "mysql://nope"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "tirek: configuration error: DATABASE_URL: use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db"
    ]
    assert "Traceback" not in result.stderr


def test_webhook_mode_refused_without_secret_before_touching_anything(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBHOOK_")}
    env["BOT_TOKEN"] = TOKEN
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--webhook"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "tirek: configuration error: WEBHOOK_SECRET: required in webhook mode (Telegram sends it with every update)"
    ]
    assert not (tmp_path / "data").exists()


def test_every_variable_is_documented_and_isolated_in_tests() -> None:
    """Each environment variable the settings read has a README row, and the tests clear it (a
    value from the developer's shell must not change a test's outcome)."""
    from pydantic_settings import BaseSettings

    from tests.conftest import ENV_NAMES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    sections = [f.annotation for f in Settings.model_fields.values()
                if isinstance(f.annotation, type) and issubclass(f.annotation, BaseSettings)]
    names = {field.alias for section in sections for field in section.model_fields.values()}
    assert len(sections) == 6 and "LEASE_SECONDS" in names
    assert {n for n in names if f"`{n}`" not in readme} == set()
    assert names - set(ENV_NAMES) == set()
