"""Pages filled into an engine-rendered shell, plus the sitemap of the whole site.

The theme's page template is the slowest part of a build (a third of the time, measured), and a
ward's archive has thousands of pages that differ only by title, description and content. So the
engine renders one *shell* page per URL depth with placeholders, and the core fills it for every
post and list page: same chrome, same relative asset paths, a fraction of the cost. The shells are
ordinary generated pages of the engine and are removed once filled.

Everything here is a pure function from strings to strings or bytes; the sitemap and the tags
for each page's head come from templates (``templates/site/sitemap.xml``, ``site/head.html``).
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from wardnews.content.text import escape
from wardnews.site import render
from wardnews.site.plan import GeneratedPage
from wardnews.templating import Templates
from wardnews.urls import SHELL_ROOT, address

TITLE_MARK = "WARDNEWS-SHELL-TITLE"
DESCRIPTION_MARK = "WARDNEWS-SHELL-DESCRIPTION"
# The "<h1>" inside the comment stops the theme from adding a title of its own.
CONTENT_MARK = "<!--WARDNEWS-SHELL-CONTENT <h1> -->"


def depth(url: str) -> int:
    """Folders between the site root and a page: 'tin-tuc/a/' -> 2."""
    return url.count("/")


def shell_url(level: int) -> str:
    return SHELL_ROOT + "/" + "s/" * (level - 1)


def shell_pages(pages: Iterable[GeneratedPage]) -> list[GeneratedPage]:
    """One engine page per depth used by the pages that are filled into a shell."""
    levels = sorted({depth(page.url) for page in pages if not page.engine})
    return [
        GeneratedPage(
            f"{shell_url(level)}index.md",
            shell_url(level),
            TITLE_MARK,
            render.front_matter(TITLE_MARK, DESCRIPTION_MARK, hide=["toc"], search_exclude=True),
            kind="shell",
            html=CONTENT_MARK,
        )
        for level in levels
    ]


@dataclass(frozen=True)
class Shell:
    """A rendered shell split around its content, ready to be filled many times."""

    level: int
    head: str
    tail: str
    url: str
    # The shell as UTF-8 pieces around the places a page fills in (its title, description, URL,
    # head tags and content), cut once: filling a page joins bytes, where searching the whole
    # shell for each mark and encoding it again took most of the time of a page's writing.
    pieces: tuple[tuple[bytes, str], ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def parse(cls, level: int, rendered: str) -> Shell:
        head, found, tail = rendered.partition(CONTENT_MARK)
        if not found:
            raise ValueError(f"shell {level} has no content mark: the theme dropped the content")
        url = shell_url(level)
        return cls(level, head, tail, url, _pieces(head, tail, url))

    def fill(self, page: GeneratedPage, head_html: str = "") -> bytes:
        """The shell with ``page``'s title, description, URL and content, as UTF-8."""
        values = {
            "title": escape(page.title).encode("utf-8"),
            "description": escape(page.description or page.title).encode("utf-8"),
            "url": page.url.encode("utf-8"),
            "head": head_html.encode("utf-8"),
            "content": (page.body or "").encode("utf-8"),
        }
        pieces = self.pieces or _pieces(self.head, self.tail, self.url)
        return b"".join(values[slot] if slot else text for text, slot in pieces)


# What a page fills in, as the shell's text shows it: the marks stand in text and attribute
# values of the engine's page (not in a template), the shell's own URL in its links.
_SLOTS = {TITLE_MARK: "title", DESCRIPTION_MARK: "description"}


def _pieces(head: str, tail: str, url: str) -> tuple[tuple[bytes, str], ...]:
    """``head``, the content and ``tail`` as (text, "") and ("", slot) pieces: the page's head
    tags go before the first ``</head>`` (at the end of ``head`` if it has none)."""
    marks = re.compile("|".join(re.escape(mark) for mark in (*_SLOTS, url)))
    before, end, after = head.partition("</head>")
    pieces: list[tuple[bytes, str]] = []
    for text, slot in ((before, "head"), (end + after, "content"), (tail, "")):
        start = 0
        for found in marks.finditer(text):
            pieces.append((text[start : found.start()].encode("utf-8"), ""))
            pieces.append((b"", _SLOTS.get(found.group(), "url")))
            start = found.end()
        pieces.append((text[start:].encode("utf-8"), ""))
        if slot:
            pieces.append((b"", slot))
    return tuple(piece for piece in pieces if piece != (b"", ""))


def fill_page(
    shells: Mapping[int, Shell], page: GeneratedPage, head_html: Callable[[str], str]
) -> bytes:
    """The bytes of a page that goes into a shell (its depth's)."""
    return shells[depth(page.url)].fill(page, head_html(page.url))


def head_html(feed_links: str, templates: Templates | None = None) -> str:
    """Tags for a page's <head>: the lazy search loader, then ``feed_links`` (markup the feeds
    module made) and the script that hides them from the theme."""
    return (templates or Templates()).render("site/head.html", feed_links=Markup(feed_links))


def render_sitemap(
    site_url: str, pages: Sequence[tuple[str, str]], templates: Templates | None = None
) -> tuple[bytes, bytes]:
    """sitemap.xml and its gzip for (url, lastmod) pairs; no build time anywhere, fixed order."""
    urls = [
        {"loc": address(site_url, url), "lastmod": lastmod} for url, lastmod in sorted(set(pages))
    ]
    xml = (templates or Templates()).render("site/sitemap.xml", urls=urls).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as compressed:
        compressed.write(xml)
    return xml, buffer.getvalue()
