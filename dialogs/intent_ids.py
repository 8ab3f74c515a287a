"""Unique ids for aiogram-dialog's intents (each opened screen), which travel in callback data.

aiogram-dialog's default id is the current second plus one of 100 random values, so two screens
opened within the same second get the same id one time in a hundred. The dialog then takes the
new screen for the old one: it shows it twice (Telegram rejects the second, identical edit) and
can lose the new screen's state. Eight random characters from the same alphabet (62**8 values)
keep callback data short and make a collision practically impossible.
"""

from __future__ import annotations

import secrets
import string

from aiogram_dialog.api.entities import stack

ALPHABET = string.digits + string.ascii_letters
LENGTH = 8


def unique_intent_id() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def install() -> None:
    # Stack.push looks the function up in its module at call time.
    stack.new_id = unique_intent_id
