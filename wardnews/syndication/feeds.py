"""Feeds of the section: RSS 2.0 and Atom 1.0 (feedgen) for the section and each criterion, and
JSON Feed 1.1 for the section.

Read -> build -> write: :func:`build_feeds` turns published posts into :class:`Feed` values;
:mod:`wardnews.syndication.feed_formats` turns one into RSS, Atom or JSON Feed bytes and lists
every file to write. Nothing here reads the clock: a feed's dates are its posts' dates, so the
same commit gives the same bytes.

Item identity (RSS ``guid``, Atom ``id``, JSON Feed ``id``) is :func:`item_id`: the post's ``id:``
when the editor set one, else a ``tag:`` URI made of the site's host, a date and the post's file
path under ``posts/``. Titles, slugs and URLs may change; the file path does not unless someone
renames the file, and then ``id:`` keeps the old identity (README, "Feeds, banner and embed kit").
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from urllib.parse import quote, urlsplit

from wardnews import urls
from wardnews.content.catalog import Catalog, Criterion
from wardnews.content.config import UnitConfig
from wardnews.content.posts import Post, post_identity, post_order
from wardnews.site.markup import BodyRenderer
from wardnews.site.plan import Asset
from wardnews.site.post_audio import SiteAudio
from wardnews.site.render import post_summary
from wardnews.syndication.sanitize import clean_html
from wardnews.templating import Templates
from wardnews.urls import Links

# An empty site has no post to date its feeds from; a fixed date keeps the bytes stable.
EMPTY_FEED_DATE = date(2000, 1, 1)
# The usual image types, fixed here: mimetypes reads /etc/mime.types, which differs by machine.
_IMAGE_TYPES = MappingProxyType(
    {
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".png": "image/png",
        ".webp": "image/webp",
        ".gif": "image/gif",
        ".avif": "image/avif",
        ".svg": "image/svg+xml",
    }
)
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class OutputFile:
    """A file the build writes into the site: ``path`` relative to the site folder, POSIX."""

    path: str
    data: bytes


@dataclass(frozen=True)
class FeedPaths:
    """Site-relative URLs of one scope's page and feeds (``json`` only for the whole section)."""

    page: str
    rss: str
    atom: str
    json: str | None = None


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    mime_type: str
    seconds: float = 0.0  # audio only


@dataclass(frozen=True)
class FeedItem:
    """One post as every feed format shows it; URLs absolute, ``content_html`` sanitised."""

    id: str
    url: str
    title: str
    summary: str
    content_html: str
    author: str
    published: datetime
    criteria: tuple[Criterion, ...]
    image: Enclosure | None = None
    audio: Enclosure | None = None  # a radio programme's audio (site/post_audio.py)
    # For a district gathering the feed (JSON Feed's _wardnews): what kind of post, and when a
    # radio programme is aired, so its rhythm can be checked from afar.
    kind: str = "news"
    airings: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Feed:
    """The feeds of one scope: the whole section, or one criterion (``criterion`` set)."""

    paths: FeedPaths
    title: str
    description: str
    items: tuple[FeedItem, ...]
    updated: datetime
    criterion: Criterion | None = None


@dataclass(frozen=True)
class FeedScope:
    """What one feed covers and where it lives, known before any item is made (the embed-kit
    page lists the feeds while their items are made on another core)."""

    paths: FeedPaths
    title: str
    description: str
    criterion: Criterion | None = None


def feed_scopes(config: UnitConfig, catalog: Catalog) -> list[FeedScope]:
    """The section's feed, then one per criterion of the catalog (empty ones too: their pages
    announce them)."""
    unit = config.unit_title
    scopes = [
        FeedScope(
            feed_paths(config),
            f"{config.section_title} – {unit}",
            f"Tin mới của {config.section_title.lower()} – {unit}"
            + (f", {config.portal_name}" if config.portal_name else ""),
        )
    ]
    for criterion in catalog.criteria:
        scopes.append(
            FeedScope(
                feed_paths(config, criterion.slug),
                f"Tiêu chí {criterion.code}: {criterion.name} – {unit}",
                criterion.description or f"Bài viết về tiêu chí {criterion.code}: {criterion.name}",
                criterion,
            )
        )
    return scopes


def feed_paths(config: UnitConfig, criterion_slug: str | None = None) -> FeedPaths:
    """Where the feeds live: '<prefix>/rss.xml', '<prefix>/tieu-chi/<slug>/rss.xml', ..."""
    links = Links(config.url_prefix)
    if criterion_slug is None:
        page = links.index()
        return FeedPaths(page, *links.feeds(page, json=True))
    page = links.criterion(criterion_slug)
    return FeedPaths(page, *links.feeds(page))


def xsl_path(config: UnitConfig) -> str:
    """Site-relative URL of the stylesheet that makes the RSS readable in a browser."""
    return Links(config.url_prefix).feed_xsl()


def absolute_url(config: UnitConfig, site_relative: str) -> str:
    return urls.absolute(config.site_url, site_relative)


def _tag_date(file_part: str, post: Post, config: UnitConfig) -> str:
    """The date of a tag: URI: the file name's YYYY-MM-DD prefix, else the post's local date."""
    match = _DATE_PREFIX.match(file_part.rsplit("/", 1)[-1])
    if match:
        try:
            return date(*(int(group) for group in match.groups())).isoformat()
        except ValueError:
            pass  # '2024-02-30-...' is no date; fall back to the post's date
    return post.date.astimezone(config.tz).date().isoformat()


