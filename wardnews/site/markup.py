"""A post's Markdown body as HTML for use outside the site: every link and image made absolute.

On the site MkDocs renders the body and relative links work. A feed item or a district portal has
no "here": ``anh/cho.jpg`` or ``b.md`` means nothing there. :class:`BodyRenderer` renders the body
with the extensions of ``mkdocs.yml`` (:class:`MarkdownSettings`, passed in; no heading permalinks)
and rewrites each relative ``href``/``src`` to the absolute URL of its target: another post's file
to that post's page, a file next to the posts to its URL under ``<prefix>/tep/``, anything else
resolved against the post's own absolute URL.

Rendering is cached by content in a :class:`RenderCache` (the build session's): the section feed,
the criterion feeds and the widget all ask for the same posts, and a post is rendered once per
build (and once across ``mkdocs serve`` rebuilds while neither it nor the site's URLs change).
"""

from __future__ import annotations

import hashlib
import html
import logging
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

import markdown as markdown_lib
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from wardnews.content.cache import LruCache
from wardnews.content.markdown_config import MarkdownSettings
from wardnews.content.posts import Post
from wardnews.content.text import relative_url
from wardnews.images.model import remote_image_message
from wardnews.problems import Problem, Severity
from wardnews.site.sanitize import is_remote, remote_media, removed_parts, site_cleaner
from wardnews.templating import Templates
from wardnews.urls import site_root

if TYPE_CHECKING:
    from xml.etree import ElementTree as etree

    from wardnews.site.post_images import SiteImages

log = logging.getLogger(__name__)


class RenderCache:
    """Rendered bodies of one build session, kept across ``mkdocs serve`` rebuilds."""

    def __init__(self, site: int = 100_000) -> None:
        # Feeds use a few hundred posts; the site uses every post of a district's archive, so
        # that a serve rebuild finds them all again (``site``: how many; a one-off build renders
        # each body once and keeps none).
        self.feed: LruCache[str, Any] = LruCache(4096)
        self.feed_items: LruCache[tuple, str] = LruCache(4096)  # a feed item's whole HTML
        self.site: LruCache[str, Any] = LruCache(site)


def _render_key(context: str, post: Post, page_url: str) -> str:
    return hashlib.sha256(f"{context}\0{post.path}\0{page_url}\0{post.body}".encode()).hexdigest()


def _rewrite_links(rendered: str, resolve: Callable[[str], str]) -> str:
    """Every ``href``/``src`` of every start tag (raw HTML of the body too) through ``resolve``."""

    def rewrite_attribute(match: re.Match[str]) -> str:
        raw = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
        return f'{match["lead"]}"{html.escape(resolve(html.unescape(raw)), quote=True)}"'

    return _START_TAG.sub(lambda tag: _URL_ATTRIBUTE.sub(rewrite_attribute, tag.group()), rendered)


# A start tag, with quoted attribute values that may contain '>'.
_START_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*\s*/?>"
)
_URL_ATTRIBUTE = re.compile(
    r"(?P<lead>\s(?:href|src)\s*=\s*)(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+))",
    re.IGNORECASE,
)


# A checkbox (a task of pymdownx.tasklist, or raw HTML): feeds and portals take no form controls
# (the sanitiser drops them), so its state travels as a character instead of vanishing.
_CHECKBOX = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?checkbox\b[^>]*>", re.IGNORECASE)
_CHECKED = re.compile(r"\schecked\b", re.IGNORECASE)


def _checkbox_mark(tag: re.Match[str]) -> str:
    return "☑" if _CHECKED.search(tag.group()) else "☐"


def fingerprint(seed: bytes, *mappings: Mapping[str, str]) -> str:
    """A digest of URL maps: a rendered body is reused only while every link it may hold would
    still resolve to the same place."""
    digest = hashlib.sha256(seed)
    for mapping in mappings:
        for key in sorted(mapping):
            digest.update(f"\0{key}\0{mapping[key]}".encode())
        digest.update(b"\1")
    return digest.hexdigest()


