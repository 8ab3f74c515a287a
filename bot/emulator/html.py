"""Telegram's message formatting, as the Bot API server parses it.

``parse_html`` follows TDLib's ``parse_html`` (the code behind parse_mode=HTML)
closely, including its error messages and byte offsets, so a bot that sends
markup real Telegram would reject fails in tests too.

Choices where Telegram is lenient (kept lenient on purpose, like Telegram):
* "&" never causes an error. Only &lt; &gt; &amp; &quot; and numeric references
  (&#123; / &#x1F600;) are decoded; any other "&..." (e.g. "&nbsp;" or a bare
  "AT&T") stays literal text. The trailing ";" is optional, as in TDLib.
* Every "<" starts a tag, so a bare "<" ("1 < 2") is an error
  ('Unsupported start tag ""'), exactly as on Telegram.
* Links with an unusable href are dropped silently (the text stays).

Offsets and lengths of entities are in UTF-16 code units, like the Bot API.
"""

from __future__ import annotations

import re

__all__ = ["ParseError", "parse_html", "parse_markdown", "parse_text", "utf16_len"]

_PREFIX = "Bad Request: can't parse entities: "

_SUPPORTED = frozenset({
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
    "tg-emoji", "tg-time", "span", "pre", "code", "blockquote",
})
# tg-time (the "date_time" entity) exists since Bot API 9.5; api.json is 10.1.
_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\r\n\f\v"
_URL_SCHEMES = ("http", "https", "tg", "ton", "tonsite")
_TG_USER = re.compile(r"^tg://user\?id=(\d+)$", re.I)


class ParseError(ValueError):
    """Formatting rejected; ``str(err)`` is Telegram's full error description."""

    def __init__(self, reason: str) -> None:
        super().__init__(_PREFIX + reason)
        self.reason = reason


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode "&...;" at ``pos``; return (char, next_pos), None if not an entity."""
    end = pos + 1
    n = len(text)
    if end < n and text[end] == "#":
        end += 1
        hexa = end < n and text[end] == "x"
        if hexa:
            end += 1
        start = end
        digits = "0123456789abcdefABCDEF" if hexa else "0123456789"
        while end < n and text[end] in digits:
            end += 1
        if end == start or end - pos >= 10:
            return None
        code = int(text[start:end], 16 if hexa else 10)
        # TDLib refuses 0, values past Unicode, and (as Python must) surrogates.
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        char = _NAMED.get(text[pos + 1:end])
        if char is None:
            return None
    if end < n and text[end] == ";":
        end += 1
    return char, end


def _check_url(url: str) -> str | None:
    """Normalised link target, or None when Telegram would drop the link."""
    url = url.strip()
    if not url or any(c in url for c in _SPACE):
        return None
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://", url)
    if match:
        return url if match.group(1).lower() in _URL_SCHEMES else None
    # Telegram also accepts a bare domain ("example.org/x") and adds http://.
    if re.match(r"^[\w-]+(\.[\w-]+)*\.[a-z]{2,}(:\d+)?([/?#]|$)", url, re.I):
        return "http://" + url
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.utf16 = 0  # UTF-16 length of self.out
        self.entities: list[dict] = []
        self.stack: list[tuple[str, str | None, dict[str, str], int, int]] = []

    def byte_offset(self, pos: int) -> int:
        return len(self.text[:pos].encode("utf-8"))

    def emit(self, chars: str) -> None:
        self.out.append(chars)
        self.utf16 += utf16_len(chars)

    def run(self) -> tuple[str, list[dict]]:
        text, n, i = self.text, len(self.text), 0
        while i < n:
            c = text[i]
            if c == "&":
                decoded = _decode_entity(text, i)
                if decoded:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
            if c != "<":
                self.emit(c)
                i += 1
                continue
            if i + 1 < n and text[i + 1] == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise ParseError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def start_tag(self, begin: int) -> int:
        text, n = self.text, len(self.text)
        i = begin + 1
        while i < n and text[i] not in _SPACE and text[i] != ">":
            i += 1
        if i >= n:
            raise ParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = text[begin + 1:i].lower()
        if tag not in _SUPPORTED:
            raise ParseError(f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(begin)}')
        attrs: dict[str, str] = {}
        while True:
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise ParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            if text[i] == ">":
                break
            name_start = i
            while i < n and text[i] not in _SPACE and text[i] not in "=>":
                i += 1
            name = text[name_start:i].lower()
            if not name:
                raise ParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self.byte_offset(begin)}')
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n or text[i] != "=":
                if tag == "blockquote" and name == "expandable":
                    attrs[name] = ""
                    continue
                raise ParseError(
                    'Expected equal sign in declaration of an attribute of the tag '
                    f'"{tag}" at byte offset {self.byte_offset(begin)}')
            i += 1
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n:
                raise ParseError(f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}')
            value, i = self.attribute_value(i)
            if i >= n:
                raise ParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            attrs.setdefault(name, value)
        argument = self.tag_argument(tag, attrs, begin)
        self.stack.append((tag, argument, attrs, self.utf16, len(self.out)))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        text, n = self.text, len(self.text)
        if text[i] not in "'\"":
            start = i
            while i < n and (text[i].isascii() and text[i].isalnum() or text[i] in ".-"):
                i += 1
            if i < n and text[i] not in _SPACE and text[i] != ">":
                raise ParseError(f"Unexpected end of name token at byte offset {self.byte_offset(start)}")
            return text[start:i].lower(), i
        quote = text[i]
        i += 1
        value: list[str] = []
        while i < n and text[i] != quote:
            if text[i] == "&":
                decoded = _decode_entity(text, i)
                if decoded:
                    value.append(decoded[0])
                    i = decoded[1]
                    continue
            value.append(text[i])
            i += 1
        if i < n:
            i += 1
        return "".join(value), i

    def tag_argument(self, tag: str, attrs: dict[str, str], begin: int) -> str | None:
        if tag == "a":
            return attrs.get("href")
        if tag == "code":
            cls = attrs.get("class", "")
            return cls[len("language-"):] if cls.startswith("language-") else None
        if tag == "span":
            if attrs.get("class") != "tg-spoiler":
                raise ParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}')
            return None
        if tag == "tg-emoji":
            emoji_id = attrs.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise ParseError("Invalid custom emoji identifier specified")
            return emoji_id
        if tag == "tg-time":
            unix = attrs.get("unix", "")
            if not unix.isdigit():
                raise ParseError("Invalid Unix time specified")
            return unix
        return None

    def end_tag(self, begin: int) -> int:
        text, n = self.text, len(self.text)
        if not self.stack:
            raise ParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while i < n and text[i] not in _SPACE and text[i] != ">":
            i += 1
        end_name = text[begin + 2:i].lower()
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n or text[i] != ">":
            raise ParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        tag, argument, attrs, offset, out_index = self.stack.pop()
        if end_name and end_name != tag:
            raise ParseError(
                f'Unmatched end tag at byte offset {self.byte_offset(begin)}, '
                f'expected "</{tag}>", found "</{end_name}>"')
        if self.utf16 > offset:  # empty entities are dropped, as by Telegram
            self.add_entity(tag, argument, attrs, offset, self.utf16 - offset, out_index)
        return i + 1

    def add_entity(self, tag: str, argument: str | None, attrs: dict[str, str],
                   offset: int, length: int, out_index: int) -> None:
        entity: dict = {"offset": offset, "length": length}
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and last["offset"] == offset and last["length"] == length
        if tag in _SIMPLE:
            entity["type"] = _SIMPLE[tag]
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        elif tag == "code":
            # <pre><code class="language-x"> is one "pre" entity with a language.
            if same_span and last["type"] == "pre" and argument:
                last["language"] = argument
                return
            entity["type"] = "code"
            if argument:
                entity["_language"] = argument  # kept only for a wrapping <pre>
        elif tag == "pre":
            entity["type"] = "pre"
            if same_span and last["type"] == "code":
                language = last.pop("_language", None)
                self.entities.pop()
                if language:
                    entity["language"] = language
        elif tag == "a":
            url = argument if argument is not None else "".join(self.out[out_index:])
            user = _TG_USER.match(url.strip())
            if user:
                entity["type"] = "text_mention"
                entity["user"] = {"id": int(user.group(1)), "is_bot": False, "first_name": ""}
            else:
                checked = _check_url(url)
                if checked is None:
                    return
                entity["type"] = "text_link"
                entity["url"] = checked
        elif tag == "tg-emoji":
            entity["type"] = "custom_emoji"
            entity["custom_emoji_id"] = argument
        elif tag == "tg-time":
            entity["type"] = "date_time"
            entity["unix_time"] = int(argument or 0)
            if attrs.get("format"):
                entity["date_time_format"] = attrs["format"]
        self.entities.append(entity)


def parse_html(text: str) -> tuple[str, list[dict]]:
    """Return (plain_text, entities) or raise ParseError with Telegram's message."""
    plain, entities = _Parser(text).run()
    for entity in entities:
        entity.pop("_language", None)
    return plain, entities


