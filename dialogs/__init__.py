"""Guided flows (aiogram-dialog). One module per flow; states in dialogs/states.py."""

from aiogram_dialog import Dialog


def all_dialogs() -> list[Dialog]:
    from dialogs import faq, forget, language, main_menu, onboarding, privacy

    return [onboarding.dialog, language.dialog, main_menu.dialog, faq.dialog, privacy.dialog, forget.dialog]