class BodyRenderer:
    """Renders post bodies to HTML with absolute URLs.

    ``post_urls`` maps a post's project-relative path ('posts/2024/b.md') to its site URL
    ('tin-tuc/b/'); ``asset_urls`` maps a file next to the posts ('posts/2024/anh/x.jpg') to its
    site URL. Both come from the site plan, so the feed links where the site puts things.
    ``markdown``: the Markdown of mkdocs.yml (default: MkDocs' own extensions only), rendered
    without heading permalinks; a checkbox becomes ☑ or ☐. ``cache``: the session's renders.
    """

    def __init__(
        self,
        site_url: str,
        post_urls: Mapping[str, str],
        asset_urls: Mapping[str, str],
        markdown: MarkdownSettings | None = None,
        cache: RenderCache | None = None,
        *,
        remote_images: str = "error",
        templates: Templates | None = None,
        converted: Mapping[str, str] | None = None,
    ):
        self.base = site_root(site_url)
        # Markdown's HTML of bodies the site's renderer made already, by post path
        # (SiteBodyRenderer.render_with_markup): not converted again.
        self._converted = converted or {}
        self.remote_images_as_links = remote_images == "link"
        self.templates = templates or Templates()
        self.post_urls = dict(post_urls)
        self.asset_urls = dict(asset_urls)
        settings = (markdown or MarkdownSettings()).without_permalinks()
        seed = f"{self.base}\0{settings.key()}\0{remote_images}".encode()
        self._context = fingerprint(seed, self.post_urls, self.asset_urls)
        self._markdown = _markdown(settings)
        self._renders = (cache or RenderCache()).feed
        self._items = (cache or RenderCache()).feed_items

    def item(self, key: tuple, make: Callable[[], str]) -> str:
        """A feed item's HTML, made by ``make`` from a body this renderer rendered and kept by
        ``key`` (everything ``make`` uses): a serve rebuild does not fill and clean it again."""
        found = self._items.get(key)
        if found is None:
            found = make()
            self._items.put(key, found)
        return found

    def absolute(self, site_relative_url: str) -> str:
        """Absolute URL of a site URL such as 'tin-tuc/b/'."""
        return self.base + site_relative_url

    def render(self, post: Post, page_url: str) -> str:
        """The body of ``post`` (whose page is at site URL ``page_url``) as HTML, URLs absolute."""
        key = _render_key(self._context, post, page_url)
        cached = self._renders.get(key)
        if cached is not None:
            return cached
        converted = self._converted.get(post.path)
        if converted is None:
            self._markdown.reset()
            converted = self._markdown.convert(post.body)
        page_absolute = self.absolute(page_url)
        result = _rewrite_links(converted, lambda url: self.resolve(url, post.path, page_absolute))
        rendered = _CHECKBOX.sub(_checkbox_mark, result)
        if self.remote_images_as_links:  # as on the site: a portal's reader loads nothing either
            rendered = _IMG_TAG.sub(
                lambda tag: _remote_image_link(tag.group(), self.templates), rendered
            )
        self._renders.put(key, rendered)
        return rendered

    def resolve(self, url: str, post_path: str, page_absolute: str) -> str:
        """The absolute URL a link written in the post at ``post_path`` points to."""
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url:
            return url  # absolute already (or a scheme the sanitiser judges)
        if not parts.path or url.startswith("/"):
            return urljoin(page_absolute, url)  # '#fragment', '?query', '/from-the-host-root'
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(post_path), unquote(parts.path))
        )
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if target in self.post_urls and self.post_urls[target]:
            return self.absolute(self.post_urls[target]) + fragment
        if target in self.asset_urls:
            return self.absolute(self.asset_urls[target]) + fragment
        log.debug("wardnews: %s: liên kết %s không trỏ tới bài hay tệp nào đã biết", post_path, url)
        return urljoin(page_absolute, url)


