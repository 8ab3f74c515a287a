"""Per-update objects handed to handlers and dialog widgets through middleware data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.i18n import Translator


@dataclass
class I18nContext:
    """The user's locale for this update; mutable so a language change re-renders at once."""

    translator: Translator
    locale: str

    def __call__(self, message_id: str, **args: Any) -> str:
        return self.translator.get(self.locale, message_id, **args)

    @property
    def rtl(self) -> bool:
        return self.translator.is_rtl(self.locale)

    def compose(self, title_id: str, *parts: str) -> str:
        """A whole message: a neutral title (lock-screen previews show the first line), then parts.

        Parts are HTML already (rendered messages or escaped text); empty parts are skipped.
        """
        if not title_id.endswith("-title"):
            raise ValueError("a message starts with a -title message")
        text = "\n\n".join([f"<b>{self(title_id)}</b>", *(part for part in parts if part)])
        return self.translator.directional(self.locale, text)


@dataclass
class AfterUpdate:
    """Work that must run after every handler and dialog has saved its state (e.g. erasure)."""

    actions: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def add(self, action: Callable[[], Awaitable[None]]) -> None:
        self.actions.append(action)
