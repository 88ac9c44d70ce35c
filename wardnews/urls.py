"""Every URL of the site in one place: the section's path segments, the names of its feeds and
embeds, and the join with ``site_url``. Other modules ask this one; none writes a segment itself.

URLs are relative to the site root ('tin-tuc/b/'), ASCII, and a page's URL ends with '/'. This
module imports nothing of the package, so every stage, reading posts included, may ask it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

# The section's own folders, under its prefix ('tin-tuc/...'). A post may not take one as slug.
PAGE = "trang"  # later pages of a list: 'tin-tuc/trang/2/'
CRITERIA = "tieu-chi"  # criteria index and one page per criterion
ARCHIVE = "luu-tru"  # archive index and one page per month
FILES = "tep"  # attachments next to the posts
IMAGES = "anh"  # images of posts, through the image pipeline (one flat folder)
EMBED = "nhung"  # embed kit: the page, the widget, the banners
STATUS = "tinh-hinh"  # how every posting rule stands
AUDIO = "am-thanh"  # audio of radio programmes, named by content hash (one flat folder)
# The district's side (wardnews.district): its wards' gathered news and the supervision board.
DISTRICT = "don-vi"  # 'tin-tuc/don-vi/', 'tin-tuc/don-vi/<ward>/', 'tin-tuc/don-vi/tieu-chi/<c>/'
BOARD = "giam-sat"  # 'tin-tuc/giam-sat/'
SCHEDULE = "lich-phat-song"  # the radio schedule page and its calendar file
# Where the engine renders the shells the core fills (wardnews.site.shell); removed after.
SHELL_ROOT = "__wardnews_shell__"
_SLUG = re.compile(r"[a-z0-9-]+")  # a criterion's slug in a URL
RESERVED_SLUGS = frozenset(
    {PAGE, CRITERIA, ARCHIVE, FILES, IMAGES, EMBED, STATUS, AUDIO, DISTRICT, BOARD, SCHEDULE}
)
# A ward's slug under 'tin-tuc/don-vi/' may not take these.
RESERVED_DISTRICT_SLUGS = frozenset({PAGE, CRITERIA})

RSS_NAME, ATOM_NAME, JSON_NAME, XSL_NAME = "rss.xml", "atom.xml", "feed.json", "rss.xsl"
WIDGET_NAME = "tin-moi.html"
CALENDAR_NAME = "lich-phat-song.ics"
# The podcast of the radio programmes and its channel image (Apple wants 1400-3000 px square).
PODCAST_NAME, PODCAST_IMAGE_NAME = "podcast.xml", "podcast-1400.png"
# The web editor's page (wardnews.admin), at the site's root, outside the section: left out of
# the sitemap, the search index and the feeds, marked noindex.
ADMIN = "quan-tri"
# Its files: the page, the vendored bundle, and wardnews' own script and stylesheet.
ADMIN_PAGE = "index.html"
ADMIN_BUNDLE, ADMIN_SCRIPT, ADMIN_STYLE = "decap-cms.js", "wardnews-cms.js", "wardnews-cms.css"
# Where the theme (Material's search plugin) writes its index; wardnews merges posts into it.
SEARCH_INDEX = "search/search_index.json"
# The split search index (wardnews.site.search_index): term files and document files by number,
# and the theme's search worker, which wardnews' own takes the place of.
SEARCH_FOLDER = "search/wardnews"  # kept across serve rebuilds with the section (site.writer)
SEARCH_TERMS = SEARCH_FOLDER + "/t/{}.json"
SEARCH_DOCS = SEARCH_FOLDER + "/d/{}.json"
THEME_SEARCH_WORKER = "assets/javascripts/workers/search.*.min.js"


def admin_file(name: str) -> str:
    """A file of the web editor's page: 'quan-tri/config.yml'."""
    return f"{ADMIN}/{name}"


class _Slugged(Protocol):
    slug: str


