# Before anything imports aiogram: its Bot API models are built on first use (bot/lazy_models.py).
from bot.lazy_models import import_aiogram_lazily

import_aiogram_lazily()
