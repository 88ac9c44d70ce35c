"""Post bodies on the site's own pages, cleaned with a real sanitiser (nh3/ammonia), and told apart.

The section is published on the ward's official domain, and posts arrive from people outside the
office. Whatever the Markdown of a post produces (raw HTML, ``attr_list`` attributes of any name,
reference links of any scheme) goes through an allowlist suited to the site: prose, headings with
ids (table of contents and their permalinks), tables, lists, quotes, code, figures, the
``<picture>`` of the image pipeline, ``<audio>``/``<video>``, admonitions, footnotes, task lists
and ``<details>``. URLs keep only http(s), mailto, tel and relative ones; no event handler, no
inline style (but a table column's alignment), no script, frame, object or form survives.

The feeds share the prose part of the policy (:mod:`wardnews.syndication.sanitize`) and drop more.

:func:`removed_parts` compares what went in with what came out as sets of elements, attributes,
classes and URL schemes (both parsed with lxml), so the warning an editor reads names only what
cleaning removed, never a difference of spelling of untouched HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import nh3

# lxml is imported when a body must be parsed (cleaning removed something, or it loads media):
# ordinary bodies never are, and a build's start-up does not read it.
if TYPE_CHECKING:
    from lxml import etree

# Prose, lists, headings, quotes, tables, figures: what both the site and the feeds keep.
PROSE_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
# data: is refused too: an inline image is a way to smuggle a large or scripted (SVG) payload,
# and every image of a post is a file of the section anyway.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Dropped with everything inside: their text is code or a fallback, never prose.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "select"}
)

# The site also keeps the image pipeline's <picture>, media players (their files are checked to
# come from the section: see remote_media), task-list checkboxes and a few phrasing elements.
SITE_TAGS = PROSE_TAGS | frozenset(
    {
        "picture", "source", "audio", "video", "track", "input", "label", "section", "article",
        "aside", "dfn", "samp", "var", "wbr", "bdi", "ruby", "rt", "rp",
    }
)  # fmt: skip
SITE_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # id: headings (table of contents), footnotes; class: admonitions, footnotes, task lists,
        # permalinks. Both go through _filter_attribute.
        "*": frozenset({"id", "class", "title", "lang", "dir"}),
        "a": frozenset({"href", "hreflang"}),
        "img": frozenset(
            {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
             "fetchpriority"}
        ),  # fmt: skip
        "source": frozenset({"src", "srcset", "sizes", "type", "media", "width", "height"}),
        "audio": frozenset({"src", "controls", "preload", "loop", "muted"}),
        "video": frozenset(
            {"src", "controls", "preload", "loop", "muted", "poster", "width", "height",
             "playsinline"}
        ),  # fmt: skip
        "track": frozenset({"src", "kind", "srclang", "label", "default"}),
        "td": frozenset({"colspan", "rowspan", "style"}),
        "th": frozenset({"colspan", "rowspan", "scope", "style"}),
        "ol": frozenset({"start", "reversed", "type"}),
        "li": frozenset({"value"}),
        "col": frozenset({"span"}),
        "colgroup": frozenset({"span"}),
        "time": frozenset({"datetime"}),
        "details": frozenset({"open"}),
        "blockquote": frozenset({"cite"}),
        "q": frozenset({"cite"}),
        "del": frozenset({"cite", "datetime"}),
        "ins": frozenset({"cite", "datetime"}),
    }
)
# Attributes allowed with these values only.
SITE_ATTRIBUTE_VALUES: Mapping[str, Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        "a": {"target": frozenset({"_blank", "_self"})},
        "input": {"checked": frozenset({"", "checked"})},
        "td": {"align": frozenset({"left", "right", "center"})},
        "th": {"align": frozenset({"left", "right", "center"})},
    }
)
# Every <input> left is a task list's checkbox that nobody can tick.
FORCED_ATTRIBUTES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"input": {"type": "checkbox", "disabled": ""}}
)
# Tables of Python-Markdown align a column with style="text-align: ...": nothing else of a style.
STYLE_PROPERTIES = frozenset({"text-align"})

ADMONITION_TYPES = frozenset(
    {
        "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
        "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
        "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
    }
)  # fmt: skip
SITE_CLASSES = ADMONITION_TYPES | frozenset(
    {
        "admonition", "admonition-title", "footnote", "footnote-ref", "footnote-backref",
        "headerlink", "toc", "toctitle", "task-list", "task-list-item", "task-list-control",
        "task-list-indicator", "highlight", "codehilite", "linenums", "linenos", "lineno", "hll",
        "filename", "md-button", "md-button--primary",
    }
)  # fmt: skip
# A fenced block's language; Pygments' short token classes on the spans of highlighted code.
_CLASS_PATTERN = re.compile(r"language-[a-z0-9_+#.-]+")
_TOKEN_CLASS = re.compile(r"[a-z]{1,2}[a-z0-9]?")
# Material's own elements have ids that start with "__" (__drawer, __search, ...): a post must not
# clobber them.
_THEME_ID = re.compile(r"__|md-")
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
# ASCII tab and newlines are ignored inside URLs by browsers ('java\tscript:').
_URL_NOISE = dict.fromkeys(map(ord, "\t\n\r"))
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "cite", "data", "action"})


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        kept = [token for token in value.split() if _class_allowed(tag, token)]
        return " ".join(kept) if kept else None
    if name == "id":
        return None if _THEME_ID.match(value) else value
    if name == "srcset" and any(
        _scheme(candidate) not in (None, "http", "https")
        # the value without its spaces too: 'java script:' is no URL, yet refused all the same
        for candidate in [*_srcset_urls(value), "".join(value.split())]
    ):
        return None
    return value


def _class_allowed(tag: str, token: str) -> bool:
    if token in SITE_CLASSES or _CLASS_PATTERN.fullmatch(token):
        return True
    return tag == "span" and bool(_TOKEN_CLASS.fullmatch(token))


def _srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url.translate(_URL_NOISE))
    return match[1].lower() if match else None


def site_cleaner() -> nh3.Cleaner:
    """The sanitiser of post bodies on the site (one per renderer: it holds compiled state)."""
    return nh3.Cleaner(
        tags=set(SITE_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in SITE_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        tag_attribute_values={
            tag: {name: set(values) for name, values in attributes.items()}
            for tag, attributes in SITE_ATTRIBUTE_VALUES.items()
        },
        set_tag_attribute_values={tag: dict(values) for tag, values in FORCED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


def _parse(fragment: str) -> etree._Element | None:
    if not fragment.strip():
        return None
    import lxml.html

    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def _elements(fragment: str) -> Iterator[etree._Element]:
    root = _parse(fragment)
    if root is None:
        return
    for element in root.iterdescendants():
        if isinstance(element.tag, str):  # comments and processing instructions aside
            yield element


def _parts(fragment: str) -> Counter[tuple[str, ...]]:
    """What a fragment is made of, as a multiset: elements, attributes, classes, style
    properties, URL schemes. Independent of quoting, attribute order and serialisation."""
    parts: Counter[tuple[str, ...]] = Counter()
    for element in _elements(fragment):
        tag = element.tag.lower()
        parts["tag", tag] += 1
        for name, value in element.attrib.items():
            name = name.lower()
            if name == "class":
                parts.update(("class", tag, token) for token in value.split())
            elif name == "style":
                properties = (item.split(":", 1)[0].strip().lower() for item in value.split(";"))
                parts.update(("style", tag, item) for item in properties if item)
            elif tag == "input" and name == "type":  # every <input> is made a checkbox
                parts["attribute", tag, f"type={value.strip().lower()}"] += 1
            else:
                parts["attribute", tag, name] += 1
            if name in URL_ATTRIBUTES:
                urls = _srcset_urls(value) if name == "srcset" else [value]
                parts.update(("url", tag, name, s) for url in urls if (s := _scheme(url)))
    return parts


def removed_parts(before: str, after: str) -> tuple[str, ...]:
    """What cleaning took out of ``before`` to give ``after``, in words for an editor, sorted:
    'thẻ script', 'thuộc tính onclick (thẻ p)', 'lớp x (thẻ div)', 'kiểu color (thẻ p)',
    'liên kết javascript: (href, thẻ a)'. Empty when nothing was removed."""
    if before == after or _unchanged(before, after):  # most bodies: nothing to parse
        return ()
    kept = _parts(after)
    gone = _parts(before) - kept
    words = set()
    for part in gone:
        kind, tag, *rest = part
        if kind != "tag" and ("tag", tag) not in kept:
            continue  # an attribute of an element removed altogether: the element says it
        if kind == "tag":
            words.add(f"thẻ {tag}")
        elif kind == "attribute":
            words.add(f"thuộc tính {rest[0]} (thẻ {tag})")
        elif kind == "class":
            words.add(f"lớp {rest[0]} (thẻ {tag})")
        elif kind == "style":
            words.add(f"kiểu {rest[0]} (thẻ {tag})")
        else:
            words.add(f"liên kết {rest[1]}: ({rest[0]}, thẻ {tag})")
    # a URL dropped for its scheme also drops its attribute: the scheme says more
    for part in gone:
        if part[0] == "url":
            words.discard(f"thuộc tính {part[2]} (thẻ {part[1]})")
    return tuple(sorted(words))


# Comments go in cleaning and are never reported (parts are elements); the Markdown engine writes
# the headings' permalink sign as an entity, the cleaner as the character.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _unchanged(before: str, after: str) -> bool:
    """Whether cleaning changed nothing but comments and the permalink sign's spelling: the
    usual post, whose two parses :func:`_parts` would find equal."""
    return _COMMENT.sub("", before).replace("&para;", "\u00b6") == after


# What makes a reader's browser fetch a file: these attributes on any element.
_FETCHING_ATTRIBUTES = ("src", "srcset", "poster", "data")
# Any of them with a value, however spelled; a fragment without one loads nothing (no parse).
_FETCHING = re.compile(r"\b(?:src|srcset|poster|data)\s*=", re.IGNORECASE)


def remote_media(fragment: str) -> tuple[str, ...]:
    """URLs of other hosts that the fragment makes a browser load (images, media, frames), in
    order of appearance, each once. Links (``href``) are not loaded, so not counted."""
    # Most bodies name none of the attributes: a containment test over the case-folded text
    # (folding turns the long s into s, as the pattern's IGNORECASE matches it) is a tenth of
    # the pattern's search.
    folded = fragment.casefold()
    if not any(name in folded for name in ("src", "poster", "data")):
        return ()
    if _FETCHING.search(fragment) is None:
        return ()
    found: dict[str, None] = {}
    for element in _elements(fragment):
        for name in _FETCHING_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            for url in _srcset_urls(value) if name == "srcset" else [value.strip()]:
                if is_remote(url):
                    found[url] = None
    return tuple(found)


def is_remote(url: str) -> bool:
    """True for a URL on another host: a scheme with '//' or a protocol-relative '//host'."""
    url = url.translate(_URL_NOISE).strip().replace("\\", "/")
    scheme = _scheme(url)
    # 'https:host/x' is host-based too: browsers read special schemes without the slashes.
    return url.startswith("//") or scheme in _HOST_SCHEMES or (scheme is not None and "://" in url)


_HOST_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
