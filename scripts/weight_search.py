"""scripts/weight's search measure: the bytes a phone fetches to answer one query.

On the news index of a built site, after the first view has gone quiet: open search (the
magnifier), type the query key by key as a reader does, wait for the results, and count every byte
the server sent from the opening on (the search worker, the theme's index, the term and document
files of the split index). The same site answers "dien thoai", "điện thoại" and "DIEN THOAI": the
three must find the same posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUERIES = ("dien thoai", "điện thoại", "DIEN THOAI")
TARGET_QUERY_BYTES = 150_000
RESULT_LINKS = ".md-search-result__item a.md-search-result__link"
WAIT_MS = 90_000


@dataclass
class SearchView:
    site: str
    query: str
    sent: list[tuple[str, int]] = field(default_factory=list)
    found: list[str] = field(default_factory=list)

    @property
    def transferred(self) -> int:
        return sum(size for _, size in self.sent)


def search_view(
    browser, server, site: str, path: str, query: str, viewport: dict, scale: float, settle_ms: int
) -> SearchView:
    """Open ``path``, let it go quiet, then search ``query``; what that search cost."""
    view = SearchView(site, query)
    context = browser.new_context(viewport=viewport, device_scale_factor=scale)
    context.route(lambda url: not url.startswith(server.base), lambda route: route.abort())
    page = context.new_page()
    page.goto(server.base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(settle_ms)
    server.take_sent()
    page.locator("label.md-header__button[for=__search]").click()
    page.locator("input[name=query]").press_sequentially(query)
    try:
        page.locator(RESULT_LINKS).first.wait_for(state="visible", timeout=WAIT_MS)
    except Exception:  # noqa: BLE001 - no result is a finding, reported as such
        pass
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(settle_ms)
    view.found = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")
    context.close()
    view.sent = server.take_sent()
    return view


def print_search(views: list[SearchView], say, kb, verdict) -> None:
    """A line per query, then whether each stays in budget and all three found the same."""
    say("Tìm kiếm trên trang tin (từ lúc mở ô tìm kiếm tới khi có kết quả):")
    for view in views:
        files = len(view.sent)
        say(
            f'  {view.site}, "{view.query}": {kb(view.transferred)} KB trong {files} yêu cầu, '
            f"{len(view.found)} kết quả (mục tiêu <= {kb(TARGET_QUERY_BYTES)} KB): "
            f"{verdict(view.transferred <= TARGET_QUERY_BYTES and bool(view.found))}"
        )
    for site in dict.fromkeys(view.site for view in views):
        found = [view.found for view in views if view.site == site]
        say(
            f"  {site}: ba cách viết tìm thấy cùng các bài: "
            f"{verdict(all(f == found[0] for f in found) and bool(found[0]))}"
        )
    say()
