"""Every dialog state in one place."""

from aiogram.fsm.state import State, StatesGroup


class Onboarding(StatesGroup):
    language = State()
    notice = State()
    disappearing = State()


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
    wipe = State()
    wipe_word = State()
    disappearing = State()
    announcements = State()


class Forget(StatesGroup):
    confirm = State()


class Citizenship(StatesGroup):
    intro = State()
    kz = State()
    cn_passport = State()
    hukou = State()
    kandas = State()
    residence = State()
    travel = State()
    told_return = State()
    penalty = State()
    summary = State()
    m62_other = State()
    m62_lives = State()
    m62_result = State()


class Steps(StatesGroup):
    overview = State()
    step = State()
    clear = State()


class Papers(StatesGroup):
    list = State()
    kind = State()
    date = State()
    place = State()
    confirm = State()
    view = State()
    guide = State()
    urgent = State()
    delete = State()
    settings = State()


class Handoff(StatesGroup):
    intro = State()
    chat = State()
    duress = State()
class Report(StatesGroup):
    intro = State()
    danger = State()
    safety = State()
    what = State()
    when = State()
    where = State()
    channel = State()
    who = State()
    demand = State()
    relatives = State()
    evidence = State()
    consent = State()
    done = State()
    list = State()
    view = State()
    delete = State()
    guide = State()
