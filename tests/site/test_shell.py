"""Pages filled into an engine-rendered shell: its marks and its URL give way to the page's."""

from __future__ import annotations

from wardnews.site.plan import GeneratedPage
from wardnews.site.shell import CONTENT_MARK, DESCRIPTION_MARK, TITLE_MARK, Shell, fill_page


def _page(url: str = "tin-tuc/bai-a/") -> GeneratedPage:
    return GeneratedPage(
        "posts/a.md", url, "Cài VNeID <ngay> & “dễ”", "", html="<p>Nội dung đ</p>", engine=False,
        description="Mô tả 'ngắn'",
    )  # fmt: skip


def test_a_page_fills_every_mark_and_link_of_its_shell():
    shell = Shell.parse(2, (
        f"<html><head><title>{TITLE_MARK} - Phường</title>"
        f'<meta name="description" content="{DESCRIPTION_MARK}">'
        f'<link rel="canonical" href="https://x.vn/__wardnews_shell__/s/"></head>'
        f'<body><h1>{TITLE_MARK}</h1>{CONTENT_MARK}'
        f'<a href="../../__wardnews_shell__/s/#top">lên</a></body></html>'
    ))  # fmt: skip
    filled = fill_page({2: shell}, _page(), lambda url: f'<link rel="alternate" href="{url}x">')
    expected = (
        "<html><head><title>Cài VNeID &lt;ngay&gt; &amp; “dễ” - Phường</title>"
        '<meta name="description" content="Mô tả &#x27;ngắn&#x27;">'
        '<link rel="canonical" href="https://x.vn/tin-tuc/bai-a/">'
        '<link rel="alternate" href="tin-tuc/bai-a/x"></head>'
        "<body><h1>Cài VNeID &lt;ngay&gt; &amp; “dễ”</h1><p>Nội dung đ</p>"
        '<a href="../../tin-tuc/bai-a/#top">lên</a></body></html>'
    )
    assert filled == expected.encode()


def test_head_tags_go_at_the_end_of_a_head_without_its_closing_tag():
    shell = Shell.parse(1, f"<title>{TITLE_MARK}</title>{CONTENT_MARK}<footer></footer>")
    page = _page("tin-tuc/")
    expected = (
        "<title>Cài VNeID &lt;ngay&gt; &amp; “dễ”</title><meta x><p>Nội dung đ</p><footer></footer>"
    )
    assert shell.fill(page, "<meta x>") == expected.encode()
    assert b"<meta" not in shell.fill(page)  # no head tags: none added