def _markdown(settings: MarkdownSettings) -> markdown_lib.Markdown:
    md = markdown_lib.Markdown(
        extensions=list(settings.extensions),
        extension_configs={name: dict(cfg) for name, cfg in settings.configs.items()},
    )
    if _only_core_inline(md):
        md.treeprocessors.register(_PlainText(md), "wardnews_plain_text", _PLAIN_TEXT_PRIORITY)
    if _only_known_blocks(md):
        paragraph = md.parser.blockprocessors["paragraph"]
        md.parser.blockprocessors.register(
            _PlainParagraph(md.parser, paragraph), "wardnews_plain_paragraph", _PLAIN_BLOCK_PRIORITY
        )
    steps = md.preprocessors
    if "html_block" in steps and _qualified(steps["html_block"]) in _HTML_BLOCK_STEPS:
        priority = next(item.priority for item in steps._priority if item.name == "html_block")
        steps.register(_HtmlBlocksWhenNeeded(md, steps["html_block"]), "html_block", priority)
    steps = md.treeprocessors
    if "toc" in steps and type(steps["toc"]).__name__ == "TocTreeprocessor":
        toc = steps["toc"]
        priority = next(item.priority for item in steps._priority if item.name == "toc")
        steps.register(_TocWhenNeeded(md, toc), "toc", priority)
    return md


# Python-Markdown's core inline patterns, by registered name and class. None of them can match a
# text without one of these: '`' or '\' (code spans, escapes), '[' (links, images, references),
# '<' (autolinks, raw HTML), '&' (entities), '*' or '_' (emphasis), two spaces before a line end
# (a line break); STX starts the placeholders Markdown leaves in a text. An entity or a placeholder
# alone comes out the same either way (the serializer keeps entities): '&' and STX are margins.
_CORE_INLINE = {
    "backtick": "BacktickInlineProcessor",
    "escape": "EscapeInlineProcessor",
    "reference": "ReferenceInlineProcessor",
    "link": "LinkInlineProcessor",
    "image_link": "ImageInlineProcessor",
    "image_reference": "ImageReferenceInlineProcessor",
    "short_reference": "ShortReferenceInlineProcessor",
    "short_image_ref": "ShortImageReferenceInlineProcessor",
    "autolink": "AutolinkInlineProcessor",
    "automail": "AutomailInlineProcessor",
    "linebreak": "SubstituteTagInlineProcessor",
    "html": "HtmlInlineProcessor",
    "entity": "HtmlInlineProcessor",
    "em_strong": "DelimiterProcessor",
}
_INLINE_TRIGGER = re.compile(r"[\\`*_\[<&\x02]|  \n")
# The tree steps known not to treat an atomic text otherwise (Python-Markdown's own, toc's and
# attr_list's); with any other (abbr, footnotes, a pymdownx extension), every text goes the
# whole way, as without this step.
_KNOWN_TREE_STEPS = ("inline", "prettify", "unescape", "toc", "attr_list")
# Just before the inline step (20).
_PLAIN_TEXT_PRIORITY = 20.5


def _only_core_inline(md: markdown_lib.Markdown) -> bool:
    """Whether ``md`` runs Python-Markdown's core inline patterns, and only known tree steps."""
    inline = md.inlinePatterns
    known = [name for name in _CORE_INLINE if name in inline]
    if len(known) != len(inline) or not known:
        return False
    if any(type(inline[name]).__name__ != _CORE_INLINE[name] for name in known):
        return False
    steps = md.treeprocessors
    return len(steps) == sum(name in steps for name in _KNOWN_TREE_STEPS)


class _PlainText(Treeprocessor):
    """Marks each text no core inline pattern could match as atomic: the inline step then skips
    it instead of searching it with every pattern in turn, and leaves the same tree (a third of
    the conversion's time on ordinary posts: most paragraphs are plain sentences)."""

    def run(self, root: etree.Element) -> None:
        trigger = _INLINE_TRIGGER.search
        for element in root.iter():
            text = element.text
            if text and type(text) is str and trigger(text) is None:
                element.text = AtomicString(text)
            tail = element.tail
            if tail and type(tail) is str and trigger(tail) is None:
                element.tail = AtomicString(tail)


