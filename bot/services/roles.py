"""Who may act as volunteer or coordinator. Checked on every update, so a revocation takes
effect at once; COORDINATOR_IDS are coordinators from the start (they bootstrap the rest)."""

from __future__ import annotations

from typing import Any

from storage.cases import COORDINATOR, VOLUNTEER, StaffEntry, StaffRepository


async def staff_of(data: dict[str, Any], telegram_id: int) -> StaffEntry | None:
    """The active staff row of this person; a configured coordinator gets one on first use."""
    staff = StaffRepository(data["session"], data["cipher"], data["hasher"])
    entry = await staff.find(telegram_id)
    if telegram_id in data["settings"].telegram.coordinator_ids:
        if entry is None or not entry.active or entry.role != COORDINATOR:
            entry = await staff.enroll(telegram_id, COORDINATOR, data["clock"]().date())
            await data["session"].commit()
        return entry
    return entry if entry is not None and entry.active else None


async def role_of(data: dict[str, Any], telegram_id: int) -> str | None:
    entry = await staff_of(data, telegram_id)
    return entry.role if entry else None


__all__ = ["COORDINATOR", "VOLUNTEER", "role_of", "staff_of"]
