"""Feeds of any generator as gathered items; wardnews' own feeds bring criteria, kind, airings."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from wardnews.district.items import FeedError, parse_feed

SEEN = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Phường A</title>
<link href="https://a.vn/" rel="alternate"/><id>https://a.vn/</id>
<updated>2026-11-20T08:00:00+07:00</updated>
<entry><id>tag:a.vn,2026:1</id><title>Tin &lt;một&gt;</title>
<link href="/tin/1/" rel="alternate"/>
<published>2026-11-20T08:00:00+07:00</published><updated>2026-11-20T08:00:00+07:00</updated>
<category term="1.10" scheme="https://a.vn/tin-tuc/tieu-chi/" label="1.10"/>
<category term="khác" scheme="https://a.vn/the/"/>
<summary type="html">&lt;b&gt;Tóm&lt;/b&gt; tắt</summary>
<content type="html">&lt;p&gt;Nội dung&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</content></entry>
<entry><id>tag:a.vn,2026:2</id><title>Không có liên kết</title><link href="javascript:alert(1)"/>
<updated>2026-11-19T08:00:00+07:00</updated></entry>
</feed>""".encode()


def test_atom_entries_with_criteria_of_the_wardnews_scheme():
    parsed = parse_feed(ATOM, "https://a.vn/tin-tuc/atom.xml", SEEN)
    assert parsed.title == "Phường A" and parsed.home == "https://a.vn/"
    (item,) = parsed.items  # the entry whose link is javascript: is dropped
    assert item.id == "tag:a.vn,2026:1"
    assert item.link == "https://a.vn/tin/1/"
    assert item.title == "Tin <một>"
    assert item.summary == "Tóm tắt"
    assert item.criteria == ("1.10",)
    assert item.published == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def test_json_feed_with_the_wardnews_extension():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Phường B",
        "home_page_url": "https://b.vn/",
        "items": [
            {
                "id": "tag:b.vn,2026:r",
                "url": "https://b.vn/r/",
                "title": "Phát thanh",
                "content_html": "<p>x</p>",
                "date_published": "2026-11-17T06:00:00+07:00",
                "authors": [{"name": "Đài"}],
                "_wardnews": {
                    "kind": "radio",
                    "criteria": [{"code": "3.1", "name": "n"}],
                    "airings": ["2026-11-17T06:00:00+07:00", "2026-11-19T17:00:00+07:00"],
                },
            },
            {"id": "no-date", "url": "https://b.vn/n/", "title": "Không ngày"},
            "not an item",
        ],
    }
    parsed = parse_feed(json.dumps(document).encode(), "https://b.vn/tin-tuc/feed.json", SEEN)
    radio, undated = parsed.items
    assert (radio.kind, radio.criteria, radio.author) == ("radio", ("3.1",), "Đài")
    assert [a.isoformat() for a in radio.airings] == [
        "2026-11-17T06:00:00+07:00",
        "2026-11-19T17:00:00+07:00",
    ]
    assert undated.published == SEEN and undated.kind == "news"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"<rss version='2.0'><channel><item><title>a</channel>",
            "không đọc được nguồn tin: XML sai",
        ),
        (
            "<html><body>Trang chủ</body></html>".encode(),
            "không phải nguồn tin RSS, Atom hay JSON Feed",
        ),
        (b'{"items": []}', "không phải nguồn tin RSS, Atom hay JSON Feed"),
        (b"{not json", "không đọc được nguồn tin: JSON sai (JSONDecodeError)"),
    ],
)
def test_what_is_not_a_feed_is_refused_with_a_reason(data, reason):
    with pytest.raises(FeedError) as caught:
        parse_feed(data, "https://x.vn/rss.xml", SEEN)
    assert str(caught.value).startswith(reason)