# Python-Markdown's block steps, with those of admonition, tables and md_in_html, by registered
# name and class. On a block of prose none of them but the paragraph's takes it, and each one
# tests it in turn (a dozen searches of the block) before the paragraph's does.
_KNOWN_BLOCKS = {
    "empty": "EmptyBlockProcessor",
    "indent": "ListIndentProcessor",
    "code": "CodeBlockProcessor",
    "hashheader": "HashHeaderProcessor",
    "setextheader": "SetextHeaderProcessor",
    "hr": "HRProcessor",
    "olist": "OListProcessor",
    "ulist": "UListProcessor",
    "quote": "BlockQuoteProcessor",
    "reference": "ReferenceProcessor",
    "paragraph": "ParagraphProcessor",
    "admonition": "AdmonitionProcessor",
    "table": "TableProcessor",
    "markdown_block": "MarkdownInHtmlProcessor",
}
# What a block must not hold for none of the steps above but the paragraph's to take it. At its
# start: a blank or a space (empty, indent, code), a digit (olist), '#' (hashheader), '-', '*',
# '+', '_' or '=' (ulist, hr, setextheader), '!' (admonition), '<' (raw HTML). At the start of any
# other line: a space (indented content, hr), or one of '#', '=', '-', '*', '_', '+', '!'
# (hashheader, setextheader, hr, admonition). Anywhere: '|' (table), '>' (quote), '[' (reference)
# and STX (a placeholder of stashed HTML: markdown_block). Margins, never a gap: a block with any
# of them goes through every step, as without this one.
_NOT_PLAIN_BLOCK = re.compile(r"\A[\s\d#=*+_!<-]|[|>\[\x02]|\n[\s#=*+_!-]")
# Before every other block step (the highest is 105).
_PLAIN_BLOCK_PRIORITY = 200


def _only_known_blocks(md: markdown_lib.Markdown) -> bool:
    """Whether ``md``'s block steps are all among the known ones, with their known classes."""
    steps = md.parser.blockprocessors
    return "paragraph" in steps and all(
        name in _KNOWN_BLOCKS and type(steps[name]).__name__ == _KNOWN_BLOCKS[name]
        for name in (item.name for item in steps._priority)
    )


class _PlainParagraph(BlockProcessor):
    """Takes a block of prose (no character any other known step looks for: see
    ``_NOT_PLAIN_BLOCK``) straight to the paragraph step, which every other step would have
    passed it to after testing it in turn: the same tree, a third less of the block parsing on
    ordinary posts."""

    def __init__(self, parser: BlockParser, paragraph: BlockProcessor) -> None:
        super().__init__(parser)
        self.paragraph = paragraph

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(block) and _NOT_PLAIN_BLOCK.search(block) is None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        return self.paragraph.run(parent, blocks)


# The raw-HTML steps of Python-Markdown and of md_in_html (which replaces it under its name).
_HTML_BLOCK_STEPS = (
    "markdown.preprocessors.HtmlBlockPreprocessor",
    "markdown.extensions.md_in_html.HtmlBlockPreprocessor",
)


def _qualified(step: object) -> str:
    return f"{type(step).__module__}.{type(step).__qualname__}"


class _HtmlBlocksWhenNeeded(Preprocessor):
    """The raw-HTML step (Python-Markdown's or md_in_html's), run only on a text that has a
    ``<`` or an ``&``: it feeds the whole text to an HTML parser, which finds no tag, comment or
    reference in a text without them and gives back its lines as they were (seven posts in ten
    of the corpus)."""

    def __init__(self, md: markdown_lib.Markdown, step: Preprocessor) -> None:
        super().__init__(md)
        self.step = step

    def run(self, lines: list[str]) -> list[str]:
        for line in lines:
            if "<" in line or "&" in line:
                return self.step.run(lines)
        return lines


