"""Moved to bot/sensitive_words.py (the bot checks volunteers' aliases with it); kept so that
tests written against the old place still import. Import from bot.sensitive_words."""

from bot.sensitive_words import SENSITIVE_STEMS, normalize, sensitive_hits

__all__ = ["SENSITIVE_STEMS", "normalize", "sensitive_hits"]
