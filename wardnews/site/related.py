"""What ends a post's page: related posts, the newer and older post, the address to share.

:class:`RelatedIndex` is built once per build from the shown posts (newest first): the post
positions of each criterion, in date order. A post's related posts are then looked for among its
nearest neighbours in each of its criteria only, a bounded window, never among all posts, so a
10,000-post build does 10,000 small looks. What a post page receives is a :class:`PostFooter` of a
few short values (URLs relative to the page, titles), computed before the page is rendered.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from wardnews.content.posts import Post
from wardnews.content.text import relative_url
from wardnews.urls import Links, absolute

RELATED_COUNT = 4
# Posts looked at on each side of a post in each of its criteria.
WINDOW = 8


@dataclass(frozen=True)
class PostLink:
    """A link to another post, relative to the page that shows it."""

    href: str
    title: str


@dataclass(frozen=True)
class PostFooter:
    """The end of a post's page: related posts (newest first), neighbours in date order, and
    the address the share button passes on ('' without ``site_url``: the page's own address)."""

    related: tuple[PostLink, ...] = ()
    newer: PostLink | None = None
    older: PostLink | None = None
    share_url: str = ""


@dataclass(frozen=True)
class _Entry:
    url: str
    title: str
    codes: frozenset[str]


class RelatedIndex:
    """Criterion -> positions of its posts, newest first, made once for a build's shown posts.

    Holds a URL, a title and criterion codes per post, nothing of their bodies."""

    def __init__(self, shown: Sequence[Post], links: Links, site_url: str = "") -> None:
        self.site_url = site_url
        self._entries = [
            _Entry(links.post(post), post.title, frozenset(post.all_criteria)) for post in shown
        ]
        self._by_code: dict[str, list[int]] = {}
        for position, entry in enumerate(self._entries):
            for code in entry.codes:
                self._by_code.setdefault(code, []).append(position)  # ascending: newest first
        self._footers: dict[int, PostFooter] = {}  # made once per position (a serve session
        # keeps the index while no post moves, is renamed or changes criteria: see ``key``)

    @staticmethod
    def key(shown: Sequence[Post], links: Links, site_url: str = "") -> tuple:
        """What the index is made of: equal keys give equal footers."""
        return site_url, tuple((links.post(p), p.title, p.all_criteria) for p in shown)

    def related(self, position: int, count: int = RELATED_COUNT) -> list[int]:
        """Positions of up to ``count`` posts sharing the most criteria with the post at
        ``position``, among its ``WINDOW`` nearest on each side in each of its criteria; in
        date order, newest first."""
        codes = self._entries[position].codes
        found: set[int] = set()
        for code in sorted(codes):
            members = self._by_code[code]
            middle = bisect_left(members, position)
            found.update(members[max(0, middle - WINDOW) : middle + WINDOW + 1])
        found.discard(position)
        ranked = sorted(found, key=lambda other: (-len(codes & self._entries[other].codes), other))
        return sorted(ranked[:count])

    def footer(self, position: int) -> PostFooter:
        """The footer values of the post at ``position`` in the shown posts."""
        made = self._footers.get(position)
        if made is None:
            made = self._footers[position] = self._footer(position)
        return made

    def _footer(self, position: int) -> PostFooter:
        here = self._entries[position].url

        def link(other: int) -> PostLink:
            entry = self._entries[other]
            return PostLink(relative_url(here, entry.url), entry.title)

        last = len(self._entries) - 1
        return PostFooter(
            related=tuple(link(other) for other in self.related(position)),
            newer=link(position - 1) if position > 0 else None,
            older=link(position + 1) if position < last else None,
            share_url=absolute(self.site_url, here) if self.site_url else "",
        )