class _TocWhenNeeded(Treeprocessor):
    """toc's step, run only on a tree it would change: one with a heading (ids, permalinks) or
    a text equal to its marker (replaced by the table). Three posts in four have neither, and
    toc's step then costs a seventh of their conversion to build, serialise and keep an empty
    table that nothing here reads (``Markdown.toc`` stays as ``reset`` leaves it)."""

    def __init__(self, md: markdown_lib.Markdown, toc: Any) -> None:
        super().__init__(md)
        self.toc = toc

    def run(self, root: etree.Element) -> None:
        heading = self.toc.header_rgx.match
        marker = self.toc.marker
        for element in root.iter():
            tag = element.tag
            if isinstance(tag, str) and heading(tag):
                break
            if marker and element.text and element.text.strip() == marker:
                break
        else:
            return
        self.toc.run(root)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# A heading in Markdown's HTML: the only element the permalinks of `toc` change.
_HEADING = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"([A-Za-z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _attributes(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTRIBUTE.finditer(tag)
    }


def _remote_image_link(tag: str, templates: Templates) -> str:
    """An <img> of another host as a plain link to it (``remote_images: link``); others as they
    are."""
    attributes = _attributes(tag)
    src = attributes.get("src", "").strip()
    if not is_remote(src):
        return tag
    alt = attributes.get("alt", "").strip()
    return templates.render("site/remote_image_link.html", url=src, alt=alt)


@dataclass(frozen=True)
class SiteBody:
    """A post body for the site: its HTML, and what the editor must hear about it."""

    html: str
    unresolved: tuple[str, ...] = ()  # relative links that lead to no post or file
    removed: tuple[str, ...] = ()  # what cleaning took out (removed_parts' words)
    remote_images: tuple[str, ...] = ()  # URLs of other hosts a browser would load


