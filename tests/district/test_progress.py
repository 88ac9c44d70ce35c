"""`wardnews fetch` shows its progress on a terminal, and only a summary elsewhere (CI logs)."""

from __future__ import annotations

import os
import pty
import subprocess

from browser import serve_directory
from feed_servers import ward_config
from support import WARDNEWS, build_env, make_ward

RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>A</title><link>https://a.vn/</link>'
    "<description>d</description><item><guid>tag:a.vn,2026:1</guid><link>https://a.vn/1</link>"
    "<title>Tin</title><pubDate>Mon, 16 Nov 2026 08:00:00 +0700</pubDate></item></channel></rss>"
)


def _project(tmp_path, feed: str):
    config = ward_config("Thọ Xuân", "https://thoxuan.vn/").replace("phường", "huyện")
    config += f"    sources:\n      - name: Xuân Hồng\n        level: xã\n        feed: {feed}\n"
    return make_ward(tmp_path / "district", config)


def _run_on_a_terminal(project) -> str:
    main, terminal = pty.openpty()
    command = [WARDNEWS, "fetch", "-f", str(project / "mkdocs.yml")]
    child = subprocess.Popen(command, stdout=terminal, stderr=terminal, env=build_env())
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the child
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    assert child.wait(timeout=120) == 0
    return output.decode("utf-8")


def test_progress_on_a_terminal_and_a_summary_elsewhere(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "rss.xml").write_text(RSS, "utf-8")
    with serve_directory(site) as base:
        project = _project(tmp_path, base + "rss.xml")
        shown = _run_on_a_terminal(project)
        logged = subprocess.run(
            [WARDNEWS, "fetch", "-f", str(project / "mkdocs.yml")],
            capture_output=True, text=True, env=build_env(), timeout=120,
        )  # fmt: skip
    assert "[1/1] Xã Xuân Hồng: ok" in shown
    assert "Đã lấy tin từ 1/1 nguồn: 1 tin mới." in shown
    assert logged.returncode == 0
    assert logged.stdout.splitlines()[0].startswith("Đã lấy tin từ 1/1 nguồn: 0 tin mới.")
    assert "[1/1]" not in logged.stdout
