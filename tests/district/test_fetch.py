"""wardnews.district.fetch on real local sockets: every bad answer is bounded and recorded, one bad
source never stops the others, conditional GET, history that accumulates, de-duplication."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browser import serve_directory
from feed_servers import bad_server, silent_socket

from wardnews.content.sources import Source
from wardnews.district.fetch import MAX_REDIRECTS, FetchSettings, fetch_all
from wardnews.district.store import read_record

QUICK = FetchSettings(connect_timeout=2, read_timeout=2, deadline=8, max_bytes=5 * 1024 * 1024)


def rss(*items: tuple[str, str, str]) -> bytes:
    """RSS 2.0 of (guid, link, title) items, one day apart."""
    entries = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid><link>{link}</link><title>{title}</title>'
        f"<pubDate>Mon, {10 + n:02d} Nov 2026 08:00:00 +0700</pubDate></item>"
        for n, (guid, link, title) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Xã A</title>'
        f"<link>https://a.vn/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


def source(name: str, feed: str) -> Source:
    return Source(name, "xã", feed, name.lower())


def fetch(root: Path, *sources: Source, settings: FetchSettings = QUICK):
    # In a thread of its own: the browser fixtures keep an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, fetch_all(root, sources, settings=settings)).result()


def test_each_bad_answer_is_bounded_and_recorded_and_the_good_source_still_comes(tmp_path):
    good = tmp_path / "site"
    good.mkdir()
    (good / "rss.xml").write_bytes(rss(("1", "https://a.vn/1", "Tin một")))
    with bad_server() as bad, silent_socket() as silent, serve_directory(good) as base:
        sources = [
            source("Loop", f"{bad}/redirect/0"),
            source("Huge", f"{bad}/huge"),
            source("Missing", f"{bad}/nothing"),
            source("Silent", silent),
            source("Good", base + "rss.xml"),
        ]
        outcomes = fetch(tmp_path, *sources)
    errors = {outcome.source.name: outcome.error for outcome in outcomes}
    assert errors == {
        "Loop": f"chuyển hướng quá {MAX_REDIRECTS} lần",
        "Huge": "nội dung quá lớn (hơn 5,242,880 byte)",
        "Missing": "máy chủ trả lời mã 404",
        "Silent": "máy chủ không trả lời trong 2 giây",
        "Good": "",
    }
    for item in sources[:4]:
        record = read_record(tmp_path, item)
        assert record.items == () and record.error == errors[item.name]
        assert record.failing_since == record.last_attempt is not None
    assert [i.title for i in read_record(tmp_path, sources[4]).items] == ["Tin một"]


def test_a_server_that_drips_is_stopped_by_the_deadline(tmp_path):
    settings = FetchSettings(connect_timeout=2, read_timeout=30, deadline=1)
    with silent_socket() as silent:
        (outcome,) = fetch(tmp_path, source("Slow", silent), settings=settings)
    assert outcome.error == "quá 1 giây mà chưa nhận xong"


def test_conditional_get_keeps_the_items_on_304(tmp_path):
    feed = rss(("1", "https://a.vn/1", "Tin một"), ("2", "https://a.vn/2", "Tin hai"))
    with bad_server(feed) as bad:
        first = fetch(tmp_path, source("E", f"{bad}/etag"))[0]
        second = fetch(tmp_path, source("E", f"{bad}/etag"))[0]
    assert (first.new_items, first.not_modified) == (2, False)
    assert (second.ok, second.not_modified, second.total_items) == (True, True, 2)
    record = read_record(tmp_path, source("E", f"{bad}/etag"))
    assert record.etag == '"v1"' and len(record.items) == 2


def test_history_accumulates_and_items_are_deduplicated_by_id_then_link(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    feed = site / "rss.xml"
    with serve_directory(site) as base:
        ward = source("A", base + "rss.xml")
        feed.write_bytes(rss(("1", "https://a.vn/1", "Tin một"), ("2", "https://a.vn/2", "Hai")))
        fetch(tmp_path, ward)
        # The feed keeps only its last items: 1 has gone; 2 came back corrected; 3 is new;
        # 'x' is the same page as 3 under another id (a portal that changed its guids).
        feed.write_bytes(
            rss(
                ("2", "https://a.vn/2", "Tin hai (đính chính)"),
                ("3", "https://a.vn/3", "Tin ba"),
                ("x", "https://a.vn/3", "Tin ba"),
            )
        )
        later = feed.stat().st_mtime + 10  # the server answers If-Modified-Since by the second
        os.utime(feed, (later, later))
        (outcome,) = fetch(tmp_path, ward)
    record = read_record(tmp_path, ward)
    assert sorted((item.id, item.title) for item in record.items) == [
        ("1", "Tin một"),
        ("2", "Tin hai (đính chính)"),
        ("x", "Tin ba"),
    ]
    assert outcome.new_items == 2  # 3 and x: both were new to the cache


class _Counting(BaseHTTPRequestHandler):
    """Answers a small feed slowly, counting the requests it serves at the same time."""

    lock = threading.Lock()
    now = 0
    most = 0

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        cls = type(self)
        with cls.lock:
            cls.now += 1
            cls.most = max(cls.most, cls.now)
        time.sleep(0.3)
        body = rss((self.path, f"https://a.vn{self.path}", "Tin"))
        with cls.lock:
            cls.now -= 1
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("per_host", [1, 3])
def test_many_sources_of_one_host_are_fetched_within_the_bound_per_host(tmp_path, per_host):
    handler = type("Counting", (_Counting,), {"now": 0, "most": 0, "lock": threading.Lock()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    settings = FetchSettings(connect_timeout=2, read_timeout=10, deadline=30, per_host=per_host)
    try:
        sources = [source(f"W{n}", f"{base}{n}.xml") for n in range(8)]
        outcomes = fetch(tmp_path, *sources, settings=settings)
    finally:
        server.shutdown()
        server.server_close()
    assert [o.ok for o in outcomes] == [True] * 8
    assert [o.source for o in outcomes] == sources  # in the order of the configuration
    assert 1 <= handler.most <= per_host


def test_fetch_times_are_aware(tmp_path):
    with bad_server() as bad:
        fetch(tmp_path, source("E", f"{bad}/500"))
        record = read_record(tmp_path, source("E", f"{bad}/500"))
    assert record.last_attempt is not None and record.last_attempt.tzinfo is not None
    assert record.last_attempt <= datetime.now(UTC)
