"""The sandbox as a newcomer meets it: `tirek run` without a token, typed into from a terminal."""

from __future__ import annotations

import os
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


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    result = run_cli(["db", "upgrade"], tmp_path, "")
    assert result.returncode == 0, result.stderr
    assert "database is up to date" in result.stdout
    assert (tmp_path / "data" / "tirek.db").exists()
