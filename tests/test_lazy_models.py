"""aiogram's models, built on first use (bot/lazy_models.py), are the models aiogram builds."""

from __future__ import annotations

import json
import subprocess
import sys

# Prints, for every model in aiogram.types and aiogram.methods, its JSON schema or the error building it.
SCHEMAS = r"""
import json, sys
if sys.argv[1] == "lazy":
    import bot  # noqa: F401  (imports aiogram with deferred models)
import aiogram.methods, aiogram.types
from pydantic import BaseModel
untouched = [name for name in aiogram.types.__all__
             if isinstance(getattr(aiogram.types, name), type) and issubclass(getattr(aiogram.types, name), BaseModel)
             and getattr(aiogram.types, name).__pydantic_complete__]
out = {"complete_before_use": len(untouched), "schemas": {}}
for module in (aiogram.methods, aiogram.types):  # methods first: they must build with no type built yet
    for name in module.__all__:
        model = getattr(module, name)
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or model.__pydantic_generic_metadata__["parameters"]:
            continue
        try:
            out["schemas"][f"{module.__name__}.{name}"] = model.model_json_schema()
        except Exception as error:  # the same error in both builds is the same behaviour
            out["schemas"][f"{module.__name__}.{name}"] = f"{type(error).__name__}: {error}"
print(json.dumps(out, sort_keys=True))
"""


def schemas(mode: str) -> dict:
    result = subprocess.run([sys.executable, "-c", SCHEMAS, mode], capture_output=True, text=True, check=True, timeout=300)
    return json.loads(result.stdout)


def test_every_model_built_on_first_use_matches_the_eager_build():
    lazy, eager = schemas("lazy"), schemas("eager")
    assert eager["complete_before_use"] > 200  # aiogram builds its types at import...
    assert lazy["complete_before_use"] < 20  # ...and here they wait for their first use
    assert len(lazy["schemas"]) > 400
    assert lazy["schemas"].keys() == eager["schemas"].keys()
    differing = [name for name in lazy["schemas"] if lazy["schemas"][name] != eager["schemas"][name]]
    assert differing == []


def test_a_deferred_model_parses_and_serializes_nested_models():
    code = r"""
import bot
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
update = Update.model_validate({"update_id": 7, "message": {"message_id": 1, "date": 0, "text": "hi",
    "chat": {"id": 5, "type": "private"}, "from": {"id": 5, "is_bot": False, "first_name": "A"},
    "reply_to_message": {"message_id": 0, "date": 0, "chat": {"id": 5, "type": "private"}}}})
assert isinstance(update.message.reply_to_message, Message) and update.message.chat.id == 5
markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="a", callback_data="b")]])
dumped = SendMessage(chat_id=5, text="x", reply_markup=markup).model_dump(exclude_none=True)
assert dumped["reply_markup"] == {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}, dumped
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr
