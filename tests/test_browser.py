"""The sample site in a real browser: Debian's Chromium driven by Playwright, at a phone's 360x740.

A resident reads the section on a cheap Android phone: pages must not scroll sideways, the menu
must open, search must find Vietnamese words typed without diacritics, and a ward portal that
pastes the embed kit's snippets must show the newest items and a banner. A post must print on A4
with its title, date, author, source and address. Nothing may be fetched from another host.

The browser fixtures (``chromium``, ``served``, ``phone``, ``desktop``) live in tests/browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from browser import (
    A4_POINTS,
    PHONE,
    SEARCH_INDEX,
    Browse,
    ServedSite,
    open_context,
    serve_directory,
)
from test_safe_html import ATTACKS, build_hostile, slug

# --- what the tests look at, found in the built site (never hard-coded addresses) --------------


def _class(name: str) -> str:
    """XPath predicate: the element has the CSS class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _post_url(served: ServedSite, css_class: str) -> str:
    """The first post page (newest first) whose header carries an element of ``css_class``."""
    feed = json.loads((served.root / served.prefix / "feed.json").read_bytes())
    for item in feed["items"]:
        path = item["url"].removeprefix(served.site_url)
        if served.page(path).xpath(f"//header[{_class('wn-post-header')}]//*[{_class(css_class)}]"):
            return path
    raise AssertionError(f"no sample post has .{css_class} in its header")


def _criterion_url(served: ServedSite, post_path: str) -> str:
    header = f"//header[{_class('wn-post-header')}]"
    badge = served.page(post_path).xpath(f"{header}//a[{_class('wn-badge')}]")[0]
    return urljoin("/" + post_path, badge.get("href")).lstrip("/")


def _embed_snippets(served: ServedSite) -> list[str]:
    """The copy-paste code blocks of the embed kit's page, as the admin copies them."""
    page = served.page(f"{served.prefix}/nhung/")
    return [code.text_content() for code in page.xpath("//pre/code")]


def _snippet(served: ServedSite, marker: str) -> str:
    found = [text for text in _embed_snippets(served) if marker in text]
    assert found, f"the embed page has no code block with {marker!r}"
    return found[0]


def _portal_page(served: ServedSite, name: str, snippet: str) -> str:
    """A ward portal's plain HTML page with ``snippet`` pasted; returns its URL path.

    The snippet names the production host (site_url); the portal here reaches the section on
    this server instead, so the production address is pointed at it, nothing else changes.
    """
    portal = served.root / "_portal"
    portal.mkdir(exist_ok=True)
    (portal / name).write_text(
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Cổng thông tin phường</title></head>\n<body><h1>Cổng thông tin phường</h1>\n"
        f"{served.local(snippet)}\n</body></html>\n",
        "utf-8",
    )
    return f"_portal/{name}"


def _scroll_width(page: Any) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def _goto(browse: Browse, url: str) -> None:
    response = browse.page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"


# --- phone: layout, menu ------------------------------------------------------------------------


