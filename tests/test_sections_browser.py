"""What brings a resident back, in Debian's Chromium at a phone's 360x740: the home page's latest
news, a post's related posts and neighbours, the "Chia sẻ" button, the radio schedule and its
calendar file (read back with the ``icalendar`` library, as a phone's calendar would).

What the tests expect is found in the built site (its JSON Feed, its pages) or in the posts read
by wardnews' own reader, never hard-coded.
"""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import icalendar
import pytest
from browser import PHONE, Browse, ServedSite, open_context, serve_directory
from lxml import etree
from support import REPO, mkdocs_build

from wardnews.content.config import read_project_config
from wardnews.content.dates import parse_date
from wardnews.content.project import load_project

# A day when the sample's radio programmes still have airings to come (its posts end in March).
SCHEDULE_NOW = "2024-03-20 12:00"


def _class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _feed_items(served: ServedSite) -> list[dict[str, Any]]:
    """The published posts, newest first, as the section's JSON Feed lists them."""
    feed = json.loads((served.root / served.prefix / "feed.json").read_bytes())
    return feed["items"]


def _path(served: ServedSite, item: dict[str, Any]) -> str:
    return item["url"].removeprefix(served.site_url)


def _badge_codes(served: ServedSite, path: str) -> set[str]:
    header = f"//header[{_class('wn-post-header')}]"
    return {
        href.rstrip("/").rsplit("/", 1)[-1]
        for href in served.page(path).xpath(f"{header}//a[{_class('wn-badge')}]/@href")
    }


def _goto(browse: Browse, url: str) -> None:
    response = browse.page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"


def _no_sideways_scroll(page: Any) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"] and width <= inner, f"{page.url} is {width}px wide"


# --- the home page ------------------------------------------------------------------------------


def test_home_page_shows_the_three_newest_posts(phone, served):
    _goto(phone, served.url(""))
    news = phone.page.locator(".wn-home").first
    for item in _feed_items(served)[:3]:
        link = news.get_by_role("link", name=item["title"], exact=True)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        assert urljoin(served.url(""), link.get_attribute("href")) == served.url(
            _path(served, item)
        )
    # Each shows its date in a <time> and its criterion badges, as on the post's own page.
    first = _feed_items(served)[0]
    item = news.locator(".wn-home-item").first
    assert item.locator("time").get_attribute("datetime") == first["date_published"]
    codes = _badge_codes(served, _path(served, first))
    shown = {href.rstrip("/").rsplit("/", 1)[-1] for href in _hrefs(item.locator(".wn-badge"))}
    assert shown == codes
    # The unit's introduction from docs/index.md is still there, above the news.
    assert phone.page.locator("article h1").first.is_visible()
    _no_sideways_scroll(phone.page)
    assert phone.foreign() == []


def _hrefs(locator: Any) -> list[str]:
    return [locator.nth(i).get_attribute("href") for i in range(locator.count())]


# --- a post page: related posts, neighbours ----------------------------------------------------


@pytest.fixture(scope="module")
def middle_post(served: ServedSite) -> tuple[str, str, str]:
    """(newer, this, older) paths of a post with criteria that has a post on each side."""
    items = _feed_items(served)
    for newer, item, older in zip(items, items[1:], items[2:], strict=False):
        if _badge_codes(served, _path(served, item)):
            return _path(served, newer), _path(served, item), _path(served, older)
    raise AssertionError("no sample post with criteria between two others")


def test_post_links_to_a_related_post_sharing_a_criterion(phone, served, middle_post):
    _, path, _ = middle_post
    _goto(phone, served.url(path))
    related = phone.page.locator(".wn-related a")
    assert related.count() >= 1
    first = related.first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    target = urljoin(served.url(path), first.get_attribute("href"))
    title = first.inner_text()
    first.click()
    phone.page.wait_for_url(target)
    assert phone.page.locator("h1").first.inner_text() == title
    here_codes = _badge_codes(served, path)
    for href in _hrefs(related):
        other = urljoin("/" + path, href).lstrip("/")
        assert _badge_codes(served, other) & here_codes, f"{other} shares no criterion"
        assert other != path
    assert phone.foreign() == []


