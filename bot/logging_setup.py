"""Logging that never carries message text, Telegram ids or the bot token.

Our own code logs only types and counts. Libraries are less careful (aiogram logs update and bot
ids, aiogram-dialog logs user and chat ids), so every record passes a redacting filter too.
"""

from __future__ import annotations

import logging
import re

LONG_NUMBER = re.compile(r"(?<![\w.])-?\d{5,}(?![\w.])")
TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


class Redactor(logging.Filter):
    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<secret>")
        text = TOKEN.sub("<token>", text)
        return LONG_NUMBER.sub("<n>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            # Tracebacks can quote values; keep the exception type and the frames only.
            exc_type = record.exc_info[0]
            record.exc_info = None
            record.exc_text = None
            message += f" [{exc_type.__name__ if exc_type else 'error'}]"
        record.msg, record.args = self.redact(message), ()
        return True


def configure_logging(level: str, secrets: list[str] | None = None) -> Redactor:
    redactor = Redactor(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redactor)
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # Per-update lines name update and bot ids; keep them out even after redaction.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    return redactor