def item_id(post: Post, config: UnitConfig) -> str:
    """The post's permanent identity in feeds (RSS guid, Atom id, JSON Feed id).

    - ``id:`` written as a URI (``tag:...``, ``urn:uuid:...``, ``https://...``) is used as is;
    - ``id:`` written as a path (the post's old file, e.g. ``2024/2024-01-09-ra-mat-to.md``) and
      posts without ``id:`` get ``tag:<host>,<date>:<path under posts/>``, the date being the
      file name's ``YYYY-MM-DD`` prefix when it has one, else the post's date.
    """
    is_uri, inner = post_identity(post, config.posts_dir)
    if is_uri:
        return inner
    host = (urlsplit(config.site_url).hostname or "localhost").lower()
    return f"tag:{host},{_tag_date(inner, post, config)}:{quote(inner, safe='/')}"


def image_type(name: str) -> str:
    """MIME type of an image file name, the same on every machine."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return _IMAGE_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _cover(post: Post, config: UnitConfig, assets: Mapping[str, Asset]) -> Enclosure | None:
    asset = assets.get(post.image) if post.image else None
    if asset is None:
        return None
    return Enclosure(
        absolute_url(config, asset.url), asset.source.stat().st_size, image_type(asset.url)
    )


def audio_enclosure(post: Post, config: UnitConfig, audio: SiteAudio) -> Enclosure | None:
    """The published audio of ``post`` as an enclosure: absolute URL, real bytes, MIME type."""
    info = audio.of(post)
    if info is None:
        return None
    return Enclosure(absolute_url(config, audio.url(info)), info.size, info.mime_type, info.seconds)


FEED_ITEM_TEMPLATE = "syndication/feed-item.html"


def _item_html(post: Post, body_html: str, cover: Enclosure | None, templates: Templates) -> str:
    html = templates.render(
        FEED_ITEM_TEMPLATE,
        cover=cover,
        cover_alt=post.image_alt,
        body=body_html,
        source=post.source,
    )
    return clean_html(html)


class _ItemMaker:
    """Builds each FeedItem once, however many feeds (section, criteria) carry the post."""

    def __init__(
        self,
        config: UnitConfig,
        catalog: Catalog,
        renderer: BodyRenderer,
        assets: Mapping[str, Asset],
        templates: Templates,
        audio: SiteAudio,
    ):
        self.config, self.catalog, self.renderer, self.assets = config, catalog, renderer, assets
        self.templates, self.audio = templates, audio
        self.links = Links(config.url_prefix)
        self.made: dict[str, FeedItem] = {}
        self.item_template = templates.template(FEED_ITEM_TEMPLATE)  # a key of the items kept

    def __call__(self, post: Post) -> FeedItem:
        item = self.made.get(post.path)
        if item is None:
            page = self.links.post(post)
            cover = _cover(post, self.config, self.assets)
            body = self.renderer.render(post, page)
            content_html = self.renderer.item(
                (self.item_template, body, cover, post.image_alt, post.source),
                lambda: _item_html(post, body, cover, self.templates),
            )
            item = FeedItem(
                id=item_id(post, self.config),
                url=absolute_url(self.config, page),
                title=post.title,
                summary=post_summary(post),
                content_html=content_html,
                author=post.author,
                published=post.date.astimezone(self.config.tz),
                criteria=tuple(c for c in map(self.catalog.get, post.criteria) if c is not None),
                image=cover,
                audio=audio_enclosure(post, self.config, self.audio),
                kind=post.kind,
                airings=tuple(airing.astimezone(self.config.tz) for airing in post.airings),
            )
            self.made[post.path] = item
        return item


def build_feeds(
    config: UnitConfig,
    catalog: Catalog,
    published: Sequence[Post],
    *,
    renderer: BodyRenderer,
    assets: Iterable[Asset] = (),
    templates: Templates,
    audio: SiteAudio | None = None,
) -> list[Feed]:
    """The section's feed, then one per criterion of the catalog (empty ones too: their pages
    announce them). ``published`` are the posts on the site (``SitePlan.published``);
    ``templates`` give each item's HTML content."""
    assets_by_uri = {a.src_uri: a for a in assets}
    make = _ItemMaker(config, catalog, renderer, assets_by_uri, templates, audio or SiteAudio())
    newest = min(published, key=post_order, default=None)  # post_order: newest first
    updated_if_empty = (
        newest.date.astimezone(config.tz)
        if newest is not None
        else datetime.combine(EMPTY_FEED_DATE, datetime.min.time(), config.tz)
    )
    feeds = []
    for scope, posts in feed_members(config, catalog, published):
        items = tuple(make(post) for post in posts)
        updated = items[0].published if items else updated_if_empty
        feeds.append(
            Feed(scope.paths, scope.title, scope.description, items, updated, scope.criterion)
        )
    return feeds


def feed_members(
    config: UnitConfig, catalog: Catalog, published: Iterable[Post]
) -> list[tuple[FeedScope, list[Post]]]:
    """Each feed of :func:`feed_scopes` with the posts it carries: the newest
    ``config.feed_size`` of the section, and of each criterion (one pass over the posts, newest
    first, whatever order the caller passed)."""
    size = config.feed_size
    scopes = feed_scopes(config, catalog)
    members: list[list[Post]] = [[] for _ in scopes]
    by_code = {s.criterion.code: n for n, s in enumerate(scopes) if s.criterion is not None}
    for post in sorted(published, key=post_order):
        for number in (0, *(by_code[c] for c in dict.fromkeys(post.criteria) if c in by_code)):
            if len(members[number]) < size:
                members[number].append(post)
    return list(zip(scopes, members, strict=True))
