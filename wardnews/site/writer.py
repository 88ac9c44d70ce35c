"""Writing the section's files into the site folder, and keeping them across serve rebuilds.

``mkdocs serve`` empties its site folder before every rebuild; writing a thousand page folders
again costs more than computing them (each folder is a file-system operation). So, within one
build session (:mod:`wardnews.session`, which holds a :class:`WrittenFiles`), the section's folder
(``<site>/<url_prefix>/``) is moved aside before the engine empties the site (:func:`set_aside`,
one rename) and moved back afterwards (:func:`write_files`), where only the files whose content
hash changed are written and the ones no longer produced are removed. A build in a new process
(``scripts/build``, CI) starts from a new session: nothing survives it, so a stale page can never
be served.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class WrittenFiles:
    """What this process wrote into each site folder's section: the build session keeps one, so
    a ``mkdocs serve`` rebuild writes only what changed; a new one writes everything."""

    def __init__(self) -> None:
        # resolved site folder -> {site-relative path under the section: content digest}
        self.by_site: dict[str, dict[str, str]] = {}


@dataclass(frozen=True)
class SiteFile:
    """A file for the site: ``data`` in memory, or a ``source`` file to copy."""

    path: str  # relative to the site folder, POSIX
    data: bytes | None = None
    source: Path | None = None

    def digest(self) -> str:
        if self.data is not None:
            return hashlib.sha1(self.data).hexdigest()
        assert self.source is not None
        # Sources are the image cache (names carry a content hash) and files next to the
        # posts: their size and modification time stand for their content.
        stat = self.source.stat()
        return f"{self.source}:{stat.st_size}:{stat.st_mtime_ns}"


def _write_one(item: tuple[Path, SiteFile]) -> None:
    target, file = item
    if file.data is not None:
        target.write_bytes(file.data)
    else:
        assert file.source is not None
        shutil.copyfile(file.source, target)


def _keep_dir(site_dir: Path, prefix: str) -> Path:
    return site_dir.parent / f".{site_dir.name}.wardnews-{prefix.replace('/', '-')}"


def set_aside(site_dir: Path, prefix: str, written: WrittenFiles) -> None:
    """Before the engine empties ``site_dir``: move the section folder this process wrote out of
    its way, so its unchanged files survive. Anything else: forget what was written."""
    known = written.by_site
    key = str(site_dir.resolve())
    keep = _keep_dir(site_dir, prefix)
    shutil.rmtree(keep, ignore_errors=True)
    section = site_dir / prefix
    if key in known and section.is_dir():
        section.rename(keep)
    else:
        known.pop(key, None)


def write_files(
    site_dir: Path, prefix: str, files: Iterable[SiteFile], written: WrittenFiles | None = None
) -> int:
    """Write ``files`` under ``site_dir``; inside the section, only what changed since the last
    build recorded in ``written`` (none: write everything). Returns the number of files written."""
    known = (written or WrittenFiles()).by_site
    key = str(site_dir.resolve())
    keep = _keep_dir(site_dir, prefix)
    section = site_dir / prefix
    previous: dict[str, str] = {}
    if keep.is_dir():
        previous = dict(known.get(key, {}))
        if section.is_dir():  # what the engine wrote there this time wins over the kept copy
            for file in [p for p in section.rglob("*") if p.is_file()]:
                relative = file.relative_to(section)
                (keep / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, keep / relative)
                previous.pop(f"{prefix}/{relative.as_posix()}", None)
            shutil.rmtree(section)
        section.parent.mkdir(parents=True, exist_ok=True)
        keep.rename(section)
    root = site_dir.resolve()
    current: dict[str, str] = {}
    folders: set[Path] = set()
    changed: list[tuple[Path, SiteFile]] = []
    for file in files:
        relative = PurePosixPath(file.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"output path {file.path!r} must stay inside the site folder")
        inside = relative.parts[: len(PurePosixPath(prefix).parts)] == PurePosixPath(prefix).parts
        digest = file.digest() if inside else ""
        if inside:
            current[file.path] = digest
            if previous.get(file.path) == digest:
                continue
        target = root.joinpath(*relative.parts)
        folders.add(target.parent)
        changed.append((target, file))
    for folder in sorted(folders):  # parents sort before their children
        folder.mkdir(parents=True, exist_ok=True)
    # File-system calls release the GIL: a few threads write a thousand pages faster
    # (measured: 0.47 s -> 0.31 s for 1,500 pages on this kind of machine).
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(_write_one, changed))
    written = len(changed)
    for gone in sorted(previous.keys() - current.keys()):
        target = root / gone
        target.unlink(missing_ok=True)
        try:  # a post that went away leaves no empty folder behind
            target.parent.rmdir()
        except OSError:
            pass
    known[key] = current
    return written
