"""scripts/build as an editor runs it: atomic publish of site/."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "ward"
    copy.mkdir()
    for name in ("mkdocs.yml", "pyproject.toml", "README.md"):
        shutil.copy(REPO / name, copy / name)
    for name in ("docs", "overrides", "posts", "hooks", "scripts", "wardnews"):
        shutil.copytree(REPO / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    # The project's installed environment; scripts/setup sees pyproject.toml unchanged.
    (copy / ".venv").symlink_to(REPO / ".venv")
    return copy


def build(copy: Path) -> subprocess.CompletedProcess:
    # WARDNEWS_SKIP_SETUP: never reinstall the shared environment from the copy.
    env = {**os.environ, "WARDNEWS_NOW": "2026-11-22 12:00", "WARDNEWS_SKIP_SETUP": "1"}
    return subprocess.run(["scripts/build"], cwd=copy, capture_output=True, text=True, env=env)


def test_failed_build_leaves_the_published_site_untouched(tmp_path):
    copy = make_copy(tmp_path)
    first = build(copy)
    assert first.returncode == 0, first.stdout + first.stderr
    published = tree_digest(copy / "site")
    assert "tin-tuc/index.html" in published

    post = next((copy / "posts").rglob("*.md"))
    post.write_text(post.read_text("utf-8").replace("date:", "ngay:", 1), "utf-8")
    failed = build(copy)
    assert failed.returncode != 0
    assert "khóa 'date'" in failed.stderr
    assert tree_digest(copy / "site") == published
    assert sorted(p.name for p in copy.iterdir() if p.name.startswith("site")) == ["site"]


def test_successful_build_replaces_site(tmp_path):
    copy = make_copy(tmp_path)
    (copy / "site").mkdir()
    (copy / "site/cu.html").write_text("trang cũ", "utf-8")
    result = build(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (copy / "site/cu.html").exists()
    assert (copy / "site/tin-tuc/index.html").is_file()
    assert "Đã dựng trang tin vào site/" in result.stdout
