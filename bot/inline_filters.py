"""Magic filters (`F.text`, `F.chat.type == ...`) run inline instead of in a worker thread.

aiogram awaits every synchronous filter through `asyncio.to_thread`, so that a blocking check
cannot stall the event loop. A magic filter only reads attributes of the update: the hop to a
thread and back (a future, the executor's queue, a wake-up of the loop, the GIL handed over twice)
costs far more than the check, and Tirek's mix made about four such hops per update
(docs/performance.md). Other synchronous callables keep aiogram's behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram_dialog import Dialog


def run_magic_filters_inline(root: Router) -> int:
    """Make every magic filter under `root` a coroutine; returns how many were changed.

    Call once all routers (dialogs included) are attached: filters added later keep the hop."""
    changed = 0
    for filter_object in _with_inner(_filters(root)):
        if filter_object.magic is not None and not filter_object.awaitable:
            filter_object.callback = _inline(filter_object.callback)
            filter_object.awaitable = True  # params and varkw stay those of the magic filter's resolve
            changed += 1
    return changed


def _inline(resolve: Any) -> Any:
    async def resolve_inline(*args: Any, **kwargs: Any) -> Any:
        return resolve(*args, **kwargs)

    return resolve_inline


def _filters(router: Router) -> Iterator[FilterObject]:
    for observer in router.observers.values():
        handlers: list[HandlerObject] = [observer._handler, *observer.handlers]  # _handler: router-level filters
        for handler in handlers:
            yield from handler.filters or ()
    if isinstance(router, Dialog):  # a window's message inputs check their own filters
        for window in router.windows.values():
            yield from _input_filters(getattr(window, "on_message", None))
    for child in router.sub_routers:
        yield from _filters(child)


def _with_inner(filters: Iterator[FilterObject]) -> Iterator[FilterObject]:
    """The filters themselves and those inside `or_f`, `and_f` and `~`, which keep their own."""
    for filter_object in filters:
        yield filter_object
        logic = filter_object.callback
        inner = list(getattr(logic, "targets", ()))  # or_f, and_f
        if getattr(logic, "target", None) is not None:  # invert_f
            inner.append(logic.target)
        yield from _with_inner(f for f in inner if isinstance(f, FilterObject))


def _input_filters(widget: Any) -> Iterator[FilterObject]:
    """MessageInput and CombinedInput keep `filters`, TextInput one `filter`."""
    if widget is None:
        return
    yield from getattr(widget, "filters", None) or ()
    if isinstance(getattr(widget, "filter", None), FilterObject):
        yield widget.filter
    for inner in getattr(widget, "inputs", None) or ():
        yield from _input_filters(inner)
