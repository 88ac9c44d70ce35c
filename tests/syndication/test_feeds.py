"""Feeds: RSS, Atom and JSON Feed, read back with feedparser and lxml as portals and readers do."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
from lxml import etree
from PIL import Image

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig, parse_unit_config
from wardnews.content.posts import Post, load_posts
from wardnews.content.text import escape
from wardnews.site.markup import BodyRenderer
from wardnews.site.plan import SitePlan, plan_site
from wardnews.syndication.feed_formats import (
    feed_outputs,
    render_atom,
    render_json_feed,
    render_rss,
    rss_stylesheet,
)
from wardnews.syndication.feeds import Feed, build_feeds, item_id
from wardnews.templating import Templates
from wardnews.urls import Links

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=TZ)
SITE = "https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/"
NASTY_TITLE = 'A < B & "C"'
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


@dataclass
class Built:
    config: UnitConfig
    posts: list[Post]
    plan: SitePlan
    feeds: list[Feed]

    def feed(self, criterion: str | None = None) -> Feed:
        return next(
            f for f in self.feeds if (f.criterion.code if f.criterion else None) == criterion
        )

    def rss(self, criterion: str | None = None) -> bytes:
        return render_rss(self.feed(criterion), self.config)

    def atom(self, criterion: str | None = None) -> bytes:
        return render_atom(self.feed(criterion), self.config)

    def json(self) -> dict:
        return json.loads(render_json_feed(self.feed(), self.config))


@pytest.fixture
def build(make_config, catalog: Catalog):
    """Read the posts of the tmp project, plan the site at NOW, build the feeds."""

    def run(now: datetime = NOW, **keys) -> Built:
        config = replace(make_config(**keys), site_url=SITE)
        posts, problems = load_posts(config, catalog)
        assert [p.format() for p in problems if p.is_error] == []
        plan = plan_site(config, catalog, posts, now)
        links = Links(config.url_prefix)
        renderer = BodyRenderer(
            SITE,
            {post.path: links.post(post) for post in posts},
            {asset.src_uri: asset.url for asset in plan.assets},
        )
        feeds = build_feeds(
            config,
            catalog,
            plan.published,
            renderer=renderer,
            assets=plan.assets,
            templates=Templates(),
        )
        return Built(config, posts, plan, feeds)

    return run


@pytest.fixture
def sample(write_post, post_text):
    """Three published posts (one with a cover, one without a date in its file name), a draft
    and a scheduled post."""
    write_post(
        "2024/2024-01-09-ra-mat-to.md",
        post_text(
            "title: Ra mắt Tổ công nghệ số cộng đồng phố Cao Sơn",
            "date: 2024-01-09 17:30",
            'criteria: ["3.1", "3.4"]',
            "author: Phạm Minh Tuấn",
            body="Chiều 09/1, phường ra mắt Tổ.\n\nXem thêm [chợ 4.0](2024-03-12-cho-4-0.md).\n",
        ),
    )
    write_post("2024/anh/bia-cho.jpg", jpeg_bytes())
    write_post(
        "2024/2024-03-12-cho-4-0.md",
        post_text(
            "title: Chợ 4.0 ở chợ dân sinh",
            "date: 2024-03-12 08:30",
            'criteria: ["2.1", "3.2"]',
            "image: anh/bia-cho.jpg",
            "image_alt: Tiểu thương quét mã QR",
            "source: Báo Thanh Hóa",
            body="Tiểu thương dùng mã QR.\n\n![Quầy hàng](anh/bia-cho.jpg)\n",
        ),
    )
    write_post(
        "2024/tin-khong-ngay.md",
        post_text("title: Tập huấn cán bộ", "date: 01/02/2024 07:00", 'criteria: ["1.10"]'),
    )
    write_post(
        "2024/2024-04-01-nhap.md",
        post_text("title: Bản nháp", "date: 2024-04-01", "draft: true"),
    )
    write_post("2024/2024-12-01-hen-gio.md", post_text("title: Hẹn giờ", "date: 2024-12-01"))


def test_every_feed_parses_with_feedparser_and_is_well_formed_xml(sample, build):
    built = build()
    for feed in built.feeds:
        for data, version in (
            (render_rss(feed, built.config), "rss20"),
            (render_atom(feed, built.config), "atom10"),
        ):
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0, (feed.paths, parsed.get("bozo_exception"))
            assert parsed.version == version
            etree.fromstring(data)  # raises on anything not well-formed
    assert len(built.feeds) == 1 + 5  # the section, then each criterion of the Thanh Hóa catalog


def test_section_items_match_the_published_posts(sample, build):
    built = build()
    rss = feedparser.parse(built.rss())
    atom = feedparser.parse(built.atom())
    expected_links = [
        SITE + "tin-tuc/cho-4-0-o-cho-dan-sinh/",
        SITE + "tin-tuc/tap-huan-can-bo/",
        SITE + "tin-tuc/ra-mat-to-cong-nghe-so-cong-dong-pho-cao-son/",
    ]
    assert [e.link for e in rss.entries] == expected_links
    assert [e.link for e in atom.entries] == expected_links
    assert [e.title for e in rss.entries][0] == "Chợ 4.0 ở chợ dân sinh"
    assert rss.feed.link == SITE + "tin-tuc/"

    dates = [datetime(2024, 3, 12, 8, 30, tzinfo=TZ), datetime(2024, 2, 1, 7, 0, tzinfo=TZ),
             datetime(2024, 1, 9, 17, 30, tzinfo=TZ)]  # fmt: skip
    assert [e.published for e in rss.entries] == [
        "Tue, 12 Mar 2024 08:30:00 +0700",
        "Thu, 01 Feb 2024 07:00:00 +0700",
        "Tue, 09 Jan 2024 17:30:00 +0700",
    ]
    assert [parsedate_to_datetime(e.published) for e in rss.entries] == dates
    assert [e.published for e in atom.entries] == [d.isoformat() for d in dates]
    assert atom.entries[0].published == "2024-03-12T08:30:00+07:00"
    assert [e.updated for e in atom.entries] == [d.isoformat() for d in dates]

    assert [e.author for e in rss.entries] == ["Ban biên tập", "Ban biên tập", "Phạm Minh Tuấn"]
    assert [e.author for e in atom.entries] == ["Ban biên tập", "Ban biên tập", "Phạm Minh Tuấn"]


def test_categories_carry_criterion_code_and_name(sample, build, catalog):
    built = build()
    rss = feedparser.parse(built.rss()).entries[0]
    atom = feedparser.parse(built.atom()).entries[0]
    names = {code: catalog.get(code).name for code in ("2.1", "3.2")}
    assert [t.term for t in rss.tags] == [f"{code} – {name}" for code, name in names.items()]
    assert {t.scheme for t in rss.tags} == {SITE + "tin-tuc/tieu-chi/"}
    assert [(t.term, t.label) for t in atom.tags] == [
        (code, f"{code} – {name}") for code, name in names.items()
    ]


def test_one_feed_per_criterion_with_only_its_posts(sample, build):
    built = build()
    rss = feedparser.parse(built.rss("3.4"))
    assert [e.title for e in rss.entries] == ["Ra mắt Tổ công nghệ số cộng đồng phố Cao Sơn"]
    assert rss.feed.link == SITE + "tin-tuc/tieu-chi/3-4/"
    assert "3.4" in rss.feed.title
    assert built.feed("3.4").paths.rss == "tin-tuc/tieu-chi/3-4/rss.xml"
    assert built.feed("3.4").paths.json is None
    atom = feedparser.parse(built.atom("1.10"))
    assert [e.title for e in atom.entries] == ["Tập huấn cán bộ"]


def test_drafts_and_scheduled_posts_stay_out_of_every_feed(sample, build):
    built = build()
    for feed in built.feeds:
        titles = {item.title for item in feed.items}
        assert not titles & {"Bản nháp", "Hẹn giờ"}
    later = build(now=datetime(2024, 12, 2, tzinfo=TZ))
    assert later.feed().items[0].title == "Hẹn giờ"


def test_feed_size_keeps_the_newest_items(sample, build):
    built = build(feed_size=2)
    assert [e.title for e in feedparser.parse(built.rss()).entries] == [
        "Chợ 4.0 ở chợ dân sinh",
        "Tập huấn cán bộ",
    ]
    assert len(built.json()["items"]) == 2


def test_default_feed_size_is_fifty(write_post, post_text, build):
    for day in range(1, 61):
        write_post(
            f"2024/2024-03-{day % 28 + 1:02d}-bai-{day}.md",
            post_text(
                f"title: Bài số {day}", f"date: 2024-03-{day % 28 + 1:02d} {day % 24:02d}:00"
            ),
        )
    built = build()
    assert built.config.feed_size == 50
    assert len(feedparser.parse(built.rss()).entries) == 50


@pytest.mark.parametrize("size", [0, 501, True])
def test_feed_size_outside_1_to_500_is_a_config_problem(project_root, size):
    config, problems = parse_unit_config(
        {"unit_name": "Ngọc Trạo", "unit_level": "phường", "feed_size": size}, project_root
    )
    assert config is None
    assert [p.key for p in problems] == ["extra.wardnews.feed_size"]
    expected = "cần số từ 1 đến 500, nhưng gặp" if size is not True else "cần một số nguyên"
    assert expected in problems[0].message


def test_guid_and_atom_id_survive_a_new_title_and_slug(write_post, post_text, build):
    path = "2024/2024-01-09-ra-mat-to.md"
    write_post(path, post_text("title: Ra mắt Tổ công nghệ số", "date: 2024-01-09 17:30"))
    before = build()
    rss_before = feedparser.parse(before.rss()).entries[0]
    atom_before = feedparser.parse(before.atom()).entries[0]

    write_post(
        path,
        post_text(
            "title: Ra mắt Tổ công nghệ số cộng đồng phố Cao Sơn (cập nhật)",
            "slug: to-cong-nghe-so-cao-son",
            "date: 2024-01-09 17:30",
        ),
    )
    after = build()
    rss_after = feedparser.parse(after.rss()).entries[0]
    atom_after = feedparser.parse(after.atom()).entries[0]

    assert rss_after.link != rss_before.link and rss_after.title != rss_before.title
    expected = "tag:ngoctrao.thanhhoa.gov.vn,2024-01-09:2024/2024-01-09-ra-mat-to.md"
    assert rss_before.id == rss_after.id == expected
    assert atom_before.id == atom_after.id == expected
    assert after.json()["items"][0]["id"] == expected
    assert b'<guid isPermaLink="false">' in after.rss()


def test_renamed_file_keeps_its_identity_with_id_front_matter(
    write_post, post_text, build, project_root
):
    write_post("2024/2024-01-09-ra-mat-to.md", post_text("title: Ra mắt", "date: 2024-01-09"))
    before = feedparser.parse(build().rss()).entries[0].id
    (project_root / "posts/2024/2024-01-09-ra-mat-to.md").unlink()
    write_post(
        "2024/ra-mat-to-cao-son.md",
        post_text("title: Ra mắt", "date: 2024-01-09", "id: 2024/2024-01-09-ra-mat-to.md"),
    )
    assert feedparser.parse(build().rss()).entries[0].id == before


def test_id_written_as_a_uri_is_used_as_is_and_paths_are_percent_encoded(
    config, write_post, post_text
):
    config = replace(config, site_url=SITE)
    post = Post(
        path="posts/2024/tin mới.md",
        title="t",
        date=NOW,
        slug="t",
        body="",
        body_line=3,
        author="a",
    )
    assert (
        item_id(post, config) == "tag:ngoctrao.thanhhoa.gov.vn,2024-06-01:2024/tin%20m%E1%BB%9Bi.md"
    )
    assert item_id(replace(post, id="urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"), config) == (
        "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    )
    # A file named with an impossible date falls back to the post's date.
    bad = replace(post, path="posts/2024/2024-02-30-sai.md")
    assert item_id(bad, config) == "tag:ngoctrao.thanhhoa.gov.vn,2024-06-01:2024/2024-02-30-sai.md"


def test_tag_date_comes_from_the_post_date_when_the_file_name_has_none(sample, build):
    ids = [e.id for e in feedparser.parse(build().rss()).entries]
    assert ids[1] == "tag:ngoctrao.thanhhoa.gov.vn,2024-02-01:2024/tin-khong-ngay.md"


def test_same_posts_give_the_same_bytes_whatever_the_clock(sample, build):
    first = build()
    second = build(now=datetime(2024, 11, 30, 23, 59, tzinfo=TZ))  # later, same posts published
    assert feed_outputs(first.feeds, first.config) == feed_outputs(second.feeds, second.config)


def test_feed_dates_are_the_newest_post_date_not_the_clock(sample, build):
    built = build()
    rss = etree.fromstring(built.rss())
    assert rss.findtext("channel/lastBuildDate") == "Tue, 12 Mar 2024 08:30:00 +0700"
    assert rss.findtext("channel/pubDate") == "Tue, 12 Mar 2024 08:30:00 +0700"
    atom = etree.fromstring(built.atom())
    assert atom.findtext(f"{ATOM}updated") == "2024-03-12T08:30:00+07:00"
    criterion = etree.fromstring(built.atom("3.4"))
    assert criterion.findtext(f"{ATOM}updated") == "2024-01-09T17:30:00+07:00"


def test_generator_names_wardnews_without_a_version(sample, build):
    built = build()
    rss, atom = built.rss(), built.atom()
    assert etree.fromstring(rss).findtext("channel/generator") == "wardnews"
    generator = etree.fromstring(atom).find(f"{ATOM}generator")
    assert generator.text == "wardnews" and dict(generator.attrib) == {}
    assert b"feedgen" not in rss + atom


def test_empty_section_still_gives_valid_feeds_with_a_fixed_date(build):
    built = build()
    parsed = feedparser.parse(built.rss())
    assert parsed.bozo == 0 and parsed.entries == []
    assert feedparser.parse(built.atom()).bozo == 0
    assert etree.fromstring(built.atom()).findtext(f"{ATOM}updated") == "2000-01-01T00:00:00+07:00"


def test_cover_is_an_enclosure_with_its_true_length_and_type(sample, build, project_root):
    built = build()
    # The cover is published through the image pipeline: its widest fallback stands for it.
    [asset] = [a for a in built.plan.assets if a.src_uri == "posts/2024/anh/bia-cho.jpg"]
    assert asset.url.startswith("tin-tuc/anh/bia-cho-") and asset.url.endswith(".jpg")
    size = asset.source.stat().st_size
    url = SITE + asset.url
    rss = feedparser.parse(built.rss()).entries[0]
    assert [(e.href, e.length, e.type) for e in rss.enclosures] == [(url, str(size), "image/jpeg")]
    atom = feedparser.parse(built.atom()).entries[0]
    assert [(e.href, e.length, e.type) for e in atom.enclosures] == [(url, str(size), "image/jpeg")]
    assert [link.rel for link in atom.links] == ["alternate", "enclosure"]
    assert built.json()["items"][0]["image"] == url
    no_cover = feedparser.parse(built.rss()).entries[1]
    assert no_cover.enclosures == []


def test_content_is_full_html_with_absolute_urls(sample, build):
    built = build()
    rss = etree.fromstring(built.rss())
    items = rss.findall("channel/item")
    cover_post = lxml.html.fragment_fromstring(items[0].findtext(CONTENT), create_parent="div")
    [asset] = [a for a in built.plan.assets if a.src_uri == "posts/2024/anh/bia-cho.jpg"]
    assert [img.get("src") for img in cover_post.iter("img")] == [
        SITE + asset.url,  # the cover, first
        SITE + asset.url,  # the image in the body
    ]
    assert "Nguồn: Báo Thanh Hóa" in cover_post.text_content()
    linking = lxml.html.fragment_fromstring(items[2].findtext(CONTENT), create_parent="div")
    assert [a.get("href") for a in linking.iter("a")] == [SITE + "tin-tuc/cho-4-0-o-cho-dan-sinh/"]
    atom = feedparser.parse(built.atom()).entries[2]
    assert SITE + "tin-tuc/cho-4-0-o-cho-dan-sinh/" in atom.content[0].value
    assert atom.summary == "Chiều 09/1, phường ra mắt Tổ."


def test_scripts_handlers_and_javascript_links_never_reach_a_feed(write_post, post_text, build):
    write_post(
        "2024/2024-03-01-doc-hai.md",
        post_text(
            "title: 'A < B & \"C\"'",
            "date: 2024-03-01 08:00",
            'criteria: ["3.1"]',
            "summary: Tóm tắt an toàn.",
            body=(
                "Đoạn đầu.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                "[bấm vào đây](javascript:alert(1)) và "
                '<a href="JaVaScRiPt:alert(1)">đây nữa</a> '
                '<a href="&#106;avascript:alert(1)">và đây</a>\n\n'
                '<iframe src="https://example.com/"></iframe><p onclick="alert(1)">Hết.</p>\n'
            ),
        ),
    )
    built = build()
    outputs = [built.rss(), built.atom(), built.rss("3.1"), built.atom("3.1")]
    outputs.append(render_json_feed(built.feed(), built.config))
    for data in outputs:
        lowered = data.lower()
        for bad in (b"alert", b"<script", b"&lt;script", b"onerror", b"onclick", b"javascript",
                    b"iframe"):  # fmt: skip
            assert bad not in lowered, (bad, data[:200])
    for data in outputs[:4]:
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0
        assert parsed.entries[0].title == NASTY_TITLE
    assert built.json()["items"][0]["title"] == NASTY_TITLE
    content = etree.fromstring(built.rss()).find("channel/item").findtext(CONTENT)
    tree = lxml.html.fragment_fromstring(content, create_parent="div")
    assert [a.get("rel") for a in tree.iter("a")] == ["noopener"] * 3
    assert [a.get("href") for a in tree.iter("a")] == [None, None, None]
    assert [img.get("src") for img in tree.iter("img")] == [SITE + "tin-tuc/a-b-c/x"]
    assert "Hết." in tree.text_content()


def test_summary_with_markup_characters_arrives_as_text(write_post, post_text, build):
    write_post(
        "2024/a.md",
        post_text("title: T", "date: 2024-03-01", "summary: 'Giá <b>rẻ</b> & A < B'"),
    )
    built = build()
    description = etree.fromstring(built.rss()).findtext("channel/item/description")
    shown = lxml.html.fragment_fromstring(description, create_parent="div")
    assert shown.text_content() == "Giá <b>rẻ</b> & A < B"
    assert list(shown) == []  # no element: the reader shows the characters, not bold text
    assert feedparser.parse(built.atom()).entries[0].summary == "Giá <b>rẻ</b> & A < B"
    assert built.json()["items"][0]["summary"] == "Giá <b>rẻ</b> & A < B"


def test_rss_carries_a_stylesheet_that_shows_a_vietnamese_page(write_post, post_text, build):
    write_post("2024/a.md", post_text(f"title: '{NASTY_TITLE}'", "date: 2024-03-01 08:00"))
    built = build()
    rss = built.rss()
    assert rss.splitlines()[1] == b'<?xml-stylesheet type="text/xsl" href="rss.xsl"?>'
    criterion_rss = built.rss("3.1")
    assert b'href="../../rss.xsl"' in criterion_rss  # tin-tuc/tieu-chi/3-1/ -> tin-tuc/rss.xsl
    transform = etree.XSLT(etree.fromstring(rss_stylesheet()))
    page = lxml.html.fromstring(str(transform(etree.fromstring(rss))))
    text = page.text_content()
    assert "Đây là nguồn tin RSS" in text
    assert SITE + "tin-tuc/rss.xml" in text  # the address to copy into a reader
    assert [a.text_content() for a in page.xpath("//li/a")] == [NASTY_TITLE]
    assert "01/03/2024 08:00" in text
    assert not page.xpath("//script")


def test_json_feed_has_the_required_fields(sample, build):
    document = build().json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str) and document["title"]
    assert document["home_page_url"] == SITE + "tin-tuc/"
    assert document["feed_url"] == SITE + "tin-tuc/feed.json"
    assert isinstance(document["items"], list) and len(document["items"]) == 3
    rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")
    for item in document["items"]:
        assert isinstance(item["id"], str) and item["id"].startswith("tag:")
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        assert item["url"].startswith(SITE)
        assert rfc3339.match(item["date_published"])
        assert all(isinstance(a["name"], str) for a in item["authors"])
        assert all(key in JSON_FEED_ITEM_KEYS or key.startswith("_") for key in item)
    assert all(key in JSON_FEED_TOP_KEYS for key in document)
    first = document["items"][0]
    assert first["tags"] == [
        "2.1 – Kinh doanh trên môi trường mạng",
        "3.2 – Người dân có tài khoản thanh toán",
    ]
    assert first["_wardnews"]["criteria"][0] == {
        "code": "2.1",
        "name": "Kinh doanh trên môi trường mạng",
    }


JSON_FEED_TOP_KEYS = {
    "version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
    "icon", "favicon", "authors", "language", "expired", "hubs", "items",
}  # fmt: skip
JSON_FEED_ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language",
    "attachments",
}  # fmt: skip


def test_feed_outputs_lists_every_file_once(sample, build):
    built = build()
    paths = [output.path for output in feed_outputs(built.feeds, built.config)]
    assert len(paths) == len(set(paths))
    assert paths[:4] == [
        "tin-tuc/rss.xsl",
        "tin-tuc/rss.xml",
        "tin-tuc/atom.xml",
        "tin-tuc/feed.json",
    ]
    assert "tin-tuc/tieu-chi/1-10/atom.xml" in paths
    assert len(paths) == 1 + 3 + 5 * 2


def test_json_feed_tells_a_district_each_items_kind_and_airings(write_post, post_text, build):
    write_post(
        "2024/r.md",
        post_text(
            "title: Phát thanh",
            "date: 2024-03-05 06:00",
            "kind: radio",
            "duration: 12",
            "airings: [2024-03-05 06:00, 2024-03-07 17:00]",
        ),
    )
    write_post("2024/n.md", post_text("title: Tin", "date: 2024-03-01 08:00"))
    radio, news = build().json()["items"]
    assert radio["_wardnews"]["kind"] == "radio"
    assert radio["_wardnews"]["airings"] == [
        "2024-03-05T06:00:00+07:00",
        "2024-03-07T17:00:00+07:00",
    ]
    assert news["_wardnews"] == {"kind": "news"}


def test_each_feed_carries_the_newest_posts_of_its_scope_in_one_pass(tmp_path):
    import random

    from wardnews.content.catalog import load_catalog
    from wardnews.content.model import post_order
    from wardnews.syndication.feeds import feed_members

    catalog, _ = load_catalog(None, "mặc định")
    codes = [criterion.code for criterion in catalog.criteria]
    config = UnitConfig(root=tmp_path, unit_name="Ngọc Trạo", unit_level="phường", feed_size=4)
    rng = random.Random(7)
    posts = [
        Post(
            path=f"posts/2024/bai-{n}.md", title=f"Bài {n}", slug=f"bai-{n}", body="Đoạn.\n",
            date=datetime(2024, 1 + n % 12, 1 + n % 28, n % 24, tzinfo=TZ), body_line=4,
            author="Ban biên tập", criteria=tuple(rng.sample(codes, rng.randint(0, 3))),
        )
        for n in range(120)
    ]  # fmt: skip
    newest = sorted(posts, key=post_order)
    members = feed_members(config, catalog, reversed(posts))  # any order in, newest first out
    assert [scope.criterion for scope, _ in members] == [None, *catalog.criteria]
    for scope, carried in members:
        code = scope.criterion.code if scope.criterion else None
        assert carried == [p for p in newest if code is None or code in p.criteria][:4]


def test_the_stylesheet_line_is_the_one_lxml_writes_before_the_root(write_post, post_text, build):
    """with_stylesheet puts the instruction after the declaration feedgen's rss_str writes:
    the same bytes as parsing the feed, adding it before the root and writing it again."""
    from wardnews.syndication.feed_formats import _with_stylesheet_parsed, with_stylesheet

    write_post("2024/a.md", post_text(f"title: '{NASTY_TITLE}'", "date: 2024-03-01 08:00"))
    write_post("2024/b.md", post_text("title: 'Bài hai'", "date: 2024-03-02 08:00"))
    built = build()
    for feed in built.feeds:
        generated = render_rss(feed, built.config)
        plain = generated.replace(generated.splitlines(keepends=True)[1], b"", 1)
        for href in ("rss.xsl", "../../rss.xsl", 'a "b" & <c>.xsl'):
            pseudo = f'type="text/xsl" href="{escape(href)}"'
            assert with_stylesheet(plain, href) == _with_stylesheet_parsed(plain, pseudo)
