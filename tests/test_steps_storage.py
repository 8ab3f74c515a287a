""""My steps" storage: migration 0003 both ways, sealed code and status bound to their row, the
service's rules, and deletion with the user."""

from __future__ import annotations

import base64
import os
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from bot.services.steps import StepsService
from storage.crypto import Cipher, DecryptionError, IdHasher
from storage.db import create_session_factory
from storage.migrations import downgrade, upgrade
from storage.models import UserStep
from storage.repositories import UserRepository
from storage.sealed import USER_STEP
from storage.steps import StepRepository
from tests.conftest import table_names as tables

CIPHER = Cipher([("k1", os.urandom(32))])
HASHER = IdHasher(base64.urlsafe_b64decode(base64.urlsafe_b64encode(os.urandom(32))))


def clock() -> datetime:
    return datetime(2026, 11, 22, 12, tzinfo=UTC)


async def make_users(sessions, *tg_ids: int) -> list[int]:
    async with sessions() as session:
        users = UserRepository(session, CIPHER, HASHER)
        ids = [(await users.get_or_create(tg, date(2026, 11, 22))).id for tg in tg_ids]
        await session.commit()
    return ids


async def test_migration_0003_down_and_up(engine) -> None:
    assert "user_steps" in await tables(engine)
    await downgrade(engine, "0002")
    after = await tables(engine)
    assert "user_steps" not in after and "users" in after
    await upgrade(engine)
    assert "user_steps" in await tables(engine)


async def test_steps_are_sealed_bound_to_their_row_and_go_with_the_user(engine) -> None:
    sessions = create_session_factory(engine)
    alice, bob = await make_users(sessions, 7100000001, 7100000002)
    async with sessions() as session:
        service = StepsService(session, CIPHER, clock)
        assert await service.save(alice, ["keep-papers", "renunciation", "not-a-step", "keep-papers"]) == 2
        assert await service.save(alice, ["keep-papers", "hukou-proof"]) == 1  # kept ones keep their status
        assert await service.save(bob, ["keep-papers"]) == 1
        assert await service.set_status(alice, "renunciation", "stuck")
        assert not await service.set_status(alice, "renunciation", "lost")  # not a status
        assert not await service.set_status(alice, "asylum-papers", "done")  # not in the list
        assert not await service.set_status(bob, "renunciation", "done")  # someone else's
        steps = await service.steps(alice)
    assert [(s.code, s.status) for s in steps] == [("keep-papers", "todo"), ("renunciation", "stuck"), ("hukou-proof", "todo")]
    assert USER_STEP.context({"id": 5, "user_id": 9}) == "user_steps:5:9"

    async with sessions() as session:  # a ciphertext moved to another row does not open
        rows = (await session.scalars(select(UserStep).order_by(UserStep.id))).all()
        await session.execute(update(UserStep).where(UserStep.id == rows[0].id).values(sealed=rows[1].sealed))
        await session.commit()
    async with sessions() as session:
        with pytest.raises(DecryptionError):
            await StepRepository(session, CIPHER).list(alice)

    async with sessions() as session:  # erasure deletes the user's steps, and only theirs
        await StepRepository(session, CIPHER).delete_for_tg_key(HASHER.user(7100000001))
        await UserRepository(session, CIPHER, HASHER).delete(HASHER.user(7100000001))
        await session.commit()
        owners = set(await session.scalars(select(UserStep.user_id)))
    assert owners == {bob}


async def test_clear_deletes_the_list(engine) -> None:
    sessions = create_session_factory(engine)
    [user] = await make_users(sessions, 7100000003)
    async with sessions() as session:
        service = StepsService(session, CIPHER, clock)
        await service.save(user, ["keep-papers", "asylum-papers"])
        await service.clear(user)
        assert await service.steps(user) == []
