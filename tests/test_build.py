"""Real MkDocs builds through the hooks: the sample ward, and small projects made in tmp_path."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html
from support import REPO, make_ward, mkdocs_build
from support import search_split_index as search

from wardnews.content.config import read_project_config
from wardnews.content.project import load_project
from wardnews.urls import Links


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sample") / "site"
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def sample_project():
    config = read_project_config(REPO / "mkdocs.yml")
    return load_project(config)


def page_links(site: Path, url: str) -> list[str]:
    """Post links of a list page and of the pages after it, in order, as site-root URLs."""
    found: list[str] = []
    while url:
        tree = lxml_html.parse(str(site / url / "index.html"))
        for href in tree.xpath('//li[@class="wn-item"]//h2/a/@href'):
            found.append(os.path.normpath(os.path.join(url, href)) + "/")
        nxt = tree.xpath('//nav[@class="wn-pager"]/a[@rel="next"]/@href')
        url = os.path.normpath(os.path.join(url, nxt[0])) + "/" if nxt else ""
    return found


def test_every_published_sample_post_has_a_page_at_an_ascii_url(sample_site, sample_project):
    links = Links("tin-tuc")
    published = [p for p in sample_project.posts if not p.draft]
    assert len(published) >= 12
    for post in published:
        url = links.post(post)
        assert re.fullmatch(r"[a-z0-9/-]+/", url), url
        page = site_file = sample_site / url / "index.html"
        assert site_file.is_file(), post.path
        text = page.read_text("utf-8")
        assert "%" not in url
        assert lxml_html.fromstring(text).xpath("//h1")[0].text_content() == post.title


def test_news_index_lists_all_posts_newest_first(sample_site, sample_project):
    links = Links("tin-tuc")
    expected = [links.post(p) for p in sample_project.posts if not p.draft]
    dates = [p.date for p in sample_project.posts if not p.draft]
    assert dates == sorted(dates, reverse=True)
    assert page_links(sample_site, "tin-tuc/") == expected
    first = lxml_html.parse(str(sample_site / "tin-tuc/index.html"))
    assert len(first.xpath('//li[@class="wn-item"]')) == 10  # default page size


def test_each_criterion_page_lists_its_posts_newest_first(sample_site, sample_project):
    links = Links("tin-tuc")
    for criterion in sample_project.catalog.criteria:
        expected = [
            links.post(p)
            for p in sample_project.posts
            if not p.draft and criterion.code in p.all_criteria
        ]
        assert expected, f"the sample should cover criterion {criterion.code}"
        url = links.criterion(criterion.slug)
        assert page_links(sample_site, url) == expected


def test_post_page_shows_vietnamese_date_time_author_badges(sample_site, sample_project):
    post = next(p for p in sample_project.posts if "1.10" in p.criteria and not p.draft)
    tree = lxml_html.parse(str(sample_site / Links("tin-tuc").post(post) / "index.html"))
    time = tree.xpath('//header[@class="wn-post-header"]//time')[0]
    assert time.get("datetime").endswith("+07:00")
    assert re.fullmatch(
        r"(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d/\d\d/\d{4} \d\d:\d\d", time.text_content()
    )
    assert tree.xpath('//span[@class="wn-author"]')[0].text_content() == post.author
    badges = tree.xpath('//a[@class="wn-badge"]')
    assert "Tiêu chí 1.10" in [b.text_content() for b in badges]
    assert any(b.get("href") == "../tieu-chi/1-10/" for b in badges)


def test_cover_image_is_published_through_the_image_pipeline(sample_site, sample_project):
    from PIL import Image

    post = next(p for p in sample_project.posts if p.image)
    page = sample_site / Links("tin-tuc").post(post)
    tree = lxml_html.parse(str(page / "index.html"))
    img = tree.xpath('//figure[@class="wn-cover"]//img')[0]
    assert img.get("alt") == post.image_alt
    assert img.get("loading") is None  # the first screen's image is not lazy
    webp = tree.xpath('//figure[@class="wn-cover"]//source[@type="image/webp"]/@srcset')[0]
    for candidate in [*img.get("srcset").split(", "), *webp.split(", ")]:
        url, width = candidate.rsplit(" ", 1)
        target = (page / url).resolve()
        assert target.relative_to(sample_site.resolve()).as_posix().isascii()
        with Image.open(target) as image:
            assert f"{image.width}w" == width
            assert not image.getexif()
    # the original (with whatever metadata the phone put in it) is never published
    original = (REPO / post.image).read_bytes()
    assert not any(p.read_bytes() == original for p in sample_site.rglob("*.jpg"))


def test_draft_appears_nowhere_in_site(sample_site, sample_project):
    drafts = [p for p in sample_project.posts if p.draft]
    assert drafts, "the sample ships one draft"
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            text = path.read_text("utf-8")
            for draft in drafts:
                assert draft.slug not in text, path
                assert draft.title not in text, path


def test_month_archive_counts_every_published_post(sample_site, sample_project):
    tree = lxml_html.parse(str(sample_site / "tin-tuc/luu-tru/index.html"))
    listed = 0
    for item in tree.xpath('//ul[@class="wn-archive"]/li'):
        listed += int(re.search(r"\((\d+) bài\)", item.text_content()).group(1))
    assert listed == sum(1 for p in sample_project.posts if not p.draft)


ASSET_ATTRS = [
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
]


def test_no_page_loads_anything_from_another_host(sample_site):
    own_host = "ngoctrao.thanhhoa.gov.vn"
    offenders = []
    for page in sample_site.rglob("*.html"):
        tree = lxml_html.parse(str(page))
        for tag, attr in ASSET_ATTRS:
            for element in tree.iter(tag):
                if tag == "link" and element.get("rel") in {"canonical", "alternate"}:
                    continue  # a link for machines, not a download
                value = element.get(attr) or ""
                for url in re.split(r",\s*", value):
                    host = urlsplit(url.strip().split(" ")[0]).hostname
                    if host and host != own_host:
                        offenders.append((page.relative_to(sample_site).as_posix(), tag, url))
    for sheet in sample_site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", sheet.read_text("utf-8")):
            host = urlsplit(url.strip("'\" ")).hostname
            if host and host != own_host:
                offenders.append((sheet.name, "css", url))
        assert "@import url(http" not in sheet.read_text("utf-8")
    assert offenders == []
    assert "fonts.googleapis" not in (sample_site / "index.html").read_text("utf-8")


def test_page_language_is_vietnamese(sample_site):
    tree = lxml_html.parse(str(sample_site / "tin-tuc/index.html"))
    assert tree.getroot().get("lang") == "vi"


# --- small projects ------------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: Thử nghiệm
site_url: https://example.gov.vn/
theme:
  name: material
  language: vi
  font: false
hooks:
  - hooks/wardnews_hooks.py
nav:
  - Trang chủ: index.md
  - Tin tức: tin-tuc/index.md
extra:
  wardnews:
    unit_name: Lê Lợi
    unit_level: xã
    page_size: 2
"""


