"""CI checks on the repository itself: no committed secrets, no known-vulnerable dependency.

Both run in `make test`, hence in CI (.ci/run). The secret scan reads every tracked file
(`git ls-files`) with detect-secrets' default plugins plus patterns for this project's own
secrets (bot tokens of any length, key rings, peppers) that generic scanners miss. Known fake
values in tests and docs are allowed one by one below, by file and value, so a real secret next to
them is still found. The dependency audit runs pip-audit on the installed environment when its
vulnerability data can be reached, and is skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.sandbox import SANDBOX_TOKEN
from storage.cases import CODE_ALPHABET
from tests.conftest import TOKEN

ROOT = Path(__file__).resolve().parents[1]

# Obviously fake values, by file. Each entry must still be found (a stale entry fails), so the
# list cannot quietly grow into a hiding place.
ALLOWED: dict[str, set[str]] = {
    "tests/conftest.py": {TOKEN},
    "README.md": {"pass"},  # the example PostgreSQL URL in the variables table
    "tests/e2e/test_webhook.py": {"webhook_secret-for-tests_123"},
    "tests/test_config.py": {"s3cret_value-OK"},
    "tests/test_emulator.py": {"s3cret_-X", "has space"},
    "bot/sandbox.py": {SANDBOX_TOKEN},  # the local emulator's token
    "storage/cases.py": {CODE_ALPHABET},  # the letters of case codes: high entropy, no secret
}

# Secrets of this project that generic scanners do not know.
PROJECT_PATTERNS = {
    "Telegram bot token": re.compile(r"(?<![\w:])\d{5,12}:[A-Za-z0-9_-]{30,}(?![\w-])"),
    "encryption key ring": re.compile(r"ENCRYPTION_KEYS\s*[=:]\s*[\"']?([A-Za-z0-9]{1,16}:[A-Za-z0-9+/_-]{43}=?)"),
    "ID pepper": re.compile(r"ID_PEPPER\s*[=:]\s*[\"']?([A-Za-z0-9+/_-]{40,}=*)"),
}
# Vendored, generated text (the official Bot API description, 1 MB of JSON) takes detect-secrets
# half of the run for nothing; the project patterns still read it.
VENDORED = {"bot/emulator/api.json"}
# Files that hold secrets or user data by nature must never be tracked.
FORBIDDEN_FILES = re.compile(r"(^|/)(\.env|keys\.env|.*\.(db|db-wal|db-shm|sqlite3?|pem|key|p12|tirek-backup))$")


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing tracked to scan")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


def detect_secrets_findings(paths: list[str]) -> set[tuple[str, str, str]]:
    """(path, detector, value) for everything detect-secrets' default plugins report."""
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings

    collection = SecretsCollection(root=str(ROOT))
    with default_settings():
        collection.scan_files(*paths, num_processors=2)
    return {(name, secret.type, secret.secret_value or "") for name, secret in collection}


def project_findings(paths: list[str]) -> set[tuple[str, str, str]]:
    found = set()
    for name in paths:
        try:
            content = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for kind, pattern in PROJECT_PATTERNS.items():
            for match in pattern.finditer(content):
                found.add((name, kind, match.group(match.lastindex or 0)))
    return found


def scan(paths: list[str]) -> set[tuple[str, str, str]]:
    return detect_secrets_findings([p for p in paths if p not in VENDORED]) | project_findings(paths)


def test_no_secret_is_committed() -> None:
    findings = scan(tracked_files())
    unexpected = sorted((name, kind, value[:6] + "…") for name, kind, value in findings
                        if value not in ALLOWED.get(name, set()))
    assert not unexpected, f"possible secrets in tracked files (file, kind, start of value): {unexpected}"
    seen = {(name, value) for name, _, value in findings}
    stale = sorted((name, value) for name, values in ALLOWED.items() for value in values if (name, value) not in seen)
    assert not stale, f"allow-list entries no longer found; remove them: {stale}"


def test_no_secret_or_data_file_is_tracked() -> None:
    assert not [name for name in tracked_files() if FORBIDDEN_FILES.search(name)]


