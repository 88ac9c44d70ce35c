"""Writing the section's files into the site folder, and keeping them across serve rebuilds.

``mkdocs serve`` empties its site folder before every rebuild; writing a thousand page folders
again costs more than computing them (each folder is a file-system operation). So, within one
build session (:mod:`wardnews.session`, which holds a :class:`WrittenFiles`), the folders the core
fills (the section, ``<site>/<url_prefix>/``, the split search index's and the web editor's: see
``Build.kept_folders``) are moved aside before
the engine empties the site (:func:`set_aside`, one rename each) and moved back afterwards
(:func:`write_files`), where only the files whose content hash changed are written and the ones
no longer produced are removed. ``kept`` names those folders: one prefix, or several. A build
in a new process (``scripts/build``, CI) starts from a new session: nothing survives it, so a
stale page can never be served.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wardnews.workers import Workers


class WrittenFiles:
    """What this process wrote into each site folder's section: the build session keeps one, so
    a ``mkdocs serve`` rebuild writes only what changed; a new one writes everything."""

    def __init__(self) -> None:
        # resolved site folder -> {site-relative path under the section: content digest}
        self.by_site: dict[str, dict[str, str]] = {}
        # resolved site folder -> {path: (key, digest)} of the files given with a key
        self.keys: dict[str, dict[str, tuple[Hashable, str]]] = {}


@dataclass(frozen=True)
class SiteFile:
    """A file for the site: ``data`` in memory, a ``source`` file to copy, or ``make``, called
    when the file is written (a page filled into its shell: an archive's pages are never all in
    memory at once)."""

    path: str  # relative to the site folder, POSIX
    data: bytes | None = None
    source: Path | None = None
    make: Callable[[], bytes] | None = field(default=None, compare=False, repr=False)
    # What ``make`` makes the bytes from: a file whose key equals the one written last time in
    # the session is known unchanged without making it again (a serve rebuild).
    key: Hashable | None = field(default=None, compare=False, repr=False)

    def content(self) -> bytes | None:
        """The bytes to write, None for a file copied from ``source``."""
        return self.make() if self.make is not None else self.data

    def digest(self, content: bytes | None = None) -> str:
        if content is None and self.source is None:
            content = self.content()
        if content is not None:
            return hashlib.sha1(content).hexdigest()
        assert self.source is not None
        # Sources are the image cache (names carry a content hash) and files next to the
        # posts: their size and modification time stand for their content.
        stat = self.source.stat()
        return f"{self.source}:{stat.st_size}:{stat.st_mtime_ns}"


class _Writer:
    """Writes files of one build under the site folder, skipping those the last build of the
    session wrote with the same digest; one per build, copied into each worker."""

    def __init__(
        self,
        root: Path,
        kept: str | Sequence[str],
        previous: dict[str, str],
        keys: dict[str, tuple[Hashable, str]],
        digests: bool = True,
    ) -> None:
        self.root = root
        # Digests of the section's files, for the next build of the session; none when no
        # build comes after this one (a one-off build: hashing every page would be wasted).
        self.digests = digests
        self.prefixes = tuple(PurePosixPath(prefix).parts for prefix in _folders(kept))
        self.starts = tuple("/".join(parts) + "/" for parts in self.prefixes)
        self.previous = previous
        self.keys = keys
        self.folders: set[Path] = set()

    def inside(self, path: str) -> bool:
        """Whether ``path`` lies in one of the kept folders."""
        if "//" in path or path.startswith("./") or "/./" in path or path.endswith("/."):
            parts = PurePosixPath(path).parts
            return any(parts[: len(prefix)] == prefix for prefix in self.prefixes)
        # A plain path (every file a build makes): a string test, called twice per file.
        return path.startswith(self.starts) or any(path == start[:-1] for start in self.starts)

    def write(self, file: SiteFile) -> tuple[str, bool]:
        """(digest, written): the digest only for a file of the section."""
        inside = self.inside(file.path)
        known = self.keys.get(file.path) if inside and file.key is not None else None
        if known is not None and known[0] == file.key and self.previous.get(file.path) == known[1]:
            return known[1], False
        content = file.content()
        digest = file.digest(content) if inside and self.digests else ""
        if inside and self.previous.get(file.path) == digest:
            return digest, False
        target = self.root.joinpath(*PurePosixPath(file.path).parts)
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        if content is not None:
            target.write_bytes(content)
        else:
            assert file.source is not None
            shutil.copyfile(file.source, target)
        return digest, True


def _folders(kept: str | Sequence[str]) -> tuple[str, ...]:
    return (kept,) if isinstance(kept, str) else tuple(kept)


def _keep_dir(site_dir: Path, prefix: str) -> Path:
    # '+' never appears in a URL prefix (a slug path): one name per folder.
    return site_dir.parent / f".{site_dir.name}.wardnews-{prefix.strip('/').replace('/', '+')}"


def set_aside(site_dir: Path, kept: str | Sequence[str], written: WrittenFiles) -> None:
    """Before the engine empties ``site_dir``: move the folders this process wrote (``kept``:
    the section's prefix, or several folders) out of its way, so their unchanged files survive.
    Anything else: forget what was written."""
    known = written.by_site
    key = str(site_dir.resolve())
    moved = False
    for prefix in _folders(kept):
        keep = _keep_dir(site_dir, prefix)
        shutil.rmtree(keep, ignore_errors=True)
        folder = site_dir / prefix
        if key in known and folder.is_dir():
            folder.rename(keep)
            moved = True
    if not moved:
        known.pop(key, None)


def write_files(
    site_dir: Path,
    kept: str | Sequence[str],
    files: Sequence[SiteFile],
    written: WrittenFiles | None = None,
    workers: Workers | None = None,
    later: Callable[[], Sequence[SiteFile]] | None = None,
) -> int:
    """Write ``files`` under ``site_dir``; inside the ``kept`` folders (the section's prefix, or
    several), only what changed since the last build recorded in ``written`` (none: write
    everything, and record nothing: no build of this session comes after). ``workers`` share
    the writing (and the making of files given by ``make``).
    ``later`` gives more files, asked for once ``files`` are written (files another process is
    still making: the pages are written meanwhile). Returns the number of files written."""
    recording = written is not None
    known = (written or WrittenFiles()).by_site
    key = str(site_dir.resolve())
    _check_paths(files)
    previous: dict[str, str] = {}
    for prefix in _folders(kept):
        previous |= _take_back(site_dir, prefix, known.get(key, {}))
    recorded = (written or WrittenFiles()).keys
    keys = recorded.get(key, {}) if previous else {}
    writer = _Writer(site_dir.resolve(), kept, previous, keys, digests=recording)
    results = (workers or Workers()).map(writer.write, files)
    if later is not None:
        more = later()
        _check_paths(more)
        files = [*files, *more]
        results += [writer.write(file) for file in more]
    current = {
        file.path: digest
        for file, (digest, _) in zip(files, results, strict=True)
        if writer.inside(file.path)
    }
    root = site_dir.resolve()
    for gone in sorted(previous.keys() - current.keys()):
        target = root / gone
        target.unlink(missing_ok=True)
        try:  # a post that went away leaves no empty folder behind
            target.parent.rmdir()
        except OSError:
            pass
    known[key] = current
    recorded[key] = {
        file.path: (file.key, current[file.path])
        for file in files
        if file.key is not None and file.path in current
    }
    return sum(1 for _, wrote in results if wrote)


def _check_paths(files: Sequence[SiteFile]) -> None:
    for file in files:
        # A string test per file (15,000 at 10,000 posts): what PurePosixPath would say of an
        # absolute path or a '..' part.
        path = file.path
        if path.startswith("/") or (".." in path and ".." in path.split("/")):
            raise ValueError(f"output path {file.path!r} must stay inside the site folder")


def _take_back(site_dir: Path, prefix: str, recorded: dict[str, str]) -> dict[str, str]:
    """Move the folder ``prefix`` set aside before the engine's build back in place; what it
    holds (by the digests ``recorded``), except what the engine wrote there this time."""
    keep = _keep_dir(site_dir, prefix)
    section = site_dir / prefix
    if not keep.is_dir():
        return {}
    start = "/".join(PurePosixPath(prefix).parts) + "/"
    previous = {path: digest for path, digest in recorded.items() if path.startswith(start)}
    if section.is_dir():  # what the engine wrote there this time wins over the kept copy
        for file in [p for p in section.rglob("*") if p.is_file()]:
            relative = file.relative_to(section)
            (keep / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, keep / relative)
            previous.pop(start + relative.as_posix(), None)
        shutil.rmtree(section)
    section.parent.mkdir(parents=True, exist_ok=True)
    keep.rename(section)
    return previous