@pytest.fixture
def project(tmp_path) -> Path:
    return make_ward(tmp_path / "xa", MKDOCS_YML)


def write_post(root: Path, name: str, front: str, body: str = "Nội dung bài viết.\n") -> Path:
    path = root / "posts/2024" / name
    path.write_text(f"---\n{front.strip()}\n---\n{body}", "utf-8")
    return path


def test_future_post_is_left_out_until_its_date(project, tmp_path):
    write_post(project, "a.md", "title: Bài đã đăng\ndate: 2024-03-01")
    write_post(project, "b.md", "title: Bài hẹn giờ\ndate: 2024-03-20 07:00")
    before = mkdocs_build(project, tmp_path / "s1", now="2024-03-19 23:59")
    assert before.returncode == 0, before.stderr
    assert not (tmp_path / "s1/tin-tuc/bai-hen-gio").exists()
    assert "Bài hẹn giờ" not in (tmp_path / "s1/tin-tuc/index.html").read_text("utf-8")
    assert "hẹn giờ đăng" in before.stderr  # logged, not silently dropped
    after = mkdocs_build(project, tmp_path / "s2", now="2024-03-20 07:00")
    assert after.returncode == 0, after.stderr
    assert (tmp_path / "s2/tin-tuc/bai-hen-gio/index.html").is_file()


def test_build_fails_with_every_post_problem(project, tmp_path):
    write_post(project, "a.md", "title: Không có ngày")
    write_post(project, "b.md", "title: Sai tiêu chí\ndate: 12/03/2024\ncriteria: [9.9]")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "posts/2024/a.md, khóa 'date': lỗi: thiếu ngày đăng" in result.stderr
    assert "posts/2024/b.md, dòng 4, khóa 'criteria'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_failed_build_lists_the_suggested_criteria_with_the_errors(project, tmp_path):
    """A build matches the posts that name their criteria only when it fails (it shows no note
    otherwise): the notes still come with the errors, as `wardnews check` gives them."""
    write_post(project, "a.md", "title: Không có ngày")
    write_post(
        project, "b.md", "title: Chợ\ndate: 12/03/2024\ncriteria: ['1.10']",
        "Bà con đi chợ đã quen thanh toán không dùng tiền mặt.\n",
    )  # fmt: skip
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "posts/2024/a.md, khóa 'date': lỗi: thiếu ngày đăng" in result.stderr
    assert "tiêu chí 3.2; cân nhắc thêm vào criteria" in result.stderr
    passed = tmp_path / "ok"
    (project / "posts/2024/a.md").unlink()
    result = mkdocs_build(project, passed)
    assert result.returncode == 0, result.stderr
    assert "cân nhắc thêm vào criteria" not in result.stderr


