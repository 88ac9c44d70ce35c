"""The news section's fragments as values for templates: post headers, lists, pagers, badges.

The markup is in ``wardnews/templates/site/`` (autoescaped): functions here compute what those
templates show and render them through :class:`wardnews.templating.Templates`. Every link is
relative to the page that carries it, so the site works under any sub-path of a portal.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import markdown as markdown_lib
from markupsafe import Markup

from wardnews.content.catalog import Catalog
from wardnews.content.dates import format_short_vi, format_vi, iso_local
from wardnews.content.posts import KINDS, Post
from wardnews.content.text import escape, relative_url
from wardnews.images.picture import Picture
from wardnews.site.post_audio import AudioPlayer
from wardnews.site.related import PostFooter, RelatedIndex
from wardnews.templating import Templates
from wardnews.urls import Links

_TAG = re.compile(r"<[^>]+>")
# Tags that end a block become a space; inline tags (<strong>, <a>) vanish without one.
_BLOCK_TAG = re.compile(
    r"<(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table)\b)[^>]*>"
)
SUMMARY_CHARS = 300

# Anything Markdown would turn into markup. A teaser without any of it is plain text already,
# as most are: it is not sent through Markdown (a thousand conversions on every build).
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>#&\\!|~]|^[ \t]*(?:[-+>]|\d+[.)])[ \t]", re.MULTILINE)


class PartsCache:
    """Teasers as plain text, list items and post pages as HTML, by their inputs, kept as long as
    the object (the build session keeps one across ``mkdocs serve`` rebuilds); the oldest go
    first. ``pages``: how many post pages to keep (default ``size``; a one-off build keeps none,
    it renders each page once)."""

    def __init__(self, size: int = 100_000, pages: int | None = None):
        self.size = size
        self.page_size = size if pages is None else pages
        self._markdown: markdown_lib.Markdown | None = None
        self._texts: dict[Hashable, str] = {}
        self._items: dict[Hashable, str] = {}
        self._pages: dict[Hashable, str] = {}
        self._related: tuple[tuple, RelatedIndex] | None = None

    @property
    def markdown(self) -> markdown_lib.Markdown:
        """A Markdown converter for teasers, made when a teaser first needs one."""
        if self._markdown is None:
            self._markdown = markdown_lib.Markdown(extensions=["attr_list"])
        return self._markdown

    def text(self, key: Hashable, make: Callable[[], str]) -> str:
        return self._remember(self._texts, key, make)

    def item(self, key: Hashable, make: Callable[[], str]) -> str:
        return self._remember(self._items, key, make)

    def page(self, key: Hashable, make: Callable[[], str]) -> str:
        return self._remember(self._pages, key, make, self.page_size)

    def related(self, shown: Sequence[Post], links: Links, site_url: str) -> RelatedIndex:
        """The related-posts index of ``shown``: the last one again when it is made of the same
        posts in the same order (a serve rebuild after a body was edited), its footers with it.
        A one-off build (no pages kept) makes it without a key."""
        if not self.page_size:
            return RelatedIndex(shown, links, site_url)
        key = RelatedIndex.key(shown, links, site_url)
        if self._related is None or self._related[0] != key:
            self._related = (key, RelatedIndex(shown, links, site_url))
        return self._related[1]

    def _remember(
        self,
        store: dict[Hashable, str],
        key: Hashable,
        make: Callable[[], str],
        size: int | None = None,
    ) -> str:
        limit = self.size if size is None else size
        if not limit:  # nothing kept (a one-off build's pages): no key to look up
            return make()
        value = store.get(key)
        if value is None:
            value = store[key] = make()
            while len(store) > limit:
                del store[next(iter(store))]
        return value


def plain_text(
    markdown_text: str, limit: int = SUMMARY_CHARS, cache: PartsCache | None = None
) -> str:
    """Markdown to one line of plain text, cut at a word boundary."""
    cache = cache or PartsCache()
    return cache.text((markdown_text, limit), lambda: _plain_text(markdown_text, limit, cache))


def _plain_text(markdown_text: str, limit: int, cache: PartsCache) -> str:
    if _MARKDOWN_SYNTAX.search(markdown_text):
        cache.markdown.reset()
        rendered = cache.markdown.convert(markdown_text)
        text = " ".join(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", rendered))).split())
    else:
        text = " ".join(markdown_text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return text


def post_summary(post: Post, cache: PartsCache | None = None) -> str:
    """The explicit summary, else the excerpt as plain text."""
    return post.summary or plain_text(post.excerpt, cache=cache)


def front_matter(
    title: str, description: str = "", hide: Sequence[str] = (), search_exclude: bool = False
) -> str:
    """Page meta for the engine. Values are HTML-escaped: themes print them unescaped."""
    lines = ["---", f"title: {json.dumps(escape(title), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(escape(description), ensure_ascii=False)}")
    if hide:
        lines.append(f"hide: {json.dumps(list(hide))}")
    if search_exclude:
        lines.append('search: {"exclude": true}')
    lines.append("---")
    return "\n".join(lines) + "\n\n"


@dataclass(frozen=True)
class Badge:
    """One criterion badge: a link to the criterion's page."""

    href: str
    name: str
    code: str


