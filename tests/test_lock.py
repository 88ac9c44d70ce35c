"""The test environment holds exactly the versions of the lock file, no more, no less."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
# pip freeze leaves out its own tools (pip, setuptools, wheel); the lock pins setuptools as the
# build backend of wardnews itself.
FREEZE_SKIPS = {"pip", "setuptools", "wheel", "distribute"}
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(path: Path) -> dict[str, str]:
    """name -> version of every requirement of a lock file whose marker holds here."""
    pins: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        match = _PIN.match(line)
        if match is None:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[canonicalize_name(name)] = version
    return pins


def frozen() -> dict[str, str]:
    output = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout
    pins = {}
    for line in output.splitlines():
        name, _, version = line.partition("==")
        if version:
            pins[canonicalize_name(name)] = version
    return pins


def test_locks_pin_every_requirement_with_a_hash():
    for lock in ("runtime.lock", "test.lock"):
        text = (REPO / "requirements" / lock).read_text("utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
        requirements = [b for b in blocks if "==" in b.split("\n", 1)[0]]
        assert requirements, lock
        for block in requirements:
            assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} has no hash"


def test_runtime_lock_agrees_with_the_test_lock():
    runtime = locked(REPO / "requirements" / "runtime.lock")
    tests = locked(REPO / "requirements" / "test.lock")
    assert runtime.keys() <= tests.keys()
    assert {name: tests[name] for name in runtime} == runtime


def test_this_environment_is_exactly_the_test_lock():
    want = {k: v for k, v in locked(REPO / "requirements" / "test.lock").items()
            if k not in FREEZE_SKIPS}
    have = {k: v for k, v in frozen().items() if k != "wardnews"}
    missing = {k: v for k, v in want.items() if have.get(k) != v}
    extra = {k: v for k, v in have.items() if k not in want}
    assert not missing and not extra, (
        f"not as locked: {missing}; not in the lock: {extra}. Run scripts/setup test "
        "(or rm -rf .venv) to install the lock again."
    )
