"""Post bodies use the Markdown of mkdocs.yml: a ward that adds extensions gets them everywhere.

Real ``mkdocs build`` runs through the hooks, and ``wardnews check``, on a project whose
mkdocs.yml adds ``footnotes`` and ``pymdownx.tasklist`` (pymdown-extensions ships with Material).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import feedparser
import lxml.html
import pytest
from support import WARDNEWS, build_env, make_ward, mkdocs_build
from test_build import MKDOCS_YML as SMALL_PROJECT

MKDOCS_YML = (
    SMALL_PROJECT
    + """\
markdown_extensions:
  - toc:
      permalink: true
  - footnotes
  - pymdownx.tasklist
"""
)

BODY = """\
Chợ Lê Lợi nhận thanh toán bằng mã QR[^qr].

## Việc cần làm

- [x] Cài VNeID
- [ ] Nộp hồ sơ trực tuyến

[^qr]: Theo [kế hoạch của xã](ke-hoach.md).
"""


def write_posts(root: Path, footnote_target: str = "ke-hoach.md") -> None:
    posts = root / "posts/2024"
    posts.joinpath("cho-qr.md").write_text(
        "---\ntitle: Chợ QR\ndate: 2024-03-02\n---\n"
        + BODY.replace("ke-hoach.md", footnote_target),
        "utf-8",
    )
    posts.joinpath("ke-hoach.md").write_text(
        "---\ntitle: Kế hoạch\ndate: 2024-03-01\n---\nNội dung.\n", "utf-8"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_ward(tmp_path_factory.mktemp("ward") / "xa", MKDOCS_YML)
    write_posts(root)
    site = root.parent / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


def test_the_post_page_has_the_footnote_and_the_task_list(built):
    tree = lxml.html.parse(str(built / "tin-tuc/cho-qr/index.html"))
    article = tree.xpath("//article")[0]
    assert article.xpath(".//sup/a/@href") == ["#fn:qr"]
    note = article.xpath(".//div[@class='footnote']//li[@id='fn:qr']")[0]
    assert "Theo kế hoạch của xã." in note.text_content()
    assert note.xpath(".//a/@href")[0] == "../ke-hoach/"  # the link in the note is resolved too
    boxes = article.xpath(".//li[contains(@class, 'task-list-item')]/input[@type='checkbox']")
    assert [box.get("checked") is not None for box in boxes] == [True, False]
    assert article.xpath(".//h2[@id='viec-can-lam']/a[@class='headerlink']")  # toc permalink


def test_the_feed_has_the_footnote_and_the_task_states(built):
    feed = feedparser.parse((built / "tin-tuc/rss.xml").read_bytes())
    assert feed.bozo == 0
    entry = next(e for e in feed.entries if e.title == "Chợ QR")
    html = entry.content[0].value
    content = lxml.html.fragment_fromstring(html, create_parent="div")
    assert "https://example.gov.vn/tin-tuc/cho-qr/#fn:qr" in content.xpath("//sup/a/@href")
    assert "Theo kế hoạch của xã." in content.text_content()
    assert "https://example.gov.vn/tin-tuc/ke-hoach/" in content.xpath("//a/@href")
    items = [" ".join(li.text_content().split()) for li in content.xpath("//ul/li")]
    assert items == ["☑ Cài VNeID", "☐ Nộp hồ sơ trực tuyến"]
    assert "¶" not in html  # no heading permalinks in feeds


def check(root: Path) -> subprocess.CompletedProcess:
    assert WARDNEWS, "the wardnews console script is installed with the project"
    return subprocess.run(
        [WARDNEWS, "check"], cwd=root, capture_output=True, text=True, env=build_env()
    )


def test_check_renders_with_the_configured_extensions(tmp_path):
    root = make_ward(tmp_path / "xa", MKDOCS_YML)
    write_posts(root)
    result = check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "không có lỗi" in result.stdout


def test_check_uses_the_options_of_an_extension(tmp_path):
    # wikilinks makes '[[name]]' a link to base_url + name + end_url: with these options a link
    # to a post file, which check must find dead when no such post exists.
    config = MKDOCS_YML.replace(
        "  - footnotes\n", '  - wikilinks:\n      base_url: ""\n      end_url: ".md"\n'
    )
    root = make_ward(tmp_path / "xa", config)
    write_posts(root)
    post = root / "posts/2024/cho-qr.md"
    post.write_text(post.read_text("utf-8") + "\nXem [[ke-hoach]] và [[khong-co]].\n", "utf-8")
    result = check(root)
    assert result.returncode == 1
    assert "posts/2024/cho-qr.md: lỗi: liên kết 'khong-co.md' không trỏ tới" in result.stdout
    assert "ke-hoach" not in result.stdout
