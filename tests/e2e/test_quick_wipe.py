"""Quick wipe: /clear and the user's own word delete the visible chat at once and keep the data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from storage.models import Paper, PrivacySettings
from tests.e2e.test_faq import onboarded
from tests.e2e.test_papers import add_typed, open_papers
from tests.support.screens import first_line, plain
from tests.support.telegram_client import newest


async def count(app, model) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_clear_empties_the_chat_and_keeps_the_data(running_bot, emulator) -> None:
    user = await onboarded(emulator, 660000001)
    await open_papers(user)
    await add_typed(user, "refugee", date(2031, 5, 1))
    await user.send_text("renew certificate")
    other = await onboarded(emulator, 660000002)
    assert len(emulator.visible_messages(user.chat_id)) > 5

    await user.command("/clear")
    assert emulator.visible_messages(user.chat_id) == []  # both sides, the command too, nothing new
    assert emulator.visible_messages(other.chat_id)  # someone else's chat is untouched
    assert await count(running_bot.app, Paper) == 1

    menu = newest(await user.command("/start"))  # still onboarded: the menu, not the language picker
    assert first_line(menu.text) == plain("en", "menu-title")
    papers = await open_papers(user)
    assert plain("en", "papers-kind-refugee") in papers.text + " ".join(user.buttons(papers))


async def test_clear_is_in_the_command_menu_in_every_language(running_bot, emulator) -> None:
    menus = [c.params for c in emulator.calls if c.method == "setMyCommands" and c.ok]
    assert len(menus) == 4
    for menu in menus:
        assert "clear" in [command["command"] for command in menu["commands"]]

    await running_bot.restart()  # same translations, same commands: Telegram already has them
    assert len([c for c in emulator.calls if c.method == "setMyCommands"]) == 4


async def word_screen(user):
    await user.command("/privacy")
    return newest(await user.press(plain("en", "privacy-wipe-word")))


async def test_a_chosen_word_wipes_and_is_never_stored(running_bot, emulator) -> None:
    user = await onboarded(emulator, 660000003)
    screen = await word_screen(user)
    assert plain("en", "privacy-wipe-word-off") in screen.text
    assert plain("en", "privacy-wipe-word-remove") not in user.buttons(screen)
    await user.press(plain("en", "privacy-wipe-word-set"))

    # Not acceptable: a notice, nothing saved, the message gone anyway.
    await user.send_text("x")
    assert plain("en", "privacy-wipe-word-invalid") in " ".join(m.text or "" for m in user.bot_messages()[-2:])
    assert await count(running_bot.app, PrivacySettings) == 0

    sent = await user.send_text("Sunflower  Seeds")
    typed = [m for m in emulator.chat_history(user.chat_id) if not m.from_bot and m.text == "Sunflower  Seeds"]
    assert typed and typed[0].deleted, "the word does not stay on screen"
    assert plain("en", "privacy-wipe-word-on") in newest(sent).text
    async with running_bot.app.sessions() as session:
        row = await session.scalar(select(PrivacySettings))
    assert row.wipe_word_key is not None and b"sunflower" not in row.wipe_word_key.lower()

    await user.command("/menu")
    await user.send_text("renew certificate")  # other text still searches
    assert emulator.visible_messages(user.chat_id)
    await user.send_text("sunflower seeds")  # case and spacing do not matter
    assert emulator.visible_messages(user.chat_id) == []

    # Removed: the same text is an ordinary search again.
    await user.command("/start")
    screen = await word_screen(user)
    await user.press(plain("en", "privacy-wipe-word-remove"))
    assert user.callback_answer()["text"] == plain("en", "privacy-wipe-word-removed")
    await user.command("/menu")  # typed text searches from the menu (elsewhere: "use the buttons")
    results = newest(await user.send_text("sunflower seeds"))
    assert first_line(results.text) == plain("en", "faq-search-title")


async def test_the_word_of_one_user_is_only_theirs(running_bot, emulator) -> None:
    user = await onboarded(emulator, 660000004)
    await word_screen(user)
    await user.press(plain("en", "privacy-wipe-word-set"))
    await user.send_text("blue kettle")
    other = await onboarded(emulator, 660000005)
    results = newest(await other.send_text("blue kettle"))
    assert first_line(results.text) == plain("en", "faq-search-title")
    assert emulator.visible_messages(user.chat_id)
