"""The shipped pre-commit hook, run by the real pre-commit framework on a temporary ward repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(args, cwd):
    home = cwd / ".pc" if cwd != REPO else Path(os.environ.get("TMPDIR", "/tmp")) / "wardnews-pc"
    env = {**os.environ, "WARDNEWS_NOW": "2026-11-22 12:00", "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)


def test_manifest_is_valid():
    result = run([str(BIN / "pre-commit"), "validate-manifest", ".pre-commit-hooks.yaml"], REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    config = run([str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"], REPO)
    assert config.returncode == 0, config.stdout + config.stderr


def test_commit_with_a_broken_post_is_stopped(tmp_path):
    ward = tmp_path / "ward"
    ward.mkdir()
    for name in ("mkdocs.yml", ".pre-commit-config.yaml"):
        shutil.copy(REPO / name, ward / name)
    shutil.copytree(REPO / "posts", ward / "posts")
    (ward / ".venv").mkdir()
    (ward / ".venv/bin").symlink_to(BIN)
    run(["git", "init", "-q"], ward)
    run(["git", "add", "-A"], ward)
    ok = run([str(BIN / "pre-commit"), "run", "--all-files"], ward)
    assert ok.returncode == 0, ok.stdout + ok.stderr

    broken = ward / "posts/2024/2024-04-05-bai-moi.md"
    broken.write_text("---\ntitle: Bài mới\ndate: 31/04/2024\n---\nNội dung.\n", "utf-8")
    run(["git", "add", "-A"], ward)
    stopped = run([str(BIN / "pre-commit"), "run", "--all-files"], ward)
    assert stopped.returncode != 0
    assert "posts/2024/2024-04-05-bai-moi.md, dòng 3, khóa 'date'" in stopped.stdout
    assert "ngày 31/4/2024 không tồn tại" in stopped.stdout
