"""Reading posts: files under ``posts/`` become validated :class:`Post` values.

This is the door of the contract editors learn (see README, "Định dạng bài viết"). Everything is
normalised here: text to NFC with LF line ends, dates to aware datetimes in the unit's time zone,
criterion codes to the strings the editor wrote, paths to project-relative POSIX paths. Every
problem of every post is collected; a post with an error is not returned, and its error says why.

The stages live in their own modules: :mod:`model` (the Post), :mod:`discovery` (finding files),
:mod:`source` (bytes to text and front matter), :mod:`reader` (one post's keys). This module
reads them all, with a :class:`ReadCache` that a build session may keep across rebuilds.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

from wardnews.content.cache import LruCache
from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.discovery import (
    POST_SUFFIXES,
    find_post_files,
    looks_like_post,
    relative,
)
from wardnews.content.model import KINDS, Post, first_paragraph, post_order
from wardnews.content.reader import (
    DURATION_RANGE,
    KNOWN_KEYS,
    MAX_SUMMARY_CHARS,
    MAX_TITLE_CHARS,
    PostReader,
)
from wardnews.content.source import (
    MAX_POST_BYTES,
    PostSource,
    decode_bytes,
    decode_post,
    read_bytes,
    split_front_matter,
)
from wardnews.problems import Problem, shorten
from wardnews.urls import RESERVED_SLUGS

__all__ = [
    "DURATION_RANGE",
    "KINDS",
    "KNOWN_KEYS",
    "MAX_POST_BYTES",
    "MAX_SUMMARY_CHARS",
    "MAX_TITLE_CHARS",
    "POST_SUFFIXES",
    "RESERVED_SLUGS",
    "Post",
    "ReadCache",
    "decode_bytes",
    "decode_post",
    "find_post_files",
    "first_paragraph",
    "load_posts",
    "looks_like_post",
    "post_identity",
    "post_order",
    "read_post",
    "reading_context",
    "relative",
    "split_front_matter",
]

_ReadResult = tuple[Post | None, tuple[Problem, ...]]
# A file written less than this before it was read is read again at the next rebuild, whatever
# its status says (see ReadCache): 3 s covers the coarsest clocks of common file systems (FAT's
# 2 s, a network share's 1 s).
RACY_NS = 3_000_000_000
# An id: written as a URI ('tag:...', 'urn:uuid:...', 'https://...') is a post's identity as is.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class ReadCache(LruCache[tuple[str, bytes, str], _ReadResult]):
    """What reading each post gave, keyed by (path, content hash, reading context).

    `mkdocs serve` rebuilds after every edit: with one cache kept across rebuilds (a build
    session owns it and passes it to :func:`load_posts`), only the files whose bytes changed
    are parsed again, and a file whose status (inode, size, modification and change times) is
    the one it had when it was last read is not even read again (:meth:`unchanged`).

    The change time is the kernel's: any write sets it, and no program can set it back, as an
    editor or ``cp -p`` can set the modification time. A status is trusted only when both times
    were at least ``racy_ns`` older than the moment the file was read (git's rule for its index):
    a second write in the same tick of the file system's clock would leave the same status, so a
    file written just before it was read is read again at the next rebuild.
    """

    def __init__(self, size: int = 50_000, racy_ns: int = RACY_NS):
        super().__init__(size)
        self.racy_ns = racy_ns
        self._statuses: dict[str, tuple[tuple[int, ...], tuple[str, bytes, str]]] = {}

    def unchanged(
        self, shown: str, status: os.stat_result, context: str
    ) -> tuple[str, bytes, str] | None:
        """The key ``shown`` was read under, if its ``status`` is the one trusted then and the
        reading context is the same."""
        known = self._statuses.get(shown)
        if known is None or known[0] != _signature(status) or known[1][2] != context:
            return None
        return known[1]

    def read(
        self, shown: str, status: os.stat_result, started_ns: int, key: tuple[str, bytes, str]
    ) -> None:
        """``shown`` was read under ``key``, with ``status`` taken at ``started_ns``, before the
        read."""
        newest = max(status.st_mtime_ns, status.st_ctime_ns)
        self._statuses.pop(shown, None)
        if newest < started_ns - self.racy_ns:
            self._statuses[shown] = (_signature(status), key)
            if len(self._statuses) > self.size:  # files gone or renamed: the oldest go first
                del self._statuses[next(iter(self._statuses))]

    def clear(self) -> None:
        super().clear()
        self._statuses.clear()


def _signature(status: os.stat_result) -> tuple[int, ...]:
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )


def reading_context(config: UnitConfig, catalog: Catalog) -> str:
    """What a post's reading depends on besides its bytes (time zone, author, codes...)."""
    return hashlib.sha256(repr((config, catalog)).encode()).hexdigest()


def read_post(
    file: Path,
    config: UnitConfig,
    catalog: Catalog,
    context: str | None = None,
    cache: ReadCache | None = None,
) -> tuple[Post | None, list[Problem]]:
    """Read and check one post file. ``cache`` (optional) skips files read before unchanged."""
    shown = relative(file, config.root)
    context = context or reading_context(config, catalog)
    status: os.stat_result | None = None  # taken before the read, for the cache
    started_ns = 0
    if cache is not None:
        started_ns = time.time_ns()
        try:
            status = file.stat()
        except OSError:
            pass  # read_bytes says why
        if status is not None:
            key = cache.unchanged(shown, status, context)
            cached = cache.get(key) if key is not None else None
            if cached is not None and _cover_present(cached, config):
                return cached[0], list(cached[1])
    data, problems = read_bytes(file, shown, status)
    if data is None:
        return None, problems
    key = (shown, hashlib.sha1(data).digest(), context)
    if cache is not None:
        if status is not None:
            cache.read(shown, status, started_ns, key)
        cached = cache.get(key)
        if cached is not None and _cover_present(cached, config):
            return cached[0], list(cached[1])
    text, problems = decode_bytes(data, shown)
    post = None
    if text is not None:
        reader = PostReader(PostSource(shown, file, text), config, catalog, config.tz)
        post = reader.read()
        problems = reader.problems
    if cache is not None:
        cache.put(key, (post, tuple(problems)))
    return post, problems


def _cover_present(cached: _ReadResult, config: UnitConfig) -> bool:
    """A cover is checked on disk: a cached post whose cover has gone is read again."""
    post = cached[0]
    return post is None or not post.image or (config.root / post.image).is_file()


def load_posts(
    config: UnitConfig,
    catalog: Catalog,
    cache: ReadCache | None = None,
    found: tuple[list[Path], list[Problem]] | None = None,
    read: Sequence[tuple[Post | None, Sequence[Problem]]] | None = None,
) -> tuple[list[Post], list[Problem]]:
    """Read and check every post; posts come back sorted newest first.

    Cross-post rules (a slug used twice) are checked here in one pass over a dict. Pass the
    same ``cache`` to every build of a session to read only changed files again. ``found``:
    what :func:`find_post_files` gave earlier in the same build (the read-ahead's), else the
    posts folder is walked here; ``read``: what :func:`read_post` gave for each of those files
    in the same build (the read-ahead's workers), else they are read here.
    """
    files, problems = found if found is not None else find_post_files(config)
    if read is not None and len(read) != len(files):
        raise ValueError("read must hold one result per file found")
    problems = list(problems)
    posts: list[Post] = []
    context = reading_context(config, catalog)
    for index, file in enumerate(files):
        if read is not None:
            post, post_problems = read[index]
        else:
            post, post_problems = read_post(file, config, catalog, context, cache)
        problems.extend(post_problems)
        if post is not None:
            posts.append(post)
    problems.extend(_duplicate_ids(posts, config.posts_dir))
    posts, duplicate_problems = _drop_duplicate_slugs(posts)
    problems.extend(duplicate_problems)
    posts.sort(key=post_order)
    return posts, problems


def _drop_duplicate_slugs(posts: list[Post]) -> tuple[list[Post], list[Problem]]:
    owners: dict[str, Post] = {}
    problems: list[Problem] = []
    for post in sorted(posts, key=lambda p: p.path):
        first = owners.setdefault(post.slug, post)
        if first is not post:
            message = (
                f"địa chỉ (slug) {shorten(post.slug)} trùng với bài {first.path}; "
                "hãy đổi tiêu đề hoặc thêm khóa slug: khác cho một trong hai bài"
            )
            problems.append(Problem(post.path, None, "slug", message))
            problems.append(
                Problem(
                    first.path,
                    None,
                    "slug",
                    f"địa chỉ (slug) {shorten(post.slug)} trùng với bài {post.path}",
                )
            )
    duplicated = {p.slug for p in posts if owners[p.slug] is not p}
    return [p for p in posts if p.slug not in duplicated], problems


def post_identity(post: Post, posts_dir: str) -> tuple[bool, str]:
    """What makes a post one item for portals: (True, its ``id:``) when written as a URI, else
    (False, the path under ``posts_dir`` of its ``id:`` or, without one, of its file).

    Feeds build the GUID from it (:func:`wardnews.syndication.feeds.item_id`); two posts with the
    same identity would be one item downstream, the newer replacing the approved one."""
    if post.id and _URI.match(post.id):
        return True, post.id
    inner = (post.id or post.path).strip("/")
    return False, inner.removeprefix(f"{posts_dir.strip('/')}/")


def _duplicate_ids(posts: list[Post], posts_dir: str) -> list[Problem]:
    """An ``id:`` shared by two posts, or equal to another post's file (its identity without
    ``id:``): reported on each post whose ``id:`` must change."""
    owners: dict[tuple[bool, str], list[Post]] = {}
    for post in sorted(posts, key=lambda p: p.path):
        owners.setdefault(post_identity(post, posts_dir), []).append(post)
    problems: list[Problem] = []
    for group in owners.values():
        if len(group) < 2:
            continue
        for post in group:
            if not post.id:
                continue  # its file gives its identity; the other post's id: is the one to change
            for other in group:
                if other is post:
                    continue
                whose = "id: của bài" if other.id else "mã mặc định (theo đường dẫn tệp) của bài"
                message = (
                    f"cần một id: riêng của bài này, nhưng gặp {shorten(post.id)} trùng với "
                    f"{whose} {other.path}; cổng thông tin gộp các bài cùng mã nên một bài sẽ "
                    "thay bài kia. Hãy đổi id: (ví dụ theo tên tệp hiện tại của bài)"
                )
                problems.append(Problem(post.path, None, "id", message))
    return problems
