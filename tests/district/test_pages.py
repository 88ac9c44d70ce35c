"""The district section from a cache written by hand: what outside HTML becomes, feed states."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from wardnews.district.pages import plan_district
from wardnews.district.store import FeedRecord, GatheredItem, write_record
from wardnews.templating import Templates

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
SOURCES = [
    {"name": "Xuân Hồng", "level": "xã", "feed": "https://xh.vn/rss.xml"},
    {"name": "Thọ Lập", "level": "xã", "feed": "https://tl.vn/rss.xml"},
    {"name": "Xuân Tín", "level": "xã", "feed": "https://xt.vn/rss.xml"},
]


def item(n: int, **changes) -> GatheredItem:
    values = dict(
        id=f"tag:xh.vn,2026:{n}",
        link=f"https://xh.vn/tin/{n}/",
        title=f"Tin {n}",
        published=NOW - timedelta(days=n),
        summary="Tóm tắt",
    )
    return GatheredItem(**{**values, **changes})


def test_outside_html_is_cleaned_in_feeds_and_never_shown_on_pages(make_config, catalog):
    config = replace(make_config(sources=SOURCES[:1]), site_url="https://huyen.vn/")
    nasty = item(
        1,
        content_html='<p onclick="x()">Nội dung</p><script>alert(1)</script>'
        '<img src="https://xh.vn/anh.jpg" alt="ảnh">',
        image="https://xh.vn/anh-bia.jpg",
        title="<b>Tin</b> & bài",
    )
    write_record(config.root, config.sources[0], FeedRecord(config.sources[0].feed, (nasty,)))
    section = plan_district(config, catalog, NOW, Templates())
    feed = json.loads(next(f.data for f in section.files if f.path.endswith("feed.json")))
    (entry,) = feed["items"]
    assert entry["content_html"] == '<p>Nội dung</p><img src="https://xh.vn/anh.jpg" alt="ảnh">'
    assert entry["url"] == "https://xh.vn/tin/1/" and entry["id"] == "tag:xh.vn,2026:1"
    index = next(p for p in section.pages if p.url == "tin-tuc/don-vi/")
    assert "&lt;b&gt;Tin&lt;/b&gt; &amp; bài" in index.html
    assert "<img" not in index.html and "<script" not in index.html
    assert '<a href="https://xh.vn/anh-bia.jpg" rel="noopener">Xem ảnh' in index.html


def test_feed_states_and_the_order_of_the_board(make_config, catalog):
    config = make_config(sources=SOURCES)
    fresh, stale, failing = config.sources
    write_record(
        config.root,
        fresh,
        FeedRecord(fresh.feed, (item(1),), last_success=NOW - timedelta(hours=2)),
    )
    old = item(40, id="old")  # the newest item is 40 days old
    write_record(
        config.root, stale, FeedRecord(stale.feed, (old,), last_success=NOW - timedelta(hours=2))
    )
    since = NOW - timedelta(days=3)
    write_record(
        config.root,
        failing,
        FeedRecord(failing.feed, (item(2),), last_success=since - timedelta(days=1),
                   last_attempt=NOW, failing_since=since, error="máy chủ trả lời mã 500"),
    )  # fmt: skip
    board = plan_district(config, catalog, NOW, Templates()).board
    states = [(row.source.name, row.state, row.state_text) for row in board.rows]
    assert states == [
        ("Thọ Lập", "stale", "không có bài mới từ 13/10/2026"),
        ("Xuân Tín", "failing", "lỗi từ 19/11/2026 12:00: máy chủ trả lời mã 500"),
        ("Xuân Hồng", "ok", "bình thường"),
    ]
