"""The pages a resident comes back to: the home page's latest news, the radio schedule.

The home page is the unit's own ``docs/index.md`` (its introduction stays editable there); the
core adds a fragment to what the engine rendered of it: the newest posts (cover thumbnail, title,
date, criterion badges), the next radio airings and links to the section's other entry pages.
The fragment takes the place of the line ``<!-- wardnews: tin-moi -->`` in ``docs/index.md``,
else goes after the introduction. :func:`resident_extras` computes it, the schedule page and the
calendar file as values, with the rest of the site plan.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import format_short_vi, iso_local
from wardnews.content.posts import Post
from wardnews.images.picture import Picture
from wardnews.site import render
from wardnews.site.calendar import render_calendar
from wardnews.site.post_images import SiteImages
from wardnews.site.schedule import (
    SCHEDULE_TITLE,
    AiringItem,
    airing_items,
    collect_schedule,
    schedule_page,
)
from wardnews.site.writer import SiteFile
from wardnews.templating import Templates
from wardnews.urls import Links

HOME_SRC_URI = "index.md"  # the engine's home page, docs/index.md
MARKER = "<!-- wardnews: tin-moi -->"
HOME_POSTS = 6
HOME_AIRINGS = 3
# A thumbnail is shown 96 CSS pixels wide: the browser takes the smallest file of the srcset.
THUMBNAIL_SIZES = "96px"


@dataclass(frozen=True)
class Fragment:
    """HTML the core adds to a page the engine renders from ``docs/`` (``src_uri``)."""

    src_uri: str
    html: str

    def fill(self, rendered: str) -> str:
        """``rendered`` with the fragment at its marker, else after it."""
        if MARKER in rendered:
            return rendered.replace(MARKER, self.html, 1)
        return rendered + "\n" + self.html


def fill_fragments(fragments: Sequence[Fragment], src_uri: str, rendered: str) -> str:
    """A page of docs/ as the engine rendered it, with the core's fragments for it."""
    for fragment in fragments:
        if fragment.src_uri == src_uri:
            rendered = fragment.fill(rendered)
    return rendered


@dataclass(frozen=True)
class HomeItem:
    """A post on the home page."""

    href: str
    title: str
    iso: str
    date: str
    badges: render.Badges | None
    thumbnail: Picture | None


@dataclass(frozen=True)
class ResidentExtras:
    """The schedule page (URL, title, HTML), the home fragment and the calendar file."""

    schedule_url: str
    schedule_title: str
    schedule_html: str
    fragments: tuple[Fragment, ...]
    files: tuple[SiteFile, ...]


def home_fragment(
    shown: Sequence[Post],
    coming: Sequence[AiringItem],
    *,
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    images: SiteImages,
    templates: Templates,
) -> str:
    """The latest ``HOME_POSTS`` of ``shown`` (newest first), the next airings and the links,
    for the home page (the site root: every link is relative to it)."""
    here = ""
    items = []
    for post in shown[:HOME_POSTS]:
        # The title next to it says what the thumbnail shows: the image is decorative here.
        picture = images.picture_values(post.image, "", here) if post.image else None
        if picture is not None:
            picture = dataclasses.replace(picture, sizes=THUMBNAIL_SIZES)
        items.append(
            HomeItem(
                links.post(post),
                post.title,
                iso_local(post.date, tz),
                format_short_vi(post.date, tz),
                render.badges(post, catalog, links, here),
                picture,
            )
        )
    return templates.render(
        "site/home.html",
        items=items,
        airings=list(coming),
        news_href=links.index(),
        schedule_href=links.schedule(),
        criteria_href=links.criteria_index(),
        archive_href=links.archive_index(),
    )


def resident_extras(
    config: UnitConfig,
    catalog: Catalog,
    shown: Sequence[Post],
    now: datetime,
    *,
    images: SiteImages,
    templates: Templates,
) -> ResidentExtras:
    """The home fragment, the schedule page and its calendar file for the ``shown`` posts."""
    links = Links(config.url_prefix)
    tz = config.tz
    schedule = collect_schedule(shown, now, links, config.posts_dir)
    next_airings = airing_items(schedule.coming[:HOME_AIRINGS], "", tz)
    home = home_fragment(
        shown, next_airings, catalog=catalog, links=links, tz=tz, images=images, templates=templates
    )
    page = schedule_page(
        schedule,
        links=links,
        tz=tz,
        unit_title=config.unit_title,
        site_url=config.site_url,
        templates=templates,
    )
    calendar = functools.partial(
        render_calendar,
        tuple(schedule.coming),
        name=f"{SCHEDULE_TITLE} – {config.section_title} {config.unit_title}",
        site_url=config.site_url,
        timezone_name=str(tz),
    )
    return ResidentExtras(
        links.schedule(),
        SCHEDULE_TITLE,
        page,
        (Fragment(HOME_SRC_URI, home),),
        (SiteFile(links.calendar(), make=calendar),),
    )
