"""A fetched feed's bytes as items: RSS and Atom through feedparser, JSON Feed 1.x through json.

Whatever generator wrote the feed (wardnews, a portal CMS, Pelican, Hugo, Material's RSS plugin),
each entry becomes a :class:`GatheredItem` with an id (the entry's id, else its link), an http(s)
link resolved against the feed's address, a title, a date (undated entries take the moment they
were first seen), a plain-text summary, the content as sent (cleaned when shown), and what
wardnews' own feeds add: criterion codes (categories under the ward's criteria scheme, or
``_wardnews.criteria`` in JSON Feed), the kind and the broadcasts of a radio programme
(``_wardnews.kind`` and ``_wardnews.airings``). Entries without a usable link are dropped.
"""

from __future__ import annotations

import calendar
import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import nh3

from wardnews.content.model import KINDS
from wardnews.content.sources import feed_address_problem
from wardnews.content.text import nfc
from wardnews.district import store
from wardnews.district.store import GatheredItem
from wardnews.urls import CRITERIA

# Parse errors feedparser reports for documents it still read whole (portals often serve feeds
# as text/html or without a type).
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


class FeedError(Exception):
    """The bytes are not a feed that can be read; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    home: str
    items: tuple[GatheredItem, ...]


def _plain(text: str, limit: int, markup: bool = False) -> str:
    """Text (``markup``: HTML) as one line of plain text, at most ``limit`` characters."""
    flat = html.unescape(nh3.clean(text or "", tags=set())) if markup else text or ""
    flat = nfc(" ".join(flat.split()))
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _web(url: Any, base: str) -> str:
    if not isinstance(url, str) or not url.strip():
        return ""
    absolute = urljoin(base, url.strip())
    return absolute if feed_address_problem(absolute) is None and len(absolute) <= 2000 else ""


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None
    return None


def _codes(values: Any) -> tuple[str, ...]:
    codes = [v for v in values if isinstance(v, str) and 0 < len(v) <= 20] if values else []
    return tuple(dict.fromkeys(codes))[: store.MAX_CRITERIA]


def _item(
    *,
    raw_id: Any,
    link: str,
    title: Any,
    title_html: bool,
    published: datetime | None,
    summary: str,
    content: str,
    author: Any,
    criteria: tuple[str, ...],
    kind: Any,
    airings: list[datetime],
    image: str,
    seen: datetime,
) -> GatheredItem | None:
    if not link:
        return None
    item_id = raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else link
    title_text = _plain(title if isinstance(title, str) else "", store.MAX_TITLE, title_html)
    content = content if len(content) <= store.MAX_CONTENT else ""
    return GatheredItem(
        id=item_id[:2000],
        link=link,
        title=title_text or link,
        published=published or seen,
        summary=_plain(summary, 500, markup=True),
        content_html=nfc(content),
        author=_plain(author if isinstance(author, str) else "", store.MAX_TEXT),
        criteria=criteria,
        kind=kind if kind in KINDS else "news",
        airings=tuple(sorted(airings))[: store.MAX_AIRINGS],
        image=image,
    )


def _is_criteria_scheme(scheme: Any) -> bool:
    """wardnews' categories carry the ward's criteria index as scheme ('.../tieu-chi/')."""
    return isinstance(scheme, str) and scheme.rstrip("/").rsplit("/", 1)[-1] == CRITERIA


def _parse_xml(data: bytes, url: str, seen: datetime) -> ParsedFeed:
    parsed = feedparser.parse(data, response_headers={"content-location": url})
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, _HARMLESS):
        line = getattr(problem, "getLineNumber", lambda: None)()
        where = f" ở dòng {line}" if line else ""
        raise FeedError(f"không đọc được nguồn tin: XML sai{where}")
    if not parsed.get("version"):
        raise FeedError("không phải nguồn tin RSS, Atom hay JSON Feed")
    items = []
    for entry in parsed.entries:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        images = [
            link.get("href")
            for link in entry.get("links", [])
            if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/")
        ]
        item = _item(
            raw_id=entry.get("id"),
            link=_web(entry.get("link"), url),
            title=entry.get("title"),
            title_html="html" in str(entry.get("title_detail", {}).get("type", "")),
            published=published,
            summary=entry.get("summary", ""),
            content=body,
            author=entry.get("author"),
            criteria=_codes(
                [
                    t.get("term")
                    for t in entry.get("tags", [])
                    if _is_criteria_scheme(t.get("scheme"))
                ]
            ),
            kind="news",
            airings=[],
            image=_web(images[0], url) if images else "",
            seen=seen,
        )
        if item is not None:
            items.append(item)
    feed = parsed.get("feed", {})
    return ParsedFeed(
        _plain(feed.get("title", ""), store.MAX_TITLE), _web(feed.get("link"), url), tuple(items)
    )


def _parse_json(data: bytes, url: str, seen: datetime) -> ParsedFeed:
    try:
        document = json.loads(data)
    except ValueError as exc:
        raise FeedError(f"không đọc được nguồn tin: JSON sai ({exc.__class__.__name__})") from None
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise FeedError("không phải nguồn tin RSS, Atom hay JSON Feed")
    items = []
    raw_items = document.get("items")
    for raw in raw_items if isinstance(raw_items, list) else []:
        if not isinstance(raw, dict):
            continue
        extra = raw.get("_wardnews") if isinstance(raw.get("_wardnews"), dict) else {}
        criteria = extra.get("criteria") if isinstance(extra.get("criteria"), list) else []
        airings = extra.get("airings") if isinstance(extra.get("airings"), list) else []
        authors = raw.get("authors") if isinstance(raw.get("authors"), list) else []
        author = authors[0].get("name") if authors and isinstance(authors[0], dict) else ""
        content = raw.get("content_html") or raw.get("content_text") or ""
        item = _item(
            raw_id=raw.get("id") if isinstance(raw.get("id"), str) else None,
            link=_web(raw.get("url"), url),
            title=raw.get("title"),
            title_html=False,
            published=_moment(raw.get("date_published")) or _moment(raw.get("date_modified")),
            summary=raw.get("summary") if isinstance(raw.get("summary"), str) else "",
            content=content if isinstance(content, str) else "",
            author=author,
            criteria=_codes([c.get("code") for c in criteria if isinstance(c, dict)]),
            kind=extra.get("kind"),
            airings=[m for m in map(_moment, airings) if m is not None],
            image=_web(raw.get("image"), url),
            seen=seen,
        )
        if item is not None:
            items.append(item)
    title = document.get("title")
    return ParsedFeed(
        _plain(title if isinstance(title, str) else "", store.MAX_TITLE),
        _web(document.get("home_page_url"), url),
        tuple(items),
    )


def parse_feed(data: bytes, url: str, seen: datetime) -> ParsedFeed:
    """The feed in ``data`` (fetched from ``url`` at ``seen``); raises FeedError."""
    if data.lstrip()[:1] == b"{":
        return _parse_json(data, url, seen)
    return _parse_xml(data, url, seen)
