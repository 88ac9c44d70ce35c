"""The widget, the embed-kit page and the <head> tags, read back with an HTML parser."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import markdown
import pytest

from wardnews.content.posts import load_posts
from wardnews.site.markup import BodyRenderer
from wardnews.site.plan import plan_site
from wardnews.syndication import embed
from wardnews.syndication.embed import embed_page, head_links, render_widget
from wardnews.syndication.feeds import build_feeds
from wardnews.templating import Templates

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=TZ)
SITE = "https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/"
NASTY_TITLE = 'A < B & "C"'
MKDOCS_EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "tables"]


@pytest.fixture
def site_config(config):
    return replace(config, site_url=SITE)


@pytest.fixture
def feeds_of(site_config, catalog, templates):
    def build():
        posts, problems = load_posts(site_config, catalog)
        assert not [p for p in problems if p.is_error]
        plan = plan_site(site_config, catalog, posts, NOW)
        renderer = BodyRenderer(SITE, {}, {a.src_uri: a.url for a in plan.assets})
        return build_feeds(
            site_config,
            catalog,
            plan.published,
            renderer=renderer,
            assets=plan.assets,
            templates=templates,
        )

    return build


@pytest.fixture
def posts(write_post, post_text):
    for day in range(1, 8):
        write_post(
            f"2024/2024-03-0{day}-tin-{day}.md",
            post_text(f"title: Tin số {day}", f"date: 2024-03-0{day} 08:00", 'criteria: ["3.1"]'),
        )
    write_post(
        "2024/2024-03-09-doc-hai.md",
        post_text(
            f"title: '{NASTY_TITLE}'",
            "date: 2024-03-09 08:00",
            body=(
                "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))\n"
            ),
        ),
    )


def test_widget_lists_the_newest_items_with_links_to_the_parent_window(
    posts, site_config, feeds_of, templates
):
    page = render_widget(site_config, feeds_of()[0].items, templates)
    document = lxml.html.document_fromstring(page)
    items = document.xpath("//li")
    assert len(items) == 5
    titles = [li.find("a").text_content() for li in items]
    assert titles == [NASTY_TITLE, "Tin số 7", "Tin số 6", "Tin số 5", "Tin số 4"]
    assert [li.find("time").text for li in items][:2] == ["09/03/2024", "07/03/2024"]
    links = document.xpath("//a")
    assert links and all(a.get("target") == "_parent" for a in links)
    assert all(a.get("href").startswith(SITE) for a in links)
    assert [a.get("rel") for a in items[0].iter("a")] == ["noopener"]
    assert items[1].find("a").get("href") == SITE + "tin-tuc/tin-so-7/"


def test_widget_runs_no_script_and_stays_small(posts, site_config, feeds_of, templates):
    page = render_widget(site_config, feeds_of()[0].items, templates)
    document = lxml.html.document_fromstring(page)
    assert not document.xpath("//script | //iframe | //object | //embed")
    assert not [name for el in document.iter() for name in el.attrib if name.startswith("on")]
    for bad in ("alert", "javascript", "onerror"):
        assert bad not in page.lower()
    csp = document.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    assert len(page.encode()) < 8 * 1024
    assert len(document.xpath("//style")[0].text) < 3 * 1024
    assert document.xpath("//meta[@name='viewport']")
    assert document.get("lang") == "vi"


def test_widget_count_and_empty_section(site_config, feeds_of, posts, templates):
    assert (
        lxml.html.document_fromstring(
            render_widget(site_config, feeds_of()[0].items, templates, count=2)
        ).xpath("count(//li)")
        == 2
    )
    empty = lxml.html.document_fromstring(render_widget(site_config, (), templates))
    assert "Chưa có bài nào." in empty.text_content()


def rendered_embed_page(config, catalog, feeds, templates) -> lxml.html.HtmlElement:
    page = embed_page(config, catalog, feeds, templates)
    body = page.markdown.split("---\n", 2)[2]  # the front matter is the engine's
    return lxml.html.fragment_fromstring(
        markdown.markdown(body, extensions=MKDOCS_EXTENSIONS), create_parent="div"
    )


def snippets(tree) -> list[lxml.html.HtmlElement]:
    """Each copy-paste snippet, parsed as the HTML a webmaster would paste."""
    return [
        lxml.html.fragment_fromstring(code.text_content(), create_parent="div")
        for code in tree.xpath("//pre/code")
    ]


def test_embed_page_offers_banner_widget_and_feed_snippets(
    site_config, catalog, feeds_of, templates
):
    feeds = feeds_of()
    page = embed_page(site_config, catalog, feeds, templates)
    assert (page.url, page.src_uri, page.dest_uri) == (
        "tin-tuc/nhung/",
        "tin-tuc/nhung/index.md",
        "tin-tuc/nhung/index.html",
    )
    tree = rendered_embed_page(site_config, catalog, feeds, templates)
    banner_300, banner_728, widget = snippets(tree)
    for snippet, size in ((banner_300, (300, 250)), (banner_728, (728, 90))):
        link = snippet.find("a")
        assert link.get("href") == SITE + "tin-tuc/"
        image = link.find("img")
        assert image.get("src") == SITE + f"tin-tuc/nhung/banner-{size[0]}x{size[1]}.png"
        assert (image.get("width"), image.get("height")) == tuple(map(str, size))
        assert image.get("alt") == "Chuyên mục Chuyển đổi số – Phường Ngọc Trạo"
    frame = widget.find("iframe")
    assert frame.get("src") == SITE + "tin-tuc/nhung/tin-moi.html"
    assert frame.get("width") == "300"

    listed = {a.get("href") for a in tree.xpath("//table//a")}
    expected = {SITE + f"tin-tuc/{name}" for name in ("rss.xml", "atom.xml", "feed.json")}
    for criterion in catalog.criteria:
        expected |= {
            SITE + f"tin-tuc/tieu-chi/{criterion.slug}/{n}" for n in ("rss.xml", "atom.xml")
        }
    assert listed == expected
    # Previews on the page itself use relative URLs: they work before the site has its domain.
    assert tree.xpath("//p/img/@src")[0] == "banner-300x250.png"
    assert tree.xpath("//p/iframe/@src") == ["tin-moi.html"]


def test_embed_page_escapes_what_it_shows(make_config, catalog, feeds_of, templates):
    config = replace(make_config(section_title='Tin <b>"số"</b> & mới'), site_url=SITE)
    tree = rendered_embed_page(config, catalog, feeds_of(), templates)
    assert not tree.xpath("//b")
    alt = snippets(tree)[0].find("a/img").get("alt")
    assert alt == 'Tin <b>"số"</b> & mới – Phường Ngọc Trạo'


def alternates(tags: str) -> list[tuple[str, str]]:
    head = lxml.html.fragment_fromstring(f"<div>{tags}</div>")
    return [(link.get("type"), link.get("href")) for link in head.xpath("//link[@rel='alternate']")]


def og(tags: str) -> dict[str, str]:
    head = lxml.html.fragment_fromstring(f"<div>{tags}</div>")
    return {meta.get("property"): meta.get("content") for meta in head.xpath("//meta")}


def test_head_links_announce_the_section_feeds_and_the_banner(site_config, catalog, templates):
    tags = head_links(site_config, catalog, "", templates=templates)
    assert alternates(tags) == [
        ("application/rss+xml", SITE + "tin-tuc/rss.xml"),
        ("application/atom+xml", SITE + "tin-tuc/atom.xml"),
        ("application/feed+json", SITE + "tin-tuc/feed.json"),
    ]
    assert og(tags) == {
        "og:image": SITE + "tin-tuc/nhung/banner-1200x630.png",
        "og:image:type": "image/png",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": "Chuyên mục Chuyển đổi số – Phường Ngọc Trạo",
    }


@pytest.mark.parametrize("page_url", ["tin-tuc/tieu-chi/1-10/", "tin-tuc/tieu-chi/1-10/trang/2/"])
def test_a_criterion_page_announces_its_own_feeds_first(site_config, catalog, page_url, templates):
    found = alternates(head_links(site_config, catalog, page_url, templates=templates))
    assert found[:2] == [
        ("application/rss+xml", SITE + "tin-tuc/tieu-chi/1-10/rss.xml"),
        ("application/atom+xml", SITE + "tin-tuc/tieu-chi/1-10/atom.xml"),
    ]
    assert len(found) == 5
    explicit = alternates(
        head_links(site_config, catalog, "khac/", criterion_slug="3-1", templates=templates)
    )
    assert explicit[0] == ("application/rss+xml", SITE + "tin-tuc/tieu-chi/3-1/rss.xml")
    assert (
        len(
            alternates(
                head_links(site_config, catalog, "tin-tuc/tieu-chi/9-9/", templates=templates)
            )
        )
        == 3
    )


def test_a_post_with_a_cover_shares_its_cover(site_config, catalog, templates):
    tags = head_links(
        site_config,
        catalog,
        "tin-tuc/a/",
        templates=templates,
        cover_url="tin-tuc/tep/2024/anh/a.jpg",
        cover_alt='Ảnh "đẹp"',
    )
    assert og(tags) == {
        "og:image": SITE + "tin-tuc/tep/2024/anh/a.jpg",
        "og:image:alt": 'Ảnh "đẹp"',
    }


def test_no_site_url_no_head_links(config, catalog, templates):
    assert head_links(config, catalog, "tin-tuc/", templates=templates) == ""


def test_titles_in_head_links_are_escaped(make_config, catalog, templates):
    config = replace(make_config(section_title='Tin "mới" <i>'), site_url=SITE)
    tags = head_links(config, catalog, "", templates=templates)
    assert "<i>" not in tags
    titles = re.findall(r'title="([^"]*)"', tags)
    assert html.unescape(titles[0]) == 'Tin "mới" <i> – Phường Ngọc Trạo (RSS)'
    assert embed.widget_path(config) == "tin-tuc/nhung/tin-moi.html"


def test_a_unit_may_restyle_the_widget(tmp_path, posts, site_config, feeds_of):
    (tmp_path / "syndication").mkdir()
    (tmp_path / "syndication" / "widget.css").write_text("body{color:#123456}\n", "utf-8")
    page = render_widget(site_config, feeds_of()[0].items, Templates(tmp_path))
    document = lxml.html.document_fromstring(page)
    assert document.findtext(".//style") == "\nbody{color:#123456}\n"
    assert len(document.xpath("//li")) == 5
