"""Finding post files under the posts folder, in a stable order.

A post is a regular file whose name ends in ``.md`` or ``.markdown`` (lower case). Symbolic links,
files or folders, are refused wherever they point: a link to ``.git/config`` or ``.env`` must
never become a page. A name that looks like a post but is not read as one (``a.md.txt`` as
Notepad saves it, ``a.MD``, ``a.md `` with a trailing space) is an error, so the post never goes
missing silently.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from wardnews.content.config import UnitConfig
from wardnews.problems import Problem

POST_SUFFIXES = (".md", ".markdown")
# Another extension after the post's (Notepad: 'a.md.txt'), or any case but lower ('a.MD').
_POST_LIKE = re.compile(r"(?P<stem>.*?)(?P<suffix>\.(?:md|markdown))(?:\.(?:txt|text))?", re.I)


def looks_like_post(name: str) -> bool:
    """True for a post's name and for a name that looks like one (see :func:`misnamed_post`)."""
    return name.endswith(POST_SUFFIXES) or misnamed_post(name) is not None


def misnamed_post(name: str) -> str | None:
    """The name a file that looks like a post should have ('a.md.txt' -> 'a.md'), else None."""
    if name.endswith(POST_SUFFIXES):
        return None
    match = _POST_LIKE.fullmatch(name.rstrip(" .\t"))
    if match is None or not match["stem"].strip(" ."):
        return None
    return match["stem"].rstrip(" .\t") + match["suffix"].lower()


def find_post_files(config: UnitConfig) -> tuple[list[Path], list[Problem]]:
    """All post files under the posts folder, in a stable order, and the files refused."""
    problems: list[Problem] = []
    found: list[Path] = []
    for folder, dirs, files in os.walk(config.posts_path, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # os.walk does not enter linked folders: say so, or their posts go missing silently.
        for name in dirs:
            linked = Path(folder) / name
            if linked.is_symlink():
                problems.append(
                    Problem(
                        relative(linked, config.root),
                        None,
                        None,
                        "thư mục là liên kết tượng trưng (symlink); wardnews không đọc và không "
                        "đăng liên kết tượng trưng, dù nó trỏ tới đâu. Hãy chép các bài và tệp "
                        "vào một thư mục thật trong dự án",
                    )
                )
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = Path(folder) / name
            better = misnamed_post(name)
            if better is not None:
                problems.append(
                    Problem(
                        relative(file, config.root),
                        None,
                        None,
                        f"tệp có vẻ là một bài nhưng tên {name!r} không kết thúc bằng .md nên "
                        f"không được đọc; hãy đổi tên tệp thành {better!r}",
                    )
                )
                continue
            if not name.endswith(POST_SUFFIXES):
                continue
            kind = os.lstat(file).st_mode
            if stat.S_ISLNK(kind):
                problems.append(
                    Problem(
                        relative(file, config.root),
                        None,
                        None,
                        "bài là liên kết tượng trưng (symlink); wardnews không đọc liên kết "
                        "tượng trưng, dù nó trỏ tới đâu. Hãy chép nội dung bài vào đây",
                    )
                )
                continue
            if not stat.S_ISREG(kind):
                problems.append(
                    Problem(relative(file, config.root), None, None, "không phải một tệp thường")
                )
                continue
            found.append(file)
    return found, problems


def relative(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
