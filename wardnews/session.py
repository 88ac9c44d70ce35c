"""One build session: every cache of the core, and what survives ``mkdocs serve`` rebuilds.

The MkDocs door makes one :class:`BuildSession` per process (``mkdocs build`` or ``mkdocs serve``,
in ``on_startup``) and the terminal one per command; each build of that process is prepared and
finished through it. Nothing else keeps state between builds: a test, like a new process, makes
a new session and starts from nothing.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from wardnews.build import Build, finish_site, prepare_build
from wardnews.content.cache import LruCache
from wardnews.content.posts import ReadCache
from wardnews.content.tagging import TagCache
from wardnews.site.search_index import SearchTexts
from wardnews.site.writer import WrittenFiles, set_aside
from wardnews.syndication.banner import BannerCache
from wardnews.templating import TemplateBytecode, Templates, bytecode_dir
from wardnews.workers import Workers

# The caches of the later stages (site.markup, site.render, syndication.feed_formats) are made
# when first asked for: their modules are imported while a one-off build's workers read the
# posts (wardnews.build.LATER_STAGES), not when the engine loads the hooks.

T = TypeVar("T")

# Allocations between two young-generation collections in a one-off build (Python's default is
# 700). Rendering a page makes thousands of short-lived objects that reference counting frees;
# at 1,000 posts the collector's time over all processes (gc.callbacks) went from 120 ms to 93 ms,
# the workers' from 35 ms to under 10 ms. The older generations keep their thresholds, so cycles
# that do outlive a page are still collected.
BATCH_YOUNG_THRESHOLD = 10_000
# A serve session: Python runs a full collection every few rebuilds (80 ms at 1,000 posts,
# measured with gc.callbacks), in the middle of whichever rebuild crosses its threshold. It runs
# instead this long after each rebuild, while the server waits for the next edit.
IDLE_COLLECTION_SECONDS = 2.0

if TYPE_CHECKING:
    from wardnews.content.markdown_config import MarkdownSettings
    from wardnews.site.markup import RenderCache
    from wardnews.site.plan import GeneratedPage
    from wardnews.site.render import PartsCache
    from wardnews.syndication.feed_formats import FeedFiles


class BuildSession:
    """Caches and the current build of one process.

    ``command`` is the engine's ('build', 'serve', or the terminal's 'check'); under 'serve',
    drafts and scheduled posts are shown with a mark.
    """

    def __init__(self, command: str = "build") -> None:
        self.command = command
        # Forked processes for the per-post steps of a one-off build, never under serve.
        self.workers = Workers.for_command(command)
        # What only a next build could reuse is not kept by a one-off build (memory).
        self._kept = kept = 100_000 if self.preview else 0
        self.written = WrittenFiles()  # what the last build wrote (site.writer)
        self.search_texts = SearchTexts(size=kept)  # search texts (site.search_index)
        self._templates: Templates | None = None
        # The engine's compiled templates (the MkDocs door gives it to the theme's environment)
        self.template_bytecode = TemplateBytecode(bytecode_dir())
        # Caches of the reading stage, for the next rebuild of a serve session (a one-off build
        # reads each post once, its workers ahead of the reading stage: build.read_ahead):
        # parsed posts (content.posts) and keyword matches (content.tagging)
        self.read_cache = ReadCache(50_000) if self.preview else None
        self.tag_cache = TagCache() if self.preview else None
        self.banners = BannerCache()  # fonts and drawn banners (syndication.banner)
        # The sitemap and the split search index by what they are made of (build.finish_site)
        self._finished: LruCache[tuple, Any] = LruCache(4)
        # The build in progress (the MkDocs door asks it at every event after on_config)
        self._build: Build | None = None
        self._builds = 0  # finished in this process
        self._frozen = False  # objects held out of the garbage collector's walks (settle)
        self._thresholds: tuple[int, ...] | None = None  # the collector's, while a build runs
        self.idle_collection_seconds = IDLE_COLLECTION_SECONDS
        self._idle: threading.Timer | None = None  # a serve session's next full collection
        self._pages: dict[str, GeneratedPage] = {}
        self.engine_urls: list[str] = []

    @functools.cached_property
    def renders(self) -> RenderCache:
        """Post bodies, for the site and the feeds (site.markup)."""
        from wardnews.site.markup import RenderCache

        return RenderCache(site=self._kept)

    @functools.cached_property
    def page_parts(self) -> PartsCache:
        """Teasers, list items and post pages (site.render)."""
        from wardnews.site.render import PartsCache

        return PartsCache(pages=self._kept)

    @functools.cached_property
    def feed_files(self) -> FeedFiles | None:
        """Files of unchanged feeds (syndication.feed_formats); a one-off build keeps none."""
        if not self.preview:
            return None
        from wardnews.syndication.feed_formats import FeedFiles

        return FeedFiles()

    def remembered(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()``, kept under ``key`` for the next build of a ``serve`` session; a one-off
        build neither keeps it nor spends time on the key."""
        if not self.preview:
            return make()
        made = self._finished.get(key)
        if made is None:
            made = make()
            self._finished.put(key, made)
        return made

    def templates(self, override_dir: Path | None) -> Templates:
        """The templates of the unit, compiled once per session (again if the folder changes)."""
        if self._templates is None or self._templates.override_dir != override_dir:
            self._templates = Templates(override_dir, watch=self.preview)
        return self._templates

    @property
    def preview(self) -> bool:
        return self.command == "serve"

    @property
    def build(self) -> Build:
        if self._build is None:
            raise RuntimeError("no build prepared in this session")
        return self._build

    def prepare(
        self,
        section: Any,
        root: Path,
        site_url: str,
        markdown: MarkdownSettings | None = None,
        config_file: Path | None = None,
    ) -> Build:
        """Prepare the next build (see :func:`wardnews.build.prepare_build`) and keep it."""
        if self._idle is not None:  # an edit came first: the collection waits for the next pause
            self._idle.cancel()
            self._idle = None
        self._batch()
        try:
            build = prepare_build(
                section,
                root,
                site_url=site_url,
                preview=self.preview,
                session=self,
                markdown=markdown,
                config_file=config_file,
            )
        except BaseException:
            self._thaw()
            raise
        self._build = build
        self._pages = {page.src_uri: page for page in build.engine_pages}
        self.engine_urls = []
        return build

    def settle(self) -> None:
        """The reading stage is over. In a one-off build with workers, what it made (posts,
        configuration, modules) lives until the build ends: Python's collector stops walking it
        (gc.freeze), here and in the workers forked from now on, which saves every later full
        collection its largest part and the workers' copies of the pages it would touch.
        :meth:`finish` (or a failed :meth:`prepare`) gives the objects back to the collector."""
        if self.workers.count > 1 and not self._frozen:
            gc.freeze()
            self._frozen = True

    def _batch(self) -> None:
        """A one-off build runs as a batch: the collector's young generation is walked every
        ``BATCH_YOUNG_THRESHOLD`` allocations, in this process and the workers forked from it,
        until :meth:`finish` (or a failed :meth:`prepare`). A serve session keeps Python's
        defaults: it lives on between rebuilds."""
        if not self.preview and self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, *older = self._thresholds
            gc.set_threshold(max(young, BATCH_YOUNG_THRESHOLD), *older)

    def _thaw(self) -> None:
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def set_aside(self, site_dir: Path) -> None:
        """Before the engine empties ``site_dir``: keep what the last build wrote."""
        set_aside(site_dir, self.build.kept_folders, self.written)

    def page_content(self, src_uri: str, rendered: str) -> str:
        """The content of the page ``src_uri``, given what the engine rendered of it."""
        page = self._pages.get(src_uri)
        if page is None:
            from wardnews.site.home import fill_fragments

            return fill_fragments(self.build.plan.fragments, src_uri, rendered)  # docs/index.md
        return page.content(rendered)

    def head_html(self, page_url: str) -> str:
        return self.build.head_html(page_url)

    def finish(self, site_dir: Path) -> None:
        """Write the section's files after the engine wrote its own (see ``finish_site``)."""
        try:
            finish_site(self.build, site_dir, self.engine_urls, self)
        finally:
            self._thaw()
        self._builds += 1
        if self.preview and self._builds == 1:
            # The first build filled the session's caches: a full collection now, while the
            # editor waits for the server anyway, and not during the first rebuild after an
            # edit (Python would run it there: the objects kept grew by more than a quarter).
            gc.collect()
        elif self.preview:
            # After a rebuild, once the browser has reloaded: the objects the collector has not
            # yet walked start from nothing again, and the next rebuild does not cross the
            # threshold (a rebuild at 1,000 posts adds less than a tenth of them).
            self._idle = threading.Timer(self.idle_collection_seconds, _collect)
            self._idle.daemon = True  # never keeps `mkdocs serve` from stopping
            self._idle.start()

    def close(self) -> None:
        """The process ends after this (the engine's last event). After a one-off build, what
        it made is held out of the collector's walks (gc.freeze) on the way out: Python's
        last full collection at exit would walk all of it (90 ms at 1,000 posts) only to free
        memory the system takes back with the process. A serve session is left as it is."""
        if not self.preview:
            gc.freeze()


def _collect() -> None:
    gc.collect()
