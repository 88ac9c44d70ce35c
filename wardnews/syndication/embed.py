"""What other sites embed: the latest-news widget, the embed-kit page, and the <head> tags that
announce the feeds and the preview image.

- :func:`render_widget`: a standalone page for a 300 px wide ``<iframe>`` on the ward portal:
  no JavaScript (its own Content-Security-Policy forbids any), a few KB of inline CSS, the newest
  items with escaped titles, every link opening in the portal's window (``target="_parent"``).

Every page and fragment comes from a template in ``templates/syndication/`` (autoescaped); this
module computes the values.
- :func:`embed_page`: the page ``<prefix>/nhung/`` with copy-paste snippets, in Vietnamese, for
  the portal's webmaster and the district: banner, widget, feed addresses. All URLs absolute.
- :func:`head_links`: ``<link rel="alternate">`` autodiscovery and the ``og:image`` tags.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import format_short_vi
from wardnews.content.text import relative_url
from wardnews.site.plan import GeneratedPage
from wardnews.site.render import front_matter
from wardnews.syndication import banner
from wardnews.syndication.feeds import Feed, FeedItem, FeedScope, absolute_url, feed_paths
from wardnews.syndication.sanitize import clean_html
from wardnews.templating import Templates
from wardnews.urls import Links

WIDGET_ITEMS = 5
WIDGET_WIDTH, WIDGET_HEIGHT = 300, 560
EMBED_TITLE = "Nhúng chuyên mục vào trang của đơn vị"
_MIME = MappingProxyType(
    {
        "rss": "application/rss+xml",
        "atom": "application/atom+xml",
        "json": "application/feed+json",
    }
)


def widget_path(config: UnitConfig) -> str:
    """Site-relative URL of the widget page."""
    return Links(config.url_prefix).widget()


def embed_page_url(config: UnitConfig) -> str:
    return Links(config.url_prefix).embed_page()


def render_widget(
    config: UnitConfig,
    items: Sequence[FeedItem],
    templates: Templates,
    count: int = WIDGET_ITEMS,
) -> str:
    """The latest-news widget as a complete HTML page (``items`` newest first, from the feed)."""
    shown = [
        {
            "url": item.url,
            "title": item.title,
            "datetime": item.published.isoformat(),
            "date_text": format_short_vi(item.published, config.tz),
        }
        for item in items[:count]
    ]
    # The template escapes every value; the sanitiser is the second lock, and it forces
    # target="_parent" and rel="noopener" on every link.
    listing = ""
    if shown:
        fragment = templates.render("syndication/widget-items.html", items=shown)
        listing = clean_html(fragment, link_target="_parent")
    return templates.render(
        "syndication/widget.html",
        title=f"Tin mới – {config.section_title} – {config.unit_title}",
        section_url=absolute_url(config, Links(config.url_prefix).index()),
        rss_url=absolute_url(config, feed_paths(config).rss),
        section_title=config.section_title,
        unit_title=config.unit_title,
        listing=listing,
    )


def banner_snippet(config: UnitConfig, width: int, height: int, templates: Templates) -> str:
    """The HTML a portal pastes to show the banner linked to the section."""
    return templates.render(
        "syndication/banner-snippet.html",
        section_url=absolute_url(config, Links(config.url_prefix).index()),
        image_url=absolute_url(config, banner.banner_path(config, width, height, "png")),
        alt=f"{config.section_title} – {config.unit_title}",
        width=width,
        height=height,
    )


def widget_snippet(config: UnitConfig, templates: Templates) -> str:
    """The ``<iframe>`` a portal pastes to show the newest items."""
    return templates.render(
        "syndication/widget-snippet.html",
        widget_url=absolute_url(config, widget_path(config)),
        title=f"Tin mới {config.section_title.lower()} {config.unit_title}",
        width=WIDGET_WIDTH,
        height=WIDGET_HEIGHT,
    )


def embed_page(
    config: UnitConfig,
    catalog: Catalog,
    feeds: Sequence[Feed | FeedScope],
    templates: Templates,
    podcast_url: str = "",
) -> GeneratedPage:
    """The embed-kit page: banner, widget and feed addresses to copy, in Vietnamese.

    The snippets are rendered from their own templates, then shown as text (escaped) on the page.
    """
    here = embed_page_url(config)
    banners = [
        {
            "width": width,
            "height": height,
            "preview": relative_url(here, banner.banner_path(config, width, height, "png")),
            "snippet": banner_snippet(config, width, height, templates),
        }
        for width, height in ((300, 250), (728, 90))
    ]
    downloads = [
        {
            "url": relative_url(here, banner.banner_path(config, width, height, fmt)),
            "label": f"{width}×{height} {fmt.upper()}",
        }
        for width, height in banner.SIZES
        for fmt in banner.FORMATS
    ]
    widget = {
        "width": WIDGET_WIDTH,
        "height": WIDGET_HEIGHT,
        "count": WIDGET_ITEMS,
        "preview": relative_url(here, widget_path(config)),
        "snippet": widget_snippet(config, templates),
    }
    scopes = [
        {
            "criterion": feed.criterion,
            "links": [
                {"label": label, "url": absolute_url(config, path)}
                for label, path in (
                    ("RSS", feed.paths.rss),
                    ("Atom", feed.paths.atom),
                    ("JSON", feed.paths.json),
                )
                if path
            ],
        }
        for feed in feeds
    ]
    meta = front_matter(
        EMBED_TITLE, f"Banner, khung tin mới và RSS của chuyên mục – {config.unit_title}"
    )
    body = templates.render(
        "syndication/embed-page.md",
        title=EMBED_TITLE,
        unit_title=config.unit_title,
        section_title=config.section_title,
        banners=banners,
        downloads=downloads,
        widget=widget,
        feeds=scopes,
        podcast_url=podcast_url,
    )
    markdown = "\n\n".join((meta, body))  # as it always was: two blank lines after the meta
    return GeneratedPage(f"{here}index.md", here, EMBED_TITLE, markdown, "embed")


def _criterion_in_url(config: UnitConfig, catalog: Catalog, page_url: str) -> str | None:
    slug = Links(config.url_prefix).criterion_in(page_url)
    return slug if slug and any(c.slug == slug for c in catalog.criteria) else None


def head_links(
    config: UnitConfig,
    catalog: Catalog,
    page_url: str,
    criterion_slug: str | None = None,
    *,
    templates: Templates,
    cover_url: str | None = None,
    cover_alt: str = "",
    podcast_url: str = "",
) -> str:
    """Tags to insert before ``</head>`` of the page at site URL ``page_url``.

    Feed autodiscovery (the criterion's own RSS and Atom first on a criterion page, found from
    ``page_url`` when ``criterion_slug`` is not given; then the section's RSS, Atom, JSON Feed,
    then the podcast when ``podcast_url`` is given) and ``og:image``: ``cover_url`` (a post's
    cover, site-relative or absolute) or the 1200x630 banner. Empty without ``site_url``: feeds
    and previews need absolute addresses.
    """
    if not config.site_url:
        return ""
    slug = criterion_slug or _criterion_in_url(config, catalog, page_url)
    alternates = []
    if slug is not None:
        criterion = next((c for c in catalog.criteria if c.slug == slug), None)
        if criterion is not None:
            paths = feed_paths(config, slug)
            for kind, path in (("rss", paths.rss), ("atom", paths.atom)):
                title = f"Tiêu chí {criterion.code} ({kind.upper()})"
                alternates.append(_alternate(kind, absolute_url(config, path), title))
    paths = feed_paths(config)
    for kind, path in (("rss", paths.rss), ("atom", paths.atom), ("json", paths.json)):
        title = f"{config.section_title} – {config.unit_title} ({kind.upper()})"
        alternates.append(_alternate(kind, absolute_url(config, path or ""), title))
    if podcast_url:
        title = f"Podcast chương trình phát thanh – {config.unit_title}"
        alternates.append(_alternate("rss", podcast_url, title))
    if cover_url and "://" not in cover_url:
        cover_url = absolute_url(config, cover_url)
    width, height = banner.OG_SIZE
    return templates.render(
        "syndication/head-links.html",
        alternates=alternates,
        cover_url=cover_url or "",
        cover_alt=cover_alt,
        banner={
            "url": absolute_url(config, banner.og_image_path(config)),
            "width": width,
            "height": height,
            "alt": f"{config.section_title} – {config.unit_title}",
        },
    )


def _alternate(kind: str, url: str, title: str) -> dict[str, str]:
    return {"type": _MIME[kind], "url": url, "title": title}
