"""docs/flows.md agrees with the dialogs: the same states, and every transition the code can take.

The diagrams are parsed from docs/flows.md (conventions at the top of that file). The code side
is read from the live objects: the `Dialog`s of `dialogs.all_dialogs()` (their windows and
keyboard widgets: `SwitchTo`, `Start`, `Back`, `Next`, `Cancel` carry their target), the
handlers those widgets call (read with `ast`: `manager.switch_to(State)`, `manager.start(State)`,
`manager.reset_stack()`/`manager.done()`, following calls into functions of `bot/` and
`dialogs/`), and the command, fallback and reminder-button routers of the private chat.

Each check returns a list of problems; the `test_*` functions run them on the real file, and the
`test_selftest_*` functions run them on a damaged copy to prove each check can fail.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
import types
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import CombinedInput
from aiogram_dialog.widgets.kbd import Back, Cancel, Next, Start, SwitchTo
from aiogram_dialog.widgets.text import Const

import dialogs.states
from bot.routers.private import commands, fallback, reminders
from dialogs import all_dialogs
from dialogs.guards import StaleButtonGuard, on_unexpected_message
from dialogs.states import Faq

FLOWS = Path(__file__).resolve().parents[1] / "docs" / "flows.md"
OUTSIDE = "[*]"  # mermaid's start/end pseudo-state
USER_CODE = ("bot.", "dialogs.")

Ref = tuple[str, str]  # (StatesGroup name, state name), e.g. ("Faq", "topics")


def ref(state: State) -> Ref:
    return state.group.__name__, state.state.rsplit(":", 1)[1]


# --- the document ------------------------------------------------------------------------------

SECTION = re.compile(r"^## (.+?)\s*$", re.M)
BLOCK = re.compile(r"^```mermaid\n(.*?)^```", re.M | re.S)
EDGE = re.compile(r"^(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)\s*(?::\s*(.*))?$")
DECLARE = re.compile(r'^state\s+"([^"]*)"\s+as\s+(\w+)$')
DESCRIBE = re.compile(r"^(\w+)\s*:\s*(.*)$")
COMMAND = re.compile(r"(?<![\w/])/([a-z_]+)\b")


@dataclass
class Diagram:
    heading: str
    kind: str  # first line of the block, "stateDiagram-v2" expected
    blocks: int
    nodes: set[str] = field(default_factory=set)
    declared: dict[str, str] = field(default_factory=dict)  # id -> label
    edges: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (from, to) -> labels
    unparsed: list[str] = field(default_factory=list)


def parse_flows(text: str) -> list[Diagram]:
    """Every `## ` section that holds a mermaid block, in document order."""
    diagrams = []
    headings = list(SECTION.finditer(text))
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        blocks = BLOCK.findall(text[heading.end() : end])
        if not blocks:
            continue
        lines = [line.strip() for line in blocks[0].splitlines()]
        diagram = Diagram(heading.group(1), lines[0] if lines else "", len(blocks))
        for line in lines[1:]:
            if not line or line.startswith("%%"):
                continue
            if m := EDGE.match(line):
                source, target, label = m.group(1), m.group(2), (m.group(3) or "").strip()
                diagram.edges.setdefault((source, target), []).append(label)
                diagram.nodes.update(n for n in (source, target) if n != OUTSIDE)
            elif m := DECLARE.match(line):
                diagram.declared[m.group(2)] = m.group(1)
                diagram.nodes.add(m.group(2))
            elif m := DESCRIBE.match(line):
                diagram.nodes.add(m.group(1))
            else:
                diagram.unparsed.append(line)
        diagrams.append(diagram)
    return diagrams


def node(group: str, target: Ref | None) -> str:
    """How a target is written in the diagram of `group`."""
    if target is None:
        return OUTSIDE
    return target[1] if target[0] == group else f"{target[0]}_{target[1]}"


# --- the code ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    kind: str  # "switch", "start" or "end"
    target: Ref | None = None


END = Move("end")


@dataclass
class Code:
    groups: dict[str, list[str]]  # StatesGroup name -> its state names, in order
    windows: list[Ref]
    buttons: set[tuple[Ref, Move]]  # (window, move) for transition widgets
    handlers: dict[Callable, tuple[list[Ref], set[Move]]]  # handler -> (windows using it, moves)
    commands: dict[str, tuple[set[Ref], set[Ref]]]  # command -> (started in its handler, reachable)
    fallback: set[Ref]  # started by the fallback router (no dialog open)
    unguarded: list[Ref] = field(default_factory=list)  # windows not built with guards.screen()

    def is_global(self, handler: Callable) -> bool:
        """A handler every window has (the guards of dialogs/guards.py `screen()`)."""
        return set(self.handlers[handler][0]) == set(self.windows)

    def started(self) -> set[Ref]:
        found = {m.target for _, m in self.buttons if m.kind == "start"}
        found |= {m.target for _, moves in self.handlers.values() for m in moves if m.kind == "start"}
        found |= {t for _, reachable in self.commands.values() for t in reachable}
        return found | self.fallback

    def possible_edges(self) -> set[tuple[Ref, Move]]:
        edges = set(self.buttons)
        for windows, moves in self.handlers.values():
            edges |= {(w, m) for w in windows for m in moves if fits(w, m)}
        return edges


def fits(window: Ref, move: Move) -> bool:
    """switch_to only moves within the current dialog (aiogram-dialog refuses other groups)."""
    return move.kind != "switch" or move.target[0] == window[0]


def states_groups() -> dict[str, list[str]]:
    return {
        name: [ref(s)[1] for s in value.__states__]
        for name, value in vars(dialogs.states).items()
        if isinstance(value, type) and issubclass(value, StatesGroup) and value is not StatesGroup
    }


def widgets(widget) -> list:
    found = [widget]
    for child in getattr(widget, "buttons", None) or ():
        found += widgets(child)
    for child in getattr(widget, "inputs", None) or ():  # a window's own inputs, then screen()'s guard
        found += widgets(child)
    return found


def catch_all_of(window) -> object:
    """The handler of the window's last message input: screen() puts its guard there."""
    last = window.on_message.inputs[-1] if isinstance(window.on_message, CombinedInput) else window.on_message
    return getattr(getattr(last, "func", None), "callback", None)


