"""The web editor end to end, as an editor uses it: scripts/edit on a clone of the project, the
form in Debian's Chromium at desktop and phone sizes, then git, `wardnews check` and the build.

The clone has an untracked note, a changed tracked file and an untracked .venv link: the proxy's
commit must hold exactly the post and its image (decap-server alone would stage all of them).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, open_context
from lxml import html as lxml_html
from PIL import Image
from support import NOW, REPO, build_env, mkdocs_build

TITLE = "Hướng dẫn người dân đăng ký định danh điện tử"
SLUG = "huong-dan-nguoi-dan-dang-ky-dinh-danh-dien-tu"
GIT = ["git", "-c", "user.name=Kiểm thử", "-c", "user.email=kiem-thu@example.invalid"]
START_TIMEOUT_S = 300
pytestmark = pytest.mark.skipif(
    shutil.which("npm") is None and os.environ.get("CI") != "true", reason="npm is missing"
)


def _git(clone: Path, *args: str) -> str:
    result = subprocess.run([*GIT, *args], cwd=clone, capture_output=True, text=True, check=True)
    return result.stdout


def make_clone(tmp_path: Path) -> Path:
    """A git repository holding a copy of this project, on branch main."""
    clone = tmp_path / "ward"
    clone.mkdir()
    for name in ("mkdocs.yml", "pyproject.toml", "README.md", ".gitignore"):
        shutil.copy(REPO / name, clone / name)
    for name in ("docs", "overrides", "posts", "hooks", "scripts", "wardnews"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / name, clone / name, ignore=ignore)
    _git(clone, "init", "-q", "-b", "main")
    _git(clone, "add", "-A")
    _git(clone, "commit", "-q", "-m", "Dự án")
    # Work in progress the editor's commit must not take.
    (clone / ".venv").symlink_to(REPO / ".venv")
    (clone / "ghi-chu.txt").write_text("việc cần làm\n", "utf-8")
    (clone / "docs/index.md").write_text("# Trang chủ (đang sửa)\n", "utf-8")
    # The proxy is installed once per machine into the repository's cache, then copied.
    cache = REPO / ".cache/wardnews-edit"
    if (cache / "node_modules").is_dir():
        shutil.copytree(cache, clone / ".cache/wardnews-edit", symlinks=True)
    return clone


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def editing(tmp_path):
    """scripts/edit running on a fresh clone: (clone, admin URL, process, ports)."""
    clone = make_clone(tmp_path)
    ports = (_free_port(), _free_port())
    env = {**os.environ, "WARDNEWS_SKIP_SETUP": "1", "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "edit.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            ["scripts/edit", "--port", str(ports[0]), "--proxy-port", str(ports[1])],
            cwd=clone,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
    url = ""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not url and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        found = re.search(r"^Trình soạn bài: (\S+)$", log.read_text("utf-8"), re.MULTILINE)
        url = found.group(1) if found else ""
    assert url, log.read_text("utf-8")
    yield clone, url, process, ports
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (Linux /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def write_post_in_form(page, url: str, cover: Path) -> None:
    """Log in, fill every field the acceptance names, save, set ready, publish."""
    page.on("dialog", lambda dialog: dialog.accept())  # "publish now?" confirmation
    page.goto(url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(url + "#/collections/posts/new")
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.locator("input[type=datetime-local]").first.fill("2026-11-20T08:30")
    for code in ("1.10", "3.4"):
        page.get_by_label("Tiêu chí").click()
        page.get_by_text(f"{code} – ").click()
    page.get_by_text("Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(str(cover))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label("Mô tả ảnh bìa").fill("Cán bộ hướng dẫn người dân cài ứng dụng VNeID")
    page.get_by_label("Loại bài").click()
    page.get_by_text("Chương trình phát thanh", exact=True).click()
    for index, when in enumerate(("2026-11-20T17:00", "2026-11-21T06:00")):
        page.get_by_role("button", name="Thêm giờ phát").click()
        page.locator("input[type=datetime-local]").nth(index + 1).fill(when)
    page.get_by_label("Thời lượng").fill("12")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Sáng 20/11, Tổ công nghệ số cộng đồng hướng dẫn người dân cài VNeID.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Mục đã được lưu").wait_for()
    page.get_by_role("button", name="Trạng thái: Bản nháp").click()
    page.get_by_role("menuitem", name="Sẵn sàng").click()
    page.get_by_role("button", name="Trạng thái: Sẵn sàng").wait_for()
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    page.get_by_text("Đã công bố").first.wait_for()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-360x740"])
def test_a_post_written_in_the_form_is_one_commit_that_passes_check_and_builds(
    chromium, editing, tmp_path, viewport
):
    clone, url, process, ports = editing
    # decap-server has no authentication: it listens on 127.0.0.1 only (BIND_HOST), never on
    # every interface.
    assert listening_addresses(ports[1]) == {"0100007F"}
    before = _git(clone, "rev-parse", "HEAD").strip()
    cover = tmp_path / "anh-bia.jpg"
    Image.new("RGB", (1200, 800), (30, 120, 200)).save(cover, quality=85)
    browse = open_context(chromium, viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        try:
            write_post_in_form(browse.page, url, cover)
        except Exception as exc:  # the page and the proxy's log, to see where the form stopped
            browse.page.screenshot(path=str(tmp_path / "failed.png"))
            log = (tmp_path / "edit.log").read_text("utf-8")[-3000:]
            raise AssertionError(f"{tmp_path / 'failed.png'}\n{log}") from exc
        if viewport == PHONE:
            width = browse.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"]
    finally:
        browse.context.close()
    assert browse.foreign() == []

    # Exactly one new commit on main, holding exactly the post and its image.
    commits = _git(clone, "rev-list", f"{before}..HEAD").split()
    assert len(commits) == 1
    changed = _git(clone, "show", "--name-only", "--format=", "HEAD").split()
    post = f"posts/2026/2026-11-20-{SLUG}.md"
    assert sorted(changed) == [post, "posts/2026/anh/anh-bia.jpg"]
    assert _git(clone, "branch", "--list", "cms/*") == ""
    status = _git(clone, "status", "--porcelain")
    assert " M docs/index.md" in status and "?? ghi-chu.txt" in status
    text = (clone / post).read_text("utf-8")
    assert '- "1.10"' in text and '- "3.4"' in text

    # Ctrl-C stops the proxy and the preview server.
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert not _listening(ports[0]) and not _listening(ports[1])

    check = subprocess.run(
        [sys.executable, "-m", "wardnews", "check"],
        cwd=clone,
        capture_output=True,
        text=True,
        env=build_env(NOW),
    )
    assert check.returncode == 0, check.stdout + check.stderr
    site = tmp_path / "site"
    result = mkdocs_build(clone, site, now=NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    page = lxml_html.fromstring((site / f"tin-tuc/{SLUG}/index.html").read_bytes())
    assert page.xpath("//h1")[0].text_content().strip() == TITLE
    badges = [a.text_content() for a in page.xpath("//*[@class='wn-badges']/a")]
    assert badges == ["Tiêu chí 1.10", "Tiêu chí 3.4"]
