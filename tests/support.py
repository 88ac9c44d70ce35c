"""What several test files share: the repository, a pinned "now", a real MkDocs build, and a
throw-away ward project with the repository's hooks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from wardnews.site.search_index import term_file, terms
from wardnews.urls import SEARCH_INDEX

REPO = Path(__file__).resolve().parent.parent
NOW = "2026-11-22 12:00"
# The smallest valid extra.wardnews section.
MINIMAL_SECTION = {"unit_name": "Ngọc Trạo", "unit_level": "phường"}
WARDNEWS = shutil.which("wardnews", path=os.path.dirname(sys.executable))


def build_env(now: str = NOW) -> dict[str, str]:
    return {**os.environ, "WARDNEWS_NOW": now, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path, site: Path, now: str = NOW) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site``, in a process of its own."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["-f", str(project / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(
        command, capture_output=True, text=True, env=build_env(now), cwd=project, timeout=600
    )


def make_ward(root: Path, config: str) -> Path:
    """A project at ``root``: ``config`` as mkdocs.yml, a home page, the hooks, empty posts/2024."""
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Trang chủ\n", "utf-8")
    shutil.copytree(REPO / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "mkdocs.yml").write_text(config, "utf-8")
    (root / "posts/2024").mkdir(parents=True)
    return root


def search_split_index(files: dict[str, bytes], query: str) -> list[str]:
    """Locations a query finds, as the worker (templates/site/search-worker.js) finds them."""
    split = json.loads(files[SEARCH_INDEX])["config"]["wardnews"]
    found: dict[int, int] | None = None
    for word in dict.fromkeys(terms(query)):
        group = json.loads(files[split["terms"].format(term_file(word, split["term_files"]))])
        numbers, value = {}, 0
        for step in group.get(word, []):
            value += step
            numbers[value >> 1] = value & 1
        found = numbers if found is None else {n: 0 for n in found if n in numbers}
    per = split["docs_per_file"]
    return [
        json.loads(files[split["docs"].format(number // per)])[number % per][0]
        for number in sorted(found or {})
    ]