def widget_move(widget, order: list[Ref], here: Ref) -> Move | None:
    if isinstance(widget, (SwitchTo, Start)):
        return Move("switch" if isinstance(widget, SwitchTo) else "start", ref(widget.state))
    if isinstance(widget, (Back, Next)):
        position = order.index(here) + (-1 if isinstance(widget, Back) else 1)
        return Move("switch", order[position])
    if isinstance(widget, Cancel):
        return END
    return None


def is_user_function(value: object) -> bool:
    return inspect.isfunction(value) and value.__module__.startswith(USER_CODE)


def widget_handlers(widget) -> list[Callable]:
    """User functions a widget calls: on_click, user_on_click, MessageInput's func, ..."""
    found = []
    for value in vars(widget).values():
        callback = getattr(value, "callback", None)
        if is_user_function(callback):
            found.append(callback)
    return found


def _names(func: Callable, tree: ast.AST) -> dict[str, object]:
    names = dict(func.__globals__)
    names.update(inspect.getclosurevars(func).nonlocals)
    for statement in ast.walk(tree):  # imports inside the function body
        if isinstance(statement, ast.ImportFrom) and statement.module and statement.level == 0:
            module = importlib.import_module(statement.module)
            names.update({a.asname or a.name: getattr(module, a.name) for a in statement.names})
    return names


def _state_argument(call: ast.Call, names: dict[str, object]) -> Ref | None:
    arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "state"), None)
    if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
        group = names.get(arg.value.id)
        if isinstance(group, type) and issubclass(group, StatesGroup):
            return ref(getattr(group, arg.attr))
    return None


def _callee(call: ast.Call, names: dict[str, object]) -> object:
    target = call.func
    if isinstance(target, ast.Name):
        return names.get(target.id)
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        owner = names.get(target.value.id)
        if isinstance(owner, types.ModuleType):
            return getattr(owner, target.attr, None)
    return None


def moves_of(func: Callable, *, follow: bool = True, _seen: set | None = None) -> set[Move]:
    """The transitions a handler can make, read from its source (and its callees' if `follow`)."""
    seen = set() if _seen is None else _seen
    if func in seen:
        return set()
    seen.add(func)
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    names = _names(func, tree)
    found: set[Move] = set()
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        method = call.func.attr if isinstance(call.func, ast.Attribute) else None
        on_manager = method is not None and ast.unparse(call.func.value).endswith("manager")
        if method in ("switch_to", "start"):
            target = _state_argument(call, names)
            if target is not None:
                found.add(Move("switch" if method == "switch_to" else "start", target))
            elif on_manager:
                raise AssertionError(f"{func.__qualname__}: cannot read the state of {ast.unparse(call)}")
        elif method in ("reset_stack", "done") and on_manager:
            found.add(END)
        elif follow and is_user_function(callee := _callee(call, names)):
            found |= moves_of(callee, follow=True, _seen=seen)
    return found


