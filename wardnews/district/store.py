"""The cache of the district's sources: one JSON file per ward, inside the project.

``wardnews fetch`` writes it; the build reads only it (offline: the same cache, the same bytes).
A record keeps every item the ward's feed has ever shown (a feed holds only its last N items),
the validators for a conditional GET (ETag, Last-Modified), and the last attempt: when it was,
whether it failed, since when and why. A failed fetch never touches the items: the last good
copy stays.

The cache is not trusted (anyone who can write the CI cache writes it): every record is checked
field by field when read back; an item that is not exactly what :func:`record_json` writes is
left out, and a file that cannot be read at all counts as empty, with a warning.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from wardnews.content.model import KINDS
from wardnews.content.sources import Source, feed_address_problem

CACHE_DIR = Path(".cache/wardnews/sources")
FORMAT = 1
# Bounds of what one source can make the build hold, whatever the cache says.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_HISTORY = 5000  # items kept per source, newest first
MAX_TITLE, MAX_SUMMARY, MAX_TEXT = 500, 2000, 200
MAX_CONTENT = 200_000
MAX_CRITERIA, MAX_AIRINGS = 40, 100


@dataclass(frozen=True)
class GatheredItem:
    """One item of a ward's feed. ``link`` is the ward's own page (the canonical copy);
    ``content_html`` is as the ward sent it: clean it before showing it (untrusted)."""

    id: str
    link: str
    title: str
    published: datetime
    summary: str = ""
    content_html: str = ""
    author: str = ""
    criteria: tuple[str, ...] = ()
    kind: str = "news"
    airings: tuple[datetime, ...] = ()
    image: str = ""


@dataclass(frozen=True)
class FeedRecord:
    """What the cache knows of one source."""

    feed: str
    items: tuple[GatheredItem, ...] = ()
    etag: str = ""
    last_modified: str = ""
    title: str = ""
    home: str = ""  # the ward's site, from the feed
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    failing_since: datetime | None = None
    error: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)


def record_path(root: Path, source: Source) -> Path:
    return root / CACHE_DIR / f"{source.slug}.json"


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _item_json(item: GatheredItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "link": item.link,
        "title": item.title,
        "published": item.published.isoformat(),
        "summary": item.summary,
        "content_html": item.content_html,
        "author": item.author,
        "criteria": list(item.criteria),
        "kind": item.kind,
        "airings": [airing.isoformat() for airing in item.airings],
        "image": item.image,
    }


def record_json(record: FeedRecord) -> bytes:
    """The record as the bytes of its file (keys sorted: the same record, the same bytes)."""
    data = {
        "format": FORMAT,
        "feed": record.feed,
        "etag": record.etag,
        "last_modified": record.last_modified,
        "title": record.title,
        "home": record.home,
        "last_attempt": _when(record.last_attempt),
        "last_success": _when(record.last_success),
        "failing_since": _when(record.failing_since),
        "error": record.error,
        "items": [_item_json(item) for item in record.items],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def write_record(root: Path, source: Source, record: FeedRecord) -> None:
    """Replace the source's file at once: a fetch stopped half-way never leaves half a file."""
    path = record_path(root, source)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(record_json(record))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str) or len(value) > limit:
        return None
    if any(not char.isprintable() and char not in "\n\t" for char in value):
        return None
    return value


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _web(value: Any) -> str | None:
    text = _text(value, 2000)
    return text if text is not None and feed_address_problem(text) is None else None


def _item(raw: Any) -> GatheredItem | None:
    """An item read back from the cache, or None when any field is not what we write."""
    if not isinstance(raw, dict):
        return None
    item_id = _text(raw.get("id"), 2000)
    link = _web(raw.get("link"))
    title = _text(raw.get("title"), MAX_TITLE)
    published = _moment(raw.get("published"))
    summary = _text(raw.get("summary"), MAX_SUMMARY)
    content = _text(raw.get("content_html"), MAX_CONTENT)
    author = _text(raw.get("author"), MAX_TEXT)
    kind = raw.get("kind")
    image = raw.get("image")
    criteria = raw.get("criteria")
    airings = raw.get("airings")
    if (
        not item_id
        or link is None
        or title is None
        or published is None
        or summary is None
        or content is None
        or author is None
        or kind not in KINDS
        or not (image == "" or _web(image) is not None)
        or not isinstance(criteria, list)
        or len(criteria) > MAX_CRITERIA
        or not all(_text(code, 20) for code in criteria)
        or not isinstance(airings, list)
        or len(airings) > MAX_AIRINGS
    ):
        return None
    moments = [_moment(airing) for airing in airings]
    if any(moment is None for moment in moments):
        return None
    return GatheredItem(
        item_id,
        link,
        title,
        published,
        summary,
        content,
        author,
        tuple(criteria),
        kind,
        tuple(moment for moment in moments if moment is not None),
        image,
    )


def read_record(root: Path, source: Source) -> FeedRecord:
    """The source's record, checked; an empty record (with a warning) when the file is missing,
    unreadable or not a record of this feed."""
    path = record_path(root, source)
    empty = FeedRecord(source.feed)
    if not path.is_file():
        return empty
    shown = path.relative_to(root).as_posix()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError("quá lớn")
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        return replace(empty, warnings=(f"{shown}: bộ nhớ đệm hỏng, bỏ qua ({exc})",))
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("feed") != source.feed
    ):
        # Another feed's history must never be shown under this ward's name.
        return replace(empty, warnings=(f"{shown}: không phải bộ nhớ đệm của {source.feed}",))
    raw_items = data.get("items")
    raw_items = raw_items[:MAX_HISTORY] if isinstance(raw_items, list) else []
    items = [item for item in map(_item, raw_items) if item is not None]
    warnings = []
    if len(items) < len(raw_items):
        warnings.append(f"{shown}: bỏ {len(raw_items) - len(items)} mục hỏng trong bộ nhớ đệm")
    return FeedRecord(
        source.feed,
        tuple(items),
        _text(data.get("etag"), 500) or "",
        _text(data.get("last_modified"), 100) or "",
        _text(data.get("title"), MAX_TITLE) or "",
        _web(data.get("home")) or "",
        _moment(data.get("last_attempt")),
        _moment(data.get("last_success")),
        _moment(data.get("failing_since")),
        _text(data.get("error"), 1000) or "",
        tuple(warnings),
    )


def item_order(item: GatheredItem) -> tuple[float, str]:
    """Newest first; equal times by id, so the order never depends on the fetch."""
    return (-item.published.timestamp(), item.id)


def merge_items(
    history: Iterable[GatheredItem], fresh: Iterable[GatheredItem]
) -> tuple[GatheredItem, ...]:
    """History and the feed's current items as one list, de-duplicated by id, then by link (a
    fresh item replaces the old copy: a corrected title shows once, corrected), newest first,
    at most ``MAX_HISTORY``."""
    by_id: dict[str, GatheredItem] = {}
    id_of_link: dict[str, str] = {}
    for item in (*history, *fresh):
        known = item.id if item.id in by_id else id_of_link.get(item.link)
        if known is not None and known != item.id:
            by_id.pop(known, None)
        by_id[item.id] = item
        id_of_link[item.link] = item.id
    return tuple(sorted(by_id.values(), key=item_order)[:MAX_HISTORY])
