"""The district section as values, from the cache only (offline, deterministic): the merged news
of every ward, a page per ward, a page per criterion the items carry, the district's merged RSS,
Atom and JSON feeds, and the supervision board.

Every item links to the ward's own page: the original stays the canonical copy, and the feeds
keep each item's original link and id. Pages show titles and plain-text summaries only, so no
HTML from outside reaches them and no image of a ward is loaded from its host (a cover becomes a
text link); the feeds carry each item's content cleaned with the outgoing-feed allowlist.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from wardnews.content.catalog import Catalog, Criterion
from wardnews.content.config import UnitConfig
from wardnews.content.dates import format_day_vi, format_short_vi, format_vi, iso_local
from wardnews.content.sources import Source
from wardnews.content.text import relative_url
from wardnews.district.board import NOTE, Board, build_board, default_period
from wardnews.district.store import FeedRecord, GatheredItem, read_record
from wardnews.site.plan import GeneratedPage
from wardnews.site.render import front_matter, pager
from wardnews.syndication.feed_formats import render_atom, render_json_feed, render_rss
from wardnews.syndication.feeds import EMPTY_FEED_DATE, Feed, FeedItem, FeedPaths, OutputFile
from wardnews.syndication.sanitize import clean_html
from wardnews.templating import Templates
from wardnews.urls import Links

INDEX_TITLE = "Tin từ các phường, xã"
BOARD_TITLE = "Giám sát chuyên mục của các phường, xã"


@dataclass(frozen=True)
class District:
    """The sources with what the cache holds for each, read once per build."""

    gathered: tuple[tuple[Source, FeedRecord], ...]

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(w for _source, record in self.gathered for w in record.warnings)

    def items(self, now: datetime) -> list[tuple[Source, GatheredItem]]:
        """Every item already published, newest first; ties by ward, then id."""
        found = [
            (source, item)
            for source, record in self.gathered
            for item in record.items
            if item.published <= now
        ]
        found.sort(key=lambda pair: (-pair[1].published.timestamp(), pair[0].slug, pair[1].id))
        return found


def read_district(root: Path, sources: Sequence[Source]) -> District:
    return District(tuple((source, read_record(root, source)) for source in sources))


@dataclass(frozen=True)
class DistrictSection:
    pages: tuple[GeneratedPage, ...]
    files: tuple[OutputFile, ...]
    board: Board
    warnings: tuple[str, ...] = ()


class _Lists:
    """Makes the paginated lists of one build."""

    def __init__(self, config: UnitConfig, catalog: Catalog, templates: Templates):
        self.config, self.catalog, self.templates = config, catalog, templates
        self.links = Links(config.url_prefix)
        self.tz = config.tz

    def item_view(self, root: str, source: Source, item: GatheredItem) -> dict:
        """An item's values; ``root`` is the way up from the page to the site root ('../../')."""
        criteria = [c for c in map(self.catalog.get, item.criteria) if c is not None]
        return {
            "title": item.title,
            "link": item.link,
            "ward": source.title,
            "ward_href": root + self.links.district_ward(source.slug),
            "date": format_vi(item.published, self.tz),
            "iso": iso_local(item.published, self.tz),
            "summary": item.summary,
            "kind": item.kind,
            "image": item.image,
            "criteria": [
                {
                    "code": c.code,
                    "name": c.name,
                    "href": root + self.links.district_criterion(c.slug),
                }
                for c in criteria
            ],
        }

    def pages(
        self,
        url_of,
        title: str,
        items: Sequence[tuple[Source, GatheredItem]],
        intro: dict,
        entry: bool = False,
    ) -> list[GeneratedPage]:
        """The pages of one list; ``entry``: its first page goes through the engine, so the
        project's ``nav:`` may name it (the others are filled into a shell)."""
        size = self.config.page_size
        count = max(1, math.ceil(len(items) / size))
        pages = []
        for number in range(1, count + 1):
            here = url_of(number)
            root = "../" * here.count("/")  # every item links the same way up: computed once
            chunk = items[(number - 1) * size : number * size]
            # The list of wards only on the first page: hundreds of communes on each of
            # thousands of pages would make the section grow with their product.
            wards = intro["wards"] if number == 1 else []
            html = self.templates.render(
                "district/list.html",
                title=title,
                items=[self.item_view(root, source, item) for source, item in chunk],
                pager=pager(here, number, count, url_of),
                index_href=relative_url(here, self.links.district_index()),
                board_href=relative_url(here, self.links.board_page()),
                wards=[{**w, "href": root + w["href"]} for w in wards],
                ward=intro["ward"],
            )
            meta = front_matter(title, search_exclude=True)
            pages.append(
                GeneratedPage(
                    f"{here}index.md", here, title, meta, html=html, engine=entry and number == 1
                )
            )
        return pages