@dataclass(frozen=True)
class Badges:
    """Criterion badges of a post; ``auto``: given by keyword rules, marked as such."""

    items: tuple[Badge, ...]
    auto: bool


def badges(post: Post, catalog: Catalog, links: Links, here: str, root: str = "") -> Badges | None:
    """The criterion badges of ``post`` on the page ``here`` (None: the post has no criteria)."""
    codes = post.all_criteria
    if not codes:
        return None
    items = []
    for code in codes:
        criterion = catalog.get(code)
        if criterion is None:  # the reader rejects unknown codes; keep rendering total anyway
            continue
        target = links.criterion(criterion.slug)
        href = root + target if root else relative_url(here, target)
        items.append(Badge(href, criterion.name, code))
    return Badges(tuple(items), auto=not post.criteria)


@dataclass(frozen=True)
class Flag:
    """The mark a draft or scheduled post carries in the preview (mkdocs serve)."""

    draft: bool
    date: str = ""  # when a scheduled post goes out, in words


def status_flag(post: Post, now_published: bool, tz: tzinfo) -> Flag | None:
    """The flag of a post shown in a preview: a draft, a scheduled post, or none."""
    if post.draft:
        return Flag(draft=True)
    if not now_published:
        return Flag(draft=False, date=format_vi(post.date, tz))
    return None


@dataclass(frozen=True)
class Moment:
    """A date and time for a ``<time>``: machine-readable and in Vietnamese words."""

    iso: str
    text: str


def _moment(when: datetime, tz: tzinfo) -> Moment:
    return Moment(iso_local(when, tz), format_vi(when, tz))


def post_page(
    post: Post,
    body: str,
    *,
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    cover: Picture | None = None,
    flag: Flag | None = None,
    address: str = "",
    templates: Templates | None = None,
    cache: PartsCache | None = None,
    audio: AudioPlayer | None = None,
    footer: PostFooter | None = None,
) -> str:
    """The content of a post's page: its header (title, date, author, badges, cover given as
    picture values) and ``body``, the HTML the core rendered from the post (inserted as it is).
    With ``cache``, a page whose inputs did not change is not rendered again."""
    templates = templates or Templates()
    if cache is None:
        return _post_page(
            post, body, catalog, links, tz, cover, flag, address, templates, audio, footer
        )
    key = (post, body, catalog, links, tz, cover, flag, address, templates, audio, footer)
    return cache.page(
        key,
        lambda: _post_page(
            post, body, catalog, links, tz, cover, flag, address, templates, audio, footer
        ),
    )


