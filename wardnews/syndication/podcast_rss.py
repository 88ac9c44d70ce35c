"""The podcast feed's XML, written with feedgen (see :mod:`wardnews.syndication.podcast`, which
imports this module when a podcast is first written)."""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from wardnews.syndication.feed_formats import GENERATOR
from wardnews.syndication.podcast import CATEGORY, ITUNES_NS, PODCAST_NS, Podcast, clock


class _PodcastNamespace(BaseExtension):
    """Channel tags feedgen does not write: podcast:guid, itunes:explicit as Apple now wants it
    ('false'; feedgen knows only yes/no/clean) and an owner without an e-mail address."""

    def __init__(self) -> None:
        self.guid = ""
        self.owner = ""

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = "false"
        if self.owner and channel.find(f"{{{ITUNES_NS}}}owner") is None:
            owner = xml_elem(f"{{{ITUNES_NS}}}owner", channel)
            xml_elem(f"{{{ITUNES_NS}}}name", owner).text = self.owner
        xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        return rss_feed


class _PodcastEntry(BaseEntryExtension):
    """An episode's podcast:transcript: its post page, in HTML."""

    def __init__(self) -> None:
        self.transcript = ""

    def extend_rss(self, entry):
        transcript = xml_elem(f"{{{PODCAST_NS}}}transcript", entry)
        transcript.attrib.update({"url": self.transcript, "type": "text/html"})
        return entry


def podcast_rss(podcast: Podcast) -> bytes:
    """The podcast feed as RSS 2.0 bytes."""
    generator = FeedGenerator()
    generator.load_extension("podcast", atom=False, rss=True)
    generator.register_extension(
        "podcastindex", _PodcastNamespace, _PodcastEntry, atom=False, rss=True
    )
    generator.title(podcast.title)
    generator.description(podcast.description)
    generator.link(href=podcast.feed_url, rel="self", type="application/rss+xml")
    generator.link(href=podcast.page_url, rel="alternate", type="text/html")
    generator.language("vi")
    generator.generator(GENERATOR)
    generator.lastBuildDate(podcast.updated)
    generator.pubDate(podcast.updated)
    generator.image(podcast.image_url, podcast.title, podcast.page_url)
    itunes = generator.podcast
    itunes.itunes_author(podcast.owner)
    itunes.itunes_image(podcast.image_url)
    itunes.itunes_category(CATEGORY)
    itunes.itunes_summary(podcast.description)
    itunes.itunes_type("episodic")
    if podcast.email:
        itunes.itunes_owner(name=podcast.owner, email=podcast.email)
    extra = generator.podcastindex
    extra.guid, extra.owner = podcast.guid, podcast.owner
    for episode in podcast.episodes:
        entry = generator.add_entry(order="append")
        entry.guid(episode.id, permalink=False)
        entry.title(episode.title)
        entry.link(href=episode.url)
        entry.description(episode.summary or episode.title)
        entry.published(episode.published)
        audio = episode.audio
        entry.enclosure(audio.url, str(audio.length), audio.mime_type)
        entry.podcast.itunes_duration(clock(audio.seconds))
        entry.podcast.itunes_author(episode.author)
        entry.podcastindex.transcript = episode.url
    return generator.rss_str(pretty=True)
