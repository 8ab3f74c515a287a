"""A thin wrapper over fluent.runtime: one bundle per locale, HTML-safe arguments, RTL lines.

Locales live in `locales/<code>/<area>.ftl`. Every message is sent with HTML parse mode, so
string arguments are escaped here, once, and translators may use Telegram's HTML tags.
Right-to-left locales get Unicode isolation around placeables (so a Latin name or a number
does not reorder the sentence) and a right-to-left mark at the start of any line that would
otherwise start left-to-right.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from babel import dates as babel_dates
from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast

logger = logging.getLogger(__name__)

SOURCE_LOCALE = "en"
RTL_LOCALES = frozenset({"ug", "kk-Arab"})
RLM = "\u200f"
# Fluent's own isolation marks; stripped from values that must stay byte-exact (URLs).
ISOLATION_MARKS = "\u2068\u2069"


def locales_root() -> Path:
    return Path(str(resources.files("locales")))


# A message starts at the beginning of a line with its identifier and "=" (Fluent's grammar:
# continuation lines are indented, terms start with "-", comments with "#").
# tests/test_locales.py checks this finds exactly the parser's messages in every file.
_MESSAGE_START = re.compile(r"^([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=", re.MULTILINE)


@lru_cache(maxsize=1024)
def parse_resource(source: str) -> ast.Resource:
    """A parsed .ftl file. Parsing is most of a bot's start-up time, and several apps in one
    process (tests, restarts) read the same files: the syntax tree is parsed once and only read."""
    return FluentParser().parse(source)


class Safe(str):
    """A string argument that is already HTML (built by our code); inserted unescaped."""


@dataclass(frozen=True)
class LocaleFiles:
    code: str
    resources: dict[str, str]  # file name -> source text

    @cached_property
    def files_of_messages(self) -> dict[str, str]:
        """Message id -> the file that defines it, found without parsing."""
        return {m.group(1): name for name, source in self.resources.items() for m in _MESSAGE_START.finditer(source)}

    @cached_property
    def message_ids(self) -> frozenset[str]:
        # Cached: get() asks on every message rendered.
        return frozenset(self.files_of_messages)


class Translator:
    def __init__(self, root: Path | None = None, *, source_locale: str = SOURCE_LOCALE) -> None:
        self.root = root or locales_root()
        self.source_locale = source_locale
        self.files: dict[str, LocaleFiles] = {}
        self._bundles: dict[str, FluentBundle] = {}
        self._file_bundles: dict[tuple[str, str], FluentBundle] = {}
        for directory in sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
            sources = {f.name: f.read_text(encoding="utf-8") for f in sorted(directory.glob("*.ftl"))}
            if not sources:
                continue
            self.files[directory.name] = LocaleFiles(directory.name, sources)
        if source_locale not in self.files:
            raise RuntimeError(f"source locale {source_locale!r} missing under {self.root}")

    # --- what exists ------------------------------------------------------------------------

    @property
    def locales(self) -> list[str]:
        return list(self.files)

    def sources_digest(self) -> str:
        """A digest of every locale's files, to tell whether what was made from them is current."""
        sources = {code: files.resources for code, files in self.files.items()}
        return hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()

    def _bundle(self, locale: str) -> FluentBundle:
        """Parsing every .ftl file was a third of a restart (bench/cold_start.py); a locale is
        parsed when it is first used, which for most locales is not before the first reply."""
        bundle = self._bundles.get(locale)
        if bundle is None:
            bundle = FluentBundle([locale, *self._fallback_chain(locale)], use_isolating=self.is_rtl(locale))
            for source in self.files[locale].resources.values():
                bundle.add_resource(parse_resource(source))
            self._bundles[locale] = bundle
        return bundle

    @cached_property
    def complete_locales(self) -> list[str]:
        """Locales that translate every message of the source locale: the only ones offered."""
        required = self.files[self.source_locale].message_ids
        ordered = [self.source_locale, *(code for code in self.files if code != self.source_locale)]
        return [code for code in ordered if required <= self.files[code].message_ids]

    def is_complete(self, locale: str) -> bool:
        return locale in self.complete_locales

    @staticmethod
    def is_rtl(locale: str) -> bool:
        return locale in RTL_LOCALES

    def has(self, locale: str, message_id: str) -> bool:
        return message_id in self.files.get(locale, self.files[self.source_locale]).message_ids

    def resolve(self, locale: str | None) -> str:
        """The best offered locale for a stored or preselected code."""
        if locale in self.complete_locales:
            return locale  # type: ignore[return-value]
        if locale:
            base = locale.split("-")[0].lower()
            if base in self.complete_locales:
                return base
        return self.source_locale

    # --- rendering --------------------------------------------------------------------------

    def _file_bundle(self, locale: str, message_id: str) -> FluentBundle | None:
        """Before a locale is parsed, a message is first tried from its own file alone: a
        language picker that shows a line of every language then parses one small file per
        language, not every locale (bench/cold_start.py). The whole locale is used when the
        message needs more (a term or a message of another file: a formatting error here)."""
        if locale in self._bundles:
            return None
        file = self.files[locale].files_of_messages.get(message_id)
        if file is None:
            return None
        bundle = self._file_bundles.get((locale, file))
        if bundle is None:
            bundle = FluentBundle([locale, *self._fallback_chain(locale)], use_isolating=self.is_rtl(locale))
            bundle.add_resource(parse_resource(self.files[locale].resources[file]))
            self._file_bundles[(locale, file)] = bundle
        return bundle

    def get(self, locale: str, message_id: str, **args: Any) -> str:
        if locale not in self.files:
            locale = self.source_locale
        if message_id not in self.files[locale].message_ids:
            locale = self.source_locale
        arguments = {key: self._prepare(value) for key, value in args.items()}
        alone = self._file_bundle(locale, message_id)
        if alone is not None:
            text, errors = alone.format_pattern(alone.get_message(message_id).value, arguments)
            if not errors:
                return self.directional(locale, text)
        bundle = self._bundle(locale)
        if not bundle.has_message(message_id):
            logger.error("missing Fluent message %s", message_id)
            return message_id
        message = bundle.get_message(message_id)
        text, errors = bundle.format_pattern(message.value, arguments)
        for error in errors:
            # Arguments are not logged: they may be user text.
            logger.error("Fluent error in %s/%s: %s", locale, message_id, type(error).__name__)
        return self.directional(locale, text)

    def attribute(self, locale: str, message_id: str, attribute: str) -> str:
        bundle = self._bundle(locale if locale in self.files else self.source_locale)
        message = bundle.get_message(message_id)
        text, _ = bundle.format_pattern(message.attributes[attribute], {})
        return text

    def native_name(self, locale: str) -> str:
        return self.get(locale, "language-native-name")

    @staticmethod
    def _prepare(value: Any) -> Any:
        if isinstance(value, Safe):
            return str(value)
        if isinstance(value, str):
            return html.escape(value, quote=False)
        return value

    def directional(self, locale: str, text: str) -> str:
        """Right-to-left locales: every line starts right-to-left, even one that opens in Latin."""
        if not self.is_rtl(locale):
            return text
        return "\n".join(RLM + line if _starts_ltr(line) else line for line in text.split("\n"))

    @staticmethod
    def _fallback_chain(locale: str) -> list[str]:
        base = locale.split("-")[0]
        return [base] if base != locale else []


def first_strong_direction(text: str) -> str | None:
    """'R' or 'L' for the first strongly directional character, skipping HTML tags."""
    inside_tag = False
    for char in text:
        if char == "<":
            inside_tag = True
        elif char == ">" and inside_tag:
            inside_tag = False
        elif not inside_tag:
            kind = unicodedata.bidirectional(char)
            if kind in ("R", "AL"):
                return "R"
            if kind == "L":
                return "L"
    return None


def _starts_ltr(line: str) -> bool:
    return first_strong_direction(line) == "L"


def format_date(locale: str, value: date) -> str:
    """A date the way the locale writes it (CLDR via Babel), e.g. 22 November 2026."""
    try:
        return babel_dates.format_date(value, format="long", locale=locale.replace("-", "_"))
    except (ValueError, LookupError):
        return value.isoformat()