def _post_page(
    post: Post,
    body: str,
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    cover: Picture | None,
    flag: Flag | None,
    address: str,
    templates: Templates,
    audio: AudioPlayer | None = None,
    footer: PostFooter | None = None,
) -> str:
    return templates.render(
        "site/post.html",
        post=post,
        body=Markup(body),
        time=_moment(post.date, tz),
        kind=KINDS[post.kind] if post.kind != "news" else "",
        airings=[_moment(airing, tz) for airing in post.airings],
        badges=badges(post, catalog, links, links.post(post)),
        cover=cover,
        flag=flag,
        address=address,
        audio=audio,
        footer=footer,
    )


def list_page(
    posts: Sequence[Post],
    *,
    title: str,
    here: str,
    page: int,
    pages: int,
    url_of: Callable[[int], str],
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    summaries: dict[str, str],
    description: str = "",
    templates: Templates | None = None,
    cache: PartsCache | None = None,
) -> str:
    """A page of a list of posts (the index, a criterion, a month) with its pager; a page whose
    posts, summaries and pager did not change is not rendered again (a serve rebuild)."""
    templates = templates or Templates()
    cache = cache or PartsCache()
    links_of_pager = pager(here, page, pages, url_of)
    key = (
        "list",
        tuple(posts),
        tuple(summaries.get(post.path, "") for post in posts),
        title,
        here,
        description,
        links_of_pager,
        catalog,
        links,
        tz,
        templates,
    )
    return cache.page(
        key,
        lambda: _list_page(
            posts, title, here, links_of_pager, catalog, links, tz, summaries, description,
            templates, cache,
        ),
    )  # fmt: skip


def _list_page(
    posts: Sequence[Post],
    title: str,
    here: str,
    links_of_pager: Pager | None,
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    summaries: dict[str, str],
    description: str,
    templates: Templates,
    cache: PartsCache,
) -> str:
    # Links in an item all point into the site, so an item is made once per post with the way
    # up to the site root left open, and each list page fills that in: a post shows up on the
    # index, its criteria and its month, and a serve rebuild reuses every unchanged item.
    up = "../" * here.count("/")
    items = [
        Markup(
            list_item(
                post, summaries.get(post.path, ""), catalog, links, tz, templates, cache
            ).replace(_ROOT, up)
        )
        for post in posts
    ]
    return templates.render(
        "site/list_page.html",
        title=title,
        description=description,
        items=items,
        pager=links_of_pager,
    )


_ROOT = "\x00root\x00"


def list_item(
    post: Post,
    summary: str,
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    templates: Templates,
    cache: PartsCache,
    made: str | None = None,
) -> str:
    """The post's item in every list, with the way up to the site root left open (see
    ``_list_page``), made once per ``cache``; ``made``: the item as another process made it,
    kept as it is (a one-off build makes each item with its post's page, in the worker that
    renders the page, before the list pages are rendered)."""
    key = ("item", post, summary, catalog, links, tz, templates)
    if made is not None:
        return cache.item(key, lambda: made)
    return cache.item(key, lambda: _list_item(post, summary, catalog, links, tz, templates))


def _list_item(
    post: Post, summary: str, catalog: Catalog, links: Links, tz: tzinfo, templates: Templates
) -> str:
    return templates.render(
        "site/list_item.html",
        post=post,
        href=_ROOT + links.post(post),
        iso=iso_local(post.date, tz),
        date=format_short_vi(post.date, tz),
        kind=KINDS[post.kind] if post.kind != "news" else "",
        summary=summary,
        badges=badges(post, catalog, links, "", root=_ROOT),
    )


@dataclass(frozen=True)
class Pager:
    """Links to newer and older pages of a paginated list, relative to the page."""

    page: int
    pages: int
    newer: str = ""
    older: str = ""


def pager(here: str, page: int, pages: int, url_of: Callable[[int], str]) -> Pager | None:
    if pages <= 1:
        return None
    return Pager(
        page,
        pages,
        relative_url(here, url_of(page - 1)) if page > 1 else "",
        relative_url(here, url_of(page + 1)) if page < pages else "",
    )