def read_code(dialog_list: list | None = None) -> Code:
    windows: list[Ref] = []
    buttons: set[tuple[Ref, Move]] = set()
    uses: dict[Callable, list[Ref]] = {}
    unguarded: list[Ref] = []
    for dialog in all_dialogs() if dialog_list is None else dialog_list:
        order = [ref(s) for s in dialog.windows]
        for state, window in dialog.windows.items():
            here = ref(state)
            windows.append(here)
            last = widgets(window.keyboard)[-1]  # a screen()'s guard is the last keyboard widget
            catch_all = catch_all_of(window)
            if not isinstance(last, StaleButtonGuard) or catch_all is not on_unexpected_message:
                unguarded.append(here)
            inputs = widgets(window.on_message) if window.on_message is not None else []
            for widget in (w for w in widgets(window.keyboard) + inputs if w is not None):
                if (move := widget_move(widget, order, here)) is not None:
                    buttons.add((here, move))
                for handler in widget_handlers(widget):
                    uses.setdefault(handler, []).append(here)
        for hook in (dialog.on_start, dialog.on_close, dialog.on_process_result):
            assert hook is None, "dialog hooks can move too: teach tests/test_flow_docs.py to read them"
    handlers = {h: (w, moves_of(h)) for h, w in uses.items()}

    command_moves: dict[str, tuple[set[Ref], set[Ref]]] = {}
    for handler in commands.create_router().message.handlers:
        direct = {m.target for m in moves_of(handler.callback, follow=False) if m.kind == "start"}
        reachable = {m.target for m in moves_of(handler.callback) if m.kind == "start"}
        for name in (c for f in handler.filters or () for c in getattr(f.callback, "commands", ())):
            command_moves[name] = (direct, reachable)

    outside: set[Ref] = set()
    # Started from outside any dialog: the fallback router, and the buttons of reminder messages.
    for observer in [*fallback.create_router().observers.values(), *reminders.create_router().observers.values()]:
        for handler in observer.handlers:
            outside |= {m.target for m in moves_of(handler.callback) if m.kind == "start"}
    return Code(states_groups(), windows, buttons, handlers, command_moves, outside, unguarded)


# --- checks ------------------------------------------------------------------------------------


def check_guards(diagrams: list[Diagram], code: Code) -> list[str]:
    """flows.md says every window has the guards of dialogs/guards.py screen(); so must the code."""
    return [f"{group}.{state}: not built with dialogs/guards.py screen() (guards missing)"
            for group, state in code.unguarded]


def check_sections(diagrams: list[Diagram], code: Code) -> list[str]:
    problems = [f"## {d.heading}: the block starts with {d.kind!r}, not 'stateDiagram-v2'"
                for d in diagrams if d.kind != "stateDiagram-v2"]
    problems += [f"## {d.heading}: {d.blocks} mermaid blocks; one per dialog" for d in diagrams if d.blocks != 1]
    problems += [f"## {d.heading}: unreadable line {line!r}" for d in diagrams for line in d.unparsed]
    headings = [d.heading for d in diagrams]
    if headings != list(code.groups):
        problems.append(f"diagram sections {headings} != StatesGroups of dialogs/states.py {list(code.groups)}")
    return problems


def check_states(diagrams: list[Diagram], code: Code) -> list[str]:
    problems = []
    for diagram in diagrams:
        group = diagram.heading
        own = set(code.groups.get(group, ()))
        drawn = set()
        for name in sorted(diagram.nodes):
            if name in own:
                drawn.add(name)
                continue
            other, _, state = name.partition("_")
            if other == group or other not in code.groups or state not in code.groups[other]:
                problems.append(f"## {group}: {name!r} is neither a {group} state nor Group_state of another group")
            elif diagram.declared.get(name) != f"{other}.{state}":
                problems.append(f'## {group}: declare it as state "{other}.{state}" as {name}')
        if drawn != own:
            problems.append(f"## {group}: states drawn {sorted(drawn)} != states in code {sorted(own)}")
    return problems


