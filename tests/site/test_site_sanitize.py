"""The site's sanitiser: Markdown attacks through the site renderer, the words of the warning, and
a property over any input (no handler, script or javascript: URL survives)."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wardnews.content.markdown_config import MarkdownSettings
from wardnews.content.posts import Post
from wardnews.site.markup import SiteBodyRenderer, body_problems
from wardnews.site.sanitize import is_remote, remote_media, removed_parts, site_cleaner

MARKDOWN = MarkdownSettings.from_mkdocs(
    ["toc", "attr_list", "md_in_html", "admonition", "tables", "footnotes", "pymdownx.tasklist"],
    {"toc": {"permalink": True}},
)


def post(body: str) -> Post:
    return Post(
        path="posts/2024/a.md",
        title="Tin",
        date=datetime(2024, 3, 1, tzinfo=UTC),
        slug="a",
        body=body,
        body_line=5,
        author="Ban biên tập",
    )


def render(body: str, **options):
    renderer = SiteBodyRenderer({}, {}, markdown=MARKDOWN, **options)
    return renderer.render(post(body), "tin-tuc/a/")


URL_NAMES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href"}


def dangers(html: str) -> list[str]:
    """Everything in the fragment that could run script: handlers, scripts, javascript: URLs."""
    if not html.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in {"script", "iframe", "object", "embed", "form", "style"}:
            found.append(element.tag)
        for name, value in element.attrib.items():
            url = "".join(value.split()).lower()
            if name.lower().startswith("on") or name.lower() == "style" and element.tag != "td":
                found.append(name)
            if name.lower() in URL_NAMES and url.startswith(("javascript:", "vbscript:", "data:")):
                found.append(value)
    return found


ATTACKS = [
    ("raw-script", "<script>alert(1)</script>\n\nĐoạn.", ("thẻ script",)),
    ("attr-list-onclick", 'Đoạn.\n{: onclick="alert(1)" }', ("thuộc tính onclick (thẻ p)",)),
    (
        "attr-list-style",
        'Đoạn.\n{: style="position:fixed;top:0" }',
        ("kiểu position (thẻ p)", "kiểu top (thẻ p)"),
    ),
    (
        "reference-link-javascript",
        "[bấm][x]\n\n[x]: javascript:alert(1)",
        ("liên kết javascript: (href, thẻ a)",),
    ),
    (
        "inline-link-javascript-mixed-case",
        "[bấm](JaVaScRiPt:alert(1))",
        ("liên kết javascript: (href, thẻ a)",),
    ),
    (
        "entity-javascript",
        '<a href="&#106;avascript:alert(1)">bấm</a>',
        ("liên kết javascript: (href, thẻ a)",),
    ),
    (
        "tab-inside-javascript",
        '<a href="java&#9;script:alert(1)">bấm</a>',
        ("liên kết javascript: (href, thẻ a)",),
    ),
    (
        "img-onerror-data",
        '<img src="data:image/svg+xml,x" alt="a" onerror="alert(1)">',
        ("liên kết data: (src, thẻ img)", "thuộc tính onerror (thẻ img)"),
    ),
    ("svg-onload", '<svg onload="alert(1)"><circle r="1"/></svg>', ("thẻ circle", "thẻ svg")),
    ("iframe", '<iframe src="https://evil.example/"></iframe>', ("thẻ iframe",)),
    (
        "md-in-html-handler",
        '<div markdown="1" onmouseover="alert(1)">**x**</div>',
        ("thuộc tính onmouseover (thẻ div)",),
    ),
    ("style-element", "<style>body{display:none}</style>", ("thẻ style",)),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        ("thẻ meta",),
    ),
    ("base-href", '<base href="https://evil.example/">', ("thẻ base",)),
    ("theme-id-clobbered", "## Tìm {#__search}", ("thuộc tính id (thẻ h2)",)),
    ("theme-class", "Đoạn.\n{: .md-header }", ("lớp md-header (thẻ p)",)),
    (
        "srcset-javascript",
        '<img alt="a" src="#" srcset="javascript:alert(1) 1x">',
        ("liên kết javascript: (srcset, thẻ img)",),
    ),
]


@pytest.mark.parametrize(("body", "removed"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_each_attack_is_cleaned_and_named(body: str, removed: tuple[str, ...]):
    rendered = render(body)
    assert dangers(rendered.html) == []
    assert rendered.removed == removed
    (warning,) = body_problems(post(body), rendered)
    assert warning.format().startswith(
        "posts/2024/a.md: cảnh báo: mã HTML của bài đã được làm sạch trước khi đăng, đã bỏ: "
        + "; ".join(removed)
        + ". Nếu bài thật sự cần mã HTML này, đặt unsafe_html: true"
    )


def test_a_form_becomes_text_and_its_input_a_disabled_checkbox():
    form = '<form action="https://evil.example/"><input name=p type=text><button>Gửi</button>'
    rendered = render(form)
    tree = lxml.html.fragment_fromstring(rendered.html, create_parent="div")
    assert tree.xpath("//form") == [] and tree.xpath("//button") == []
    assert [dict(box.attrib) for box in tree.xpath("//input")] == [
        {"type": "checkbox", "disabled": ""}
    ]
    assert rendered.removed == (
        "thuộc tính name (thẻ input)",
        "thuộc tính type=text (thẻ input)",
        "thẻ button",
        "thẻ form",
    )


BENIGN = """\
## Việc cần làm

