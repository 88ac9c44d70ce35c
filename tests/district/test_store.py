"""The sources' cache: written whole, read back checked (a cache is untrusted)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from wardnews.content.sources import Source
from wardnews.district.store import (
    FeedRecord,
    GatheredItem,
    merge_items,
    read_record,
    record_path,
    write_record,
)

SOURCE = Source("Ngọc Trạo", "phường", "https://ngoctrao.vn/tin-tuc/feed.json", "ngoc-trao")
WHEN = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def item(n: int, **changes) -> GatheredItem:
    values = dict(
        id=f"tag:ngoctrao.vn,2026:{n}",
        link=f"https://ngoctrao.vn/tin-tuc/{n}/",
        title=f"Tin {n}",
        published=WHEN - timedelta(days=n),
        summary="Tóm tắt",
        content_html="<p>Nội dung</p>",
        author="Ban biên tập",
        criteria=("1.10",),
        kind="radio",
        airings=(WHEN,),
    )
    return GatheredItem(**{**values, **changes})


def test_a_record_round_trips(tmp_path):
    record = FeedRecord(
        SOURCE.feed, (item(1), item(2)), '"v1"', "", "Tin", "https://ngoctrao.vn/", WHEN, WHEN
    )
    write_record(tmp_path, SOURCE, record)
    assert read_record(tmp_path, SOURCE) == record
    assert [p.name for p in record_path(tmp_path, SOURCE).parent.iterdir()] == ["ngoc-trao.json"]


def test_tampered_items_are_left_out_with_a_warning(tmp_path):
    write_record(tmp_path, SOURCE, FeedRecord(SOURCE.feed, (item(1), item(2), item(3))))
    path = record_path(tmp_path, SOURCE)
    data = json.loads(path.read_text("utf-8"))
    data["items"][0]["link"] = "javascript:alert(1)"
    data["items"][1]["published"] = "2026-11-20T08:00:00"  # no offset
    data["items"][2]["criteria"] = [1.1]
    data["items"].append({**data["items"][2], "criteria": ["3.1"], "id": "ok"})
    path.write_text(json.dumps(data), "utf-8")
    record = read_record(tmp_path, SOURCE)
    assert [i.id for i in record.items] == ["ok"]
    assert record.warnings == (
        ".cache/wardnews/sources/ngoc-trao.json: bỏ 3 mục hỏng trong bộ nhớ đệm",
    )


def test_another_feeds_cache_or_garbage_counts_as_empty(tmp_path):
    write_record(tmp_path, SOURCE, FeedRecord(SOURCE.feed, (item(1),)))
    moved = Source(SOURCE.name, SOURCE.level, "https://other.vn/rss.xml", SOURCE.slug)
    record = read_record(tmp_path, moved)
    assert (
        record.items == ()
        and "không phải bộ nhớ đệm của https://other.vn/rss.xml" in record.warnings[0]
    )
    record_path(tmp_path, SOURCE).write_bytes(b"\xff{not json")
    broken = read_record(tmp_path, SOURCE)
    assert broken.items == () and "bộ nhớ đệm hỏng" in broken.warnings[0]


def test_merge_keeps_history_newest_first_and_replaces_by_id_then_link():
    old = (item(1), item(2, title="Cũ"))
    fresh = (item(2, title="Mới"), item(3, id="other-id", link=item(1).link, title="Một, đổi id"))
    merged = merge_items(old, fresh)
    assert [(i.id, i.title) for i in merged] == [
        (item(2).id, "Mới"),
        ("other-id", "Một, đổi id"),
    ]
