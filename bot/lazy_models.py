"""aiogram's Bot API models are built when first used, not all of them at import.

aiogram declares its types with pydantic's `defer_build`, then rebuilds every one of them at the
end of `aiogram.types` to resolve their forward references. On the machine of
docs/performance.md that bulk rebuild is 2.5 s and about 110 MB of a bare aiogram bot's 3.4 s
start and 170 MB, spent on some 300 models of which a helpline meets a few dozen. Here aiogram
is imported with that bulk rebuild turned into a no-op that keeps its namespace; each model then
builds itself on first use (pydantic's own mechanism for `defer_build`) with the namespace aiogram
would have given it. tests/test_lazy_models.py checks that every model built this way has the
schema of the eager build.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel

_AIOGRAM_TYPES = "aiogram.types."
_namespace: dict[str, Any] = {}


def import_aiogram_lazily() -> None:
    """Import aiogram with its models deferred. Too late once aiogram is imported: then it stays
    eager, which only costs time and memory."""
    if "aiogram" in sys.modules:
        return
    pydantic_rebuild = BaseModel.__dict__["model_rebuild"]
    rebuild = pydantic_rebuild.__func__

    def bulk_rebuild(cls, *, force=False, raise_errors=True, _parent_namespace_depth=2, _types_namespace=None):
        if cls.__module__.startswith(_AIOGRAM_TYPES) and _types_namespace is not None and not force:
            _namespace.update(_types_namespace)
            return None
        # Anything else rebuilt during the import behaves as usual; one frame deeper than pydantic expects.
        return rebuild(cls, force=force, raise_errors=raise_errors,
                       _parent_namespace_depth=_parent_namespace_depth + 1, _types_namespace=_types_namespace)

    BaseModel.model_rebuild = classmethod(bulk_rebuild)
    try:
        import aiogram.types
    finally:
        BaseModel.model_rebuild = pydantic_rebuild

    def first_use_rebuild(cls, *, force=False, raise_errors=True, _parent_namespace_depth=2, _types_namespace=None):
        return rebuild(cls, force=force, raise_errors=raise_errors,
                       _parent_namespace_depth=_parent_namespace_depth + 1,
                       _types_namespace=_namespace if _types_namespace is None else _types_namespace)

    from aiogram.methods.base import Response, TelegramMethod

    # Types, and the methods and responses that refer to them, find the types' names there.
    for base in (aiogram.types.TelegramObject, TelegramMethod, Response):
        base.model_rebuild = classmethod(first_use_rebuild)
