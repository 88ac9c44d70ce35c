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
    """All post files under the posts folder, in a stable order, and the files refused.

    Each folder's files come in name order, then its folders, each in turn, in name order (as
    a sorted ``os.walk`` gives them). A folder is listed once (``os.scandir``): what each entry
    is (folder, link, regular file) comes with the listing, not from a call per file (a serve
    rebuild walks the folder again: 10,000 posts)."""
    problems: list[Problem] = []
    found: list[Path] = []
    _walk(config.posts_path, config.root, found, problems)
    return found, problems


def _walk(folder: Path, root: Path, found: list[Path], problems: list[Problem]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=_name)
    except OSError:
        return  # a folder that cannot be listed, as os.walk leaves it
    folders = [entry for entry in entries if _is_dir(entry) and not entry.name.startswith(".")]
    # A linked folder is not entered: say so, or its posts go missing silently.
    for entry in folders:
        if entry.is_symlink():
            problems.append(
                Problem(
                    relative(folder / entry.name, root),
                    None,
                    None,
                    "thư mục là liên kết tượng trưng (symlink); wardnews không đọc và không "
                    "đăng liên kết tượng trưng, dù nó trỏ tới đâu. Hãy chép các bài và tệp "
                    "vào một thư mục thật trong dự án",
                )
            )
    for entry in entries:
        name = entry.name
        if name.startswith(".") or _is_dir(entry):
            continue
        better = misnamed_post(name)
        if better is not None:
            problems.append(
                Problem(
                    relative(folder / name, root),
                    None,
                    None,
                    f"tệp có vẻ là một bài nhưng tên {name!r} không kết thúc bằng .md nên "
                    f"không được đọc; hãy đổi tên tệp thành {better!r}",
                )
            )
            continue
        if not name.endswith(POST_SUFFIXES):
            continue
        file = folder / name
        if entry.is_symlink():
            problems.append(
                Problem(
                    relative(file, root),
                    None,
                    None,
                    "bài là liên kết tượng trưng (symlink); wardnews không đọc liên kết "
                    "tượng trưng, dù nó trỏ tới đâu. Hãy chép nội dung bài vào đây",
                )
            )
            continue
        if not entry.is_file(follow_symlinks=False):
            problems.append(Problem(relative(file, root), None, None, "không phải một tệp thường"))
            continue
        found.append(file)
    for entry in folders:
        if not entry.is_symlink():
            _walk(folder / entry.name, root, found, problems)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_dir(entry: os.DirEntry[str]) -> bool:
    # As os.walk sorts them: a link to a folder is a folder (reported, not entered).
    try:
        return entry.is_dir()
    except OSError:
        return False


def relative(file: Path, root: Path) -> str:
    """``file`` from ``root``, as a POSIX path (as it is when outside ``root``)."""
    # Called for every post of every build: a string test first, pathlib only when it fails.
    text, base = str(file), str(root)
    if os.sep == "/" and text.startswith(base) and text[len(base) : len(base) + 1] == "/":
        return text[len(base) + 1 :]
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
