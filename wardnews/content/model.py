"""A post as the rest of the build sees it: validated, normalised, immutable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

KINDS = {"news": "Tin tức", "radio": "Chương trình phát thanh", "event": "Sự kiện"}
# The '---' (or '...') line that opens and closes a post's front matter.
FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_MORE = "<!-- more -->"


@dataclass(frozen=True)
class Post:
    """One valid post. ``path`` is relative to the project root, e.g. 'posts/2024/a.md'."""

    path: str
    title: str
    date: datetime
    slug: str
    body: str
    body_line: int
    author: str
    criteria: tuple[str, ...] = ()
    summary: str = ""
    image: str = ""
    image_alt: str = ""
    source: str = ""
    kind: str = "news"
    draft: bool = False
    airings: tuple[datetime, ...] = ()
    duration: int | None = None
    # The programme's audio next to the post, project-relative (content/audio.py checks it).
    audio: str = ""
    # A fixed identity for feeds (GUID / Atom id) when the file is renamed; see syndication.
    id: str = ""
    # Codes found by the catalog's keyword rules when the editor gave no criteria (tagging.py).
    auto_criteria: tuple[str, ...] = ()

    @property
    def all_criteria(self) -> tuple[str, ...]:
        """The criteria the post counts for: the editor's, else the automatic ones."""
        return self.criteria or self.auto_criteria

    @property
    def excerpt(self) -> str:
        """Markdown of the teaser: text before <!-- more -->, else the first paragraph."""
        if _MORE in self.body:
            return self.body.split(_MORE, 1)[0].strip()
        return first_paragraph(self.body)

    def is_published(self, now: datetime) -> bool:
        return not self.draft and self.date <= now


def first_paragraph(markdown: str) -> str:
    """The first paragraph of prose, skipping headings, images alone on a line and comments."""
    for block in re.split(r"\n[ \t]*\n", markdown.strip()):
        block = block.strip()
        if not block or block.startswith(("#", "<!--", "![", "<")) or FENCE.match(block):
            continue
        return block
    return ""


def post_order(post: Post) -> tuple[float, str]:
    """Newest first; equal times by slug so the order never depends on the file system."""
    return (-post.date.timestamp(), post.slug)