PAGES = {
    "news index": lambda served: f"{served.prefix}/",
    "post with a cover": lambda served: _post_url(served, "wn-cover"),
    "criterion page": lambda served: _criterion_url(served, _post_url(served, "wn-cover")),
    "home": lambda served: "",
    "criteria index": lambda served: f"{served.prefix}/tieu-chi/",
    "archive": lambda served: f"{served.prefix}/luu-tru/",
    "embed kit": lambda served: f"{served.prefix}/nhung/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_horizontal_scroll_on_a_phone(phone, served, name):
    _goto(phone, served.url(PAGES[name](served)))
    phone.page.wait_for_load_state("networkidle")
    scroll_width, inner_width = _scroll_width(phone.page)
    assert inner_width == PHONE["width"]
    assert scroll_width <= inner_width, f"{name} is {scroll_width}px wide on a 360px screen"
    assert phone.foreign() == []


def test_menu_opens_and_shows_the_navigation(phone, served):
    _goto(phone, served.url(f"{served.prefix}/"))
    page = phone.page
    nav = page.locator("nav.md-nav--primary").first
    closed = nav.bounding_box()
    assert closed is not None and closed["x"] + closed["width"] <= 0, "menu shown before a tap"

    page.locator(".md-header label[for=__drawer]").click()
    page.wait_for_function(
        "() => { const r = document.querySelector('nav.md-nav--primary')"
        ".getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth }"
    )
    links = nav.locator("a.md-nav__link")
    titles = [title.strip() for title in links.all_inner_texts()]
    assert "Tin tức" in titles and "Lưu trữ" in titles, titles
    # The entry is on top (not under the overlay) and leads to its page.
    archive = nav.locator("a.md-nav__link", has_text="Lưu trữ")
    box = archive.bounding_box()
    assert box is not None and 0 <= box["x"] < PHONE["width"]
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('a')?.textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top == "Lưu trữ"
    archive.click()
    page.wait_for_url(served.url(f"{served.prefix}/luu-tru/"))
    assert phone.foreign() == []


# --- phone: search ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def phone_post(served: ServedSite) -> tuple[str, str]:
    """(title, URL path) of the sample post whose title starts with 'Điện thoại'."""
    feed = json.loads((served.root / served.prefix / "feed.json").read_bytes())
    for item in feed["items"]:
        if item["title"].startswith("Điện thoại"):
            return item["title"], item["url"].removeprefix(served.site_url)
    raise AssertionError("the sample has no post titled 'Điện thoại ...'")


@pytest.mark.parametrize("query", ["dien thoai", "điện thoại", "DIEN THOAI"])
def test_search_finds_a_post_with_or_without_diacritics(phone, served, phone_post, query):
    title, path = phone_post
    page = phone.page
    _goto(phone, served.url(f"{served.prefix}/"))
    page.wait_for_load_state("networkidle")
    assert phone.search_index_requests() == [], "search index fetched before search was opened"

    page.locator("label.md-header__button[for=__search]").click()
    # Typed, as a reader does: the theme sends a query on each key released.
    page.locator("input[name=query]").press_sequentially(query)
    hit = page.locator(".md-search-result__item a.md-search-result__link", has_text=title)
    # The theme builds its search index in a web worker: slow on a loaded machine, so wait long.
    hit.first.wait_for(state="visible", timeout=90_000)
    assert hit.first.get_attribute("href").rstrip("/").endswith(path.rstrip("/"))
    assert phone.search_index_requests() == [served.url(SEARCH_INDEX)]
    assert phone.foreign() == []


def test_search_index_waits_on_every_kind_of_page(phone, served, phone_post):
    for path in ("", f"{served.prefix}/", phone_post[1], f"{served.prefix}/luu-tru/"):
        _goto(phone, served.url(path))
        phone.page.wait_for_load_state("networkidle")
    assert phone.search_index_requests() == []
    # nor the search code: the worker starts when search opens
    assert [url for url in phone.requests if "/workers/search." in url] == []
    assert _theme_script_requests(phone) == []
    assert phone.foreign() == []


# --- phone: the theme's script comes at the first use, not with the page -----------------------

THEME_SCRIPT = "/assets/javascripts/bundle."


def _theme_script_requests(browse: Browse) -> list[str]:
    return [url for url in browse.requests if THEME_SCRIPT in url]


def _post_with_table(served: ServedSite) -> str:
    feed = json.loads((served.root / served.prefix / "feed.json").read_bytes())
    for item in feed["items"]:
        path = item["url"].removeprefix(served.site_url)
        if served.page(path).xpath("//article//table[not(@class)]"):
            return path
    raise AssertionError("no sample post has a table")


def _scheme(page: Any) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_the_theme_script_waits_for_a_first_use_and_then_starts(phone, served):
    """Read and scrolled by finger, a post fetches no theme script; the first key fetches it and
    the theme starts as if it had come with the page (it wraps the post's table)."""
    page = phone.page
    _goto(phone, served.url(_post_with_table(served)))
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollBy(0, 600)")  # as a finger scrolls: no mouse, no key
    page.wait_for_timeout(300)
    assert _theme_script_requests(phone) == []
    assert page.locator(".md-typeset__scrollwrap").count() == 0

    page.keyboard.press("Tab")
    page.locator(".md-typeset__scrollwrap table").first.wait_for(state="attached")
    assert len(_theme_script_requests(phone)) == 1
    assert page.locator(".md-typeset__scrollwrap .md-typeset__scrollwrap").count() == 0
    assert phone.foreign() == []


def test_a_finger_that_taps_links_and_the_colour_switch_fetches_no_theme_script(chromium, served):
    browse = open_context(chromium, PHONE, has_touch=True, is_mobile=True)
    page = browse.page
    try:
        index = served.url(f"{served.prefix}/")
        _goto(browse, index)
        page.wait_for_load_state("networkidle")
        before = _scheme(page)
        page.locator("[data-md-component=palette] label:not([hidden])").tap()
        assert _scheme(page) != before
        page.locator(".wn-list .wn-item-title a").first.tap()
        page.wait_for_url(lambda url: url != index)
        page.wait_for_load_state("networkidle")
        assert _scheme(page) != before  # the choice holds on the next page
        page.evaluate("window.scrollBy(0, 400)")
        page.wait_for_timeout(300)
        assert _theme_script_requests(browse) == []
        # Opening search calls for it.
        page.locator("label.md-header__button[for=__search]").tap()
        page.wait_for_function("!!window.document$")
        assert len(_theme_script_requests(browse)) == 1
    finally:
        browse.context.close()


@pytest.mark.parametrize("system", ["light", "dark"])
def test_colour_scheme_follows_the_system_and_switches_before_the_theme_script(
    chromium, served, system
):
    browse = open_context(chromium, PHONE, color_scheme=system)
    page = browse.page
    try:
        _goto(browse, served.url(f"{served.prefix}/"))
        page.wait_for_load_state("networkidle")
        first = _scheme(page)
        assert first == ("slate" if system == "dark" else "default")
        assert _theme_script_requests(browse) == []
        switch = page.locator("[data-md-component=palette] label:not([hidden])")
        assert switch.count() == 1 and switch.is_visible()
        switch.click()  # before the theme's script has come: this page's script switches
        other = _scheme(page)
        assert other != first
        # The theme starts with the reader's choice, and the next page opens with it.
        page.wait_for_function("!!window.document$")
        page.wait_for_timeout(200)
        assert _scheme(page) == other
        _goto(browse, served.url(_post_url(served, "wn-cover")))
        assert _scheme(page) == other
        page.locator("[data-md-component=palette] label:not([hidden])").click()
        assert _scheme(page) == first
    finally:
        browse.context.close()


def test_a_page_whose_theme_script_never_comes_keeps_its_scheme_switch_and_buttons(
    chromium, served
):
    """A phone whose connection drops the theme's script: the page's own script still shows the
    system's scheme, switches it by tap and by Enter, opens the menu by Enter and shows the
    search button (the theme hides it from pages without scripts)."""
    browse = open_context(chromium, PHONE, color_scheme="dark")
    browse.context.route(lambda url: THEME_SCRIPT in url, lambda route: route.abort())
    page = browse.page
    try:
        _goto(browse, served.url(_post_url(served, "wn-cover")))
        assert _scheme(page) == "slate"
        page.locator("[data-md-component=palette] label:not([hidden])").click()
        assert _scheme(page) == "default"
        page.focus("[data-md-component=palette] input:checked")
        page.keyboard.press("Enter")
        assert _scheme(page) == "slate"
        assert page.locator("label.md-header__button[for=__search]").is_visible()
        page.focus("label.md-header__button[for=__drawer]")
        page.keyboard.press("Enter")
        assert page.evaluate("document.getElementById('__drawer').checked")
        assert _theme_script_requests(browse) and page.evaluate("typeof document$") == "undefined"
    finally:
        browse.context.close()


@pytest.mark.parametrize("key", ["/", "s"])
def test_search_opens_from_the_keyboard_before_the_theme_script(phone, served, phone_post, key):
    title, _ = phone_post
    page = phone.page
    _goto(phone, served.url(f"{served.prefix}/"))
    page.wait_for_load_state("networkidle")
    page.keyboard.press(key)
    page.wait_for_function("document.activeElement.name === 'query'")
    page.keyboard.type("dien thoai")
    hit = page.locator(".md-search-result__item a.md-search-result__link", has_text=title)
    hit.first.wait_for(state="visible", timeout=90_000)
    assert page.locator("input[name=query]").input_value() == "dien thoai"


# --- a ward portal that pasted the embed kit ---------------------------------------------------


def test_pasted_widget_shows_the_newest_items_and_opens_them_in_the_portal(phone, served):
    snippet = _snippet(served, "<iframe")
    page = phone.page
    _goto(phone, served.url(f"{served.prefix}/"))
    newest = page.locator(".wn-list .wn-item-title a")
    newest_titles = [title.strip() for title in newest.all_inner_texts()]
    newest_urls = newest.evaluate_all("links => links.map(a => a.href)")

    _goto(phone, served.url(_portal_page(served, "tin-moi.html", snippet)))
    frame_element = page.locator("iframe").first
    frame_element.scroll_into_view_if_needed()
    frame = frame_element.content_frame
    items = frame.locator("li a")
    items.first.wait_for(state="visible")
    titles = [title.strip() for title in items.all_inner_texts()]
    assert 1 <= len(titles) <= len(newest_titles)
    assert titles == newest_titles[: len(titles)]
    hrefs = [served.local(href) for href in items.evaluate_all("a => a.map(x => x.href)")]
    assert hrefs == newest_urls[: len(titles)]
    # Every link opens in the portal's window, not inside the 300 px frame.
    targets = frame.locator("a").evaluate_all(
        "links => links.map(a => a.target || document.querySelector('base[target]')?.target)"
    )
    assert targets and set(targets) == {"_parent"}, targets
    assert phone.foreign() == []


def test_pasted_banner_shows_its_image_and_leads_to_the_section(phone, served):
    snippet = _snippet(served, "banner-")
    page = phone.page
    _goto(phone, served.url(_portal_page(served, "banner.html", snippet)))
    link = page.locator("a:has(> img)").first
    image = link.locator("img")
    page.wait_for_function("img => img.complete", arg=image.element_handle())
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural[0] > 0 and natural[1] > 0
    assert natural == [int(image.get_attribute("width")), int(image.get_attribute("height"))]
    link.click()
    page.wait_for_url(served.url(f"{served.prefix}/"))
    assert page.locator(".wn-list .wn-item").count() > 0
    assert phone.foreign() == []


# --- print and save as PDF ----------------------------------------------------------------------


# What a desktop screen shows around a post and paper must not (a post hides its table of contents
# on screen too, and "back to top" shows only after scrolling: both are checked in print only).
CHROME = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "navigation": ".md-sidebar--primary",
    "footer": ".md-footer",
    "search": ".md-search",
}


