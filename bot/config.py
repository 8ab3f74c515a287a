"""Configuration from the environment (or a .env file), built once in main() and passed down.

The environment variable names are part of the operator interface (see README); every nested
model reads its own variables by their exact names. Nothing here runs at import time.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path
from typing import Annotated

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATA_DIR = Path("data")
DEFAULT_API_BASE = "https://api.telegram.org"
# Substrings that mark a copied example value. Long enough not to occur in random key material.
PLACEHOLDER_MARKERS = ("changeme", "change-me", "change_me", "placeholder", "example", "your-", "your_")
PLACEHOLDER_VALUES = frozenset({"secret", "token", "password", "test", "xxx", "todo", "none", "null"})


class ConfigError(Exception):
    """One clear line naming the setting that is wrong; printed instead of a traceback."""


def _env_config() -> SettingsConfigDict:
    return SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")


class TelegramSettings(BaseSettings):
    model_config = _env_config()

    bot_token: SecretStr | None = Field(None, alias="BOT_TOKEN")
    api_base: str = Field(DEFAULT_API_BASE, alias="TELEGRAM_API_BASE")
    volunteer_chat_id: int | None = Field(None, alias="VOLUNTEER_CHAT_ID")
    coordinator_ids: Annotated[tuple[int, ...], NoDecode] = Field((), alias="COORDINATOR_IDS")
    # This process's share of Telegram's ~30 messages a second per bot: divide among processes.
    messages_per_second: float = Field(29.0, alias="TELEGRAM_MESSAGES_PER_SECOND", gt=0, le=30)

    @field_validator("bot_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        bot_id, sep, rest = value.get_secret_value().partition(":")
        if not (sep and bot_id.isdigit() and len(rest) >= 5):
            raise ValueError("expected the form 123456:ABC... as given by @BotFather")
        return value

    @field_validator("api_base")
    @classmethod
    def _api_base_is_url(cls, value: str) -> str:
        AnyHttpUrl(value)
        return value.rstrip("/")

    @field_validator("coordinator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.lstrip("-").isdigit() for part in parts):
                raise ValueError("expected comma-separated numeric Telegram ids")
            return tuple(int(part) for part in parts)
        return value


class StorageSettings(BaseSettings):
    model_config = _env_config()

    database_url: str | None = Field(None, alias="DATABASE_URL")
    data_dir: Path = Field(DEFAULT_DATA_DIR, alias="TIREK_DATA_DIR")

    @field_validator("database_url")
    @classmethod
    def _supported_driver(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path.db or postgresql+asyncpg://user@host/db")
        return value

    @property
    def embedded(self) -> bool:
        """True for the embedded default: an SQLite file under the data directory."""
        return self.database_url is None

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{(self.data_dir / 'tirek.db').as_posix()}"


class SecuritySettings(BaseSettings):
    model_config = _env_config()

    encryption_keys: SecretStr | None = Field(None, alias="ENCRYPTION_KEYS")
    id_pepper: SecretStr | None = Field(None, alias="ID_PEPPER")

    @field_validator("encryption_keys")
    @classmethod
    def _key_ring_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            parse_key_ring(value.get_secret_value())
        return value

    @field_validator("id_pepper")
    @classmethod
    def _pepper_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            decode_key(value.get_secret_value(), minimum=32)
        return value


class WebhookSettings(BaseSettings):
    model_config = _env_config()

    url: str | None = Field(None, alias="WEBHOOK_URL")
    secret: SecretStr | None = Field(None, alias="WEBHOOK_SECRET")
    listen_host: str = Field("127.0.0.1", alias="WEBHOOK_LISTEN_HOST")
    listen_port: int = Field(8080, alias="WEBHOOK_LISTEN_PORT", ge=1, le=65535)
    path: str = Field("/telegram/webhook", alias="WEBHOOK_PATH")

    @field_validator("secret")
    @classmethod
    def _secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and - for secret_token.
        if value is None:
            return None
        raw = value.get_secret_value()
        if not (1 <= len(raw) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in raw)):
            raise ValueError("1-256 characters from A-Z, a-z, 0-9, _ and -")
        return value


class RuntimeSettings(BaseSettings):
    model_config = _env_config()

    log_level: str = Field("INFO", alias="LOG_LEVEL")
    default_locale: str = Field("en", alias="DEFAULT_LOCALE")
    # How often each process looks for due reminders (bot/services/reminders.py).
    reminder_interval: float = Field(30.0, alias="REMINDER_INTERVAL_SECONDS", gt=0, le=3600)
    # How long a webhook update, an outbox message or a reminder taken by one process stays its own:
    # when a process dies, another takes its work over after this long. Longer than one takes.
    lease_seconds: float = Field(120.0, alias="LEASE_SECONDS", gt=0, le=3600)

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("one of DEBUG, INFO, WARNING, ERROR")
        return value


class CaseSettings(BaseSettings):
    """Timings of the volunteers' side, in seconds."""

    model_config = _env_config()

    # An urgent case nobody claimed within this time is announced again to volunteers and coordinators.
    escalate_after: float = Field(15 * 60, alias="URGENT_ESCALATE_SECONDS", gt=0)
    # After an urgent case, the bot asks the user whether they are safe...
    checkin_after: float = Field(24 * 3600, alias="CHECKIN_AFTER_SECONDS", gt=0)
    # ...and alerts the volunteers when there is no answer within this time.
    checkin_timeout: float = Field(12 * 3600, alias="CHECKIN_TIMEOUT_SECONDS", gt=0)
    # How often each process looks for escalations and check-ins.
    watch_interval: float = Field(30.0, alias="CASE_WATCH_INTERVAL_SECONDS", gt=0, le=3600)
    # Telegram allows a bot about 20 messages a minute in one group.
    group_per_minute: int = Field(20, alias="GROUP_MESSAGES_PER_MINUTE", gt=0, le=600)
    invite_valid_hours: int = Field(72, alias="INVITE_VALID_HOURS", gt=0, le=24 * 30)
    # Closed cases, and reports with their evidence, are deleted this long after (unless kept).
    retention_days: int = Field(90, alias="RETENTION_DAYS", gt=0, le=3650)