def _diagram(diagrams: list[Diagram], group: str) -> Diagram:
    return next((d for d in diagrams if d.heading == group), Diagram(group, "", 0))


def _has_edge(diagrams: list[Diagram], window: Ref, move: Move) -> bool:
    return (window[1], node(window[0], move.target)) in _diagram(diagrams, window[0]).edges


def _describe(window: Ref, move: Move) -> str:
    return f"## {window[0]}: {window[1]} --> {node(window[0], move.target)}"


def check_buttons(diagrams: list[Diagram], code: Code) -> list[str]:
    return [f"{_describe(w, m)} (a {m.kind} button) is missing"
            for w, m in sorted(code.buttons, key=str) if not _has_edge(diagrams, w, m)]


def check_handlers(diagrams: list[Diagram], code: Code) -> list[str]:
    """Each handler move is drawn from a window that uses it; each such window draws one of them.

    A handler's moves can depend on where it runs (on_language_chosen stays in onboarding but
    opens the menu from /language), so not every window needs every move. Handlers every window
    has (the guards) are drawn once, as the entries they start.
    """
    problems = []
    for handler, (windows, moves) in code.handlers.items():
        if not moves or code.is_global(handler):
            continue
        name = handler.__qualname__
        for move in sorted(moves, key=str):
            sources = [w for w in windows if fits(w, move)]
            if not sources:
                problems.append(f"{name}: switch_to {move.target} leaves its dialog; use start")
            elif not any(_has_edge(diagrams, w, move) for w in sources):
                problems.append(f"{_describe(sources[0], move)} ({name}) is missing")
        for window in windows:
            options = [m for m in moves if fits(window, m)]
            if options and not any(_has_edge(diagrams, window, m) for m in options):
                problems.append(f"## {window[0]}: no edge from {window[1]} for {name} "
                                f"(one of {sorted(node(window[0], m.target) for m in options)})")
    return problems


def _entries(diagrams: list[Diagram], target: Ref) -> list[str]:
    return _diagram(diagrams, target[0]).edges.get((OUTSIDE, target[1]), [])


def check_entries(diagrams: list[Diagram], code: Code) -> list[str]:
    problems = [f"## {t[0]}: [*] --> {t[1]} is missing (the state is started from outside its dialog)"
                for t in sorted(code.started()) if not _entries(diagrams, t)]
    documented: dict[str, set[Ref]] = {}
    for diagram in diagrams:
        for (source, target), labels in diagram.edges.items():
            if source == OUTSIDE and target != OUTSIDE:
                for command in {c for label in labels for c in COMMAND.findall(label)}:
                    documented.setdefault(command, set()).add((diagram.heading, target))
    for command, (direct, reachable) in sorted(code.commands.items()):
        named = documented.pop(command, set())
        if not named and reachable:  # a command that opens no dialog (/clear) has no entry to draw
            problems.append(f"/{command} is named in no [*] --> entry")
        problems += [f"## {t[0]}: the [*] --> {t[1]} label must name /{command}" for t in sorted(direct - named)]
        problems += [f"## {t[0]}: /{command} cannot start {t[1]}" for t in sorted(named - reachable)]
    problems += [f"/{command} in an entry label is not a command of the private router" for command in documented]
    return problems


def check_no_invented_edges(diagrams: list[Diagram], code: Code) -> list[str]:
    possible = {(w, node(w[0], m.target)) for w, m in code.possible_edges()}
    started = {(t[0], t[1]) for t in code.started()}
    problems = []
    for diagram in diagrams:
        group = diagram.heading
        for source, target in diagram.edges:
            if source == target:
                continue  # a re-render in place: documentation only
            if source == OUTSIDE:
                if (group, target) not in started:
                    problems.append(f"## {group}: [*] --> {target}, but nothing starts {group}.{target}")
            elif ((group, source), target) not in possible:
                problems.append(f"## {group}: {source} --> {target} is not a transition in the code")
    return problems


CHECKS = (
    check_guards, check_sections, check_states, check_buttons, check_handlers, check_entries,
    check_no_invented_edges,
)


# --- tests -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def code() -> Code:
    return read_code()


