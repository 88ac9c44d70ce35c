"""Syndication in one call: feeds, their stylesheet, banners, the widget and the embed-kit page.

:func:`build_syndication` is pure (values in, values out; it only reads the posts' image files
for their sizes); :func:`wardnews.site.writer.write_files` writes them. :mod:`wardnews.build` ties
it into one build; used alone, it goes like this::

    templates = Templates(unit.templates_path)  # one per build session
    syndication = build_syndication(unit, project.catalog, plan, project.posts, templates=templates)
    for problem in syndication.problems:  # e.g. site_url missing: warnings, not errors
        log.warning(problem.format())
    # the embed-kit page goes to the engine like the plan's pages (None without site_url):
    page = syndication.page
    # every page's head gets the feed autodiscovery and og:image tags:
    tags = syndication.head_links(page_url)
    # after the engine has written its files: feeds, rss.xsl, banners, widget
    write_files(site_dir, prefix, [SiteFile(f.path, data=f.data) for f in syndication.files])
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.markdown_config import MarkdownSettings
from wardnews.content.posts import Post
from wardnews.problems import Problem, Severity
from wardnews.site.markup import BodyRenderer, RenderCache
from wardnews.site.plan import GeneratedPage, SitePlan
from wardnews.syndication import banner, embed
from wardnews.syndication.feed_formats import FeedFiles, feed_outputs
from wardnews.syndication.feeds import OutputFile, build_feeds, feed_scopes
from wardnews.syndication.podcast import build_podcast, podcast_title, render_podcast
from wardnews.templating import Templates
from wardnews.urls import Links
from wardnews.workers import Pending, Workers

log = logging.getLogger(__name__)

__all__ = ["OutputFile", "Syndication", "build_syndication"]

NO_SITE_URL = (
    "cần site_url (địa chỉ đầy đủ của trang, ví dụ "
    "https://ngoctrao.thanhhoa.gov.vn/chuyen-doi-so/) để tạo RSS, Atom, JSON Feed, "
    "khung tin mới và trang nhúng; lần dựng này chỉ tạo banner"
)


@dataclass(frozen=True)
class Syndication:
    """Everything syndication adds to a build.

    ``files``: to write under the site folder (:func:`wardnews.writer.write_files`); ``page``:
    the embed-kit page for the engine to render (None without ``site_url``); ``problems``:
    warnings to show.
    """

    made: Pending[tuple[OutputFile, ...]] = field(compare=False, repr=False)
    page: GeneratedPage | None
    problems: tuple[Problem, ...]
    config: UnitConfig = field(repr=False)
    catalog: Catalog = field(repr=False, compare=False)
    templates: Templates = field(repr=False, compare=False)
    # post page URL -> (cover image site URL, its alt text), for og:image
    covers: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)
    # The podcast of the radio programmes (absolute URL), '' when no programme has audio.
    podcast_url: str = ""

    def head_key(self, page_url: str) -> tuple[str | None, tuple[str, str] | None]:
        """What a page's head tags depend on: its criterion (if a criterion page) and its cover.
        Pages with the same key get the same tags, so they are made once per build."""
        return Links(self.config.url_prefix).criterion_in(page_url), self.covers.get(page_url)

    def head_links(self, page_url: str) -> str:
        """Tags for ``</head>`` of the page at ``page_url`` (MkDocs' ``page.url``)."""
        cover_url, cover_alt = self.covers.get(page_url, (None, ""))
        return embed.head_links(
            self.config,
            self.catalog,
            page_url,
            templates=self.templates,
            cover_url=cover_url,
            cover_alt=cover_alt,
            podcast_url=self.podcast_url,
        )

    @property
    def files(self) -> tuple[OutputFile, ...]:
        """Feeds, banners, widget, podcast: made while the engine renders (see the module)."""
        return self.made.result()

    def file(self, path: str) -> OutputFile | None:
        return next((f for f in self.files if f.path == path), None)


def build_syndication(
    config: UnitConfig,
    catalog: Catalog,
    plan: SitePlan,
    posts: Sequence[Post] = (),
    *,
    markdown: MarkdownSettings | None = None,
    renders: RenderCache | None = None,
    templates: Templates,
    banners: banner.BannerCache | None = None,
    workers: Workers | None = None,
    feed_files: FeedFiles | None = None,
) -> Syndication:
    """All syndication outputs of a build.

    Items are ``plan.published`` (newest first, ``config.feed_size`` per feed). ``posts`` (all
    valid posts, e.g. ``project.posts``) only serve to resolve links between posts in bodies,
    so a link to a scheduled post points where it will be; without them, published posts do.
    ``templates`` render the widget, the embed-kit page, feed items and head tags; ``banners``
    keeps drawn banners between builds (a fresh one draws them again), ``feed_files`` the files
    of unchanged feeds; ``workers`` make the files on another core (see the module).
    """
    banners = banners or banner.BannerCache()
    workers = workers or Workers()

    def banner_files() -> tuple[OutputFile, ...]:
        return tuple(
            OutputFile(banner.banner_path(config, b.width, b.height, b.format), b.data)
            for b in banner.render_banners(config, banners)
        )

    if not config.site_url:
        problem = Problem("mkdocs.yml", None, "site_url", NO_SITE_URL, Severity.WARNING)
        # Taken here: the banners were started early, in a process only this one may ask.
        return Syndication(Pending(banner_files), None, (problem,), config, catalog, templates)

    links = Links(config.url_prefix)
    linkable = {post.path: links.post(post) for post in (posts or plan.published)}
    assets = {asset.src_uri: asset.url for asset in plan.assets}
    renderer = BodyRenderer(
        config.site_url, linkable, assets, markdown, renders, remote_images=config.remote_images,
        converted=plan.markup,
    )  # fmt: skip
    covers = {
        links.post(post): (assets[post.image], post.image_alt)
        for post in plan.published
        if post.image and post.image in assets
    }
    podcast = build_podcast(config, plan.published, plan.audio)
    podcast_url = podcast.feed_url if podcast is not None else ""

    drawn = banner_files()  # started early (BannerCache.start): taken here, in this process

    def make_files() -> tuple[OutputFile, ...]:
        feeds = build_feeds(
            config, catalog, plan.published, renderer=renderer, assets=plan.assets,
            templates=templates, audio=plan.audio,
        )  # fmt: skip
        widget_html = embed.render_widget(config, feeds[0].items, templates)
        widget = OutputFile(embed.widget_path(config), widget_html.encode("utf-8"))
        files = (*feed_outputs(feeds, config, feed_files), *drawn, widget)
        if podcast is not None:
            title = podcast_title(config, with_unit=False)
            cover = banners.podcast_cover(config.unit_title, title)
            files += (
                OutputFile(links.podcast(), render_podcast(podcast)),
                OutputFile(links.podcast_image(), cover),
            )
        return files

    made = workers.spawn(make_files, items=len(plan.published))  # a small site: made here
    page = embed.embed_page(
        config, catalog, feed_scopes(config, catalog), templates, podcast_url=podcast_url
    )
    return Syndication(made, page, (), config, catalog, templates, covers, podcast_url)
