"""Who may act as volunteer or coordinator. Checked on every update, so a revocation takes
effect at once; COORDINATOR_IDS are coordinators from the start (they bootstrap the rest)."""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.cases import COORDINATOR, VOLUNTEER, StaffEntry, StaffRepository


async def enroll_configured(staff: StaffRepository, coordinator_ids: tuple[int, ...], today: date) -> None:
    """At start: every configured coordinator has an active coordinator row (so escalations
    reach them, and a coordinator cannot revoke them: bot/routers/private/staff.py)."""
    for telegram_id in coordinator_ids:
        found = await staff.find(telegram_id)
        if found is None or not found.active or found.role != COORDINATOR:
            await staff.enroll(telegram_id, COORDINATOR, today)


async def staff_of(data: dict[str, Any], telegram_id: int) -> StaffEntry | None:
    """The active staff row of this person, read on every update."""
    entry = await StaffRepository(data["session"], data["cipher"], data["hasher"]).find(telegram_id)
    return entry if entry is not None and entry.active else None


__all__ = ["COORDINATOR", "VOLUNTEER", "enroll_configured", "staff_of"]
