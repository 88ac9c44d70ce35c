"""The site plan's resident sections: the home fragment, a post's footer, the radio schedule
page and its calendar file, computed without MkDocs (wardnews.site.plan + site.home)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import lxml.html
import pytest

from wardnews.content.catalog import load_catalog
from wardnews.content.config import UnitConfig
from wardnews.content.posts import Post
from wardnews.site.home import HOME_POSTS, HOME_SRC_URI, fill_fragments
from wardnews.site.plan import plan_site
from wardnews.urls import Links

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 3, 15, 12, 0, tzinfo=TZ)
LINKS = Links("tin-tuc")


@pytest.fixture
def config(tmp_path) -> UnitConfig:
    (tmp_path / "posts").mkdir()
    return UnitConfig(root=tmp_path, unit_name="Ngọc Trạo", unit_level="phường")


@pytest.fixture
def catalog():
    catalog, problems = load_catalog(None, "mặc định")
    assert catalog is not None and not problems
    return catalog


def make_post(slug: str, day: int, **fields) -> Post:
    values = dict(
        path=f"posts/2024/{slug}.md",
        title=f"Bài {slug}",
        date=datetime(2024, 3, day, 8, 30, tzinfo=TZ),
        slug=slug,
        body="Nội dung bài.\n",
        body_line=5,
        author="Lan",
    )
    values.update(fields)
    return Post(**values)


POSTS = [  # newest first, as plan_site receives them
    make_post("hen-gio", 20, criteria=("3.1",)),  # scheduled: nowhere yet
    make_post("moi-nhat", 14, criteria=("3.1",)),
    make_post(
        "phat-thanh",
        12,
        kind="radio",
        criteria=("3.4",),
        duration=10,
        airings=(datetime(2024, 3, 12, 6, tzinfo=TZ), datetime(2024, 3, 16, 17, tzinfo=TZ)),
    ),  # fmt: skip
    make_post("giua", 10, criteria=("3.1", "3.4")),
    *[make_post(f"cu-{day}", day, criteria=("2.1",)) for day in range(8, 0, -1)],
]


def test_post_page_ends_with_share_neighbours_and_related_posts(config, catalog):
    plan = plan_site(config, catalog, POSTS, NOW)
    page = {p.url: p for p in plan.pages}["tin-tuc/giua/"]
    footer = lxml.html.fromstring(page.body).xpath("//footer[@class='wn-post-footer']")[0]
    assert footer.xpath(".//button/text()") == ["Chia sẻ"]
    assert footer.xpath(".//a[@class='wn-newer']/@href") == ["../phat-thanh/"]
    assert footer.xpath(".//a[@class='wn-older']/@href") == ["../cu-8/"]
    # Both posts sharing a criterion, newest first; the scheduled post is not linked.
    assert footer.xpath(".//section[@class='wn-related']//a/@href") == [
        "../moi-nhat/",
        "../phat-thanh/",
    ]


def test_home_fragment_lists_the_newest_published_posts(config, catalog):
    plan = plan_site(config, catalog, POSTS, NOW)
    home = lxml.html.fromstring(fill_fragments(plan.fragments, HOME_SRC_URI, "<p>Giới thiệu</p>"))
    titles = home.xpath("//li[@class='wn-home-item']//h3/a/text()")
    published = [post for post in POSTS if post.date <= NOW]
    assert titles == [post.title for post in published[:HOME_POSTS]]
    assert home.xpath("//ul[@class='wn-airing-list']//a/@href") == ["tin-tuc/phat-thanh/"]
    links = set(home.xpath("//a/@href"))
    assert {LINKS.criteria_index(), LINKS.archive_index(), LINKS.schedule()} <= links


def test_schedule_page_and_calendar_are_in_the_plan(config, catalog):
    plan = plan_site(config, catalog, POSTS, NOW)
    page = {p.url: p for p in plan.pages}[LINKS.schedule()]
    assert page.engine  # an entry page of the section, in the navigation
    files = {file.path: file.content() for file in plan.files}
    calendar = icalendar.Calendar.from_ical(files[LINKS.calendar()])
    starts = [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    assert starts == [datetime(2024, 3, 16, 17, tzinfo=TZ)]
