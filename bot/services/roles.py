"""Who someone is to the helpline: a coordinator, a volunteer, or (None) a user like any other."""

from __future__ import annotations

from storage.cases import COORDINATOR, VOLUNTEER, StaffRepository


async def role_of(data: dict, telegram_id: int) -> str | None:
    """The role from COORDINATOR_IDS or an active staff row; `data` is the middleware data."""
    if telegram_id in data["settings"].telegram.coordinator_ids:
        return COORDINATOR
    staff = await StaffRepository(data["session"], data["cipher"], data["hasher"]).find(telegram_id)
    if staff is None or not staff.active:
        return None
    return staff.role if staff.role in (COORDINATOR, VOLUNTEER) else None
