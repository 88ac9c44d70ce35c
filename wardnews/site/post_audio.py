"""The audio of radio programmes on the site: checked files published under content-hashed
names in one flat folder ``<prefix>/am-thanh/``, and the player each post page shows.

The editor's file name never reaches the site: the published name is the hash of the bytes, and
the download link suggests the post's slug instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from wardnews.content.audio import AudioInfo, check_post_audio, duration_text
from wardnews.content.config import UnitConfig
from wardnews.content.posts import Post
from wardnews.content.text import relative_url
from wardnews.problems import Problem
from wardnews.urls import Links

# The engine's name for a published audio file (plan.Asset.src_uri): not a file of the project.
AUDIO_URI = "__wardnews_audio__"


@dataclass(frozen=True)
class AudioPlayer:
    """What ``site/post_audio.html`` shows: the player, its length and weight, a download."""

    src: str  # relative to the page
    mime_type: str
    duration_iso: str  # 'PT12M5S', for <time datetime>
    duration_text: str
    size_text: str
    download_name: str
    format_label: str  # 'MP3'


@dataclass(frozen=True)
class SiteAudio:
    """Checked audio by project-relative path, and the site folder they are published in."""

    infos: Mapping[str, AudioInfo] = field(default_factory=lambda: MappingProxyType({}))
    folder: str = ""  # site-relative: 'tin-tuc/am-thanh/'

    def of(self, post: Post) -> AudioInfo | None:
        return self.infos.get(post.audio) if post.audio else None

    def url(self, info: AudioInfo) -> str:
        """Site-relative URL of the published file."""
        return self.folder + info.published_name

    def player(self, post: Post, page_url: str) -> AudioPlayer | None:
        info = self.of(post)
        if info is None:
            return None
        return AudioPlayer(
            src=relative_url(page_url, self.url(info)),
            mime_type=info.mime_type,
            duration_iso=iso_duration(info.seconds),
            duration_text=duration_text(info.seconds),
            size_text=size_text(info.size),
            download_name=f"{post.slug}.{info.extension}",
            format_label=info.extension.upper(),
        )

    def files(self, root: Path) -> list[tuple[Path, str, str]]:
        """(source file under ``root``, engine name, site URL) of every file to publish (the
        player, the feeds and the podcast link them), each once, in a stable order."""
        seen = {info.published_name: info for info in self.infos.values()}
        return [
            (root / seen[name].path, f"{AUDIO_URI}/{name}", self.url(seen[name]))
            for name in sorted(seen)
        ]


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration of whole seconds: 'PT1H2M5S', 'PT45S'."""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def size_text(size: int) -> str:
    """'1,2 MB', '350 KB': a file's weight the Vietnamese way (decimal comma)."""
    if size >= 1000 * 1000:
        return f"{size / 1000 / 1000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} KB"


def prepare_audio(config: UnitConfig, posts: Sequence[Post]) -> tuple[SiteAudio, list[Problem]]:
    """Check the audio of every shown post (all problems); the valid files and their folder."""
    infos, problems = check_post_audio(config, posts)
    folder = Links(config.url_prefix).audio_folder()
    return SiteAudio(MappingProxyType(infos), folder), problems