| Cột trái | Cột phải |
|:--|--:|
| 1 | 2 |

!!! warning "Lưu ý"
    Mang theo CCCD[^1].

- [x] Cài VNeID
- [ ] Nộp hồ sơ

<details><summary>Thêm</summary>Nội dung.</details>

[Gọi](tel:0123) · [Thư](mailto:a@b.vn) · [Cổng](https://dichvucong.gov.vn/){target=_blank}

[^1]: Căn cước công dân.
"""


def test_what_the_extensions_make_is_kept_and_not_reported():
    rendered = render(BENIGN)
    assert rendered.removed == () and body_problems(post(BENIGN), rendered) == []
    tree = lxml.html.fragment_fromstring(rendered.html, create_parent="div")
    assert tree.xpath("//div/@class")[:1] == ["admonition warning"]
    assert tree.xpath("//th/@style") == ["text-align:left", "text-align:right"]
    assert tree.xpath("//h2/@id") == ["viec-can-lam"]
    assert tree.xpath("//a[@class='headerlink']/@href") == ["#viec-can-lam"]
    assert tree.xpath("//a[@class='footnote-ref']/@href") == ["#fn:1"]
    assert len(tree.xpath("//input[@type='checkbox'][@disabled]")) == 2
    links = ["tel:0123", "mailto:a@b.vn", "https://dichvucong.gov.vn/"]
    assert [href for href in tree.xpath("//a/@href") if href in links] == links
    assert tree.xpath("//details/summary/text()") == ["Thêm"]


def test_the_opt_in_keeps_raw_html_and_warns_of_nothing():
    body = 'Đoạn.\n{: onclick="alert(1)" }\n\n<script>alert(2)</script>'
    rendered = render(body, unsafe_html=True)
    assert "onclick" in rendered.html and "<script>alert(2)</script>" in rendered.html
    assert rendered.removed == ()


def test_the_report_does_not_depend_on_how_html_is_spelled():
    before = "<P CLASS='note'>x<br/><IMG SRC=a.jpg ALT=b></P>"
    after = '<p class="note">x<br><img alt="b" src="a.jpg"></p>'
    assert removed_parts(before, after) == ()
    assert removed_parts("<p title=x>y</p>", "<p>y</p>") == ("thuộc tính title (thẻ p)",)
    assert removed_parts("", "") == ()


REMOTE = [
    ("![Ảnh](https://anh.example/x.jpg)", 5),
    ("Đoạn.\n\n![Ảnh][r]\n\n[r]: http://anh.example/y.png", None),
    ('<img src="//anh.example/z.jpg" alt="z">', 5),
    ('<video controls><source src="https://anh.example/v.mp4"></video>', 5),
    ('<img alt="a" src="#" srcset="https://anh.example/w.jpg 2x">', 5),
]


@pytest.mark.parametrize(("body", "line"), REMOTE)
def test_an_image_of_another_host_is_an_error_naming_it(body: str, line: int | None):
    rendered = render(body)
    (url,) = rendered.remote_images
    assert url.startswith(("https://anh.example/", "http://anh.example/", "//anh.example/"))
    problems = body_problems(post(body), rendered)
    assert [p.is_error for p in problems] == [True]
    assert problems[0].line == (line if "[r]:" not in body else 9)
    assert problems[0].message.startswith(f"ảnh '{url}' nằm trên trang web khác")
    assert "remote_images: link" in problems[0].message


def test_an_image_of_another_host_becomes_a_link_when_the_unit_asks():
    rendered = render(
        '![Bản đồ](https://anh.example/x.jpg)\n\n<img src="https://anh.example/y.jpg">',
        remote_images="link",
    )
    tree = lxml.html.fragment_fromstring(rendered.html, create_parent="div")
    assert tree.xpath("//img") == [] and rendered.remote_images == ()
    assert [(a.get("href"), a.text) for a in tree.xpath("//a")] == [
        ("https://anh.example/x.jpg", "Bản đồ"),
        ("https://anh.example/y.jpg", "https://anh.example/y.jpg"),
    ]


def test_what_counts_as_another_host():
    assert all(
        is_remote(url)
        for url in ("https://a/x", "HTTP://a", "//a/x", "https:a.example/x", "ht\ttps://a", "ftp://a")
    )
    assert not any(is_remote(url) for url in ("anh/x.jpg", "/x.jpg", "#a", "data:x", "mailto:a"))
    assert remote_media('<a href="https://a/x">link</a>') == ()


# --- Any input ----------------------------------------------------------------------------------
TAGS = ["a", "img", "script", "p", "div", "svg", "iframe", "input", "video", "source", "style",
        "math", "form", "object", "details", "table", "td", "noscript", "template",
        "xmp"]  # fmt: skip
ATTRIBUTES = ["href", "src", "srcset", "onclick", "onerror", "ONload", "style", "class", "id",
              "formaction", "poster", "xlink:href", "action", "data", "type"]  # fmt: skip
URLS = ["javascript:alert(1)", "JAVASCRIPT:x", " java\tscript:x", "&#106;avascript:x",
        "jav&#x09;ascript:x", "data:text/html,x", "vbscript:x", "https://a/", "x.jpg",
        "#a"]  # fmt: skip


@st.composite
def fragments(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        tag = draw(st.sampled_from(TAGS))
        attributes = " ".join(
            f'{draw(st.sampled_from(ATTRIBUTES))}="{draw(st.sampled_from(URLS))}"'
            for _ in range(draw(st.integers(0, 3)))
        )
        inner = draw(st.text(alphabet="<>/=\"'!- abc\n&;", max_size=12))
        closing = draw(st.sampled_from(["", "</" + tag + ">", "<!--", "-->"]))
        parts.append("<" + tag + " " + attributes + ">" + inner + closing)
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(fragments())
def test_no_handler_script_or_javascript_url_survives_any_input(fragment: str):
    cleaned = site_cleaner().clean(fragment)
    assert dangers(cleaned) == []
    if cleaned.strip():
        tree = lxml.html.fragment_fromstring(cleaned, create_parent="div")
        assert not tree.xpath("//script | //iframe | //*[@*[starts-with(name(), 'on')]]")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="[]()<>{}:=\"'#!*`\n .onclickjavascript", max_size=80))
def test_no_handler_script_or_javascript_url_survives_any_markdown(body: str):
    assert dangers(render(body).html) == []


def test_the_quick_paths_agree_with_the_parsed_comparison():
    # What the usual post gives: a comment (<!-- more -->) and the permalink sign, both
    # respelled by cleaning; nothing to report, as the parsed comparison says too.
    before = '<p>a</p>\n<!-- more -->\n<h2 id="b">B<a class="headerlink" href="#b">&para;</a></h2>'
    after = site_cleaner().clean(before)
    assert after != before and removed_parts(before, after) == ()
    assert removed_parts(before + "<script>x</script>", after) == ("thẻ script",)
    assert removed_parts("<!-- x --><p onclick=y>z</p>", "<p>z</p>") == (
        "thuộc tính onclick (thẻ p)",
    )
    assert remote_media("<p>no file here: data, src and poster as words</p>") == ()
    assert remote_media('<IMG\nSRC\n=\n"https://a.example/x.jpg">') == ("https://a.example/x.jpg",)
    assert remote_media('<object DATA="//a.example/f.swf"></object>') == ("//a.example/f.swf",)


@pytest.mark.parametrize(
    "tag, name", [("img", "src"), ("img", "srcset"), ("video", "poster"), ("object", "data")]
)
def test_a_remote_file_is_found_whatever_the_case_of_its_attribute(tag: str, name: str):
    # Every spelling of the name in upper and lower case: the quick test before the pattern
    # (a containment in the case-folded text) lets each through.
    for mask in range(2 ** len(name)):
        spelled = "".join(c.upper() if mask >> i & 1 else c for i, c in enumerate(name))
        fragment = f'<p>Ảnh</p><{tag} {spelled}="https://a.example/x.jpg">'
        assert remote_media(fragment) == ("https://a.example/x.jpg",), spelled