def test_post_links_to_its_newer_and_older_neighbours(phone, served, middle_post):
    newer, path, older = middle_post
    _goto(phone, served.url(path))
    newer_link = phone.page.locator(".wn-post-nav a.wn-newer")
    older_link = phone.page.locator(".wn-post-nav a.wn-older")
    assert urljoin(served.url(path), newer_link.get_attribute("href")) == served.url(newer)
    assert urljoin(served.url(path), older_link.get_attribute("href")) == served.url(older)
    older_link.scroll_into_view_if_needed()
    older_link.click()
    phone.page.wait_for_url(served.url(older))
    _no_sideways_scroll(phone.page)
    assert phone.foreign() == []


# --- the share button --------------------------------------------------------------------------

# The platform's share sheet, observed: headless Chromium on Linux has no Web Share API, so the
# test gives the page one that records what it was asked to share, as a phone's would receive it.
RECORDING_SHARE = """
Object.defineProperty(Navigator.prototype, 'share', {configurable: true, value: function (data) {
  window.__shared = {title: data.title, url: data.url};
  return Promise.resolve();
}});
"""
NO_SHARE = "delete Navigator.prototype.share;"


def test_share_button_opens_the_phones_share_sheet_when_there_is_one(chromium, served):
    browse = open_context(chromium, PHONE)
    try:
        browse.context.add_init_script(RECORDING_SHARE)
        item = _feed_items(served)[0]
        _goto(browse, served.url(_path(served, item)))
        button = browse.page.get_by_role("button", name="Chia sẻ")
        button.scroll_into_view_if_needed()
        button.click()
        browse.page.wait_for_function("() => window.__shared !== undefined")
        shared = browse.page.evaluate("window.__shared")
        assert shared == {"title": item["title"], "url": item["url"]}
        assert browse.foreign() == []
    finally:
        browse.context.close()


def test_share_button_copies_the_address_and_says_so_without_web_share(chromium, served):
    browse = open_context(chromium, PHONE, permissions=["clipboard-read", "clipboard-write"])
    try:
        browse.context.add_init_script(NO_SHARE)
        item = _feed_items(served)[1]
        _goto(browse, served.url(_path(served, item)))
        assert browse.page.evaluate("typeof navigator.share") == "undefined"
        button = browse.page.get_by_role("button", name="Chia sẻ")
        button.scroll_into_view_if_needed()
        button.click()
        status = browse.page.get_by_role("status").filter(has_text=item["url"])
        status.wait_for(state="visible")
        assert status.get_attribute("aria-live") == "polite"
        assert browse.page.evaluate("navigator.clipboard.readText()") == item["url"]
        assert browse.foreign() == []
    finally:
        browse.context.close()


def test_without_javascript_no_dead_share_button_and_the_links_remain(chromium, served):
    browse = open_context(chromium, PHONE, java_script_enabled=False)
    try:
        path = _path(served, _feed_items(served)[1])
        _goto(browse, served.url(path))
        assert browse.page.locator(".wn-share-button").count() == 1
        assert not browse.page.locator(".wn-share-button").is_visible()
        assert browse.page.locator(".wn-post-nav a").count() == 2
    finally:
        browse.context.close()


# --- the radio schedule and its calendar ---------------------------------------------------------


