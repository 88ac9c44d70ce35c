"""The podcast of the unit's radio programmes: RSS 2.0 with the iTunes namespace (feedgen's
podcast extension) and the Podcast Namespace's ``podcast:guid`` and ``podcast:transcript``.

Episodes are the published ``kind: radio`` posts that have audio, newest first, ``feed_size``
at most. Each carries its audio as enclosure (absolute URL, real length, MIME type), its real
duration, the post's permanent id as guid (:func:`wardnews.syndication.feeds.item_id`) and its
date at the unit's offset (+07:00). The post page is the episode's transcript: the programme's
text is the post. Nothing here reads the clock: the same commit gives the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from wardnews.content.config import UnitConfig
from wardnews.content.posts import KINDS, Post, post_order
from wardnews.site.post_audio import SiteAudio
from wardnews.site.render import post_summary
from wardnews.syndication.feeds import Enclosure, absolute_url, audio_enclosure, item_id
from wardnews.urls import Links

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# The Podcast Namespace's rule for podcast:guid: a UUIDv5 of the feed URL without its scheme
# and trailing slashes, in this namespace.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
# Apple's category list has 'Government' at the top level: a ward's programmes fit it.
CATEGORY = "Government"


@dataclass(frozen=True)
class Episode:
    id: str
    url: str  # the post page: the episode's link and its transcript
    title: str
    summary: str
    author: str
    published: datetime
    audio: Enclosure


@dataclass(frozen=True)
class Podcast:
    """The podcast as values; URLs absolute."""

    feed_url: str
    page_url: str
    title: str
    description: str
    image_url: str
    owner: str
    email: str
    episodes: tuple[Episode, ...]

    @property
    def guid(self) -> str:
        bare = self.feed_url.split("://", 1)[-1].rstrip("/")
        return str(uuid.uuid5(GUID_NAMESPACE, bare))

    @property
    def updated(self) -> datetime:
        return self.episodes[0].published


def podcast_title(config: UnitConfig, with_unit: bool = True) -> str:
    """The show's name; without the unit for the channel image, which names it below."""
    title = f"{KINDS['radio']}: {config.section_title}"
    return f"{title} – {config.unit_title}" if with_unit else title


def build_podcast(
    config: UnitConfig, published: Sequence[Post], audio: SiteAudio
) -> Podcast | None:
    """The podcast of the published radio programmes with audio; None when there is none."""
    links = Links(config.url_prefix)
    episodes = []
    for post in sorted(published, key=post_order):
        enclosure = audio_enclosure(post, config, audio) if post.kind == "radio" else None
        if enclosure is None:
            continue
        episodes.append(
            Episode(
                id=item_id(post, config),
                url=absolute_url(config, links.post(post)),
                title=post.title,
                summary=post_summary(post),
                author=post.author,
                published=post.date.astimezone(config.tz),
                audio=enclosure,
            )
        )
        if len(episodes) == config.feed_size:
            break
    if not episodes:
        return None
    return Podcast(
        feed_url=absolute_url(config, links.podcast()),
        page_url=absolute_url(config, links.index()),
        title=podcast_title(config),
        description=(
            f"Các chương trình phát thanh về chuyển đổi số của {config.unit_title}, phát trên "
            "loa truyền thanh; nghe lại, tải về hoặc đọc bản ghi lời trên trang của từng bài."
        ),
        image_url=absolute_url(config, links.podcast_image()),
        owner=config.unit_title,
        email=config.podcast_email,
        episodes=tuple(episodes),
    )


def clock(seconds: float) -> str:
    """'0:12:05': itunes:duration as hours, minutes, seconds."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def render_podcast(podcast: Podcast) -> bytes:
    """The podcast feed as RSS 2.0 bytes (:mod:`wardnews.syndication.podcast_rss`, imported
    when a podcast is first written: feedgen is not read at a build's start-up)."""
    from wardnews.syndication.podcast_rss import podcast_rss

    return podcast_rss(podcast)
