"""Finding post files under the posts folder, in a stable order."""

from __future__ import annotations

import os
from pathlib import Path

from wardnews.content.config import UnitConfig
from wardnews.problems import Problem

POST_SUFFIXES = (".md", ".markdown")


def find_post_files(config: UnitConfig) -> tuple[list[Path], list[Problem]]:
    """All post files under the posts folder, in a stable order."""
    problems: list[Problem] = []
    found: list[Path] = []
    root = config.root.resolve()
    for folder, dirs, files in os.walk(config.posts_path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # os.walk does not enter linked folders: say so, or their posts go missing silently.
        for name in dirs:
            linked = Path(folder) / name
            if linked.is_symlink() and not linked.resolve().is_relative_to(root):
                problems.append(
                    Problem(
                        relative(linked, config.root),
                        None,
                        None,
                        "thư mục là liên kết tượng trưng (symlink) trỏ ra ngoài dự án; các bài "
                        "trong đó không được đọc. Hãy chép các bài vào thư mục thật trong dự án",
                    )
                )
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(POST_SUFFIXES):
                continue
            file = Path(folder) / name
            if file.is_symlink() and not file.resolve().is_relative_to(root):
                problems.append(
                    Problem(
                        relative(file, config.root),
                        None,
                        None,
                        "liên kết tượng trưng (symlink) trỏ ra ngoài dự án; "
                        "hãy chép nội dung bài vào đây",
                    )
                )
                continue
            found.append(file)
    return found, problems


def relative(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
