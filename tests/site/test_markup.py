"""Post bodies rendered for use outside the site: absolute URLs, mkdocs.yml's extensions, cache."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from wardnews.content.markdown_config import MarkdownSettings, read_markdown_settings
from wardnews.content.posts import Post
from wardnews.site.markup import BodyRenderer, RenderCache, SiteBodyRenderer

SITE = "https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so"  # no trailing slash: added once
BASE = SITE + "/"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def post(body: str, path: str = "posts/2024/a.md") -> Post:
    return Post(
        path=path, title="A", date=datetime(2024, 3, 1, tzinfo=TZ), slug="a", body=body,
        body_line=4, author="Ban biên tập",
    )  # fmt: skip


SAMPLE_MARKDOWN = read_markdown_settings(Path(__file__).resolve().parents[2] / "mkdocs.yml")


@pytest.fixture
def renderer() -> BodyRenderer:
    return BodyRenderer(
        SITE,
        {"posts/2024/b.md": "tin-tuc/bai-b/", "posts/2023/c.md": "tin-tuc/bai-c/"},
        {"posts/2024/anh/Chợ Mới.jpg": "tin-tuc/tep/2024/anh/cho-moi.jpg"},
        SAMPLE_MARKDOWN,
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
    cache = RenderCache()
    renderer = BodyRenderer(SITE, renderer.post_urls, renderer.asset_urls, SAMPLE_MARKDOWN, cache)
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

    # A new renderer with the same URLs and cache (the next build of `mkdocs serve`) reuses
    # the result...
    again = BodyRenderer(SITE, renderer.post_urls, renderer.asset_urls, SAMPLE_MARKDOWN, cache)
    again._markdown = None  # type: ignore[assignment]  # would fail if it rendered
    assert again.render(first, "tin-tuc/a/") == renderer.render(first, "tin-tuc/a/")
    # ...but when post B moves, the link in A must follow.
    moved_urls = {**renderer.post_urls, "posts/2024/b.md": "tin-tuc/b-moi/"}
    moved = BodyRenderer(SITE, moved_urls, {}, SAMPLE_MARKDOWN, cache)
    assert urls(moved.render(first, "tin-tuc/a/")) == [BASE + "tin-tuc/b-moi/"]
    # ...and so must the Markdown when mkdocs.yml changes.
    bare = BodyRenderer(SITE, renderer.post_urls, renderer.asset_urls, MarkdownSettings(), cache)
    assert bare.render(post("!!! note\n    X\n"), "tin-tuc/a/").startswith("<p>!!! note")


TASKS_AND_NOTES = MarkdownSettings.from_mkdocs(
    [*SAMPLE_MARKDOWN.extensions, "footnotes", "pymdownx.tasklist"], SAMPLE_MARKDOWN.configs
)
NOTED = "## Việc\n\nChợ QR[^qr].\n\n- [x] Cài VNeID\n- [ ] Nộp hồ sơ\n\n[^qr]: Theo [B](b.md).\n"


def test_the_feed_renderer_uses_the_configured_extensions_without_permalinks(renderer):
    configured = BodyRenderer(SITE, renderer.post_urls, {}, TASKS_AND_NOTES)
    tree = lxml.html.fragment_fromstring(
        configured.render(post(NOTED), "tin-tuc/a/"), create_parent="div"
    )
    assert tree.xpath("//sup/a/@href") == [BASE + "tin-tuc/a/#fn:qr"]
    assert tree.xpath("//li[@id='fn:qr']//a/@href")[0] == BASE + "tin-tuc/bai-b/"
    # A feed carries no form controls: a task's state travels as a mark.
    assert [li.text_content() for li in tree.xpath("//ul/li")] == ["☑ Cài VNeID", "☐ Nộp hồ sơ"]
    assert tree.xpath("//input") == [] and tree.xpath("//h2/a") == []
    # The same post with the sample's extensions: no footnote, no task list.
    plain = lxml.html.fragment_fromstring(renderer.render(post(NOTED), "tin-tuc/a/"), "div")
    assert plain.xpath("//sup") == [] and "[x] Cài VNeID" in plain.text_content()


def test_the_site_renderer_uses_the_configured_extensions_with_permalinks():
    site = SiteBodyRenderer({"posts/2024/b.md": "tin-tuc/bai-b/"}, {}, markdown=TASKS_AND_NOTES)
    body = site.render(post(NOTED), "tin-tuc/a/")
    tree = lxml.html.fragment_fromstring(body.html, create_parent="div")
    # What the extensions produce passes the site's cleaning untouched.
    assert body.unresolved == () and body.removed == () and body.remote_images == ()
    assert tree.xpath("//sup/a/@href") == ["#fn:qr"]
    assert tree.xpath("//li[@id='fn:qr']//a/@href")[0] == "../bai-b/"
    assert [box.get("checked") is not None for box in tree.xpath("//li/input")] == [True, False]
    assert tree.xpath("//h2[@id='viec']/a[@class='headerlink']/@href") == ["#viec"]


# --- Plain text skips the inline step (markup._PlainText) ---------------------------------------

# Inline pieces, plain and not: every core inline pattern, what other extensions would match
# (bare URLs, ~~, ==, ^, :emoji:, {: }), and Vietnamese text; and blocks they go into.
INLINE = [
    "Người dân", "phường Ngọc Trạo", "đăng ký", "điện thoại", "–", "“Chợ QR”", "3/2024", ":",
    "*nghiêng*", "**đậm**", "***cả hai***", "_gạch_", "__đậm__", "* sao lẻ", "_", "a_b_c", "*",
    "`mã`", "``mã ` có``", "\\*", "\\", "[liên kết](b.md)", "[tham chiếu][r]", "[r]", "[",
    "![ảnh](anh/cho.jpg)", "![r]", "<https://dichvucong.gov.vn>", "<hotro@phuong.gov.vn>",
    "<span>thẻ</span>", "<!-- ghi chú -->", "&amp;", "&#7841;", "&copy;", "& rời", "<", ">",
    "https://vneid.gov.vn", "~~xóa~~", "==đánh dấu==", "^mũ^", ":smile:", "{: .lop }", "!",
    "  \n", "\n", "Tom & Jerry", "&quot;",
]  # fmt: skip
BLOCKS = [
    "{}", "## {}", "### {} {{: #rieng }}", "- {}\n- {}", "1. {}\n2. {}", "> {}",
    "| Cột | {} |\n|---|---|\n| {} | b |", '!!! note "Lưu ý"\n    {}', "    mã {} thụt",
    "```\nkhối {} mã\n```", "<div markdown>\n{}\n</div>", "<div>\nHTML thô {}\n</div>",
    "[r]: https://example.vn", "---", "Đoạn {}  \ntiếp {}",
]  # fmt: skip


def random_bodies(count: int, seed: int = 14) -> list[str]:
    import random

    rng = random.Random(seed)

    def inline() -> str:
        return "".join(rng.choice(INLINE) + rng.choice(["", " "]) for _ in range(rng.randint(1, 8)))

    def block() -> str:
        form = rng.choice(BLOCKS)
        return form.format(*(inline().replace("\n", " ") if "\n" in form else inline()
                             for _ in range(form.count("{}"))))  # fmt: skip

    return ["\n\n".join(block() for _ in range(rng.randint(1, 12))) for _ in range(count)]


def plain_markdown(settings: MarkdownSettings):
    import markdown

    return markdown.Markdown(
        extensions=list(settings.extensions),
        extension_configs={name: dict(cfg) for name, cfg in settings.configs.items()},
    )


def assert_same_html(ours, theirs, bodies) -> None:
    """Each body makes the same HTML with ``ours`` (markup._markdown) and plain ``theirs``."""
    for body in bodies:
        ours.reset()
        theirs.reset()
        assert ours.convert(body) == theirs.convert(body), body


# The Markdown of mkdocs.yml, MkDocs' defaults, and the feeds' (no heading permalinks).
THREE_SETTINGS = pytest.mark.parametrize(
    "settings",
    [SAMPLE_MARKDOWN, MarkdownSettings(), SAMPLE_MARKDOWN.without_permalinks()],
    ids=["mkdocs.yml", "mkdocs-defaults", "feeds"],
)


@THREE_SETTINGS
def test_plain_text_skips_the_inline_step_and_the_html_is_the_same(settings):
    from wardnews.site.markup import _markdown

    ours = _markdown(settings)
    # On: a Python-Markdown upgrade that changes its core inline patterns turns it off here,
    # and whoever upgrades sees it.
    assert "wardnews_plain_text" in ours.treeprocessors
    theirs = plain_markdown(settings)
    assert_same_html(ours, theirs, random_bodies(1500))


@pytest.mark.parametrize("extension", ["footnotes", "abbr", "smarty", "pymdownx.tilde"])
def test_plain_text_step_is_off_with_another_inline_pattern_or_tree_step(extension):
    from wardnews.site.markup import _markdown

    settings = MarkdownSettings((*SAMPLE_MARKDOWN.extensions, extension), SAMPLE_MARKDOWN.configs)
    ours = _markdown(settings)
    assert "wardnews_plain_text" not in ours.treeprocessors
    theirs = plain_markdown(settings)
    assert_same_html(ours, theirs, random_bodies(100, seed=2))


# --- toc's step only on a tree it changes (markup._TocWhenNeeded) -------------------------------

TOC_BODIES = [
    "Đoạn văn thường, không có tiêu đề.",
    "[TOC]\n\nĐoạn đầu.\n\n## Mục một\n\nChữ.",
    "[TOC]\n\nChỉ có mục lục, không có tiêu đề.",
    "   [TOC]   \n\nMục lục có dấu cách quanh.",
    "Chữ\n===\n\nĐoạn.",
    "Tiêu đề phụ\n---\n\nĐoạn.",
    '<div markdown="1">\n## Trong khối\n</div>',
    "<h2>Tiêu đề HTML thô</h2>\n\nĐoạn.",
    '!!! note "Lưu ý"\n    ### Trong ghi chú',
    "- [TOC]\n- mục",
    "> [TOC]",
    "## Mục {: #rieng }\n\n## Mục\n\n## Mục",
    "`[TOC]` trong mã",
]


@pytest.mark.parametrize(
    "settings",
    [
        SAMPLE_MARKDOWN,
        MarkdownSettings(),
        SAMPLE_MARKDOWN.without_permalinks(),
        MarkdownSettings(("toc", "tables"), {"toc": {"marker": "[MUCLUC]", "permalink": True}}),
        MarkdownSettings(("toc",), {"toc": {"marker": "", "baselevel": 2}}),
    ],
    ids=["mkdocs.yml", "mkdocs-defaults", "feeds", "own-marker", "no-marker"],
)
def test_toc_step_when_needed_gives_the_same_html(settings):
    from wardnews.site.markup import _markdown

    ours = _markdown(settings)
    assert type(ours.treeprocessors["toc"]).__name__ == "_TocWhenNeeded"
    theirs = plain_markdown(settings)
    bodies = [*TOC_BODIES, *(b.replace("[TOC]", "[MUCLUC]") for b in TOC_BODIES)]
    assert_same_html(ours, theirs, bodies + random_bodies(300, seed=5))


def test_toc_step_is_skipped_on_a_body_without_heading_or_marker(monkeypatch):
    from markdown.extensions.toc import TocTreeprocessor

    from wardnews.site.markup import _markdown

    ran: list[str] = []
    original = TocTreeprocessor.run

    def run(self, doc):
        ran.append(doc.tag)
        return original(self, doc)

    monkeypatch.setattr(TocTreeprocessor, "run", run)
    md = _markdown(SAMPLE_MARKDOWN)
    md.convert("Đoạn văn thường.\n\n- danh sách\n\n> trích dẫn\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert ran == []
    for body in ("## Mục\n\nChữ.", "[TOC]\n\nChữ.", "Chữ\n---"):
        md.reset()
        md.convert(body)
    assert len(ran) == 3


@pytest.mark.parametrize(
    "settings", [SAMPLE_MARKDOWN, MarkdownSettings()], ids=["mkdocs.yml", "mkdocs-defaults"]
)
def test_the_feeds_take_the_site_s_markdown_html_of_a_body_without_heading(settings):
    """The site's Markdown and the feeds' differ only by the heading permalinks: the HTML the
    site's made of a body without a heading is what the feeds' would make, and a feed item made
    from it is the same bytes as one converted again."""
    site = SiteBodyRenderer({}, {}, markdown=settings)
    bodies = random_bodies(600, seed=21) + [
        "[TOC]\n\nĐoạn đầu, rồi [bài B](b.md).",
        "<h2>Tiêu đề HTML thô</h2>\n\nĐoạn.",
        'Chữ\n===\n\n<div markdown="1">\n## Trong khối\n</div>',
    ]
    kept = 0
    for number, body in enumerate(bodies):
        item = post(body, f"posts/2024/bai-{number}.md")
        rendered, markup = site.render_with_markup(item, "tin-tuc/a/")
        assert rendered == site.render(item, "tin-tuc/a/")
        tree = lxml.html.fragment_fromstring(rendered.html or "<p></p>", create_parent="div")
        if any(True for _ in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")):
            assert markup is None, body  # a heading: the feeds convert the body again
            continue
        kept += markup is not None
        converted = {item.path: markup} if markup is not None else {}
        fresh = BodyRenderer(SITE, {}, {}, settings).render(item, "tin-tuc/a/")
        reused = BodyRenderer(SITE, {}, {}, settings, converted=converted).render(
            item, "tin-tuc/a/"
        )
        assert reused == fresh, body
    assert kept > 100  # the random bodies include many without a heading
    # A body kept from an earlier build comes without its Markdown HTML: the feeds convert it.
    once = post("Đoạn.", "posts/2024/mot.md")
    assert site.render_with_markup(once, "tin-tuc/a/")[1] == "<p>Đoạn.</p>"
    assert site.render_with_markup(once, "tin-tuc/a/")[1] is None


# --- Prose blocks straight to the paragraph step (markup._PlainParagraph) ------------------------

# Lines that each block step looks for, at the start of a block and inside one: the fast way must
# leave every such block to the steps, and take the rest as a paragraph, as they would.
LINE_STARTS = [
    "Đoạn văn", "điện thoại", "1986 là năm", "1. mục", "12) mục", "- mục", "* mục", "+ mục",
    "# tiêu đề", "###### sáu", "#không cách", "===", "---", "- - -", "***", "___", "_ _ _",
    "   ---", "    mã thụt", "  hai cách", "\tthụt tab", "> trích", "   > trích", "| a | b |",
    "a | b", "|---|---|", "[r]: https://example.vn", "[chữ]", "!!! note", '!!! tip "Mẹo"',
    "!!!", "! chấm than", "<div>", "<span>thẻ</span> chữ", "<!-- ghi chú -->", "=", "-", "*",
    "{: .lop }", ":", "“Chợ QR”", "Ngày 3/2024 — xong", "a > b", "5 * 3 = 15", "x_y",
]  # fmt: skip


def line_bodies(count: int, seed: int = 21) -> list[str]:
    import random

    rng = random.Random(seed)

    def block() -> str:
        return "\n".join(rng.choice(LINE_STARTS) for _ in range(rng.randint(1, 4)))

    return ["\n\n".join(block() for _ in range(rng.randint(1, 8))) for _ in range(count)]


@THREE_SETTINGS
def test_prose_blocks_go_straight_to_paragraphs_and_the_html_is_the_same(settings):
    from wardnews.site.markup import _markdown

    ours = _markdown(settings)
    # On: a Python-Markdown upgrade that renames or replaces a block step turns it off here.
    assert "wardnews_plain_paragraph" in ours.parser.blockprocessors
    theirs = plain_markdown(settings)
    pairs = [f"{a}\n{b}" for a in LINE_STARTS for b in LINE_STARTS]
    bodies = [*LINE_STARTS, *pairs, *line_bodies(1500), *random_bodies(500, seed=9)]
    assert_same_html(ours, theirs, bodies)


def test_prose_blocks_inside_lists_quotes_notes_and_html_are_the_same():
    from wardnews.site.markup import _markdown

    ours, theirs = _markdown(SAMPLE_MARKDOWN), plain_markdown(SAMPLE_MARKDOWN)
    bodies = [
        "- mục một\n\n    Đoạn trong mục\n\n- mục hai\ntiếp dòng",
        "1. một\n2. hai\n\n    Đoạn lùi\n\nĐoạn ngoài",
        "> Trích dẫn\ntiếp\n\n> Đoạn hai",
        '!!! note "Lưu ý"\n    Đoạn trong ghi chú\n\n    Đoạn nữa\n\nĐoạn ngoài',
        "<div markdown>\nĐoạn trong khối\n\nĐoạn hai\n</div>\n\nĐoạn ngoài",
        "- mục\n\n        mã trong mục\n\nĐoạn",
        "Đoạn\n\n\n\nĐoạn sau nhiều dòng trống",
    ]
    assert_same_html(ours, theirs, bodies)


@pytest.mark.parametrize("extension", ["footnotes", "def_list", "pymdownx.details", "abbr"])
def test_prose_block_step_is_off_with_another_block_step(extension):
    from wardnews.site.markup import _markdown

    settings = MarkdownSettings((*SAMPLE_MARKDOWN.extensions, extension), SAMPLE_MARKDOWN.configs)
    ours = _markdown(settings)
    assert "wardnews_plain_paragraph" not in ours.parser.blockprocessors
    theirs = plain_markdown(settings)
    assert_same_html(ours, theirs, line_bodies(100, seed=3))


def test_a_prose_block_skips_the_other_block_steps(monkeypatch):
    from markdown.blockprocessors import HashHeaderProcessor

    from wardnews.site.markup import _markdown

    tested: list[str] = []
    original = HashHeaderProcessor.test

    def counting(self, parent, block):
        tested.append(block)
        return original(self, parent, block)

    monkeypatch.setattr(HashHeaderProcessor, "test", counting)
    md = _markdown(SAMPLE_MARKDOWN)
    html = md.convert("Người dân phường Ngọc Trạo\ndùng điện thoại.\n\n## Mục\n\nĐoạn cuối.")
    assert html.count("<p>") == 2 and "<h2" in html
    assert tested == ["## Mục"]  # the two prose blocks went straight to the paragraph step


# --- The raw-HTML step only on a text with '<' or '&' (markup._HtmlBlocksWhenNeeded) -----------

HTML_BODIES = [
    "Đoạn văn thường.\n\nĐoạn hai, không thẻ.",
    "<div>\nHTML thô\n</div>\n\nĐoạn.",
    '<div markdown="1">\n## Trong khối\n\nĐoạn\n</div>',
    "Đoạn có <b>thẻ</b> giữa dòng.",
    "<!-- ghi chú -->\n\nĐoạn.",
    "Tom &amp; Jerry, &#7841; và & rời.",
    "&copy; 2024",
    "a < b và c > d",
    "```\n<div>trong mã</div>\n```",
    "    <p>mã thụt</p>",
    "<hr>\nĐoạn ngay sau",
    "<div>\nchưa đóng\n\nĐoạn sau",
]


@THREE_SETTINGS
def test_raw_html_step_when_needed_gives_the_same_html(settings):
    from wardnews.site.markup import _markdown

    ours = _markdown(settings)
    assert type(ours.preprocessors["html_block"]).__name__ == "_HtmlBlocksWhenNeeded"
    theirs = plain_markdown(settings)
    bodies = [*HTML_BODIES, *random_bodies(1000, seed=31), *line_bodies(500, seed=8)]
    assert_same_html(ours, theirs, bodies)


def test_raw_html_step_is_skipped_on_a_text_without_tag_or_reference(monkeypatch):
    from markdown.extensions.md_in_html import HtmlBlockPreprocessor

    from wardnews.site.markup import _markdown

    ran: list[str] = []
    original = HtmlBlockPreprocessor.run

    def counting(self, lines):
        ran.append("\n".join(lines))
        return original(self, lines)

    monkeypatch.setattr(HtmlBlockPreprocessor, "run", counting)
    md = _markdown(SAMPLE_MARKDOWN)
    for body in HTML_BODIES:
        md.reset()
        md.convert(body)
    # Every body with '<' or '&' but the fenced one (fenced_code stashes its block first); none
    # of the two without either.
    assert sum("<" in body or "&" in body for body in HTML_BODIES) == 11
    assert len(ran) == 10 and all("<" in text or "&" in text for text in ran)
