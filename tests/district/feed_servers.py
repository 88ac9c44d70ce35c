"""Real local servers for the district's tests: sources that answer badly in every way a ward's
portal can (an error status, a socket that never answers, an endless redirect, a huge body), and
ward projects with posts week by week."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOCAL_HOST = "127.0.0.1"


class _Handler(BaseHTTPRequestHandler):
    """Answers by path: /500, /redirect/N (to N+1, for ever), /huge (an endless body),
    /etag (a feed with an ETag, 304 when asked with it)."""

    feed = b""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.path == "/500":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/redirect/"):
            number = int(self.path.rsplit("/", 1)[-1])
            self.send_response(302)
            self.send_header("Location", f"/redirect/{number + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/huge":
            # 50 MB and more, without a Content-Length: only counting the body stops it.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b"<rss>" + b" " * (1024 * 1024)
            try:
                for _ in range(60):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client gave up, as it should
        elif self.path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(self.feed)))
            self.end_headers()
            self.wfile.write(self.feed)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


@contextmanager
def bad_server(feed: bytes = b"") -> Iterator[str]:
    """A server of bad answers on 127.0.0.1; yields 'http://127.0.0.1:PORT'."""
    handler = type("Handler", (_Handler,), {"feed": feed})
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def silent_socket() -> Iterator[str]:
    """A socket that accepts connections (the kernel does) and never answers a byte."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((LOCAL_HOST, 0))
    listener.listen(16)
    try:
        yield f"http://{LOCAL_HOST}:{listener.getsockname()[1]}/rss.xml"
    finally:
        listener.close()


def ward_config(name: str, site_url: str, feed_size: int = 50) -> str:
    return (
        f"site_name: Chuyển đổi số {name}\n"
        f"site_url: {site_url}\n"
        "use_directory_urls: true\n"
        "theme:\n  name: material\n  language: vi\n  font: false\n"
        "hooks:\n  - hooks/wardnews_hooks.py\n"
        "plugins:\n  - search\n"
        "nav:\n  - Trang chủ: index.md\n"
        "extra:\n  wardnews:\n"
        f"    unit_name: {name}\n    unit_level: phường\n    feed_size: {feed_size}\n"
        "    status_page: false\n"
    )


def write_weekly_posts(
    posts: Path, first_monday: date, weeks: int, *, skip_news: tuple[int, ...] = (), radio=True
) -> None:
    """A news post every Monday and (``radio``) a radio programme every Tuesday aired twice that
    week, for ``weeks`` weeks; no news in the weeks numbered in ``skip_news`` (0 = the first)."""
    for week in range(weeks):
        monday = first_monday + timedelta(weeks=week)
        folder = posts / str(monday.year)
        folder.mkdir(parents=True, exist_ok=True)
        if week not in skip_news:
            (folder / f"{monday}-tin-tuan-{week}.md").write_text(
                f"---\ntitle: Tin chuyển đổi số tuần {week + 1}\ndate: {monday} 08:00\n"
                'criteria: ["3.1"]\n---\nNgười dân được hướng dẫn cài ứng dụng.\n',
                "utf-8",
            )
        if radio:
            tuesday = monday + timedelta(days=1)
            thursday = monday + timedelta(days=3)
            (folder / f"{tuesday}-phat-thanh-{week}.md").write_text(
                f"---\ntitle: Chương trình phát thanh tuần {week + 1}\ndate: {tuesday} 06:00\n"
                f"kind: radio\nduration: 12\nairings: [{tuesday} 06:00, {thursday} 17:00]\n"
                "---\nChương trình phát thanh về chuyển đổi số.\n",
                "utf-8",
            )
