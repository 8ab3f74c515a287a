"""A seized database reveals nothing a user wrote and no Telegram id; logs carry neither."""

from __future__ import annotations

import logging
import struct
from pathlib import Path

from sqlalchemy import select

from bot.logging_setup import configure_logging
from storage.models import FsmRecord, User
from storage.repositories import UserRepository
from tests.conftest import TOKEN
from tests.e2e.test_faq import onboarded
from tests.support.screens import plain
from tests.support.telegram_client import UserClient

USER_ID = 987_654_321_012
MARKERS = ["MARKER-7f3a-seized", "Маркер-Қорғау-7f3a", "ماركېر-7f3a"]


def id_forms(telegram_id: int) -> list[bytes]:
    return [
        str(telegram_id).encode(),
        struct.pack(">q", telegram_id),
        struct.pack("<q", telegram_id),
        f"{telegram_id:x}".encode(),
    ]


async def drive_session(emulator, *, first_time: bool = True) -> None:
    user = await onboarded(emulator, USER_ID, "kk") if first_time else UserClient(emulator, USER_ID)
    for marker in MARKERS:
        await user.send_text(f"{marker} renew certificate")
        await user.send_text(f"<b>{marker}</b>")
    await user.command("/start")
    await user.press(plain("kk", "menu-faq"))
    await user.command(f"/{MARKERS[0].lower()}")


async def test_database_files_hold_no_marker_and_no_id(sqlite_file: Path, running_bot, emulator) -> None:
    await drive_session(emulator)
    app = running_bot.app

    # Positive control: the id really was stored, sealed, in the user row and in dialog state.
    async with app.sessions() as session:
        user = await session.scalar(select(User))
        assert await UserRepository(session, app.cipher, app.hasher).telegram_id(user.id) == USER_ID
        sealed_states = list(await session.scalars(select(FsmRecord)))
    assert sealed_states
    opened = [app.cipher.open_json(r.sealed, f"fsm:{r.key.hex()}") for r in sealed_states]
    assert any(str(USER_ID) in repr(state) for state in opened)

    files = [p for p in sqlite_file.parent.glob(sqlite_file.name + "*")]
    assert {p.name for p in files} >= {sqlite_file.name, sqlite_file.name + "-wal"}
    raw = b"".join(p.read_bytes() for p in files)
    for marker in MARKERS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert marker.encode(encoding) not in raw, f"{marker!r} found in {encoding}"
    for form in id_forms(USER_ID):
        assert form not in raw, f"Telegram id found as {form!r}"


async def test_logs_of_a_whole_session_hold_no_text_id_or_token(running_bot, emulator, capfd) -> None:
    configure_logging("DEBUG", [TOKEN])
    try:
        await drive_session(emulator)
        await running_bot.restart()
        await drive_session(emulator, first_time=False)
    finally:
        logging.getLogger().handlers.clear()
    logs = capfd.readouterr().err
    assert logs, "debug logging produced nothing: the check would be empty"
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
    assert str(USER_ID) not in logs
    for marker in MARKERS:
        assert marker not in logs