class SiteBodyRenderer:
    """Post bodies for the site's own pages: every link relative to the page that shows it.

    Same Markdown as ``mkdocs.yml`` (heading permalinks included). A relative link to a file that is
    neither a published post nor a file next to the posts is returned as unresolved, so the
    caller reports it to the editor instead of publishing a dead link. The HTML is then cleaned
    (:mod:`wardnews.site.sanitize`) unless the unit opts out (``unsafe_html``), and the images of
    other hosts it would load are listed (or, with ``remote_images='link'``, made into links).
    Cached by content and by the URL maps, so a ``mkdocs serve`` rebuild renders only the posts
    that changed.
    """

    def __init__(
        self,
        post_urls: Mapping[str, str],
        asset_urls: Mapping[str, str],
        pictures: SiteImages | None = None,
        markdown: MarkdownSettings | None = None,
        cache: RenderCache | None = None,
        *,
        unsafe_html: bool = False,
        remote_images: str = "error",
        templates: Templates | None = None,
    ):
        self.post_urls = dict(post_urls)
        self.unsafe_html = unsafe_html
        self.remote_images_as_links = remote_images == "link"
        self.templates = templates or (pictures.templates if pictures else Templates())
        self._cleaner = None if unsafe_html else site_cleaner()
        self.asset_urls = dict(asset_urls)
        self.pictures = pictures
        # published URL of an image's main file -> its source path, to find it again in <img>
        self._image_sources = {
            url: path
            for path in (pictures.processed if pictures is not None else ())
            if (url := pictures.url(path)) is not None
        }
        images = {path: item.key for path, item in (pictures.processed if pictures else {}).items()}
        settings = markdown or MarkdownSettings()
        seed = f"site\0{settings.key()}\0{unsafe_html}\0{remote_images}".encode()
        self._context = fingerprint(seed, images, self.post_urls, self.asset_urls)
        self._markdown = _markdown(settings)
        self._renders = (cache or RenderCache()).site

    def render(self, post: Post, page_url: str) -> SiteBody:
        """The body of ``post`` shown at ``page_url``: cleaned HTML and what to tell the editor."""
        return self.render_with_markup(post, page_url)[0]

    def render_with_markup(self, post: Post, page_url: str) -> tuple[SiteBody, str | None]:
        """:meth:`render`, and the HTML Markdown made of the body when it has no heading: the
        feeds' Markdown (the same but for heading permalinks) makes the same HTML of it, so
        :class:`BodyRenderer` takes it as it is (``converted``). None for a body with a heading,
        or one this renderer had kept from an earlier build."""
        key = _render_key(self._context, post, page_url)
        cached = self._renders.get(key)
        if cached is not None:
            return cached, None
        self._markdown.reset()
        converted = self._markdown.convert(post.body)
        unresolved: list[str] = []
        result = _rewrite_links(
            converted, lambda url: self.resolve(url, post.path, page_url, unresolved)
        )
        removed: tuple[str, ...] = ()
        if self._cleaner is not None:
            # What the editor wrote, links resolved; the pictures below come from the templates.
            cleaned = self._cleaner.clean(result)
            removed = removed_parts(result, cleaned)
            result = cleaned
        # After the links: an image's src now names its published file, relative to the page.
        result = _IMG_TAG.sub(lambda tag: self.picture(tag.group(), page_url), result)
        value = SiteBody(result, tuple(unresolved), removed, remote_media(result))
        self._renders.put(key, value)
        return value, (converted if _HEADING.search(converted) is None else None)

    def picture(self, tag: str, page_url: str) -> str:
        """An <img> of one of our images as a <picture> with every width; an image of another
        host as a link to it when the unit asks so (``remote_images: link``); others unchanged."""
        attributes = _attributes(tag)
        src = attributes.get("src", "").strip()
        if self.remote_images_as_links and is_remote(src):
            return _remote_image_link(tag, self.templates)
        if not src or urlsplit(src).scheme or src.startswith(("/", "#")) or self.pictures is None:
            return tag
        site_url = posixpath.normpath(posixpath.join(page_url, src))
        source = self._image_sources.get(site_url)
        if source is None:
            return tag
        picture = self.pictures.picture(source, attributes.get("alt", ""), page_url, lazy=True)
        return picture if picture is not None else tag

    def resolve(self, url: str, post_path: str, page_url: str, unresolved: list[str]) -> str:
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
            return url  # another host, '#fragment', or a path from the host root
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(post_path), unquote(parts.path))
        )
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if target in self.post_urls:
            return relative_url(page_url, self.post_urls[target]) + fragment
        if target in self.asset_urls:
            return relative_url(page_url, self.asset_urls[target]) + fragment
        unresolved.append(url)
        return url


UNSAFE_HTML_HINT = (
    "Nếu bài thật sự cần mã HTML này, đặt unsafe_html: true trong extra.wardnews của mkdocs.yml "
    "(xem README, khóa unsafe_html)"
)
REMOTE_IMAGES_HINT = "hoặc đặt remote_images: link trong extra.wardnews để ảnh thành một liên kết"


def body_problems(post: Post, body: SiteBody) -> list[Problem]:
    """What the editor of ``post`` must hear about its rendered body: each image of another host
    (an error, at the line that writes it where it can be found), and what cleaning removed (one
    warning naming every part)."""
    problems = []
    for url in body.remote_images:
        offset = post.body.find(url)
        line = post.body_line + post.body.count("\n", 0, offset) if offset >= 0 else None
        message = f"{remote_image_message(url)}; {REMOTE_IMAGES_HINT}"
        problems.append(Problem(post.path, line, None, message))
    if body.removed:
        problems.append(
            Problem(
                post.path,
                None,
                None,
                "mã HTML của bài đã được làm sạch trước khi đăng, đã bỏ: "
                f"{'; '.join(body.removed)}. {UNSAFE_HTML_HINT}",
                Severity.WARNING,
            )
        )
    return problems