def _printed_url(page: Any) -> str:
    """The page address as printed: a .wn-print-url paragraph, else the canonical link's ::after."""
    return page.evaluate(
        """() => {
          const own = document.querySelector('.wn-print-url');
          if (own && own.checkVisibility()) return own.textContent;
          const link = document.querySelector('link[rel=canonical]');
          if (!link || !link.checkVisibility()) return '';
          return getComputedStyle(link, '::after').content;
        }"""
    )


def test_post_prints_title_date_author_source_and_address_without_chrome(desktop, served):
    path = _post_url(served, "wn-source")
    page = desktop.page
    _goto(desktop, served.url(path))
    # On a desktop screen all of it shows: print must be what hides it.
    for name, selector in CHROME.items():
        assert page.locator(selector).first.is_visible(), f"{name} not shown on screen"
    assert _printed_url(page) == ""

    page.emulate_media(media="print")
    for name, selector in CHROME.items():
        assert not page.locator(selector).first.is_visible(), f"{name} is printed"
    for selector in (".md-sidebar--secondary", ".md-top", "label[for=__drawer]"):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    header = page.locator("article .wn-post-header")
    for part in ("h1", ".wn-meta time", ".wn-author", ".wn-source"):
        assert header.locator(part).first.is_visible(), f"{part} is not printed"
    assert header.locator(".wn-source").inner_text().startswith("Nguồn:")
    assert served.site_url + path in _printed_url(page)
    black = "rgb(0, 0, 0)"
    for part in ("article h1", "article .wn-meta", "article > p"):
        color = page.locator(part).first.evaluate("e => getComputedStyle(e).color")
        assert color == black, f"{part} prints in {color}"