# MarkdownV2: only a light check, catching the common bot bug of unescaped
# reserved characters in text that is not markup ("Hello!", "1.5", "a-b").
_MDV2_NEVER_MARKUP = "#+-=|{}.!>"
_MDV2_MARKUP = re.compile(r"\\(.)|\[([^\]]*)\]\(([^)]*)\)|(\*|__|_|~|\|\||```|`)", re.S)


def parse_markdown(text: str, version: int = 2) -> tuple[str, list[dict]]:
    """Light check of Markdown/MarkdownV2; returns text with markup stripped and no entities."""
    if version == 2:
        i = 0
        while i < len(text):
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if c == "`":  # code spans are not checked for reserved characters
                fence = "```" if text.startswith("```", i) else "`"
                close = text.find(fence, i + len(fence))
                if close < 0:
                    raise ParseError(
                        f"Can't find end of Pre entity at byte offset {len(text[:i].encode())}")
                i = close + len(fence)
                continue
            if c in _MDV2_NEVER_MARKUP and not (c == ">" and (i == 0 or text[i - 1] == "\n")):
                raise ParseError(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
            i += 1
        plain = _MDV2_MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", text)
    else:
        for mark in "*_`":
            if text.count(mark) % 2:
                offset = len(text[:text.rfind(mark)].encode())
                raise ParseError(f"Can't find end of the entity starting at byte offset {offset}")
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        plain = re.sub(r"[*_`]", "", plain)
    return plain, []


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[dict]]:
    """Dispatch on a Bot API ``parse_mode`` (already validated by the caller)."""
    if parse_mode == "HTML":
        return parse_html(text)
    if parse_mode == "MarkdownV2":
        return parse_markdown(text, 2)
    if parse_mode == "Markdown":
        return parse_markdown(text, 1)
    return text, []
