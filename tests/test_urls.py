"""One owner for every URL of the site: wardnews.urls."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from wardnews import urls
from wardnews.content.posts import RESERVED_SLUGS
from wardnews.urls import Links, absolute, address, site_root

PACKAGE = Path(__file__).resolve().parent.parent / "wardnews"
SEGMENTS = (
    urls.PAGE,
    urls.CRITERIA,
    urls.ARCHIVE,
    urls.FILES,
    urls.IMAGES,
    urls.EMBED,
    urls.STATUS,
    urls.AUDIO,
    urls.DISTRICT,
    urls.BOARD,
    urls.SCHEDULE,
)


def test_reserved_slugs_are_the_section_folders():
    assert RESERVED_SLUGS is urls.RESERVED_SLUGS
    assert RESERVED_SLUGS == set(SEGMENTS)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (Links("tin-tuc").index(), "tin-tuc/"),
        (Links("tin-tuc").index(3), "tin-tuc/trang/3/"),
        (Links("tin-tuc").criteria_index(), "tin-tuc/tieu-chi/"),
        (Links("tin-tuc").criterion("1-10", 2), "tin-tuc/tieu-chi/1-10/trang/2/"),
        (Links("tin-tuc").archive_month(2024, 3), "tin-tuc/luu-tru/2024/03/"),
        (Links("cds/tin").status_page(), "cds/tin/tinh-hinh/"),
        (
            Links("tin-tuc").attachment(["2024", "tai-lieu"], "ke-hoach.pdf"),
            "tin-tuc/tep/2024/tai-lieu/ke-hoach.pdf",
        ),
        (Links("tin-tuc").images_folder(), "tin-tuc/anh/"),
        (Links("tin-tuc").schedule(), "tin-tuc/lich-phat-song/"),
        (Links("tin-tuc").calendar(), "tin-tuc/lich-phat-song/lich-phat-song.ics"),
        (Links("tin-tuc").widget(), "tin-tuc/nhung/tin-moi.html"),
        (Links("tin-tuc").embed_file("banner-300x250.png"), "tin-tuc/nhung/banner-300x250.png"),
        (Links("tin-tuc").feed_xsl(), "tin-tuc/rss.xsl"),
        (Links("tin-tuc").audio_folder(), "tin-tuc/am-thanh/"),
        (Links("tin-tuc").podcast(), "tin-tuc/podcast.xml"),
        (Links("tin-tuc").podcast_image(), "tin-tuc/nhung/podcast-1400.png"),
        (Links("tin-tuc").district_index(2), "tin-tuc/don-vi/trang/2/"),
        (Links("tin-tuc").district_ward("ngoc-trao"), "tin-tuc/don-vi/ngoc-trao/"),
        (Links("tin-tuc").district_criterion("1-10"), "tin-tuc/don-vi/tieu-chi/1-10/"),
        (Links("tin-tuc").board_page(), "tin-tuc/giam-sat/"),
    ],
)
def test_section_urls(url, expected):
    assert url == expected


def test_feeds_of_a_list_page():
    links = Links("tin-tuc")
    assert links.feeds("tin-tuc/", json=True) == (
        "tin-tuc/rss.xml",
        "tin-tuc/atom.xml",
        "tin-tuc/feed.json",
    )
    assert links.feeds(links.criterion("3-1")) == (
        "tin-tuc/tieu-chi/3-1/rss.xml",
        "tin-tuc/tieu-chi/3-1/atom.xml",
    )


def test_criterion_in_a_page_url():
    links = Links("tin-tuc")
    assert links.criterion_in("tin-tuc/tieu-chi/1-10/trang/2/") == "1-10"
    assert links.criterion_in("tin-tuc/luu-tru/2024/03/") is None
    assert links.criterion_in("khac/tieu-chi/1-10/") is None
    assert links.criterion_in("tin-tuc/tieu-chi/1-10") is None  # no folder of its own
    assert links.criterion_in("tin-tuc/tieu-chi//") is None
    assert links.criterion_in("tin-tuc/tieu-chi/Mot/") is None
    assert Links("a.b").criterion_in("axb/tieu-chi/1-10/") is None  # the prefix is literal
    assert Links("a.b").criterion_in("a.b/tieu-chi/1-10/") == "1-10"


@pytest.mark.parametrize(
    "site_url", ["https://x.gov.vn/cds", "https://x.gov.vn/cds/", "https://x.gov.vn/cds//"]
)
def test_join_with_site_url_gives_one_slash(site_url):
    assert site_root(site_url) == "https://x.gov.vn/cds/"
    assert absolute(site_url, "tin-tuc/a/") == "https://x.gov.vn/cds/tin-tuc/a/"
    assert address(site_url, "tin-tuc/a/") == "https://x.gov.vn/cds/tin-tuc/a/"


def test_without_site_url_feeds_stay_relative_and_addresses_start_at_the_root():
    assert absolute("", "tin-tuc/a/") == "tin-tuc/a/"
    assert address("", "tin-tuc/a/") == "/tin-tuc/a/"


def _code_strings(source: str):
    """String constants of a module that are not docstrings."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                yield node.lineno, node.value


def test_no_other_module_writes_a_path_segment():
    segment = re.compile(
        rf"(?:^|/)(?:{'|'.join(map(re.escape, SEGMENTS))})/|/(?:{'|'.join(SEGMENTS)})$"
    )
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "urls.py"
        for line, text in _code_strings(path.read_text("utf-8"))
        if segment.search(text)
    ]
    assert found == []
