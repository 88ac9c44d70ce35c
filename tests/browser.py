"""Real-browser fixtures shared by every test module: Debian's Chromium driven by Playwright.

The browser is /usr/bin/chromium from Debian's packages (``.ci/run`` installs it); Playwright never
downloads one. Without the browser or the Python package the tests skip, except under CI=true,
where they fail: a CI that silently skips the browser tests has not tested the site.

Fixtures (registered in conftest.py): ``chromium`` (the browser, once per session), ``served``
(the repository's sample built and served on 127.0.0.1), ``phone`` and ``desktop`` (a fresh
recorded browsing context at 360x740 and 1280x900). Helpers: ``serve_directory`` serves any built
folder on 127.0.0.1; ``open_context`` opens a recorded context with any viewport and options.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html
from support import NOW, REPO, mkdocs_build

from wardnews.content.config import read_project_config

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
LOCAL_HOST = "127.0.0.1"
SEARCH_INDEX = "search/search_index.json"
TIMEOUT_MS = 20_000
# Chromium writes A4 as 595.92 x 842.88 points (210 x 297 mm rounded to its pixel grid).
A4_POINTS = (595.0, 842.0)


# --- fixtures: the browser, the built sample site on 127.0.0.1, one recorded browsing context ---


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"real-browser tests cannot run under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, launched once for the session."""
    if importlib.util.find_spec("playwright") is None:
        _unavailable("the Python package playwright is not installed (scripts/setup test)")
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is missing (Debian: apt-get install chromium)")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        except Error as exc:
            _unavailable(f"{CHROMIUM} does not start: {exc}")
        yield browser
        browser.close()


@dataclass(frozen=True)
class ServedSite:
    """The built sample site, served over HTTP on 127.0.0.1."""

    root: Path
    base: str  # "http://127.0.0.1:PORT/"
    site_url: str  # the production address the build wrote into feeds and snippets
    prefix: str  # "tin-tuc"

    def url(self, path: str) -> str:
        return self.base + path

    def local(self, text: str) -> str:
        """Production addresses in ``text`` (site_url ...) made to point at this server."""
        return text.replace(self.site_url, self.base)

    def page(self, path: str) -> Any:
        """A built page parsed with lxml; ``path`` as in the URL ('tin-tuc/')."""
        return lxml_html.fromstring((self.root / path / "index.html").read_bytes())


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` over HTTP on 127.0.0.1 (a real socket); yields 'http://127.0.0.1:PORT/'."""
    server = ThreadingHTTPServer((LOCAL_HOST, 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The repository's sample built with ``mkdocs build --strict`` and served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("browser") / "site"
    result = mkdocs_build(REPO, site, now=NOW)
    assert result.returncode == 0, result.stdout + result.stderr
    config = read_project_config(REPO / "mkdocs.yml")
    assert config.site_url, "the sample's mkdocs.yml needs site_url (feeds, embed kit)"
    with serve_directory(site) as base:
        yield ServedSite(
            root=site,
            base=base,
            site_url=config.site_url.rstrip("/") + "/",
            prefix=config.url_prefix,
        )


@dataclass
class Browse:
    """One fresh browsing context (no cache) and every request any of its pages made."""

    context: Any
    page: Any
    requests: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests that left 127.0.0.1 (data: and blob: URLs are not requests to a host)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).hostname != LOCAL_HOST
        ]

    def search_index_requests(self) -> list[str]:
        return [url for url in self.requests if SEARCH_INDEX in url]


def _is_foreign(url: str) -> bool:
    return urlsplit(url).hostname != LOCAL_HOST


def open_context(chromium: Any, viewport: dict[str, int], **options: Any) -> Browse:
    """A fresh context (no cache) recording every request; requests to other hosts are aborted."""
    context = chromium.new_context(viewport=viewport, **options)
    context.set_default_timeout(TIMEOUT_MS)
    browse = Browse(context, None)
    context.on("request", lambda request: browse.requests.append(request.url))
    # Recorded above, then stopped here: a test run never reaches the production host.
    context.route(_is_foreign, lambda route: route.abort())
    browse.page = context.new_page()
    return browse


@pytest.fixture
def phone(chromium: Any, served: ServedSite) -> Iterator[Browse]:
    browse = open_context(chromium, PHONE)
    yield browse
    browse.context.close()


@pytest.fixture
def desktop(chromium: Any, served: ServedSite) -> Iterator[Browse]:
    browse = open_context(chromium, DESKTOP)
    yield browse
    browse.context.close()
