"""Guided flows (aiogram-dialog). One module per flow; states in dialogs/states.py."""

from aiogram_dialog import Dialog


def all_dialogs() -> list[Dialog]:
    from dialogs import (
        citizenship,
        faq,
        forget,
        handoff,
        intent_ids,
        language,
        main_menu,
        onboarding,
        papers,
        privacy,
        report,
        steps,
    )

    intent_ids.install()

    # Built anew for each app: a router belongs to one dispatcher.
    return [m.create_dialog() for m in (onboarding, language, main_menu, faq, privacy, forget, citizenship, steps, papers,
                                           handoff, report)]
