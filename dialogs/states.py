"""Every dialog state in one place."""

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    language = State()
    notice = State()


class Language(StatesGroup):
    pick = State()


class MainMenu(StatesGroup):
    menu = State()
    help = State()


class Faq(StatesGroup):
    topics = State()
    questions = State()
    answer = State()
    search = State()


class Privacy(StatesGroup):
    overview = State()
    telegram = State()
    stored = State()
    clearing = State()


class Forget(StatesGroup):
    confirm = State()
