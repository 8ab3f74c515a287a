"""The sandbox as a newcomer meets it: `tirek run` without a token, typed into from a terminal."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SESSION = "\n".join(["/start", "1", "1", "1", ":sticker", "how do I renew my certificate", "/quit"]) + "\n"


def run_cli(args: list[str], cwd: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL", "ENCRYPTION_KEYS", "ID_PEPPER")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("args", [["run"], ["sandbox"]])
def test_sandbox_session_from_the_terminal(args: list[str], tmp_path: Path) -> None:
    result = run_cli(args, tmp_path, SESSION)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] ✓ English" in out and "ئۇيغۇرچە" in out  # language picker, names in own scripts
    assert "Welcome to Tirek" in out
    assert "[1] Questions and answers" in out
    assert "Renewing your papers" in out
    assert "I can only read text messages here" in out
    assert "How long is my asylum-seeker certificate valid" in out
    assert "Traceback" not in result.stderr
    if args == ["run"]:
        assert "BOT_TOKEN is not set: starting the local sandbox" in result.stderr
    # Its own database and generated keys, under ./data, the keys readable by the owner only.
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert (tmp_path / "data" / "keys.env").stat().st_mode & 0o077 == 0


HANDOFF = [
    "/start", "1", "1", "6", "1", "I need help with my papers",  # English, welcome, menu, talk to a volunteer
    ":as volunteer", ":group", "1", "hello, I am here to help",  # in the case's topic: take it, reply
    ":as user", "thank you", ":as coordinator", ":group", "/note checked", "/quit",
]
PROMPT = re.compile(r"^(user|volunteer|coordinator)(@\S+)?> (.*)$")


def steps(transcript: str) -> list[tuple[str, str, list[str]]]:
    """(prompt, typed line, what was printed until the next prompt) for each line typed."""
    found: list[tuple[str, str, list[str]]] = []
    for line in transcript.splitlines():
        match = PROMPT.match(line)
        if match and match[3]:  # a bare prompt: reprinted after a late message, nothing typed
            found.append((line[: len(line) - len(match[3])], match[3], []))
        elif found and not match:
            found[-1][2].append(line)
    return found


def test_sandbox_user_volunteer_and_coordinator_in_one_terminal(tmp_path: Path) -> None:
    result = run_cli(["sandbox"], tmp_path, "\n".join(HANDOFF) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    done = steps(result.stdout)
    assert [typed for _, typed, _ in done] == HANDOFF
    said = {i: "\n".join(out) for i, (_, _, out) in enumerate(done)}
    prompts = [prompt for prompt, _, _ in done]
    # The user's message opened a case: a topic in the volunteers' group, announced in the user's terminal.
    assert re.search(r"\(volunteers' group: new topic \[1\] \S+ (C-\w+) ", said[4])
    code = re.search(r"new topic \[1\] \S+ (C-\w+) ", said[4])[1]
    assert "(volunteers' group: 1 new message in [1] " + code + ")" in said[5]
    # The volunteer was enrolled at start by the real invite flow; their chat shows it.
    assert prompts[6:8] == ["user> ", "volunteer> "] and "You are now a volunteer" in said[6]
    # In the group, the topic shows the case card and the copy of the user's message.
    assert prompts[8] == f"volunteer@{code}> "
    assert f"Conversation {code}" in said[7] and "bot: I need help with my papers" in said[7]
    assert "Take it" in said[7]
    assert "Taken by" in said[8]  # the button pressed in the topic
    assert "(1 new message for the user)" in said[9]
    # Back as the user: the volunteer's reply, relayed into the user's chat.
    assert prompts[10:12] == [f"volunteer@{code}> ", "user> "]
    assert "hello, I am here to help" in said[10] and "Volunteer" in said[10]
    # The coordinator (COORDINATOR_IDS) sees the whole topic, the volunteer's reply included, and keeps a note.
    assert prompts[13:15] == ["coordinator> ", f"coordinator@{code}> "]
    assert "volunteer: hello, I am here to help" in said[13] and "bot: thank you" in said[13]
    assert "Note kept here" in said[14]
    with sqlite3.connect(tmp_path / "data" / "sandbox.db") as db:
        assert db.execute("select count(*) from cases").fetchone() == (1,)
        assert db.execute("select role from staff order by id").fetchall() == [("coordinator",), ("volunteer",)]


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = run_cli(["db", "upgrade"], tmp_path, "")
    assert result.returncode == 0, result.stderr
    assert "database is up to date" in result.stdout
    assert (tmp_path / "data" / "tirek.db").exists()
