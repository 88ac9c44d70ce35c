"""build_syndication: every syndication output of a build, as values."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
from lxml import etree
from PIL import Image

from wardnews.content.config import read_project_config
from wardnews.content.posts import load_posts
from wardnews.content.project import load_project
from wardnews.problems import Severity
from wardnews.site.plan import plan_site
from wardnews.syndication.outputs import build_syndication
from wardnews.templating import Templates

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=TZ)
SITE = "https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(write_post, post_text):
    image = io.BytesIO()
    Image.new("RGB", (16, 9), (10, 120, 40)).save(image, format="PNG")
    write_post("2024/anh/bia.png", image.getvalue())
    write_post(
        "2024/2024-03-12-cho-4-0.md",
        post_text(
            "title: Chợ 4.0",
            "date: 2024-03-12 08:30",
            'criteria: ["2.1"]',
            "image: anh/bia.png",
            "image_alt: Quầy hàng có mã QR",
        ),
    )
    write_post(
        "2024/2024-03-20-doc-hai.md",
        post_text(
            "title: 'A < B & \"C\"'",
            "date: 2024-03-20 09:00",
            'criteria: ["3.1"]',
            "summary: Tóm tắt.",
            body=(
                "Đoạn đầu.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
                "[bấm](javascript:alert(1))\n"
            ),
        ),
    )


@pytest.fixture
def build(config, catalog, templates):
    def run(now: datetime = NOW, site_url: str = SITE):
        unit = replace(config, site_url=site_url)
        posts, problems = load_posts(unit, catalog)
        assert not [p for p in problems if p.is_error]
        plan = plan_site(unit, catalog, posts, now)
        return build_syndication(unit, catalog, plan, posts, templates=templates)

    return run


def test_every_output_and_the_embed_page(project, build):
    syndication = build()
    paths = {output.path for output in syndication.files}
    expected = {
        "tin-tuc/rss.xsl", "tin-tuc/rss.xml", "tin-tuc/atom.xml", "tin-tuc/feed.json",
        "tin-tuc/nhung/tin-moi.html",
    } | {
        f"tin-tuc/tieu-chi/{slug}/{name}"
        for slug in ("1-10", "2-1", "3-1", "3-2", "3-4")
        for name in ("rss.xml", "atom.xml")
    } | {
        f"tin-tuc/nhung/banner-{size}.{fmt}"
        for size in ("300x250", "728x90", "1200x630")
        for fmt in ("png", "webp")
    }  # fmt: skip
    assert paths == expected
    assert len(paths) == len(syndication.files)
    assert syndication.problems == ()
    assert syndication.page is not None and syndication.page.url == "tin-tuc/nhung/"
    assert syndication.file("tin-tuc/nhung/tin-moi.html") is not None


def test_building_twice_gives_byte_identical_files(project, build):
    first = build()
    second = build(now=datetime(2025, 1, 1, tzinfo=TZ))  # later clock, same published posts
    assert [(f.path, f.data) for f in first.files] == [(f.path, f.data) for f in second.files]
    assert first.page == second.page


def test_no_script_handler_or_javascript_link_reaches_feeds_or_widget(project, build):
    syndication = build()
    checked = 0
    for output in syndication.files:
        if output.path.endswith((".xml", ".json", ".html")):
            lowered = output.data.lower()
            for bad in (b"alert", b"<script", b"&lt;script", b"onerror", b"javascript"):
                assert bad not in lowered, (output.path, bad)
            checked += 1
    assert checked == 3 + 5 * 2 + 1
    for path in ("tin-tuc/rss.xml", "tin-tuc/atom.xml", "tin-tuc/tieu-chi/3-1/rss.xml"):
        parsed = feedparser.parse(syndication.file(path).data)
        assert parsed.bozo == 0
        assert parsed.entries[0].title == 'A < B & "C"'
    widget = lxml.html.document_fromstring(syndication.file("tin-tuc/nhung/tin-moi.html").data)
    assert widget.xpath("//li/a")[0].text_content() == 'A < B & "C"'
    feed = json.loads(syndication.file("tin-tuc/feed.json").data)
    assert feed["items"][0]["title"] == 'A < B & "C"'


def test_head_links_use_a_posts_cover_and_the_banner_elsewhere(project, build):
    syndication = build()
    cover = syndication.head_links("tin-tuc/cho-4-0/")
    # the cover as the image pipeline published it (never the original file)
    assert re.search(
        rf'<meta property="og:image" content="{re.escape(SITE)}'
        r'tin-tuc/anh/bia-[0-9a-f]{10}-\d+\.png">',
        cover,
    ), cover
    assert "Quầy hàng có mã QR" in cover
    other = syndication.head_links("tin-tuc/a-b-c/")
    assert f'content="{SITE}tin-tuc/nhung/banner-1200x630.png"' in other
    criterion = syndication.head_links("tin-tuc/tieu-chi/2-1/")
    assert criterion.index("tieu-chi/2-1/rss.xml") < criterion.index("tin-tuc/rss.xml")


def test_without_site_url_only_banners_and_a_warning(project, build):
    syndication = build(site_url="")
    assert {f.path.rsplit("/", 1)[-1].split(".")[0] for f in syndication.files} == {
        "banner-300x250",
        "banner-728x90",
        "banner-1200x630",
    }
    assert syndication.page is None
    [problem] = syndication.problems
    assert problem.severity is Severity.WARNING and problem.key == "site_url"
    assert problem.format().startswith("mkdocs.yml, khóa 'site_url': cảnh báo: cần site_url")
    assert syndication.head_links("tin-tuc/") == ""


def test_the_shipped_sample_project_syndicates_cleanly():
    config = read_project_config(REPO / "mkdocs.yml")
    project = load_project(config)
    plan = plan_site(config, project.catalog, project.posts, NOW)
    syndication = build_syndication(
        config, project.catalog, plan, project.posts, templates=Templates()
    )
    assert syndication.problems == ()
    published = len(plan.published)
    assert published > 0
    for output in syndication.files:
        if output.path.endswith(".xml"):
            etree.fromstring(output.data)
            parsed = feedparser.parse(output.data)
            assert parsed.bozo == 0, output.path
            assert all(entry.link.startswith(config.site_url) for entry in parsed.entries)
    section = feedparser.parse(syndication.file(f"{config.url_prefix}/rss.xml").data)
    assert len(section.entries) == min(published, config.feed_size)
    assert all(entry.published.endswith("+0700") for entry in section.entries)