def _feed(
    config: UnitConfig,
    catalog: Catalog,
    items: Sequence[tuple[Source, GatheredItem]],
) -> Feed:
    links = Links(config.url_prefix)
    page = links.district_index()
    size = config.feed_size
    feed_items = tuple(
        FeedItem(
            id=item.id,  # the ward's own identity: a province never shows an item twice
            url=item.link,  # the ward's page stays the canonical copy
            title=item.title,
            summary=item.summary,
            content_html=clean_html(item.content_html or item.summary),
            author=source.title,
            published=item.published.astimezone(config.tz),
            criteria=tuple(c for c in map(catalog.get, item.criteria) if c is not None),
        )
        for source, item in items[:size]
    )
    fallback = datetime.combine(EMPTY_FEED_DATE, time(0, 0), config.tz)
    return Feed(
        FeedPaths(page, *links.feeds(page, json=True)),
        f"{INDEX_TITLE} – {config.unit_title}",
        f"Tin chuyển đổi số của các phường, xã thuộc {config.unit_title}",
        feed_items,
        feed_items[0].published if feed_items else fallback,
    )


def feed_files(feed: Feed, config: UnitConfig) -> list[OutputFile]:
    assert feed.paths.json is not None
    return [
        OutputFile(feed.paths.rss, render_rss(feed, config)),
        OutputFile(feed.paths.atom, render_atom(feed, config)),
        OutputFile(feed.paths.json, render_json_feed(feed, config)),
    ]


def board_page(config: UnitConfig, board: Board, templates: Templates) -> GeneratedPage:
    links = Links(config.url_prefix)
    here = links.board_page()
    html = templates.render(
        "district/board.html",
        title=BOARD_TITLE,
        board=board_view(board, config, here),
        index_href=relative_url(here, links.district_index()),
    )
    meta = front_matter(BOARD_TITLE, f"Tình hình đăng tin của các phường, xã – {config.unit_title}")
    return GeneratedPage(f"{here}index.md", here, BOARD_TITLE, meta, html=html)


def board_view(board: Board, config: UnitConfig, here: str) -> dict:
    """The board as the template and the HTML report show it."""
    links, tz = Links(config.url_prefix), config.tz
    return {
        "period": f"{board.start:%d/%m/%Y} – {board.end:%d/%m/%Y}",
        "unit": "tuần" if board.unit == "week" else "tháng",
        "today": format_day_vi(board.now, tz),
        "columns": board.columns,
        "behind": len(board.behind),
        "note": NOTE,
        "rows": [
            {
                "ward": row.source.title,
                "href": relative_url(here, links.district_ward(row.source.slug)) if here else "",
                "level": row.source.level,
                "cells": row.cells,
                "posts": row.posts,
                "airings": row.airings,
                "rhythm": row.rhythm,
                "missed": row.missed,
                "behind": row.behind,
                "last_post": format_short_vi(row.last_post, tz) if row.last_post else "chưa có",
                "state": row.state,
                "state_text": row.state_text,
                "history": row.history,
            }
            for row in board.rows
        ],
    }


def plan_district(
    config: UnitConfig,
    catalog: Catalog,
    now: datetime,
    templates: Templates,
    district: District | None = None,
) -> DistrictSection:
    """Every page and feed of the district section, from the cache."""
    district = district or read_district(config.root, config.sources)
    links = Links(config.url_prefix)
    items = district.items(now)
    lists = _Lists(config, catalog, templates)
    wards = [
        {
            "title": source.title,
            "href": links.district_ward(source.slug),
            "count": len(record.items),
        }
        for source, record in district.gathered
    ]
    intro = {"wards": wards, "ward": None}
    pages = lists.pages(links.district_index, INDEX_TITLE, items, intro, entry=True)
    by_ward: dict[str, list[tuple[Source, GatheredItem]]] = {}
    by_code: dict[str, list[tuple[Source, GatheredItem]]] = {}
    for source, item in items:
        by_ward.setdefault(source.slug, []).append((source, item))
        for code in item.criteria:
            by_code.setdefault(code, []).append((source, item))
    start, end = default_period(now, config.tz)
    board = build_board(district.gathered, start, end, now, config.tz, catalog)
    rows = {row.source.slug: row for row in board.rows}
    for source, record in district.gathered:
        row = rows[source.slug]
        intro = {"wards": [], "ward": {"home": record.home, "feed": source.feed, "row": row}}
        pages += lists.pages(
            lambda page, slug=source.slug: links.district_ward(slug, page),
            source.title,
            by_ward.get(source.slug, []),
            intro,
        )
    criteria: list[Criterion] = [c for c in catalog.criteria if c.code in by_code]
    for criterion in criteria:
        pages += lists.pages(
            lambda page, slug=criterion.slug: links.district_criterion(slug, page),
            f"Tiêu chí {criterion.code}: {criterion.name}",
            by_code[criterion.code],
            {"wards": [], "ward": None},
        )
    pages.append(board_page(config, board, templates))
    files = feed_files(_feed(config, catalog, items), config) if config.site_url else []
    return DistrictSection(tuple(pages), tuple(files), board, district.warnings)


def board_for_report(
    config: UnitConfig, catalog: Catalog, start: date, end: date, now: datetime, unit: str
) -> Board:
    """The board of a chosen period, for ``wardnews report --sources``."""
    district = read_district(config.root, config.sources)
    return build_board(district.gathered, start, end, now, config.tz, catalog, unit)
