"""WCAG 2.1 AA on every page type the section makes, checked in Debian's Chromium.

axe-core (npm, pinned by package-lock.json, installed by ``scripts/setup test``) runs with the
WCAG 2.0 and 2.1 rules of levels A and AA on every page type, at a phone's 360x740 and a desktop's
1280x800, in the light and the dark colour scheme. A violation fails the test naming the rule, the
element (its selector and HTML) and the page. Beyond axe: the largest text on a 360 px phone
without sideways scrolling, 200% zoom, the skip link, a visible focus on every control,
``lang="vi"``, dates in ``<time>``, and the status chart's table.

The site is served at its production path (site_url's /chuyen-doi-so/): the theme's 404 page links
its stylesheets from there.

Adding a page type is one line in ``PAGE_TYPES``: a name and where the page is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from a11y import axe_violations, focus_without_ring
from browser import CHROMIUM, LAUNCH_ARGS, TIMEOUT_MS, ServedSite, open_context, serve_directory
from lxml import html as lxml_html

VIEWPORTS = {"360x740": {"width": 360, "height": 740}, "1280x800": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")
# The largest text a phone offers: Chromium's text size at 200% (16 px -> 32 px) on a dense screen.
LARGEST_FONT_PX = 32
PHONE_SCALE = 3
# 200% zoom of a 1280x800 desktop: half as many CSS pixels each way, each drawn twice as large.
ZOOM_200 = {"width": 640, "height": 400}


# --- where each page type is, found in the built site -------------------------------------------


def _class(name: str) -> str:
    """XPath predicate: the element has the CSS class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _posts(served: ServedSite) -> Iterator[str]:
    """Every published post's path, newest first (from the JSON feed the build wrote)."""
    feed = json.loads((served.root / served.prefix / "feed.json").read_bytes())
    for item in feed["items"]:
        yield item["url"].removeprefix(served.site_url)


def post_with(*xpaths: str) -> Callable[[ServedSite], str]:
    """The newest post whose page matches every XPath (inside the article)."""

    def find(served: ServedSite) -> str:
        for path in _posts(served):
            article = served.page(path).xpath("//article")[0]
            if all(article.xpath(xpath) for xpath in xpaths):
                return path
        raise AssertionError(f"no sample post has {xpaths} (add one to posts/)")

    return find


def linked_from(page: Callable[[ServedSite], str], xpath: str) -> Callable[[ServedSite], str]:
    """The page the first link matched by ``xpath`` on ``page`` leads to."""

    def find(served: ServedSite) -> str:
        start = page(served)
        href = served.page(start).xpath(xpath)[0]
        return urljoin("/" + start, href).lstrip("/")

    return find


def section(path: str) -> Callable[[ServedSite], str]:
    """A page at ``path`` inside the section ('tinh-hinh/'; '' is the news index)."""
    return lambda served: f"{served.prefix}/{path}"


def site(path: str) -> Callable[[ServedSite], str]:
    """A page at ``path`` from the site's root ('' is the home page)."""
    return lambda served: path


COVER = f"header//figure[{_class('wn-cover')}]//img"
PAGE_TYPES: dict[str, Callable[[ServedSite], str]] = {
    "home": site(""),
    "news index": section(""),
    "news index, a later page": linked_from(section(""), "//a[@rel='next']/@href"),
    "post with a cover": post_with(COVER),
    "post with an image and a table": post_with(".//p//img", ".//table"),
    "post with audio": post_with(".//audio"),
    "criterion page": linked_from(post_with(COVER), f"//a[{_class('wn-badge')}]/@href"),
    "month archive": linked_from(section("luu-tru/"), "//ul[@class='wn-archive']//@href"),
    "status page": section("tinh-hinh/"),
    "radio schedule": section("lich-phat-song/"),
    "embed kit": section("nhung/"),
    "widget": section("nhung/tin-moi.html"),
    "404 page": site("404.html"),
}


# --- the site at its production path, axe in a page ----------------------------------------------


@dataclass(frozen=True)
class Mounted:
    """The built sample served at site_url's path on 127.0.0.1."""

    served: ServedSite
    base: str  # "http://127.0.0.1:PORT/chuyen-doi-so/"

    def url(self, name: str) -> str:
        return self.base + PAGE_TYPES[name](self.served)


