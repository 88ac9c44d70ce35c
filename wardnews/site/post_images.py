"""The images of a site: every cover and inline image of the shown posts, through the pipeline.

Originals are never published (phone photos carry GPS in their EXIF): only the outputs of
:mod:`wardnews.images` are, in one flat folder ``<prefix>/anh/`` (names carry a content hash).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wardnews.content.config import UnitConfig
from wardnews.content.posts import Post
from wardnews.content.text import relative_url
from wardnews.images.model import (
    ImageInfo,
    ImageLimits,
    ImageOutput,
    ImageSettings,
    ProcessedImage,
    default_cache_dir,
)
from wardnews.images.picture import Picture, picture_html, picture_values
from wardnews.problems import Problem, errors_only
from wardnews.templating import Templates
from wardnews.urls import Links

if TYPE_CHECKING:
    from wardnews.images.encode import EncodeStats

# Files that go through the pipeline instead of being copied as they are.
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif"}
)
# ![alt](path) and ![alt](<path with spaces>), optionally with a "title".
_INLINE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*(?:<(?P<angle>[^>]+)>|(?P<plain>[^)\s]+))")


def is_image(path: str) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def inline_images(post: Post) -> list[tuple[str, str, int]]:
    """(path as written, alt, line) of the Markdown images of a post's body, other hosts aside."""
    found = []
    for match in _INLINE.finditer(post.body):
        written = match["angle"] or match["plain"]
        if "://" in written or written.startswith(("//", "data:", "#")):
            continue  # another host: the site renderer reports it, whatever the syntax
        line = post.body_line + post.body.count("\n", 0, match.start())
        found.append((written, match["alt"].strip(), line))
    return found


@dataclass(frozen=True)
class SiteImages:
    """Processed images by project-relative source path, and where they live on the site."""

    processed: dict[str, ProcessedImage] = field(default_factory=dict)
    folder: str = ""  # site-relative: 'tin-tuc/anh/'
    templates: Templates = field(default_factory=Templates, compare=False)

    def main(self, path: str) -> ImageOutput | None:
        """The file that stands for the image in feeds and link previews: the widest fallback."""
        item = self.processed.get(path)
        return item.fallback[-1] if item is not None and item.fallback else None

    def url(self, path: str) -> str | None:
        output = self.main(path)
        return None if output is None else self.folder + output.name

    def picture_values(
        self, path: str, alt: str, page_url: str, lazy: bool = True
    ) -> Picture | None:
        """What the picture template shows for the image at ``path`` on the page ``page_url``."""
        item = self.processed.get(path)
        if item is None:
            return None
        return picture_values(item, alt, lazy=lazy, url_prefix=relative_url(page_url, self.folder))

    def picture(self, path: str, alt: str, page_url: str, lazy: bool = True) -> str | None:
        """The ``<picture>`` element of the image at ``path`` on the page ``page_url``."""
        values = self.picture_values(path, alt, page_url, lazy)
        if values is None:
            return None
        return picture_html(values, self.templates)

    def outputs(self) -> list[tuple[str, ImageOutput]]:
        """(source path, output) of every file to publish, each output once, in a stable order."""
        seen: dict[str, tuple[str, ImageOutput]] = {}
        for path in sorted(self.processed):
            for output in self.processed[path].outputs:
                seen.setdefault(output.name, (path, output))
        return [seen[name] for name in sorted(seen)]


def prepare_images(
    config: UnitConfig,
    posts: Sequence[Post],
    cache_dir: Path | None = None,
    *,
    templates: Templates | None = None,
    stats: EncodeStats | None = None,
) -> tuple[SiteImages, list[Problem]]:
    """Inspect every image the posts refer to (all problems), then process the valid ones."""
    templates = templates or Templates()
    limits = ImageLimits.from_config(config)
    infos: list[ImageInfo] = []
    problems: list[Problem] = []
    for post in posts:
        refs: list[tuple[str, str, str | None, int | None]] = []
        if post.image:
            # posts.py resolved the cover; the inspector wants it as written, from the post.
            written = Path(os.path.relpath(post.image, Path(post.path).parent)).as_posix()
            refs.append((written, post.image_alt, "image", None))
        refs += [(written, alt, None, line) for written, alt, line in inline_images(post)]
        for written, alt, key, line in refs:
            # Pillow (two dozen modules and its libraries) is imported for the first image: a
            # build without images never reads it at start-up.
            from wardnews.images.inspect import inspect_image

            info, found = inspect_image(written, post.path, limits, alt=alt, key=key, line=line)
            problems += found
            if info is not None:
                infos.append(info)
    if errors_only(problems):
        return SiteImages(templates=templates), problems
    processed: dict[str, ProcessedImage] = {}
    undecoded: list[Problem] = []
    if infos:
        from wardnews.images.encode import process_images

        processed, undecoded = process_images(
            infos,
            ImageSettings.from_config(config),
            cache_dir or default_cache_dir(config),
            stats,
        )
    folder = Links(config.url_prefix).images_folder()
    return SiteImages(processed, folder, templates), problems + undecoded