@pytest.fixture(scope="module")
def diagrams() -> list[Diagram]:
    return parse_flows(FLOWS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_flows_match_the_code(check, diagrams: list[Diagram], code: Code) -> None:
    problems = check(diagrams, code)
    assert not problems, "docs/flows.md disagrees with dialogs/:\n" + "\n".join(problems)


def test_the_code_is_read(code: Code) -> None:
    """Guards against a reader that silently finds nothing."""
    assert ("Faq", "topics") in code.windows and len(code.windows) == sum(map(len, code.groups.values()))
    assert (("Faq", "questions"), Move("switch", ("Faq", "topics"))) in code.buttons
    on_item = next(h for h in code.handlers if h.__name__ == "on_item")
    assert code.handlers[on_item][1] == {Move("switch", ("Faq", "answer"))}
    guards = [moves for h, (_, moves) in code.handlers.items() if code.is_global(h)]
    assert any(Move("start", ("Faq", "search")) in moves for moves in guards)
    assert code.commands["help"][0] == {("MainMenu", "help")}
    assert ("Onboarding", "language") in code.commands["start"][1]


# --- self-tests: each check fails on a damaged copy ------------------------------------------


def _without(diagrams: list[Diagram], group: str, edge: tuple[str, str]) -> list[Diagram]:
    damaged = []
    for d in diagrams:
        if d.heading == group:
            d = replace(d, edges={e: labels for e, labels in d.edges.items() if e != edge})
            d.nodes = {n for e in d.edges for n in e if n != OUTSIDE} | set(d.declared)
        damaged.append(d)
    return damaged


def test_selftest_a_removed_button_edge_is_reported(diagrams, code) -> None:
    damaged = _without(diagrams, "Faq", ("questions", "topics"))
    assert any("questions --> topics" in p for p in check_buttons(damaged, code))


def test_selftest_a_removed_handler_edge_is_reported(diagrams, code) -> None:
    damaged = _without(diagrams, "Faq", ("search", "answer"))
    assert any("search" in p and "on_item" in p for p in check_handlers(damaged, code))


def test_selftest_a_removed_entry_or_command_is_reported(diagrams, code) -> None:
    damaged = _without(diagrams, "Faq", (OUTSIDE, "search"))
    assert any("[*] --> search is missing" in p for p in check_entries(damaged, code))
    relabelled = [
        replace(d, edges={e: [lbl.replace("/help", "/hepl") for lbl in labels] for e, labels in d.edges.items()})
        for d in diagrams
    ]
    problems = check_entries(relabelled, code)
    assert any("must name /help" in p for p in problems) and any("/hepl" in p for p in problems)


def test_selftest_a_missing_or_unknown_state_is_reported(diagrams, code) -> None:
    damaged = _without(diagrams, "Forget", ("confirm", OUTSIDE))
    damaged = _without(damaged, "Forget", (OUTSIDE, "confirm"))
    damaged = _without(damaged, "Forget", ("confirm", "MainMenu_menu"))
    assert any("states drawn" in p for p in check_states(damaged, code))
    extra = parse_flows("## Faq\n```mermaid\nstateDiagram-v2\n    topics --> sideways\n```\n")
    assert any("'sideways'" in p for p in check_states(extra, code))


def test_selftest_an_invented_edge_is_reported(diagrams, code) -> None:
    invented = parse_flows("## Faq\n```mermaid\nstateDiagram-v2\n    topics --> answer : nope\n"
                           "    [*] --> answer\n```\n")
    problems = check_no_invented_edges(invented, code)
    assert any("topics --> answer" in p for p in problems)
    assert any("[*] --> answer" in p for p in problems)


def test_selftest_an_unguarded_window_is_reported(diagrams) -> None:
    bare = Dialog(
        Window(Const("t"), SwitchTo(Const("b"), id="b", state=Faq.questions), state=Faq.topics),
        Window(Const("t"), state=Faq.questions),
    )
    code = read_code([bare])
    assert code.unguarded == [("Faq", "topics"), ("Faq", "questions")]
    assert check_guards(diagrams, code) == [
        "Faq.topics: not built with dialogs/guards.py screen() (guards missing)",
        "Faq.questions: not built with dialogs/guards.py screen() (guards missing)",
    ]


def test_selftest_section_problems_are_reported(code) -> None:
    wrong = parse_flows("## Faq\n```mermaid\nflowchart TD\n    topics -> x\n```\n")
    problems = check_sections(wrong, code)
    assert any("flowchart TD" in p for p in problems) and any("unreadable" in p for p in problems)
    assert any("!= StatesGroups" in p for p in problems)