class Settings(BaseModel):
    telegram: TelegramSettings
    storage: StorageSettings
    security: SecuritySettings
    webhook: WebhookSettings
    runtime: RuntimeSettings
    cases: CaseSettings = Field(default_factory=lambda: CaseSettings(_env_file=None))
    sandbox: bool = False

    @classmethod
    def load(cls, *, env_file: str | Path | None = ".env", sandbox: bool = False) -> Settings:
        """Read every section from the environment; raise ConfigError naming the bad variable."""
        try:
            settings = cls(
                telegram=TelegramSettings(_env_file=env_file),
                storage=StorageSettings(_env_file=env_file),
                security=SecuritySettings(_env_file=env_file),
                webhook=WebhookSettings(_env_file=env_file),
                runtime=RuntimeSettings(_env_file=env_file),
                cases=CaseSettings(_env_file=env_file),
                sandbox=sandbox,
            )
        except ValidationError as error:
            raise ConfigError(_describe(error)) from None
        settings.refuse_placeholders()
        return settings

    def refuse_placeholders(self) -> None:
        if self.sandbox:
            return
        candidates = {
            "BOT_TOKEN": self.telegram.bot_token,
            "WEBHOOK_SECRET": self.webhook.secret,
            "ENCRYPTION_KEYS": self.security.encryption_keys,
            "ID_PEPPER": self.security.id_pepper,
        }
        for name, secret in candidates.items():
            if secret is not None and _looks_like_placeholder(secret.get_secret_value()):
                raise ConfigError(f"{name}: looks like a placeholder value; set a real secret")


def _looks_like_placeholder(raw: str) -> bool:
    lowered = raw.strip().lower()
    return lowered in PLACEHOLDER_VALUES or any(marker in lowered for marker in PLACEHOLDER_MARKERS)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "configuration"
    # Never echo the offending value: it may be a secret.
    message = first["msg"].removeprefix("Value error, ")
    return f"{name}: {message}"


# --- key material -----------------------------------------------------------------------------


def decode_key(text: str, *, minimum: int = 32) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (ValueError, TypeError):
        raise ValueError("not valid base64") from None
    if len(raw) < minimum:
        raise ValueError(f"must decode to at least {minimum} bytes")
    return raw


def parse_key_ring(text: str) -> list[tuple[str, bytes]]:
    """`id:base64key,id:base64key` newest first. Key ids are short labels stored with ciphertext."""
    ring: list[tuple[str, bytes]] = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not key_id.isalnum() or len(key_id) > 16:
            raise ValueError("each entry must be id:base64key with a short alphanumeric id")
        key = decode_key(encoded, minimum=32)
        if len(key) != 32:
            raise ValueError("each key must be 32 bytes (AES-256)")
        if any(existing == key_id for existing, _ in ring):
            raise ValueError(f"key id {key_id!r} appears twice")
        ring.append((key_id, key))
    if not ring:
        raise ValueError("at least one key is required")
    return ring


def new_key_material() -> dict[str, str]:
    key_id = "k" + secrets.token_hex(3)
    return {
        "ENCRYPTION_KEYS": f"{key_id}:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ID_PEPPER": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }


def ensure_local_keys(settings: Settings) -> Path | None:
    """Embedded default and sandbox: create missing keys once in data/keys.env (mode 0600).

    A production deployment sets ENCRYPTION_KEYS and ID_PEPPER from a secret store instead, so
    that a seized database disk does not also hold the keys that decrypt it.
    """
    security = settings.security
    if security.encryption_keys is not None and security.id_pepper is not None:
        return None
    if not (settings.sandbox or settings.storage.embedded):
        missing = "ENCRYPTION_KEYS" if security.encryption_keys is None else "ID_PEPPER"
        raise ConfigError(f"{missing}: required when DATABASE_URL is set (keys are not generated for you)")
    path = settings.storage.data_dir / "keys.env"
    values = _read_key_file(path) if path.exists() else {}
    if not values:
        values = new_key_material()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("# Generated by Tirek for local use. Keep it secret; back it up apart from the database.\n")
            handle.writelines(f"{name}={value}\n" for name, value in values.items())
    try:
        if security.encryption_keys is None:
            security.encryption_keys = SecretStr(values["ENCRYPTION_KEYS"])
            parse_key_ring(values["ENCRYPTION_KEYS"])
        if security.id_pepper is None:
            security.id_pepper = SecretStr(values["ID_PEPPER"])
            decode_key(values["ID_PEPPER"])
    except (KeyError, ValueError) as error:
        raise ConfigError(f"{path}: damaged key file ({error})") from None
    return path


def _read_key_file(path: Path) -> dict[str, str]:
    if path.stat().st_mode & 0o077:
        raise ConfigError(f"{path}: readable by other users; run chmod 600 on it")
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            values[name.strip()] = value.strip()
    return values
