"""Export the FAQ as a CSV document; import it back (checked whole, summary, then confirm)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import I18nContext
from bot.routers.coordinators.common import Co, button, keyboard, say
from bot.routers.coordinators.faq import service
from bot.services.faq_csv import MAX_BYTES, MAX_SHOWN_ERRORS, Change, export_csv, parse_import
from storage.faq_admin import FaqAdminRepository, ItemState


async def current_states(repo: FaqAdminRepository) -> dict[int, ItemState]:
    return {s.id: await repo.state(s.id) for s in await repo.summaries()}


async def export(callback: CallbackQuery, i18n: I18nContext, **data: Any) -> None:
    repo = FaqAdminRepository(data["session"])
    states = await current_states(repo)
    content = export_csv(list(states.items()), await repo.topics(), data["translator"].complete_locales)
    await callback.answer()
    stamp = data["clock"]().date().isoformat()
    await callback.message.bot.send_document(
        callback.message.chat.id, BufferedInputFile(content, filename=f"faq-{stamp}.csv"),
        caption=i18n.compose("coordinator-title", i18n("coordinator-export-caption")))


async def on_document(message: Message, i18n: I18nContext, state: FSMContext, **data: Any) -> None:
    document = message.document
    if document.file_size is None or document.file_size > MAX_BYTES:
        # Checked before downloading: a large file is refused without being fetched.
        await refuse(message, i18n, [i18n("coordinator-import-error-size", limit="10 MB")])
        return
    content = (await message.bot.download(document)).read()
    repo = FaqAdminRepository(data["session"])
    changes, problems = parse_import(content, await current_states(repo), await repo.topics(),
                                     data["translator"].complete_locales)
    if problems:
        lines = [_problem_line(i18n, p.row, p.code, p.args) for p in problems[:MAX_SHOWN_ERRORS]]
        if len(problems) > MAX_SHOWN_ERRORS:
            lines.append(i18n("coordinator-import-more", count=str(len(problems) - MAX_SHOWN_ERRORS)))
        await refuse(message, i18n, lines)
        return
    if not changes:
        await say(message, i18n, i18n("coordinator-import-nothing"))
        return
    await state.set_state(None)
    await state.set_data({"import": [{"item_id": c.item_id, "state": c.state} for c in changes]})
    await say(message, i18n, i18n("coordinator-import-summary"), summary(i18n, changes), markup=keyboard(
        [button(i18n("coordinator-import-apply"), "import_ok"), button(i18n("coordinator-cancel"), "import_no")]))


def summary(i18n: I18nContext, changes: list[Change]) -> str:
    lines = []
    for change in changes[:40]:
        parts = [", ".join(change.locales)] if change.locales else []
        if change.details:
            parts.append(i18n("coordinator-import-details"))
        mark = i18n("coordinator-import-new") if change.item_id is None else ""
        lines.append(f"• <b>{change.slug}</b> {mark}: {'; '.join(parts)}".replace(" :", ":"))
    if len(changes) > 40:
        lines.append(i18n("coordinator-import-more", count=str(len(changes) - 40)))
    return "\n".join(lines)


def _problem_line(i18n: I18nContext, row: int, code: str, args: dict[str, str]) -> str:
    text = i18n(f"coordinator-import-error-{code}", **args)
    return i18n("coordinator-import-row", row=str(row), problem=text) if row else text


async def refuse(message: Message, i18n: I18nContext, lines: list[str]) -> None:
    await say(message, i18n, i18n("coordinator-import-refused"), "\n".join(f"• {line}" for line in lines))


async def on_button(callback: CallbackQuery, callback_data: Co, i18n: I18nContext, state: FSMContext,
                    **data: Any) -> None:
    if callback_data.a == "export":
        await export(callback, i18n, **data)
        return
    if callback_data.a == "import":
        await say(callback, i18n, i18n("coordinator-import-help"))
        return
    pending = (await state.get_data()).get("import")
    await state.clear()
    if pending is None:
        await say(callback, i18n, i18n("coordinator-import-expired"))
        return
    if callback_data.a == "import_no":
        await say(callback, i18n, i18n("coordinator-discarded"))
        return
    admin = await service(data, callback)
    for change in pending:
        await admin.stage(change["item_id"], "import", change["state"])
    await data["session"].commit()
    await admin.rebuild_index()
    await say(callback, i18n, i18n("coordinator-import-applied", count=str(len(pending))))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_document, F.document)
    router.callback_query.register(on_button, Co.filter(F.a.in_(("export", "import", "import_ok", "import_no"))))
    return router
