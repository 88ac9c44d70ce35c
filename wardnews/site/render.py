"""HTML fragments of the news section: post headers, lists, pagers, badges.

Plain functions from values to strings. Everything from an editor goes through ``escape``; every
link is relative to the page that carries it, so the site works under any sub-path of a portal.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

import markdown as markdown_lib

from wardnews.content.catalog import Catalog
from wardnews.content.dates import format_short_vi, format_vi, iso_local
from wardnews.content.posts import KINDS, Post
from wardnews.content.text import escape, relative_url

_TAG = re.compile(r"<[^>]+>")
# Tags that end a block become a space; inline tags (<strong>, <a>) vanish without one.
_BLOCK_TAG = re.compile(
    r"<(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table)\b)[^>]*>"
)
SUMMARY_CHARS = 300

_markdown = markdown_lib.Markdown(extensions=["attr_list"])


# Anything Markdown would turn into markup. A teaser without any of it is plain text already,
# as most are: it is not sent through Markdown (a thousand conversions on every build).
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>#&\\!|~]|^[ \t]*(?:[-+>]|\d+[.)])[ \t]", re.MULTILINE)


@functools.lru_cache(maxsize=100_000)
def plain_text(markdown_text: str, limit: int = SUMMARY_CHARS) -> str:
    """Markdown to one line of plain text, cut at a word boundary."""
    if _MARKDOWN_SYNTAX.search(markdown_text):
        _markdown.reset()
        rendered = _markdown.convert(markdown_text)
        text = " ".join(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", rendered))).split())
    else:
        text = " ".join(markdown_text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return text


def post_summary(post: Post) -> str:
    """The explicit summary, else the excerpt as plain text."""
    return post.summary or plain_text(post.excerpt)


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
class Links:
    """URLs of the section, all relative to the site root."""

    prefix: str

    def index(self, page: int = 1) -> str:
        return f"{self.prefix}/" if page == 1 else f"{self.prefix}/trang/{page}/"

    def post(self, post: Post) -> str:
        return f"{self.prefix}/{post.slug}/"

    def criteria_index(self) -> str:
        return f"{self.prefix}/tieu-chi/"

    def criterion(self, slug: str, page: int = 1) -> str:
        base = f"{self.prefix}/tieu-chi/{slug}/"
        return base if page == 1 else f"{base}trang/{page}/"

    def archive_index(self) -> str:
        return f"{self.prefix}/luu-tru/"

    def archive_month(self, year: int, month: int, page: int = 1) -> str:
        base = f"{self.prefix}/luu-tru/{year}/{month:02d}/"
        return base if page == 1 else f"{base}trang/{page}/"


def badges(post: Post, catalog: Catalog, links: Links, here: str, root: str = "") -> str:
    """Criterion badges; automatic ones (keyword rules) are marked as such."""
    codes = post.all_criteria
    if not codes:
        return ""
    auto = not post.criteria
    mark = " (tự động)" if auto else ""
    css = "wn-badge wn-badge-auto" if auto else "wn-badge"
    hint = " (gắn tự động theo từ khóa)" if auto else ""
    items = []
    for code in codes:
        criterion = catalog.get(code)
        if criterion is None:  # the reader rejects unknown codes; keep rendering total anyway
            continue
        target = links.criterion(criterion.slug)
        href = root + target if root else relative_url(here, target)
        items.append(
            f'<a class="{css}" href="{escape(href)}" title="{escape(criterion.name + hint)}">'
            f"Tiêu chí {escape(code)}{mark}</a>"
        )
    return f'<p class="wn-badges" aria-label="Tiêu chí">{" ".join(items)}</p>'


def status_flag(post: Post, now_published: bool, tz: tzinfo) -> str:
    """The mark a draft or scheduled post carries in the preview (mkdocs serve)."""
    if post.draft:
        return '<p class="wn-flag">Bản nháp: chỉ hiện khi xem thử, không được xuất bản</p>'
    if not now_published:
        return (
            '<p class="wn-flag">Hẹn giờ đăng: sẽ xuất bản lúc '
            f"{escape(format_vi(post.date, tz))}</p>"
        )
    return ""


def post_header(
    post: Post,
    *,
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    cover_html: str = "",
    flag: str = "",
    address: str = "",
) -> str:
    here = links.post(post)
    meta = [
        f'<time datetime="{iso_local(post.date, tz)}">{escape(format_vi(post.date, tz))}</time>',
        f'<span class="wn-author">{escape(post.author)}</span>',
    ]
    if post.kind != "news":
        meta.append(f'<span class="wn-kind">{escape(KINDS[post.kind])}</span>')
    if post.duration:
        meta.append(f'<span class="wn-duration">{post.duration} phút</span>')
    if post.source:
        meta.append(f'<span class="wn-source">Nguồn: {escape(post.source)}</span>')
    parts = [
        '<header class="wn-post-header">',
        flag,
        # Shown on paper only (print.css): where the printed article comes from.
        f'<p class="wn-print-url">{escape(address)}</p>' if address else "",
        f"<h1>{escape(post.title)}</h1>",
        f'<p class="wn-meta">{" · ".join(meta)}</p>',
        badges(post, catalog, links, here),
    ]
    if cover_html:
        parts.append(f'<figure class="wn-cover">{cover_html}</figure>')
    if post.airings:
        times = "".join(
            f'<li><time datetime="{iso_local(a, tz)}">{escape(format_vi(a, tz))}</time></li>'
            for a in post.airings
        )
        parts.append(
            f'<details class="wn-airings"><summary>Lịch phát sóng ({len(post.airings)} lần)</summary><ul>{times}</ul></details>'
        )
    parts.append("</header>")
    return "\n".join(part for part in parts if part) + "\n\n"


def post_list(
    posts: Sequence[Post],
    *,
    here: str,
    catalog: Catalog,
    links: Links,
    tz: tzinfo,
    summaries: dict[str, str],
) -> str:
    if not posts:
        return '<p class="wn-empty">Chưa có bài nào.</p>'
    # Links in an item all point into the site, so an item is made once per post with the way
    # up to the site root left open, and each list page fills that in: a post shows up on the
    # index, its criteria and its month, and a serve rebuild reuses every unchanged item.
    up = "../" * here.count("/")
    items = [
        _list_item(post, summaries.get(post.path, ""), catalog, links, tz).replace(_ROOT, up)
        for post in posts
    ]
    return '<ul class="wn-list">\n' + "\n".join(items) + "\n</ul>"


_ROOT = "\x00root\x00"


@functools.lru_cache(maxsize=100_000)
def _list_item(post: Post, summary: str, catalog: Catalog, links: Links, tz: tzinfo) -> str:
    meta = f'<time datetime="{iso_local(post.date, tz)}">{format_short_vi(post.date, tz)}</time>'
    if post.kind != "news":
        meta += f" · {escape(KINDS[post.kind])}"
    return (
        '<li class="wn-item">'
        f'<h2 class="wn-item-title"><a href="{_ROOT}{escape(links.post(post))}">'
        f"{escape(post.title)}</a></h2>"
        f'<p class="wn-meta">{meta}</p>'
        + (f'<p class="wn-summary">{escape(summary)}</p>' if summary else "")
        + badges(post, catalog, links, "", root=_ROOT)
        + "</li>"
    )


def pager(here: str, page: int, pages: int, url_of) -> str:
    """Links to newer and older pages of a paginated list."""
    if pages <= 1:
        return ""
    parts = ['<nav class="wn-pager" aria-label="Phân trang">']
    if page > 1:
        parts.append(
            f'<a rel="prev" href="{escape(relative_url(here, url_of(page - 1)))}">← Mới hơn</a>'
        )
    parts.append(f"<span>Trang {page}/{pages}</span>")
    if page < pages:
        parts.append(
            f'<a rel="next" href="{escape(relative_url(here, url_of(page + 1)))}">Cũ hơn →</a>'
        )
    parts.append("</nav>")
    return " ".join(parts)
