"""/forget: confirmation with a cancel, then every row and every deletable message is gone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.models import ChatMessage, FsmRecord, User
from tests.e2e.test_faq import onboarded
from tests.support.screens import first_line, plain
from tests.support.telegram_client import newest


async def rows(app) -> dict[str, int]:
    async with app.sessions() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (User, FsmRecord, ChatMessage)
        }


async def test_cancel_keeps_everything(running_bot, emulator) -> None:
    user = await onboarded(emulator, 630000001)
    confirm = newest(await user.command("/forget"))
    assert user.buttons(confirm) == [plain("en", "forget-confirm"), plain("en", "common-menu")]
    before = await rows(running_bot.app)
    menu = newest(await user.press(plain("en", "common-menu")))
    assert plain("en", "menu-body") in menu.text
    after = await rows(running_bot.app)
    assert after["users"] == before["users"] == 1


async def test_forget_erases_data_and_deletes_recent_messages(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 630000002)
    await user.send_text("renew certificate")
    other = await onboarded(emulator, 630000003)  # someone else's data stays
    assert (await rows(running_bot.app))["users"] == 2

    await user.command("/forget")
    done = await user.press(plain("en", "forget-confirm"))
    final = newest(done)

    visible = emulator.visible_messages(user.chat_id)
    assert [m.message_id for m in visible] == [final.message_id], "every earlier message is deleted"
    assert first_line(final.text) == plain("en", "forget-done-title")
    assert "messages were deleted" in final.text
    assert plain("en", "forget-done-remaining").split("\n")[0] in final.text
    assert final.inline_keyboard == []

    remaining = await rows(running_bot.app)
    assert remaining["users"] == 1
    async with running_bot.app.sessions() as session:
        owners = set(await session.scalars(select(FsmRecord.owner))) | set(await session.scalars(select(ChatMessage.owner)))
    assert owners == {running_bot.app.hasher.user(other.chat_id)}

    # The user can start over from nothing.
    picker = newest(await user.command("/start"))
    assert first_line(picker.text) == plain("en", "language-title")


async def test_messages_older_than_48_hours_are_not_attempted(running_bot, emulator, clock) -> None:
    user = await onboarded(emulator, 630000004)
    old_ids = [m.message_id for m in emulator.visible_messages(user.chat_id)]
    clock.advance(timedelta(hours=49))
    emulator.advance(49 * 3600)
    await user.command("/forget")
    await user.press(plain("en", "forget-confirm"))
    visible = {m.message_id for m in emulator.visible_messages(user.chat_id)}
    assert set(old_ids) <= visible  # Telegram would refuse; the bot says so instead of failing
    assert plain("en", "forget-done-remaining").split("\n")[0] in user.last_bot_message().text