def site_root(site_url: str) -> str:
    """``site_url`` with exactly one trailing slash ('' without a ``site_url``)."""
    return site_url.rstrip("/") + "/" if site_url else ""


def absolute(site_url: str, url: str) -> str:
    """Full address of a site URL, for feeds and snippets; stays relative without ``site_url``."""
    return site_root(site_url) + url


def address(site_url: str, url: str) -> str:
    """Full address of a site URL, for the sitemap and printed pages; root-relative ('/tin-tuc/')
    without ``site_url``."""
    return (site_root(site_url) or "/") + url


@dataclass(frozen=True)
class Links:
    """URLs of the section under ``prefix`` ('tin-tuc'), all relative to the site root."""

    prefix: str

    def _paged(self, base: str, page: int) -> str:
        return base if page == 1 else f"{base}{PAGE}/{page}/"

    def index(self, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/", page)

    def post(self, post: _Slugged) -> str:
        return f"{self.prefix}/{post.slug}/"

    def criteria_index(self) -> str:
        return f"{self.prefix}/{CRITERIA}/"

    def criterion(self, slug: str, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/{CRITERIA}/{slug}/", page)

    def criterion_in(self, page_url: str) -> str | None:
        """The criterion slug of a URL under a criterion's page, else None."""
        # Called for every page of a build: string tests, not a pattern made per call.
        start = f"{self.prefix}/{CRITERIA}/"
        if not page_url.startswith(start):
            return None
        slug, slash, _ = page_url[len(start) :].partition("/")
        return slug if slash and _SLUG.fullmatch(slug) else None

    def archive_index(self) -> str:
        return f"{self.prefix}/{ARCHIVE}/"

    def archive_month(self, year: int, month: int, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/{ARCHIVE}/{year}/{month:02d}/", page)

    def status_page(self) -> str:
        return f"{self.prefix}/{STATUS}/"

    def schedule(self) -> str:
        return f"{self.prefix}/{SCHEDULE}/"

    def calendar(self) -> str:
        """The radio schedule as an iCalendar file, beside the schedule page."""
        return f"{self.prefix}/{SCHEDULE}/{CALENDAR_NAME}"

    def attachment(self, folders: Sequence[str], leaf: str) -> str:
        """A file next to the posts, by its (already ASCII) folders and file name."""
        return "/".join([self.prefix, FILES, *folders, leaf])

    def images_folder(self) -> str:
        return f"{self.prefix}/{IMAGES}/"

    def audio_folder(self) -> str:
        return f"{self.prefix}/{AUDIO}/"

    def podcast(self) -> str:
        return f"{self.prefix}/{PODCAST_NAME}"

    def podcast_image(self) -> str:
        return self.embed_file(PODCAST_IMAGE_NAME)

    def embed_page(self) -> str:
        return f"{self.prefix}/{EMBED}/"

    def embed_file(self, name: str) -> str:
        """A file beside the embed-kit page: the widget, a banner."""
        return f"{self.prefix}/{EMBED}/{name}"

    def widget(self) -> str:
        return self.embed_file(WIDGET_NAME)

    def feed_xsl(self) -> str:
        return f"{self.prefix}/{XSL_NAME}"

    def feeds(self, page: str, json: bool = False) -> tuple[str, ...]:
        """RSS, Atom (and JSON Feed) of the list page ``page``."""
        names = (RSS_NAME, ATOM_NAME, JSON_NAME) if json else (RSS_NAME, ATOM_NAME)
        return tuple(page + name for name in names)

    # The district's side (wardnews.district).
    def district_index(self, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/{DISTRICT}/", page)

    def district_ward(self, slug: str, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/{DISTRICT}/{slug}/", page)

    def district_criterion(self, slug: str, page: int = 1) -> str:
        return self._paged(f"{self.prefix}/{DISTRICT}/{CRITERIA}/{slug}/", page)

    def board_page(self) -> str:
        return f"{self.prefix}/{BOARD}/"
