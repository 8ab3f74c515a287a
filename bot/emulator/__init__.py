"""Fake Telegram Bot API server used by the tests and by ``tirek sandbox``."""

from .html import ParseError
from .server import ApiCall, BotApiEmulator, Fault, StoredMessage

__all__ = ["ApiCall", "BotApiEmulator", "Fault", "ParseError", "StoredMessage"]