def test_build_fails_on_a_bad_configuration(project, tmp_path):
    text = (project / "mkdocs.yml").read_text("utf-8").replace("page_size: 2", "page_size: mười")
    (project / "mkdocs.yml").write_text(text, "utf-8")
    write_post(project, "a.md", "title: A\ndate: 2024-03-01")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "extra.wardnews.page_size" in result.stderr
    assert "Traceback" not in result.stderr


def test_titles_are_escaped_in_title_tag_and_page(project, tmp_path):
    title = 'A < B & "C" </title><script>alert(1)</script>'
    write_post(project, "a.md", f"title: '{title}'\ndate: 2024-03-01\nslug: thu-thoat")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/tin-tuc/thu-thoat/index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//title")[0].text_content().startswith(title)
    assert tree.xpath("//h1")[0].text_content() == title
    index = lxml_html.parse(str(tmp_path / "site/tin-tuc/index.html"))
    assert index.xpath('//li[@class="wn-item"]//h2/a')[0].text_content() == title


def test_pagination_follows_page_size(project, tmp_path):
    for day in range(1, 6):
        write_post(project, f"p{day}.md", f"title: Bài số {day}\ndate: 2024-03-0{day}")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    order = page_links(tmp_path / "site", "tin-tuc/")
    assert order == [f"tin-tuc/bai-so-{day}/" for day in (5, 4, 3, 2, 1)]
    assert (tmp_path / "site/tin-tuc/trang/3/index.html").is_file()
    assert not (tmp_path / "site/tin-tuc/trang/4").exists()


def test_inline_images_and_links_between_posts_resolve(project, tmp_path):
    from PIL import Image

    (project / "posts/2024/ảnh").mkdir()
    Image.new("RGB", (1600, 900), (200, 30, 30)).save(project / "posts/2024/ảnh/Họp Tổ.png")
    (project / "posts/2024/Tờ rơi.pdf").write_bytes(b"%PDF-1.4 ")
    write_post(
        project,
        "a.md",
        "title: Bài A\ndate: 2024-03-01",
        "Xem [bài B](b.md), [tờ rơi](<Tờ rơi.pdf>).\n\n![Họp tổ](<ảnh/Họp Tổ.png>)\n",
    )
    write_post(project, "b.md", "title: Bài B\ndate: 2024-03-02")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = lxml_html.parse(str(tmp_path / "site/tin-tuc/bai-a/index.html"))
    assert page.xpath('//a[text()="bài B"]/@href') == ["../bai-b/"]
    assert page.xpath('//a[text()="tờ rơi"]/@href') == ["../tep/2024/to-roi.pdf"]
    assert (tmp_path / "site/tin-tuc/tep/2024/to-roi.pdf").is_file()
    img = page.xpath('//picture//img[@alt="Họp tổ"]')[0]
    assert img.get("loading") == "lazy"
    assert img.get("src").startswith("../anh/hop-to-") and img.get("width") == "960"
    assert (tmp_path / "site/tin-tuc/bai-a" / img.get("src")).resolve().is_file()
    assert not (tmp_path / "site/tin-tuc/tep/2024/anh").exists()


