"""The sanitiser of HTML for feeds and the widget, checked by parsing its output."""

from __future__ import annotations

import lxml.html
import pytest

from wardnews.syndication.sanitize import clean_html


def tree(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def attributes(html: str) -> set[str]:
    return {name for element in tree(html).iter() for name in element.attrib}


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example/">alert(1)</iframe>',
        '<object data="x.swf">alert(1)</object>',
        "<noscript><p>alert(1)</p></noscript>",
        "<template><img src=x onerror=alert(1)></template>",
    ],
)
def test_dangerous_elements_are_dropped_with_their_content(dirty):
    cleaned = clean_html(f"<p>Trước</p>{dirty}<p>Sau</p>")
    assert cleaned == "<p>Trước</p><p>Sau</p>"


def test_event_handlers_and_styles_are_removed():
    cleaned = clean_html(
        '<p onclick="alert(1)" style="position:fixed" class="x" id="main">Chữ'
        '<img src="https://a.vn/x.jpg" onerror="alert(1)" onload=alert(2) alt="Ảnh"></p>'
    )
    assert attributes(cleaned) == {"src", "alt"}
    assert "alert" not in cleaned


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "java&#x09;script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ],
)
def test_dangerous_url_schemes_are_removed_from_links(url):
    cleaned = clean_html(f'<a href="{url}">bấm</a>')
    assert tree(cleaned).find("a").get("href") is None
    assert "alert" not in cleaned and "script" not in cleaned.lower()


def test_data_images_are_refused():
    cleaned = clean_html('<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">')
    assert tree(cleaned).find("img").get("src") is None


def test_prose_structure_survives():
    html = (
        "<h2>Tiêu đề</h2><p><strong>Đậm</strong> <em>nghiêng</em> "
        '<a href="https://ngoctrao.vn/a/" title="T">liên kết</a></p>'
        '<img src="https://ngoctrao.vn/x.jpg" alt="Ảnh" width="300" height="200">'
        '<ul><li>một</li></ul><ol start="3"><li>ba</li></ol><blockquote><p>Trích</p></blockquote>'
        '<table><thead><tr><th scope="col">Cột</th></tr></thead><tbody><tr><td colspan="2">1</td>'
        "</tr></tbody></table><figure><figcaption>Chú thích</figcaption></figure>"
    )
    cleaned = tree(clean_html(html))
    assert [el.tag for el in cleaned.iter()][1:] == [
        "h2", "p", "strong", "em", "a", "img", "ul", "li", "ol", "li", "blockquote", "p",
        "table", "thead", "tr", "th", "tbody", "tr", "td", "figure", "figcaption",
    ]  # fmt: skip
    img = cleaned.find("img")
    assert dict(img.attrib) == {
        "src": "https://ngoctrao.vn/x.jpg",
        "alt": "Ảnh",
        "width": "300",
        "height": "200",
    }
    link = cleaned.find(".//a")
    assert dict(link.attrib) == {"href": "https://ngoctrao.vn/a/", "title": "T", "rel": "noopener"}
    assert cleaned.find(".//ol").get("start") == "3"


def test_links_get_rel_noopener_and_an_optional_forced_target():
    html = '<a href="https://a.vn/" rel="opener" target="_blank">x</a>'
    assert tree(clean_html(html)).find("a").attrib == {"href": "https://a.vn/", "rel": "noopener"}
    forced = tree(clean_html(html, link_target="_parent")).find("a")
    assert forced.get("target") == "_parent" and forced.get("rel") == "noopener"


def test_comments_are_stripped_and_text_stays_escaped():
    cleaned = clean_html('<p>A &lt; B &amp; "C"<!-- ghi chú nội bộ --></p>')
    assert "ghi chú" not in cleaned
    assert tree(cleaned).find("p").text == 'A < B & "C"'
