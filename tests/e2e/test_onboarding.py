"""Onboarding in every offered locale: language by its own name, the notice, then the menu."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.emulator.html import parse_html
from bot.i18n import first_strong_direction
from storage.models import User
from tests.e2e.test_faq import onboarded
from tests.support.screens import OFFERED, first_line, plain, translator
from tests.support.telegram_client import UserClient, newest


def test_every_required_locale_is_offered() -> None:
    assert set(OFFERED) <= set(translator().complete_locales)
    assert "kk-Arab" in translator().locales


@pytest.mark.parametrize("locale", OFFERED)
async def test_onboarding(locale: str, running_bot, emulator) -> None:
    # Telegram's interface language only preselects: here it says Chinese, as for many from Xinjiang.
    user = UserClient(emulator, 610000001, language_code="zh-hans")
    picker = newest(await user.command("/start"))
    assert first_line(picker.text) == plain("en", "language-title")
    names = [translator().native_name(code) for code in translator().complete_locales]
    assert [b.removeprefix("✓ ") for b in user.buttons(picker)] == names
    for code in translator().complete_locales:  # the prompt in every language at once
        assert plain(code, "language-prompt") in picker.text

    [notice] = await user.press(user.buttons(picker)[names.index(translator().native_name(locale))])
    assert first_line(notice.text) == plain(locale, "onboarding-title")
    assert plain(locale, "onboarding-notice").split("\n")[0] in notice.text
    assert user.buttons(notice) == [plain(locale, "onboarding-accept"), plain(locale, "onboarding-disappearing")]

    [menu] = await user.press(0)
    assert first_line(menu.text) == plain(locale, "menu-title")
    assert user.buttons(menu) == [
        plain(locale, key) for key in ("menu-faq", "menu-citizenship", "menu-steps", "menu-papers", "menu-report", "menu-privacy", "menu-language", "menu-help", "menu-forget")
    ]
    async with running_bot.app.sessions() as session:
        [stored] = (await session.scalars(select(User))).all()
    assert stored.locale == locale and stored.onboarded

    if translator().is_rtl(locale):
        await user.press(plain(locale, "menu-privacy"))
        await user.press(plain(locale, "privacy-telegram"))
        assert_right_to_left(emulator, user.chat_id)


def assert_right_to_left(emulator, chat_id: int) -> None:
    """Every line the bot sent to this chat reads right-to-left (the language picker aside)."""
    checked = 0
    for call in emulator.calls:
        if call.method in ("sendMessage", "editMessageText") and call.params.get("chat_id") == chat_id:
            if call.params["text"].startswith("<b>Tirek</b>\n\nChoose your language"):
                continue  # the multilingual picker, before a language is chosen
            shown, _ = parse_html(call.params["text"])
            for line in filter(str.strip, shown.split("\n")):
                assert first_strong_direction(line) in ("R", None), f"left-to-right line: {line!r}"
                checked += 1
    assert checked > 10


async def test_language_change_and_preselection(running_bot, emulator) -> None:
    user = UserClient(emulator, 610000002, language_code="ru")
    picker = newest(await user.command("/start"))
    assert "✓ Русский" in user.buttons(picker)  # preselected from language_code, still a choice
    await user.press("✓ Русский")
    await user.press(0)
    picker = newest(await user.command("/language"))
    [menu] = await user.press(translator().native_name("kk"))
    assert first_line(menu.text) == plain("kk", "menu-title")
    assert plain("kk", "menu-body") in menu.text


async def test_start_again_goes_to_menu_not_onboarding(running_bot, emulator) -> None:
    user = UserClient(emulator, 610000003)
    await user.command("/start")
    await user.press("✓ English")
    await user.press(0)
    menu = newest(await user.command("/start"))
    assert plain("en", "menu-body") in menu.text


async def test_commands_menu_is_neutral_in_every_language(running_bot, emulator) -> None:
    scope = {"type": "all_private_chats"}
    assert [c["command"] for c in emulator.commands(scope)] == ["start", "language", "privacy", "clear", "forget", "help"]
    for code in ("ru", "kk", "ug"):
        described = {c["command"]: c["description"] for c in emulator.commands(scope, code)}
        assert described["forget"] == plain(code, "commands-forget")


@pytest.mark.parametrize("locale", OFFERED)
async def test_help_lists_exactly_the_commands_of_the_menu(locale: str, running_bot, emulator) -> None:
    """/help is where someone without the command menu at hand learns the commands: the same ones, in the same order."""
    user = await onboarded(emulator, 610000040 + OFFERED.index(locale), locale)
    help_screen = newest(await user.command("/help"))
    assert first_line(help_screen.text) == plain(locale, "menu-help-title")
    language = "" if locale == "en" else locale
    menu = [c["command"] for c in emulator.commands({"type": "all_private_chats"}, language)]
    assert "clear" in menu
    assert re.findall(r"/([a-z_]+)", help_screen.text) == menu
