"""What the user should see: Fluent messages rendered and reduced to Telegram's plain text."""

from __future__ import annotations

from functools import cache

from bot.emulator.html import parse_html
from bot.i18n import Translator

OFFERED = ("en", "ru", "kk", "ug")


@cache
def translator() -> Translator:
    return Translator()


def plain(locale: str, message_id: str, **args) -> str:
    text, _ = parse_html(translator().get(locale, message_id, **args))
    return text.replace("\u200f", "")


def first_line(text: str | None) -> str:
    return (text or "").split("\n", 1)[0].replace("\u200f", "")
