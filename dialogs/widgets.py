"""aiogram-dialog widgets that render Fluent messages in the user's locale."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text

from bot.context import I18nContext


def i18n_of(manager: DialogManager) -> I18nContext:
    return manager.middleware_data["i18n"]


class Tr(Text):
    """A Fluent message; keyword arguments name getter keys that become Fluent variables."""

    def __init__(self, message_id: str, when: WhenCondition = None, **args: str) -> None:
        super().__init__(when=when)
        self.message_id = message_id
        self.args = args

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return i18n_of(manager)(self.message_id, **{name: data[key] for name, key in self.args.items()})


class Screen(Text):
    """A whole message: a neutral title line (lock-screen previews show it), then the body.

    The body is a Fluent message id, or a callable building HTML from the getter data.
    """

    def __init__(self, title_id: str, *body: str | Callable[[dict[str, Any], I18nContext], str], when: WhenCondition = None) -> None:
        super().__init__(when=when)
        if not title_id.endswith("-title"):
            raise ValueError("a screen starts with a -title message")
        self.title_id = title_id
        self.body = body

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        i18n = i18n_of(manager)
        return i18n.compose(self.title_id, *(i18n(p) if isinstance(p, str) else p(data, i18n) for p in self.body))
