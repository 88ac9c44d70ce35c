"""Hostile post bodies through the real doors: ``wardnews check`` (a subprocess) and a real
``mkdocs build --strict``. One project holds one post per attack: check warns about each (file and
what was removed), the build succeeds with the same warnings, and no built post page carries an
event handler, a script, a frame, a form or a ``javascript:`` URL. The opt-in keeps raw HTML;
images of other hosts stop both doors, or become links when the unit asks. The same hostile posts
are opened in Chromium by ``test_browser.py``."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from support import mkdocs_build
from test_bad_input import MKDOCS_YML, NOW, Case, make_project, post, run_check

MARKDOWN = """\
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - admonition
  - tables
  - footnotes
"""
CONFIG = MKDOCS_YML.replace("extra:\n", MARKDOWN + "extra:\n")
DATE = "date: 2024-03-12 08:30"
WARNED = "cảnh báo: mã HTML của bài đã được làm sạch trước khi đăng, đã bỏ: "
URL_NAMES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}

# (id: the post's file and slug, body, what the warning says was removed, text the page keeps)
ATTACKS = [
    ("script", "<script>alert(1)</script>\n\nĐoạn giữ lại.", "thẻ script", "Đoạn giữ lại."),
    ("onclick", 'Đoạn giữ lại.\n{: onclick="alert(1)" }', "thuộc tính onclick (thẻ p)", None),
    (
        "style-overlay",
        'Đoạn giữ lại.\n{: style="position:fixed;inset:0" }',
        "kiểu inset (thẻ p); kiểu position (thẻ p)",
        None,
    ),
    (
        "reference-link",
        "[Bấm vào đây][x] để nhận quà.\n\n[x]: javascript:alert(document.cookie)",
        "liên kết javascript: (href, thẻ a)",
        "Bấm vào đây",
    ),
    (
        "entity-javascript",
        '<a href="&#106;avascript:alert(1)">Đoạn giữ lại.</a>',
        "liên kết javascript: (href, thẻ a)",
        None,
    ),
    (
        "img-onerror",
        '<img src="data:image/png;base64,AA==" alt="x" onerror="alert(1)">\n\nĐoạn giữ lại.',
        "liên kết data: (src, thẻ img); thuộc tính onerror (thẻ img)",
        None,
    ),
    (
        "svg",
        '<svg onload="alert(1)"><circle r="9"/></svg>\n\nĐoạn giữ lại.',
        "thẻ circle; thẻ svg",
        None,
    ),
    ("iframe", '<iframe src="https://evil.example/"></iframe>\n\nĐoạn.', "thẻ iframe", "Đoạn."),
    (
        "form",
        '<form action="https://evil.example/"><button>Gửi</button></form>\n\nĐoạn giữ lại.',
        "thẻ button; thẻ form",
        None,
    ),
    (
        "details-handler",
        '<details ontoggle="alert(1)" open><summary>Xem</summary>Đoạn giữ lại.</details>',
        "thuộc tính ontoggle (thẻ details)",
        None,
    ),
    (
        "md-in-html",
        '<div markdown="1" onmouseover="alert(1)">\n**Đoạn giữ lại.**\n</div>',
        "thuộc tính onmouseover (thẻ div)",
        None,
    ),
    ("heading-clobbers-theme", "## Đoạn giữ lại. {#__search}", "thuộc tính id (thẻ h2)", None),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n\nĐoạn giữ lại.',
        "thẻ meta",
        None,
    ),
]  # fmt: skip


def slug(name: str) -> str:
    return f"bai-{name}"


def dangers(page: Path) -> list[str]:
    """Handlers, scripts, frames, forms, styles and script URLs inside the post's article."""
    tree = lxml.html.parse(str(page))
    (article,) = tree.xpath("//article")
    found = []
    for element in article.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in {"script", "iframe", "object", "embed", "form", "style", "meta", "base"}:
            found.append(element.tag)
        for name, value in element.attrib.items():
            if name.startswith("on") or name == "style" and element.tag not in {"td", "th"}:
                found.append(name)
            url = "".join(value.split()).lower()
            if name in URL_NAMES and url.startswith(("javascript:", "data:", "vbscript:")):
                found.append(value)
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, str, str]:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def build_hostile(tmp_path: Path) -> tuple[Path, str, str]:
    """(built site, check's output, build's output) of one project with every attack."""
    files = {
        f"posts/2024/{name}.md": post(f"title: Bài {name}", DATE, body=body)
        for name, body, _, _ in ATTACKS
    }
    root = make_project(tmp_path, Case("hostile", files, 0, "", config=CONFIG))
    checked = run_check(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site = tmp_path / "site"
    built = mkdocs_build(root, site, now=NOW)
    assert built.returncode == 0, built.stdout + built.stderr
    return site, checked.stdout, built.stderr


@pytest.mark.parametrize(
    ("name", "removed", "kept"), [(a[0], a[2], a[3]) for a in ATTACKS], ids=[a[0] for a in ATTACKS]
)
def test_an_attack_is_cleaned_from_the_page_and_named_by_check_and_build(
    hostile, name: str, removed: str, kept: str | None
):
    site, checked, built = hostile
    warning = f"posts/2024/{name}.md: {WARNED}{removed}. Nếu bài thật sự cần mã HTML này"
    assert warning in checked
    assert warning in built  # a notice: the build went on (returncode 0 above)
    page = site / "tin-tuc" / slug(name) / "index.html"
    assert dangers(page) == []
    assert (kept or "Đoạn giữ lại.") in lxml.html.parse(str(page)).xpath("string(//article)")


def test_check_counts_every_hostile_post_as_accepted(hostile):
    _, checked, _ = hostile
    assert f"Tổng cộng: 0 lỗi, {len(ATTACKS)} cảnh báo." in checked
    assert f"Đã đăng {len(ATTACKS)}," in checked


def test_the_opt_in_keeps_raw_html_and_warns_of_nothing(tmp_path: Path):
    body = 'Đoạn.\n{: onclick="alert(1)" }\n\n<span style="color:red">Đỏ</span>'
    config = CONFIG + "    unsafe_html: true\n"
    root = make_project(
        tmp_path, Case("unsafe", {"posts/2024/a.md": post("title: Bài a", DATE, body=body)}, 0, "",
                       config=config)
    )  # fmt: skip
    checked = run_check(root)
    assert checked.returncode == 0 and "cảnh báo" not in checked.stdout, checked.stdout
    built = mkdocs_build(root, tmp_path / "site", now=NOW)
    assert built.returncode == 0, built.stderr
    article = lxml.html.parse(str(tmp_path / "site/tin-tuc/bai-a/index.html")).xpath("//article")[0]
    assert article.xpath("//p/@onclick") == ["alert(1)"]
    assert article.xpath("//span/@style") == ["color:red"]


def test_a_wrong_value_of_the_keys_is_named(tmp_path: Path):
    config = CONFIG + "    remote_images: hide\n"
    root = make_project(tmp_path, Case("key", {"posts/2024/a.md": post("title: A", DATE)}, 2, "",
                                       config=config))  # fmt: skip
    checked = run_check(root)
    assert checked.returncode == 2
    assert (
        "khóa 'extra.wardnews.remote_images': lỗi: cần một trong: error, link; nhưng gặp 'hide'"
        in checked.stderr
    )


# (id, body, the URL named, the line named: body lines start at 5)
HOST = "https://anh.example/"
REMOTE = [
    ("markdown", f"Đoạn.\n\n![Bản đồ]({HOST}ban-do.jpg)", f"{HOST}ban-do.jpg", 7),
    ("reference", "![Bản đồ][b]\n\n[b]: http://anh.example/b.png", "http://anh.example/b.png", 7),
    ("raw-img", f"<img src={HOST}c.jpg alt=c>", f"{HOST}c.jpg", 5),
    ("protocol-relative", '<img src="//anh.example/d.jpg" alt="d">', "//anh.example/d.jpg", 5),
    ("video", f'<video controls src="{HOST}e.mp4"></video>', f"{HOST}e.mp4", 5),
    (
        "picture-source",
        f'<picture><source srcset="{HOST}f.webp"><img src="#" alt="f"></picture>',
        f"{HOST}f.webp",
        5,
    ),
]


def remote_project(tmp_path: Path, config: str) -> Path:
    files = {
        f"posts/2024/{name}.md": post(f"title: Bài {name}", DATE, body=body)
        for name, body, _, _ in REMOTE
    }
    return make_project(tmp_path, Case("remote", files, 1, "", config=config))


def test_images_of_other_hosts_stop_check_and_build_naming_file_line_and_url(tmp_path: Path):
    root = remote_project(tmp_path, CONFIG)
    checked = run_check(root)
    built = mkdocs_build(root, tmp_path / "site", now=NOW)
    assert checked.returncode == 1 and built.returncode != 0
    for name, _, url, line in REMOTE:
        message = (
            f"posts/2024/{name}.md, dòng {line}: lỗi: ảnh '{url}' nằm trên trang web khác: "
            "điện thoại người đọc sẽ phải tải từ máy chủ ngoài. Hãy tải ảnh về, đặt vào thư mục "
            "anh/ cạnh bài viết"
        )
        assert message in checked.stdout
        assert message in built.stderr
    assert not (tmp_path / "site").exists()


def test_images_of_other_hosts_become_links_when_the_unit_asks(tmp_path: Path):
    root = remote_project(tmp_path, CONFIG + "    remote_images: link\n")
    (root / "posts/2024/video.md").unlink()  # media other than images are errors still
    (root / "posts/2024/picture-source.md").unlink()
    checked = run_check(root)
    assert checked.returncode == 0, checked.stdout
    built = mkdocs_build(root, tmp_path / "site", now=NOW)
    assert built.returncode == 0, built.stderr
    for name, _, url, _ in REMOTE[:4]:
        page = lxml.html.parse(str(tmp_path / "site/tin-tuc" / slug(name) / "index.html"))
        (article,) = page.xpath("//article")
        assert article.xpath(".//img") == []
        assert url in article.xpath(".//a/@href")
    # The feeds too: a portal that pastes an item loads nothing from the other host.
    items = json.loads((tmp_path / "site/tin-tuc/feed.json").read_text("utf-8"))["items"]
    bodies = [lxml.html.fragment_fromstring(i["content_html"], create_parent="div") for i in items]
    assert [img.get("src") for body in bodies for img in body.iter("img")] == []
    assert {url for _, _, url, _ in REMOTE[:4]} <= {
        a.get("href") for body in bodies for a in body.iter("a")
    }