@pytest.fixture(scope="module")
def schedule_site(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The sample built on a day when programmes have airings to come, served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("schedule") / "site"
    result = mkdocs_build(REPO, site, now=SCHEDULE_NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_directory(site) as base:
        yield site, base


def _future_airings() -> list[datetime]:
    """Airings after SCHEDULE_NOW of the radio posts published by then, read from posts/."""
    config = read_project_config(REPO / "mkdocs.yml")
    now = parse_date(SCHEDULE_NOW, config.tz)
    project = load_project(config, str(REPO / "mkdocs.yml"))
    return sorted(
        airing
        for post in project.posts
        if post.kind == "radio" and post.is_published(now)
        for airing in post.airings
        if airing >= now
    )


def test_schedule_page_lists_coming_airings_by_day_each_leading_to_its_programme(
    chromium, schedule_site
):
    site, base = schedule_site
    config = read_project_config(REPO / "mkdocs.yml")
    coming = _future_airings()
    assert coming, "the sample has no airing after SCHEDULE_NOW: pick another day"
    browse = open_context(chromium, PHONE)
    try:
        _goto(browse, base)
        browse.page.get_by_role("link", name="Lịch phát sóng đầy đủ →").click()
        browse.page.wait_for_url(f"{base}{config.url_prefix}/lich-phat-song/")
        page = browse.page
        days = page.locator("h3.wn-day time")
        first_day = coming[0].astimezone(config.tz).date().isoformat()
        assert days.first.get_attribute("datetime") == first_day
        airing = page.locator(".wn-airing-list time").first
        assert airing.get_attribute("datetime") == coming[0].astimezone(config.tz).isoformat()
        _no_sideways_scroll(page)
        link = page.locator(".wn-airing-list a").first
        title = link.inner_text()
        link.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").first.inner_text() == title
        assert browse.foreign() == []
    finally:
        browse.context.close()


def test_home_page_thumbnail_comes_from_the_image_pipeline(chromium, schedule_site):
    # On SCHEDULE_NOW the sample's post with a cover is among the newest on the home page.
    _, base = schedule_site
    browse = open_context(chromium, PHONE)
    try:
        _goto(browse, base)
        thumbnail = browse.page.locator(".wn-home .wn-thumb img").first
        thumbnail.scroll_into_view_if_needed()
        browse.page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
        )
        prefix = read_project_config(REPO / "mkdocs.yml").url_prefix
        source = thumbnail.evaluate("(img) => img.currentSrc")
        assert source.startswith(f"{base}{prefix}/anh/")  # a processed file, not the original
        assert thumbnail.bounding_box()["width"] <= PHONE["width"] / 2
        _no_sideways_scroll(browse.page)
        assert browse.foreign() == []
    finally:
        browse.context.close()


def test_calendar_file_has_one_event_per_coming_airing(schedule_site):
    site, base = schedule_site
    config = read_project_config(REPO / "mkdocs.yml")
    with urllib.request.urlopen(
        f"{base}{config.url_prefix}/lich-phat-song/lich-phat-song.ics"
    ) as r:
        assert r.headers.get_content_type() == "text/calendar"
        calendar = icalendar.Calendar.from_ical(r.read())
    events = calendar.walk("VEVENT")
    assert sorted(event.decoded("dtstart") for event in events) == _future_airings()
    assert len({str(event["uid"]) for event in events}) == len(events)
    for event in events:
        assert str(event["url"]).startswith(config.site_url)


def test_same_input_gives_the_same_calendar_home_and_schedule_bytes(schedule_site, tmp_path):
    site, _ = schedule_site
    again = tmp_path / "site"
    result = mkdocs_build(REPO, again, now=SCHEDULE_NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    prefix = read_project_config(REPO / "mkdocs.yml").url_prefix
    for path in (
        f"{prefix}/lich-phat-song/lich-phat-song.ics",
        f"{prefix}/lich-phat-song/index.html",
        "index.html",
    ):
        assert (again / path).read_bytes() == (site / path).read_bytes(), path


def test_schedule_page_is_in_the_sitemap_and_the_navigation(served):
    sitemap = etree.parse(str(served.root / "sitemap.xml"))
    locations = sitemap.xpath("//s:loc/text()", namespaces={"s": sitemap.getroot().nsmap[None]})
    assert f"{served.site_url}{served.prefix}/lich-phat-song/" in locations
    nav = served.page("").xpath("//nav//a/@href")
    assert any(href.rstrip("/").endswith("lich-phat-song") for href in nav)
