"""Post bodies rendered for use outside the site: absolute URLs, mkdocs.yml's extensions, cache."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from wardnews.content.posts import Post
from wardnews.site import markup
from wardnews.site.markup import BodyRenderer

SITE = "https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so"  # no trailing slash: added once
BASE = SITE + "/"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def post(body: str, path: str = "posts/2024/a.md") -> Post:
    return Post(
        path=path, title="A", date=datetime(2024, 3, 1, tzinfo=TZ), slug="a", body=body,
        body_line=4, author="Ban biên tập",
    )  # fmt: skip


@pytest.fixture
def renderer() -> BodyRenderer:
    markup.clear_cache()
    return BodyRenderer(
        SITE,
        {"posts/2024/b.md": "tin-tuc/bai-b/", "posts/2023/c.md": "tin-tuc/bai-c/"},
        {"posts/2024/anh/Chợ Mới.jpg": "tin-tuc/tep/2024/anh/cho-moi.jpg"},
    )


def urls(html: str) -> list[str]:
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    return [el.get("href") or el.get("src") for el in tree.iter("a", "img")]


def test_links_to_posts_and_files_become_their_absolute_urls(renderer):
    html = renderer.render(
        post(
            "Xem [bài B](b.md), [mục](b.md#muc-2), [năm trước](../2023/c.md) và "
            "![Chợ](anh/Ch%E1%BB%A3%20M%E1%BB%9Bi.jpg) ![Chợ](<anh/Chợ Mới.jpg>)."
        ),
        "tin-tuc/a/",
    )
    assert urls(html) == [
        BASE + "tin-tuc/bai-b/",
        BASE + "tin-tuc/bai-b/#muc-2",
        BASE + "tin-tuc/bai-c/",
        BASE + "tin-tuc/tep/2024/anh/cho-moi.jpg",
        BASE + "tin-tuc/tep/2024/anh/cho-moi.jpg",
    ]


def test_raw_html_in_the_body_is_rewritten_too(renderer):
    html = renderer.render(
        post(
            '<div markdown>\n<img src="anh/Chợ Mới.jpg" alt="a > b"> '
            "<a href='b.md'>B</a>\n</div>\n"
        ),
        "tin-tuc/a/",
    )
    assert urls(html) == [BASE + "tin-tuc/tep/2024/anh/cho-moi.jpg", BASE + "tin-tuc/bai-b/"]
    assert 'alt="a > b"' in html


def test_absolute_and_special_links_are_kept_and_the_rest_resolved_against_the_post(renderer):
    html = renderer.render(
        post(
            "[ngoài](https://thanhhoa.gov.vn/?a=1&b=2) [thư](mailto:vp@ngoctrao.vn) "
            "[gọi](tel:0237) [đầu trang](#top) [gốc](/lien-he/) [lạ](khong-co.pdf)"
        ),
        "tin-tuc/a/",
    )
    assert urls(html) == [
        "https://thanhhoa.gov.vn/?a=1&b=2",
        "mailto:vp@ngoctrao.vn",
        "tel:0237",
        BASE + "tin-tuc/a/#top",
        "https://ngoctrao.thanhhoa.gov.vn/lien-he/",
        BASE + "tin-tuc/a/khong-co.pdf",
    ]


def test_code_is_not_rewritten(renderer):
    html = renderer.render(post('Mã: `<a href="b.md">`\n\n    <img src="b.md">\n'), "tin-tuc/a/")
    assert '&lt;a href="b.md"&gt;' in html
    assert '&lt;img src="b.md"&gt;' in html


def test_the_extensions_of_mkdocs_yml_are_on(renderer):
    html = renderer.render(
        post(
            "## Mục một\n\n| Cột | Số |\n| --- | --- |\n| a | 1 |\n\n"
            '!!! note "Lưu ý"\n    Mang theo căn cước.\n\n'
            'Ảnh ![x](anh/Chợ Mới.jpg){ width="120" }\n'
        ),
        "tin-tuc/a/",
    )
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert tree.xpath("//h2/@id") == ["muc-mot"]  # toc
    assert tree.xpath("//table//td/text()") == ["a", "1"]  # tables
    assert tree.xpath("//div[contains(@class, 'admonition')]/p[1]/text()") == ["Lưu ý"]
    assert tree.xpath("//img/@width") == ["120"]  # attr_list
    assert "¶" not in html  # no permalink marks in feeds


def test_a_post_is_rendered_once_until_its_body_or_the_urls_change(renderer, monkeypatch):
    calls = []
    real = renderer._markdown.convert
    monkeypatch.setattr(
        renderer._markdown, "convert", lambda text: calls.append(text) or real(text)
    )
    first = post("Đoạn [B](b.md).")
    assert renderer.render(first, "tin-tuc/a/") == renderer.render(first, "tin-tuc/a/")
    assert len(calls) == 1
    renderer.render(post("Đoạn đã sửa."), "tin-tuc/a/")
    assert len(calls) == 2

    # A new renderer with the same URLs (the next build of `mkdocs serve`) reuses the result...
    again = BodyRenderer(SITE, renderer.post_urls, renderer.asset_urls)
    assert again.render(first, "tin-tuc/a/") == renderer.render(first, "tin-tuc/a/")
    # ...but when post B moves, the link in A must follow.
    moved = BodyRenderer(SITE, {**renderer.post_urls, "posts/2024/b.md": "tin-tuc/b-moi/"}, {})
    assert urls(moved.render(first, "tin-tuc/a/")) == [BASE + "tin-tuc/b-moi/"]