def test_the_scanner_finds_planted_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Positive control: the scan really reports secrets of each kind we care about."""
    import base64
    import secrets

    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    planted = {
        "token.py": f'TOKEN = "{secrets.randbelow(10**9) + 10**9}:AA{secrets.token_urlsafe(33)[:33]}"\n',
        "deploy.env": f"ENCRYPTION_KEYS=k7:{key}\nID_PEPPER={key}\n",
        # Assembled here, so this file itself holds no secret-shaped literal.
        "aws.txt": "aws_access_key_id = " + "AKIA" + "Z7QXW3PLMN4RTY2B\n",
        "id_rsa.txt": "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEow\n-----END RSA " + "PRIVATE KEY-----\n",
    }
    for name, content in planted.items():
        (tmp_path / name).write_text(content)
    monkeypatch.setattr("tests.test_repository_hygiene.ROOT", tmp_path)
    kinds = {(name, kind) for name, kind, _ in scan(list(planted))}
    assert ("token.py", "Telegram bot token") in kinds
    assert ("deploy.env", "encryption key ring") in kinds and ("deploy.env", "ID pepper") in kinds
    assert ("aws.txt", "AWS Access Key") in kinds
    assert ("id_rsa.txt", "Private Key") in kinds
    assert FORBIDDEN_FILES.search("data/keys.env") and FORBIDDEN_FILES.search("data/tirek.db")
    assert not FORBIDDEN_FILES.search("docs/keys.md")


# Vulnerabilities judged not to apply, with the reason; none today.
IGNORED_VULNERABILITIES: dict[str, str] = {}


def test_no_installed_dependency_has_a_known_vulnerability() -> None:
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--format", "json",
               "--skip-editable", "--timeout", "20"]
    for vulnerability in IGNORED_VULNERABILITIES:
        command += ["--ignore-vuln", vulnerability]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("dependency audit skipped: the vulnerability service did not answer within 5 minutes")
    unreachable, vulnerable = judge_audit(result.stdout, result.stderr, result.returncode)
    if unreachable:
        pytest.skip(f"dependency audit skipped: vulnerability data unreachable ({unreachable})")
    assert not vulnerable, f"installed dependencies with known vulnerabilities (name, version, id, fixed in): {vulnerable}"


def judge_audit(stdout: str, stderr: str, returncode: int) -> tuple[str | None, list[tuple]]:
    """(why the data was unreachable, or None; the vulnerabilities found). Fails on anything else."""
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        last = (stderr.strip().splitlines() or ["no output"])[-1][:200]
        if any(word in stderr for word in ("ConnectionError", "NameResolution", "Timeout", "resolve")):
            return last, []
        pytest.fail(f"pip-audit failed (exit {returncode}): {last}")
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        first = dependencies[0].get("skip_reason") if dependencies else "no packages"
        return f"none of {len(dependencies)} installed packages could be looked up; first: {first}", []
    return None, [(d["name"], d["version"], v["id"], v.get("fix_versions")) for d in audited for v in d["vulns"]]


def test_the_audit_verdicts() -> None:
    """The judge reads pip-audit's report as meant (the live audit may be skipped here)."""
    clean = {"dependencies": [{"name": "a", "version": "1", "vulns": []}]}
    bad = {"dependencies": [{"name": "a", "version": "1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["2"]}]},
                            {"name": "b", "version": "1", "skip_reason": "not found"}]}
    offline = {"dependencies": [{"name": "a", "version": "1", "skip_reason": "Dependency not found"}]}
    assert judge_audit(json.dumps(clean), "", 0) == (None, [])
    assert judge_audit(json.dumps(bad), "", 1) == (None, [("a", "1", "PYSEC-1", ["2"])])
    assert judge_audit(json.dumps(offline), "", 0)[0].startswith("none of 1")
    assert judge_audit("", "requests.exceptions.ConnectionError: Max retries", 1)[0]
    with pytest.raises(pytest.fail.Exception):
        judge_audit("", "usage: pip-audit: error: unrecognized arguments", 2)