def test_a_bad_image_stops_the_build_with_its_post_and_path(project, tmp_path):
    (project / "posts/2024/anh").mkdir()
    (project / "posts/2024/anh/x.jpg").write_text("không phải ảnh", "utf-8")
    write_post(project, "a.md", "title: Bài A\ndate: 2024-03-01", "![Ảnh](anh/x.jpg)\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "posts/2024/a.md, dòng 5" in result.stderr and "anh/x.jpg" in result.stderr
    assert "Traceback" not in result.stderr


def test_feeds_banners_widget_and_pages_are_wired_into_the_build(sample_site, sample_project):
    import feedparser

    rss = feedparser.parse((sample_site / "tin-tuc/rss.xml").read_bytes())
    assert rss.bozo == 0
    published = [p for p in sample_project.posts if not p.draft]
    assert len(rss.entries) == min(50, len(published))
    assert rss.entries[0].title == published[0].title
    atom = feedparser.parse((sample_site / "tin-tuc/tieu-chi/3-2/atom.xml").read_bytes())
    assert atom.bozo == 0 and atom.entries
    for size in ("300x250", "728x90", "1200x630"):
        assert (sample_site / f"tin-tuc/nhung/banner-{size}.png").is_file()
    assert (sample_site / "tin-tuc/nhung/tin-moi.html").is_file()
    assert (sample_site / "tin-tuc/nhung/index.html").is_file()
    status = lxml_html.parse(str(sample_site / "tin-tuc/tinh-hinh/index.html"))
    assert "1 tin/tuần" in status.getroot().text_content()
    assert status.xpath("//svg") or status.xpath("//*[local-name()='svg']")

    criterion = lxml_html.parse(str(sample_site / "tin-tuc/tieu-chi/3-2/index.html"))
    feeds = criterion.xpath('//head/link[@rel="alternate"]/@href')
    assert any(href.endswith("tin-tuc/tieu-chi/3-2/rss.xml") for href in feeds), feeds


def test_automatic_criteria_are_marked_on_the_page(sample_site, sample_project):
    post = next(p for p in sample_project.posts if not p.criteria and p.auto_criteria)
    tree = lxml_html.parse(str(sample_site / Links("tin-tuc").post(post) / "index.html"))
    badges = [b.text_content() for b in tree.xpath('//a[contains(@class, "wn-badge-auto")]')]
    assert badges == [f"Tiêu chí {code} (tự động)" for code in post.auto_criteria]


def test_filled_pages_carry_their_own_title_canonical_and_one_h1(sample_site, sample_project):
    post = next(p for p in sample_project.posts if not p.draft)
    url = Links("tin-tuc").post(post)
    tree = lxml_html.parse(str(sample_site / url / "index.html"))
    assert (
        tree.xpath("//title")[0].text_content() == f"{post.title} - Chuyển đổi số phường Ngọc Trạo"
    )
    assert tree.xpath('//link[@rel="canonical"]/@href') == [
        f"https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/{url}"
    ]
    assert len(tree.xpath("//h1")) == 1
    assert tree.xpath('//meta[@name="description"]/@content')[0]
    for path in sample_site.rglob("*"):
        assert "wardnews_shell" not in path.as_posix()
        if path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text("utf-8")
            assert "WARDNEWS-SHELL" not in text and "__wardnews_shell__" not in text, path


def test_sitemap_lists_every_page_without_build_time(sample_site, sample_project):
    import gzip

    xml = (sample_site / "sitemap.xml").read_bytes()
    assert gzip.decompress((sample_site / "sitemap.xml.gz").read_bytes()) == xml
    assert (sample_site / "sitemap.xml.gz").read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime
    text = xml.decode("utf-8")
    for post in sample_project.posts:
        if not post.draft:
            loc = f"https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/{Links('tin-tuc').post(post)}"
            assert f"<loc>{loc}</loc><lastmod>{post.date.date().isoformat()}</lastmod>" in text
    assert "<loc>https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/tin-tuc/trang/2/</loc>" in text
    assert "2026" not in text  # no build date


def _search_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "search").rglob("*.json")
    }


def test_search_finds_posts_with_folded_text(sample_site, sample_project):
    files = _search_files(sample_site)
    post = next(p for p in sample_project.posts if "Điện thoại" in p.title)
    for query in ("dien thoai", "điện thoại", "DIEN THOAI"):
        assert Links("tin-tuc").post(post) in search(files, query)
    found = search(files, "phuong")
    assert found and not any(
        p.draft and Links("tin-tuc").post(p) in found for p in sample_project.posts
    )
    # the theme's worker is wardnews' own, which reads the split index
    worker = next((sample_site / "assets/javascripts/workers").glob("search.*.min.js"))
    assert "config.wardnews" in worker.read_text("utf-8")


def test_the_status_page_stays_out_of_search(sample_site):
    """Its chart names every criterion: in the index it would outrank the news it counts."""
    files = _search_files(sample_site)
    status = sample_site / "tin-tuc/tinh-hinh/index.html"
    assert status.is_file()
    locations = {location.split("#")[0] for location in search(files, "tinh hinh")}
    assert "tin-tuc/tinh-hinh/" not in locations
    assert "tin-tuc/nhung/" in {loc.split("#")[0] for loc in search(files, "nhung")}


def test_same_commit_builds_byte_identical_sites(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for site in (first, second):
        result = mkdocs_build(REPO, site)
        assert result.returncode == 0, result.stderr

    def digest(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    one, two = digest(first), digest(second)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_status_page_can_be_turned_off(project, tmp_path):
    write_post(project, "a.md", "title: A\ndate: 2024-03-01")
    on = mkdocs_build(project, tmp_path / "on")
    assert on.returncode == 0, on.stderr
    assert (tmp_path / "on/tin-tuc/tinh-hinh/index.html").is_file()
    text = (project / "mkdocs.yml").read_text("utf-8") + "    status_page: false\n"
    (project / "mkdocs.yml").write_text(text, "utf-8")
    off = mkdocs_build(project, tmp_path / "off")
    assert off.returncode == 0, off.stderr
    assert not (tmp_path / "off/tin-tuc/tinh-hinh").exists()