def test_printed_links_show_external_addresses_only(desktop, served):
    page = desktop.page
    _goto(desktop, served.url(_post_url(served, "wn-source")))
    page.emulate_media(media="print")
    after = page.evaluate(
        """() => {
          const article = document.querySelector('article');
          const outside = document.createElement('a');
          outside.href = 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html';
          outside.textContent = 'Cổng Dịch vụ công quốc gia';
          article.append(outside);
          const inside = article.querySelector('a.wn-badge');
          return [getComputedStyle(outside, '::after').content,
                  getComputedStyle(inside, '::after').content];
        }"""
    )
    assert "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html" in after[0]
    assert after[1] in ("none", "normal", "")


def _media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    try:
        from pypdf import PdfReader
    except ImportError:
        boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", pdf)
        return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]
    import io

    reader = PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def test_post_saves_as_an_a4_pdf(desktop, served):
    page = desktop.page
    _goto(desktop, served.url(_post_url(served, "wn-cover")))
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    boxes = _media_boxes(pdf)
    assert boxes, "no page in the PDF"
    for width, height in boxes:
        assert width == pytest.approx(A4_POINTS[0], abs=1.5)
        assert height == pytest.approx(A4_POINTS[1], abs=1.5)
    assert desktop.foreign() == []


# --- hostile posts (test_safe_html.py) ---------------------------------------------------------
# Handlers that fire by themselves (onload, onerror, ontoggle of an open <details>) and those an
# interaction fires: every element of the article gets a mouseover and a click (links aside: they
# navigate, and their URLs are checked above).
POKE = """els => els.filter(e => e.tagName !== 'A').forEach(e => {
    for (const kind of ['mouseover', 'click', 'focus'])
        e.dispatchEvent(new Event(kind, {bubbles: true}));
})"""


def test_no_hostile_post_opens_a_dialog_or_reaches_another_host(chromium, tmp_path: Path):
    site, _, _ = build_hostile(tmp_path)
    with serve_directory(site) as base:
        browse = open_context(chromium, PHONE)
        dialogs: list[str] = []
        browse.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            for name, *_ in ATTACKS:
                browse.page.goto(f"{base}tin-tuc/{slug(name)}/", wait_until="load")
                browse.page.eval_on_selector_all("article *", POKE)
                browse.page.wait_for_timeout(50)
        finally:
            browse.context.close()
    assert dialogs == []
    assert browse.foreign() == []
