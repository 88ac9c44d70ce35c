"""A feed as bytes: RSS 2.0 (with a stylesheet for browsers) and Atom 1.0 through feedgen and
lxml, JSON Feed 1.1 through json; :func:`feed_outputs` lists every feed file of a build.

Nothing here reads the clock: a feed's dates are its posts' dates, so the same commit gives the
same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

from wardnews.content.cache import LruCache
from wardnews.content.catalog import Criterion
from wardnews.content.config import UnitConfig
from wardnews.content.text import escape, relative_url
from wardnews.syndication.feeds import (
    Feed,
    FeedItem,
    OutputFile,
    absolute_url,
    xsl_path,
)
from wardnews.urls import XSL_NAME, Links

# feedgen and lxml (with urllib, ssl and dateutil: some forty modules) are imported when a feed
# is first written: in a one-off build, on the core that makes the feeds (Syndication.files),
# so the build's start-up does not read them.
if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

GENERATOR = "wardnews"  # no version: upgrading wardnews must not change a feed's bytes
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_ATOM = "http://www.w3.org/2005/Atom"


def _category_label(criterion: Criterion) -> str:
    return f"{criterion.code} – {criterion.name}"


def _generator(feed: Feed, config: UnitConfig, self_url: str, self_type: str) -> FeedGenerator:
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(absolute_url(config, feed.paths.page))
    generator.title(feed.title)
    generator.subtitle(feed.description)
    # feedgen gives RSS's <link> the last link added: the page, not the feed itself.
    generator.link(href=absolute_url(config, self_url), rel="self", type=self_type)
    generator.link(href=absolute_url(config, feed.paths.page), rel="alternate", type="text/html")
    generator.language("vi")
    generator.author(name=config.unit_title, uri=config.portal_url or None)
    # feedgen stamps the clock and its own version unless told otherwise.
    generator.generator(GENERATOR)
    generator.updated(feed.updated)
    return generator


def _common_entry(entry, item: FeedItem, config: UnitConfig) -> None:
    entry.id(item.id)  # also the RSS guid, isPermaLink="false": the URL may change, this not
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate", type="text/html")
    entry.published(item.published)
    entry.updated(item.published)
    scheme = absolute_url(config, Links(config.url_prefix).criteria_index())
    for criterion in item.criteria:
        entry.category(term=criterion.code, label=_category_label(criterion), scheme=scheme)


def render_rss(feed: Feed, config: UnitConfig) -> bytes:
    """RSS 2.0 with a stylesheet for browsers; item descriptions are the summary as HTML,
    ``content:encoded`` the full sanitised post, ``dc:creator`` the author (RSS's own
    ``<author>`` wants an e-mail address)."""
    generator = _generator(feed, config, feed.paths.rss, "application/rss+xml")
    generator.load_extension("dc", atom=False, rss=True)
    generator.pubDate(feed.updated)
    for item in feed.items:
        entry = generator.add_entry(order="append")
        _common_entry(entry, item, config)
        entry.content(item.content_html)
        # RSS description is HTML: a summary that says 'A < B' must arrive as text, not markup.
        entry.description(escape(item.summary) or escape(item.title))
        entry.dc.dc_creator(item.author)
        # RSS allows one enclosure: a programme's audio, for podcast players, before its cover.
        enclosure = item.audio or item.image
        if enclosure is not None:
            entry.enclosure(enclosure.url, str(enclosure.length), enclosure.mime_type)
    stylesheet = relative_url(feed.paths.rss, xsl_path(config))
    return with_stylesheet(generator.rss_str(pretty=True), stylesheet)


# The XML declaration lxml writes for feedgen (rss_str: UTF-8, with a declaration).
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"


def with_stylesheet(rss: bytes, href: str) -> bytes:
    """The feed with an ``xml-stylesheet`` instruction before its root, for browsers."""
    link = {"type": "text/xsl", "href": href}
    # Pseudo-attributes in double quotes, escaped as the rest of the package escapes (not
    # xml.sax.saxutils.quoteattr: importing it imports urllib.request, 16 ms of every build).
    pseudo_attributes = " ".join(f'{name}="{escape(value)}"' for name, value in link.items())
    if rss.startswith(_DECLARATION):
        # The instruction's line after the declaration: the bytes lxml writes when the feed is
        # parsed again and the instruction added before its root (tested), without parsing and
        # writing each feed twice (a tenth of the feeds' time).
        instruction = f"<?xml-stylesheet {pseudo_attributes}?>\n".encode()
        return _DECLARATION + instruction + rss[len(_DECLARATION) :]
    return _with_stylesheet_parsed(rss, pseudo_attributes)


def _with_stylesheet_parsed(rss: bytes, pseudo_attributes: str) -> bytes:
    from lxml import etree

    root = etree.fromstring(rss)
    root.addprevious(etree.ProcessingInstruction("xml-stylesheet", pseudo_attributes))
    return etree.tostring(
        root.getroottree(), pretty_print=True, xml_declaration=True, encoding="UTF-8"
    )


def render_atom(feed: Feed, config: UnitConfig) -> bytes:
    """Atom 1.0: summary as text, content as sanitised HTML."""
    generator = _generator(feed, config, feed.paths.atom, "application/atom+xml")
    for item in feed.items:
        entry = generator.add_entry(order="append")
        _common_entry(entry, item, config)
        entry.content(item.content_html, type="html")
        if item.summary:
            entry.summary(item.summary, type="text")
        entry.author(name=item.author)
    return _atom_entry_links(generator.atom_str(pretty=False), feed.items)


def _atom_entry_links(data: bytes, items: Sequence[FeedItem]) -> bytes:
    """Write each entry's links ourselves: feedgen 1.0 drops rel, type and length of entry links
    (so a cover would become a second 'alternate' link instead of an enclosure)."""
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    entries = root.findall(f"{{{_ATOM}}}entry")
    for element, item in zip(entries, items, strict=True):
        old = element.findall(f"{{{_ATOM}}}link")
        position = element.index(old[0]) if old else len(element)
        for link in old:
            element.remove(link)
        links = [{"rel": "alternate", "type": "text/html", "href": item.url}]
        for enclosure in (item.audio, item.image):
            if enclosure is not None:
                links.append(
                    {
                        "rel": "enclosure",
                        "type": enclosure.mime_type,
                        "length": str(enclosure.length),
                        "href": enclosure.url,
                    }
                )
        for offset, attributes in enumerate(links):
            element.insert(position + offset, etree.Element(f"{{{_ATOM}}}link", attributes))
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def render_json_feed(feed: Feed, config: UnitConfig) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1); criteria also in ``_wardnews``."""
    items = []
    for item in feed.items:
        entry: dict[str, object] = {
            "id": item.id,
            "url": item.url,
            "title": item.title,
            "content_html": item.content_html,
        }
        if item.summary:
            entry["summary"] = item.summary
        if item.image is not None:
            entry["image"] = item.image.url
        if item.audio is not None:
            entry["attachments"] = [
                {
                    "url": item.audio.url,
                    "mime_type": item.audio.mime_type,
                    "size_in_bytes": item.audio.length,
                    "duration_in_seconds": round(item.audio.seconds),
                }
            ]
        entry["date_published"] = item.published.isoformat()
        entry["date_modified"] = item.published.isoformat()
        entry["authors"] = [{"name": item.author}]
        if item.criteria:
            entry["tags"] = [_category_label(criterion) for criterion in item.criteria]
        extension: dict[str, object] = {"kind": item.kind}
        if item.criteria:
            extension["criteria"] = [{"code": c.code, "name": c.name} for c in item.criteria]
        if item.airings:
            extension["airings"] = [airing.isoformat() for airing in item.airings]
        entry["_wardnews"] = extension
        items.append(entry)
    document: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": absolute_url(config, feed.paths.page),
        "feed_url": absolute_url(config, feed.paths.json or feed.paths.rss),
        "description": feed.description,
        "language": "vi",
        "authors": [
            {"name": config.unit_title, **({"url": config.portal_url} if config.portal_url else {})}
        ],
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def rss_stylesheet() -> bytes:
    """The XSL that shows an RSS feed as a Vietnamese page in a browser."""
    return resources.files("wardnews").joinpath("data", XSL_NAME).read_bytes()


class FeedFiles(LruCache[tuple[str, Feed], tuple[OutputFile, ...]]):
    """The files of each feed made, by the feed's value and the unit's settings. A build
    session keeps one under ``mkdocs serve``: an edit outside a feed's posts leaves that feed as
    it was, and its files are not made again."""

    def __init__(self, size: int = 64):
        super().__init__(size)


def feed_outputs(
    feeds: Sequence[Feed], config: UnitConfig, cache: FeedFiles | None = None
) -> list[OutputFile]:
    """Every feed file, and the stylesheet, as values ready to write."""
    files = [OutputFile(xsl_path(config), rss_stylesheet())]
    settings = repr(config) if cache is not None else ""  # what else the bytes depend on
    for feed in feeds:
        made = cache.get((settings, feed)) if cache is not None else None
        if made is None:
            made = (
                OutputFile(feed.paths.rss, render_rss(feed, config)),
                OutputFile(feed.paths.atom, render_atom(feed, config)),
            )
            if feed.paths.json:
                made += (OutputFile(feed.paths.json, render_json_feed(feed, config)),)
            if cache is not None:
                cache.put((settings, feed), made)
        files += made
    return files
