"""HTML that leaves the site: feeds and the widget, cleaned with a real sanitiser (nh3/ammonia).

A district portal that imports the ward's RSS pastes item content into its own pages, so whatever
an editor typed into a post (a ``<script>``, an ``onerror=``, a ``javascript:`` link, an iframe)
must not travel. Cleaning is an allowlist: prose, links, images, lists, headings, quotes and
tables survive; everything else is dropped. The site's own pages are not cleaned here: editors
may use raw HTML there, on their own portal, as Markdown allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import nh3

# Prose, lists, headings, quotes, tables, figures. No forms, frames, media players or styling.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
# No id (it could clash with, or clobber, ids of the portal's page), no class, no style.
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "a": frozenset({"href", "title", "hreflang"}),
        "img": frozenset({"src", "alt", "width", "height", "title"}),
        "abbr": frozenset({"title"}),
        "td": frozenset({"colspan", "rowspan"}),
        "th": frozenset({"colspan", "rowspan", "scope"}),
        "ol": frozenset({"start"}),
        "time": frozenset({"datetime"}),
    }
)
# data: is refused too, images included: an inline image in a feed is a way to smuggle a large or
# scripted (SVG) payload, and every image of a post already has an absolute URL on the site.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Dropped with everything inside: their text is code or a fallback, never prose.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "select"}
)
LINK_REL = "noopener"


def clean_html(html: str, *, link_target: str | None = None) -> str:
    """The HTML fragment with only allowed tags, attributes and URL schemes left.

    Links get ``rel="noopener"``. ``link_target`` (e.g. ``"_parent"`` for the widget) is set on
    every link, whatever the input said.
    """
    forced = {"a": {"target": link_target}} if link_target else None
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        set_tag_attribute_values=forced,
    )
