"""HTML that leaves the site: feeds and the widget, cleaned with a real sanitiser (nh3/ammonia).

A district portal that imports the ward's RSS pastes item content into its own pages, so whatever
an editor typed into a post (a ``<script>``, an ``onerror=``, a ``javascript:`` link, an iframe)
must not travel. Cleaning is an allowlist: prose, links, images, lists, headings, quotes and
tables survive; everything else is dropped, ids and classes included. The site's own pages are
cleaned by :mod:`wardnews.site.sanitize`, whose prose tags, URL schemes and dropped elements
are shared here; a unit's ``unsafe_html`` opt-in never reaches the feeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import nh3

from wardnews.site.sanitize import ALLOWED_URL_SCHEMES, DROPPED_WITH_CONTENT, PROSE_TAGS

# The prose of the site's policy (wardnews.site.sanitize), without media players or forms.
ALLOWED_TAGS = PROSE_TAGS
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
