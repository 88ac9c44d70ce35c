"""``wardnews fetch``: bring every source's record in the cache up to date.

Sources are fetched concurrently (at most ``MAX_PER_HOST`` at once on one host, ``MAX_PARALLEL``
in all) with httpx: explicit connect and read timeouts, a deadline for the whole of one source
(a server that sends a byte a minute gets no further than one that never answers), at most
``MAX_REDIRECTS`` redirects, a body read in chunks and refused past ``MAX_BODY_BYTES``, and a
conditional GET (If-None-Match, If-Modified-Since) from the record's validators.

One bad source never stops the others: its failure (time and reason, in Vietnamese) goes into its
record, whose items stay as they were, and the others carry on. What each source ended as is
returned as a :class:`FetchOutcome`, for the terminal.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from wardnews.content.sources import Source
from wardnews.district.items import FeedError, parse_feed
from wardnews.district.store import FeedRecord, merge_items, read_record, write_record

CONNECT_TIMEOUT = 10.0  # seconds to open a connection
READ_TIMEOUT = 20.0  # seconds of silence between two chunks
SOURCE_DEADLINE = 60.0  # seconds for one source, all redirects and chunks included
MAX_REDIRECTS = 5
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_PER_HOST = 4
MAX_PARALLEL = 32  # with MAX_BODY_BYTES, bounds the memory of bodies in flight (320 MB)
USER_AGENT = "wardnews-fetch"


@dataclass(frozen=True)
class FetchOutcome:
    source: Source
    ok: bool
    new_items: int = 0
    total_items: int = 0
    not_modified: bool = False
    error: str = ""


class _Refused(Exception):
    """A response we do not read further; the message is the reason recorded."""


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    deadline: float = SOURCE_DEADLINE
    max_bytes: int = MAX_BODY_BYTES
    per_host: int = MAX_PER_HOST
    parallel: int = MAX_PARALLEL


async def _download(
    client: httpx.AsyncClient, source: Source, record: FeedRecord, max_bytes: int
) -> tuple[bytes | None, httpx.Headers]:
    """The body (None for 304 Not Modified) and the headers; raises _Refused or httpx errors."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/feed+json, */*"}
    if record.last_success is not None:  # only a copy we have may be "not modified"
        if record.etag:
            headers["If-None-Match"] = record.etag
        if record.last_modified:
            headers["If-Modified-Since"] = record.last_modified
    async with client.stream("GET", source.feed, headers=headers) as response:
        if response.status_code == 304 and record.last_success is not None:
            return None, response.headers
        if response.status_code >= 400 or response.status_code == 304:
            raise _Refused(f"máy chủ trả lời mã {response.status_code}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _Refused(f"nội dung quá lớn ({int(declared):,} byte, tối đa {max_bytes:,})")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise _Refused(f"nội dung quá lớn (hơn {max_bytes:,} byte)")
            chunks.append(chunk)
        return b"".join(chunks), response.headers


def _reason(exc: BaseException, settings: FetchSettings) -> str:
    if isinstance(exc, _Refused | FeedError):
        return str(exc)
    if isinstance(exc, TimeoutError):
        return f"quá {settings.deadline:g} giây mà chưa nhận xong"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"chuyển hướng quá {MAX_REDIRECTS} lần"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"không kết nối được trong {settings.connect_timeout:g} giây"
    if isinstance(exc, httpx.TimeoutException):
        return f"máy chủ không trả lời trong {settings.read_timeout:g} giây"
    if isinstance(exc, httpx.ConnectError):
        return "không kết nối được tới máy chủ"
    if isinstance(exc, httpx.HTTPError):
        return f"lỗi khi tải ({exc.__class__.__name__})"
    return f"lỗi ({exc.__class__.__name__})"


async def fetch_source(
    client: httpx.AsyncClient,
    source: Source,
    record: FeedRecord,
    settings: FetchSettings,
    now: Callable[[], datetime],
) -> tuple[FeedRecord, FetchOutcome]:
    """The source's new record and what happened; never raises for a failure of the source."""
    started = now()
    try:
        async with asyncio.timeout(settings.deadline):
            data, headers = await _download(client, source, record, settings.max_bytes)
        if data is None:
            updated = replace(
                record, last_attempt=started, last_success=started, failing_since=None, error=""
            )
            outcome = FetchOutcome(source, True, 0, len(record.items), not_modified=True)
            return updated, outcome
        # In a thread: a large feed parsed on the event loop would stall the other downloads
        # past their read timeouts.
        parsed = await asyncio.to_thread(parse_feed, data, source.feed, started)
    except Exception as exc:  # every failure of a source is recorded, none stops the others
        reason = _reason(exc, settings)
        failed = replace(
            record,
            last_attempt=started,
            failing_since=record.failing_since or started,
            error=reason,
        )
        return failed, FetchOutcome(source, False, 0, len(record.items), error=reason)
    known = {item.id for item in record.items}
    items = merge_items(record.items, parsed.items)
    updated = FeedRecord(
        source.feed,
        items,
        headers.get("etag", "")[:500],
        headers.get("last-modified", "")[:100],
        parsed.title or record.title,
        parsed.home or record.home,
        last_attempt=started,
        last_success=started,
        failing_since=None,
        error="",
    )
    fresh = sum(1 for item in parsed.items if item.id not in known)
    return updated, FetchOutcome(source, True, fresh, len(items))


def _host(source: Source) -> str:
    parts = urlsplit(source.feed)
    return f"{parts.hostname}:{parts.port or ''}"


async def fetch_all(
    root: Path,
    sources: Sequence[Source],
    *,
    settings: FetchSettings | None = None,
    on_done: Callable[[FetchOutcome], None] | None = None,
    now: Callable[[], datetime] | None = None,
) -> list[FetchOutcome]:
    """Fetch every source, write each record as soon as its source is done, and return the
    outcomes in the order of ``sources``."""
    settings = settings or FetchSettings()
    clock = now or (lambda: datetime.now(UTC))
    hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(settings.per_host))
    everyone = asyncio.Semaphore(settings.parallel)
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=None,  # waiting for a free connection is bounded by the semaphores, not an error
    )
    limits = httpx.Limits(max_connections=settings.parallel, max_keepalive_connections=16)

    async def one(client: httpx.AsyncClient, source: Source) -> FetchOutcome:
        async with everyone, hosts[_host(source)]:
            record = read_record(root, source)
            updated, outcome = await fetch_source(client, source, record, settings, clock)
            await asyncio.to_thread(write_record, root, source, updated)
        if on_done is not None:
            on_done(outcome)
        return outcome

    async with httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT},
    ) as client:
        return list(await asyncio.gather(*(one(client, source) for source in sources)))