@pytest.fixture(scope="module")
def mounted(served: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mounted]:
    path = urlsplit(served.site_url).path.strip("/")
    top = tmp_path_factory.mktemp("mounted")
    (top / path).parent.mkdir(parents=True, exist_ok=True)
    (top / path).symlink_to(served.root, target_is_directory=True)
    with serve_directory(top) as base:
        yield Mounted(served, f"{base}{path}/" if path else base)


def _open(browse: Any, url: str) -> None:
    response = browse.page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"


# --- axe on every page type, both sizes, both colour schemes --------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_has_no_wcag_violations(chromium, mounted, name, size, scheme):
    # The widget's CSP forbids every script: bypassed here so that axe can run inside it.
    browse = open_context(chromium, VIEWPORTS[size], color_scheme=scheme, bypass_csp=True)
    try:
        _open(browse, mounted.url(name))
        violations = axe_violations(browse.page, f"{name} ({size}, {scheme})")
        assert violations == [], "\n".join(violations)
        assert browse.foreign() == []
    finally:
        browse.context.close()


PALE_LINK_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Trang thử</title></head>
<body><main><h1>Trang thử</h1>
<p>Bà con xem <a id="pale-link" href="#" style="color:#c8c8c8">lịch tiếp dân</a> tại đây.</p>
</main></body></html>
"""


def test_a_low_contrast_link_is_reported_with_rule_element_and_page(chromium, tmp_path):
    (tmp_path / "index.html").write_text(PALE_LINK_PAGE, "utf-8")
    browse = open_context(chromium, VIEWPORTS["360x740"])
    try:
        with serve_directory(tmp_path) as base:
            _open(browse, base)
            violations = axe_violations(browse.page, "trang thử")
    finally:
        browse.context.close()
    pale = [line for line in violations if "#pale-link" in line]
    assert pale, violations
    assert any(line.startswith("trang thử: color-contrast (") for line in pale), pale
    assert all('id="pale-link"' in line for line in pale)


# --- the largest text on a phone, 200% zoom -------------------------------------------------------


@pytest.fixture(scope="module")
def largest_text(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A phone whose reader chose the largest text: Chromium's own font-size preference (the
    profile's Preferences, as the settings page writes it) at 200%, on a dense screen."""
    profile = tmp_path_factory.mktemp("profile")
    (profile / "Default").mkdir()
    prefs = {"webkit": {"webprefs": {"default_font_size": LARGEST_FONT_PX}}}
    (profile / "Default" / "Preferences").write_text(json.dumps(prefs), "utf-8")
    context = chromium.browser_type.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        args=LAUNCH_ARGS,
        viewport=VIEWPORTS["360x740"],
        device_scale_factor=PHONE_SCALE,
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def _widths(page: Any) -> dict[str, float]:
    return page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth, inner: innerWidth,
        root: parseFloat(getComputedStyle(document.documentElement).fontSize),
        text: parseFloat(getComputedStyle(document.querySelector('h1, li, p')).fontSize)})"""
    )


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_sideways_scrolling_with_the_largest_text_on_a_phone(largest_text, mounted, name):
    page = largest_text.new_page()
    try:
        response = page.goto(mounted.url(name), wait_until="load")
        assert response is not None and response.ok
        widths = _widths(page)
    finally:
        page.close()
    assert widths["inner"] == VIEWPORTS["360x740"]["width"]
    # The preference reached the page: its text is at least as large as the chosen size.
    assert widths["root"] >= LARGEST_FONT_PX and widths["text"] >= LARGEST_FONT_PX * 0.6, widths
    assert widths["scroll"] <= widths["inner"], f"{name}: {widths['scroll']}px wide at 360px"


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_is_usable_at_200_percent_zoom(chromium, mounted, name):
    browse = open_context(chromium, ZOOM_200, device_scale_factor=2)
    try:
        _open(browse, mounted.url(name))
        widths = _widths(browse.page)
        # A header that stays on screen may not hide most of what is left of it.
        header = browse.page.evaluate(
            "(document.querySelector('.md-header') || {offsetHeight: 0}).offsetHeight"
        )
    finally:
        browse.context.close()
    assert widths["scroll"] <= widths["inner"] == ZOOM_200["width"], widths
    assert header <= ZOOM_200["height"] / 4


# --- keyboard: the skip link, a visible focus on every control --------------------------------


WITH_THEME = [name for name in PAGE_TYPES if name != "widget"]


@pytest.mark.parametrize("name", WITH_THEME)
def test_first_tab_shows_a_skip_link_to_the_content(chromium, mounted, name):
    browse = open_context(chromium, VIEWPORTS["360x740"])
    page = browse.page
    try:
        _open(browse, mounted.url(name))
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')").startswith("#")
        # Shown when focused (the theme fades it in), inside the screen.
        page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
        box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
        assert box["width"] > 0 and 0 <= box["top"] < VIEWPORTS["360x740"]["height"]
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        # The next control is the content's first, past the header, the tabs and the menu.
        assert page.evaluate("!!document.activeElement.closest('.md-content')"), page.evaluate(
            "document.activeElement.outerHTML"
        )
    finally:
        browse.context.close()


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_menu_opens_from_the_keyboard_on_a_phone(chromium, mounted, key):
    browse = open_context(chromium, VIEWPORTS["360x740"])
    page = browse.page
    try:
        _open(browse, mounted.url("news index"))
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.htmlFor === '__drawer'"):
                break
        else:
            raise AssertionError("the menu button takes no keyboard focus")
        page.keyboard.press(key)
        assert page.evaluate("document.getElementById('__drawer').checked")
        # The menu slides in from the left.
        page.wait_for_function(
            "document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0"
        )
        in_menu = []
        for _ in range(12):
            page.keyboard.press("Tab")
            in_menu.append(
                page.evaluate(
                    """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                    return !!e.closest('.md-sidebar--primary') && r.left >= 0 && r.width > 0; }"""
                )
            )
    finally:
        browse.context.close()
    assert any(in_menu), "Tab never reached a link of the open menu"


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_control_shows_its_focus(chromium, mounted, name, size):
    browse = open_context(chromium, VIEWPORTS[size], bypass_csp=True)
    try:
        _open(browse, mounted.url(name))
        reached, missing = focus_without_ring(browse.page)
    finally:
        browse.context.close()
    assert reached >= 2, f"{name}: the keyboard reached {reached} controls"
    assert missing == [], f"{name} ({size}):\n" + "\n".join(missing)


# --- what the built pages say: lang, dates, the chart's numbers --------------------------------


def _built(served: ServedSite, path: str) -> Any:
    file = served.root / path if path.endswith(".html") else served.root / path / "index.html"
    return lxml_html.fromstring(file.read_bytes())


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_page_is_marked_vietnamese(served, name):
    assert _built(served, PAGE_TYPES[name](served)).get("lang") == "vi"


DATED = ["news index", "post with a cover", "month archive", "widget"]
DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


@pytest.mark.parametrize("name", DATED)
def test_dates_are_time_elements_that_say_the_same_day(served, name):
    times = _built(served, PAGE_TYPES[name](served)).xpath("//time")
    assert times, f"{name} shows no <time>"
    for time in times:
        moment = datetime.fromisoformat(time.get("datetime"))
        assert moment.tzinfo is not None, time.get("datetime")
        shown = DAY.search(time.text_content())
        assert shown, f"{name}: <time> text {time.text_content()!r} has no day/month/year"
        day, month, year = (int(part) for part in shown.groups())
        assert (day, month, year) == (moment.day, moment.month, moment.year), time.get("datetime")


def test_status_chart_has_a_table_with_its_numbers(served):
    page = _built(served, PAGE_TYPES["status page"](served))
    bars = page.xpath("//svg//*[@data-count]")
    assert bars, "the status page has no chart"
    table = page.xpath("//figure[svg]/following::table[1]")[0]
    codes = [th.text_content().strip() for th in table.xpath(".//thead//th")][1:]
    cells = {}
    for row in table.xpath(".//tbody/tr"):
        month = row.xpath("./th")[0].get("data-month")
        for code, cell in zip(codes, row.xpath("./td"), strict=True):
            cells[month, code] = int(cell.text_content())
    drawn = {
        (bar.get("data-month"), bar.get("data-criterion")): int(bar.get("data-count"))
        for bar in bars
    }
    assert {key: count for key, count in cells.items() if count} == drawn
    months = {bar.get("data-month") for bar in bars}
    assert months <= {month for month, _ in cells}
