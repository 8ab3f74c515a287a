"""Telegram's length limits, measured the way Telegram measures them, and splitting to fit.

Telegram counts a message after parsing its HTML (tags gone, an entity one character) in UTF-16
code units: an emoji or a rare CJK character counts twice. A text over the limit is refused
("message is too long"), and a refused message in the outbox is given up, so whatever the bot
composes around someone's words must be measured before it is queued.
"""

from __future__ import annotations

import html
import re

TEXT_LIMIT = 4096  # a message's text
CAPTION_LIMIT = 1024  # a media message's caption

_TAG = re.compile(r"<[^>]*>")  # text inside tags is escaped, so a bare ">" never ends a tag early
# Where to cut, best first: a paragraph, a line, a sentence's end, a space.
_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…؟。]\s"), re.compile(r"\s"))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def telegram_length(html_text: str) -> int:
    """The length Telegram checks against its limits, of a text sent with parse_mode HTML."""
    return utf16_length(html.unescape(_TAG.sub("", html_text)))


def split_plain(text: str, limit: int) -> list[str]:
    """Plain text in pieces of at most `limit` UTF-16 units, each cut at the last paragraph,
    line, sentence or space that leaves the piece at least half full (mid-word only for a word
    longer than half the limit). Escape the pieces afterwards: an entity is never cut in two."""
    pieces: list[str] = []
    rest = text.strip()
    while utf16_length(rest) > limit:
        window = _prefix_within(rest, limit)
        cut = _boundary(window, len(window) // 2)
        piece, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        pieces.append(piece)
    if rest:
        pieces.append(rest)
    return pieces


def pack(blocks: list[str], limit: int, separator: str = "\n") -> list[str]:
    """HTML blocks (each complete in itself, each within `limit`) joined into as few texts
    within `limit` as keep their order."""
    texts: list[str] = []
    for block in blocks:
        joined = f"{texts[-1]}{separator}{block}" if texts else block
        if texts and telegram_length(joined) <= limit:
            texts[-1] = joined
        else:
            texts.append(block)
    return texts


def _prefix_within(text: str, limit: int) -> str:
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def _boundary(window: str, at_least: int) -> int:
    for pattern in _BOUNDARIES:
        ends = [match.end() for match in pattern.finditer(window) if match.end() > at_least]
        if ends:
            return ends[-1]
    return max(len(window), 1)
