"""One build of the news section, engine-neutral: read and check, then compute every output.

An engine door (the MkDocs hooks) calls :func:`prepare_build` once per build, shows its
``notices``, hands ``pages`` and ``assets`` to the engine's renderer, puts ``head_html`` into
each page's head and writes ``outputs`` when the engine has written its own files.
"""

from __future__ import annotations

import functools
import importlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig, load_catalog_for, parse_unit_config, section_lines
from wardnews.content.dates import weekday_names
from wardnews.content.discovery import find_post_files
from wardnews.content.posts import Post, read_post, reading_context
from wardnews.content.tagging import Tagger, post_text
from wardnews.problems import Problem, Severity, WardnewsError, errors_only
from wardnews.templating import Templates
from wardnews.urls import (
    ADMIN,
    SEARCH_FOLDER,
    SEARCH_INDEX,
    SHELL_ROOT,
    THEME_SEARCH_WORKER,
    Links,
)

# The modules of the stages after reading (planning, feeds, writing, the web editor's files) are
# imported by the functions that use them: a one-off build imports them while its workers read
# the posts (prepare_later_stages, read_ahead), not before, on the one core the start-up uses.
LATER_STAGES = (
    "wardnews.admin.site",
    "wardnews.content.project",
    "wardnews.site.plan",
    "wardnews.site.shell",
    "wardnews.site.status_page",
    "wardnews.syndication.feeds",
    "wardnews.syndication.outputs",
)

if TYPE_CHECKING:
    from wardnews.content.markdown_config import MarkdownSettings
    from wardnews.content.project import Project
    from wardnews.district.pages import DistrictSection
    from wardnews.session import BuildSession
    from wardnews.site.plan import Asset, GeneratedPage, SitePlan
    from wardnews.syndication.outputs import OutputFile, Syndication


def prepare_later_stages() -> None:
    """Import :data:`LATER_STAGES` (each function also imports what it uses when it runs), and
    load what they all use once: Babel's Vietnamese weekday names."""
    for name in LATER_STAGES:
        importlib.import_module(name)
    weekday_names()


@dataclass(frozen=True)
class Notice:
    """A line for the build log. ``strict`` ones count as warnings of a strict build."""

    level: str  # "warning" | "info"
    text: str
    strict: bool = False


@dataclass(frozen=True)
class Build:
    project: Project
    plan: SitePlan
    syndication: Syndication
    now: datetime
    notices: tuple[Notice, ...]
    status: GeneratedPage | None = None
    templates: Templates = field(default_factory=Templates, compare=False)
    district: DistrictSection | None = None  # a district's gathered news and board
    # head tags by what they depend on (Syndication.head_key): most pages share them
    _heads: dict[object, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def pages(self) -> tuple[GeneratedPage, ...]:
        """Every page of the section, whoever renders it."""
        extra = tuple(p for p in (self.syndication.page, self.status) if p is not None)
        return self.plan.pages + extra + (self.district.pages if self.district else ())

    @property
    def engine_pages(self) -> tuple[GeneratedPage, ...]:
        """The pages the engine renders: the section's entry pages and one shell per depth."""
        from wardnews.site.shell import shell_pages

        return tuple(p for p in self.pages if p.engine) + tuple(shell_pages(self.pages))

    @property
    def kept_folders(self) -> tuple[str, ...]:
        """The site folders only the core writes (the section, the split search index, the web
        editor's page with its 5 MB bundle): a serve rebuild keeps them and rewrites only what
        changed (wardnews.site.writer)."""
        return self.project.config.url_prefix, SEARCH_FOLDER, ADMIN

    @property
    def assets(self) -> tuple[Asset, ...]:
        return self.plan.assets

    @property
    def outputs(self) -> tuple[OutputFile, ...]:
        return tuple(self.syndication.files) + (self.district.files if self.district else ())

    def head_html(self, page_url: str) -> str:
        """Tags for a page's <head>: feed autodiscovery, Open Graph image."""
        if page_url.startswith(SHELL_ROOT):
            return ""  # a shell gets each filled page's own head
        key = self.syndication.head_key(page_url)
        html = self._heads.get(key)
        if html is None:
            from wardnews.site.shell import head_html

            html = head_html(self.syndication.head_links(page_url), self.templates)
            self._heads[key] = html
        return html


def finish_site(
    build: Build, site_dir: Path, engine_urls: list[str], session: BuildSession
) -> None:
    """The write step after the engine wrote its pages: fill the shells, replace the sitemap
    (posts included, no build time) and the search index (posts, folded text), write feeds,
    banners, widget, images and files next to the posts, and remove the shells."""
    from wardnews.admin.site import admin_files, preview_styles
    from wardnews.site.search_index import split_with_posts
    from wardnews.site.shell import Shell, depth, fill_page, render_sitemap, shell_pages
    from wardnews.site.writer import SiteFile, write_files
    from wardnews.syndication.outputs import OutputFile

    shells = {}
    for page in shell_pages(build.pages):
        level = depth(page.url)
        rendered = (site_dir / page.dest_uri).read_text("utf-8")
        shells[level] = Shell.parse(level, rendered)
    shutil.rmtree(site_dir / SHELL_ROOT, ignore_errors=True)
    lastmods = {page.url: page.lastmod for page in build.pages}
    urls = [(url, lastmods.get(url, "")) for url in engine_urls if not url.startswith(SHELL_ROOT)]
    urls += [(page.url, page.lastmod) for page in build.pages if not page.engine]
    site_url = build.project.config.site_url
    sitemap, sitemap_gz = session.remembered(  # a serve rebuild after an edit: the same URLs
        ("sitemap", site_url, tuple(urls)),
        lambda: render_sitemap(site_url, urls, build.templates),
    )
    files = [OutputFile("sitemap.xml", sitemap), OutputFile("sitemap.xml.gz", sitemap_gz)]
    index = site_dir / SEARCH_INDEX
    workers = sorted(site_dir.glob(THEME_SEARCH_WORKER))
    if index.is_file() and workers:  # the theme's search, answered from a split index
        excluded = [build.status.url] if build.status is not None else []
        # The posts' words were found with their pages (SitePlan.search): the theme's pages go
        # first, then the posts.
        split = split_with_posts(
            index.read_bytes(), build.plan.search, excluded, session.search_texts
        )
        files += [OutputFile(*file) for file in split]
        worker = build.templates.source("site/search-worker.js").encode("utf-8")
        files += [OutputFile(path.relative_to(site_dir).as_posix(), worker) for path in workers]
    # Pages are filled as they are written: a large archive's pages are never all in memory.
    # What a page is filled from is its key for the next build of a serve session.
    keyed = session.preview
    # The files that take long to make or copy go first (the web editor's script is 5 MB): the
    # processes take the files in order, and those would otherwise keep one of them busy after
    # the other has finished.
    project = build.project  # the web editor's page (wardnews.admin), outside the section
    admin = admin_files(project.config, project.catalog, build.templates, preview_styles(site_dir))
    site_files = [*build.plan.files]  # the radio calendar (site.home)
    site_files += [SiteFile(f.path, data=f.data, source=f.source) for f in admin]
    site_files += [
        SiteFile(
            page.dest_uri,
            make=functools.partial(fill_page, shells, page, build.head_html),
            key=(shells[depth(page.url)], page, build.head_html(page.url)) if keyed else None,
        )
        for page in build.pages
        if not page.engine
    ]
    site_files += [SiteFile(f.path, data=f.data) for f in files]
    site_files += [SiteFile(a.url, source=a.source) for a in build.assets]

    def outputs() -> list[SiteFile]:
        # Feeds and banners may still be in the making on another core (Syndication.files):
        # asked for after the pages are written, not before.
        return [SiteFile(f.path, data=f.data) for f in build.outputs]

    # A one-off build records nothing of what it writes: no build of its session comes after.
    written = session.written if session.preview else None
    write_files(site_dir, build.kept_folders, site_files, written, session.workers, outputs)


def prepare_build(
    section: Any,
    root: Path,
    *,
    site_url: str = "",
    preview: bool = False,
    session: BuildSession,
    markdown: MarkdownSettings | None = None,
    config_file: Path | None = None,
) -> Build:
    """Everything a build needs, from the ``extra.wardnews`` section of the configuration.

    ``markdown``: the Markdown of mkdocs.yml, as the engine validated it (default: MkDocs' own
    extensions only). ``session`` keeps the caches that serve the next build of the process.

    Raises WardnewsError with every problem when the configuration or a post is invalid: no
    page is produced from a project that has an error, and none is dropped silently.
    """
    lines = section_lines(config_file) if config_file else None  # mkdocs.yml's lines
    unit, problems = parse_unit_config(section, root, site_url=site_url, lines=lines)
    if unit is None:
        raise WardnewsError(problems)
    # The banners depend on the titles only: drawn on another core from now on. Started before
    # the posts are read, they take the core the reading stage leaves idle (its last, serial
    # part) rather than slowing one of the two processes that render the pages.
    session.banners.start(unit.unit_title, unit.section_title, session.workers)
    ahead = read_ahead(unit, session)
    # The later stages: imported by now in a one-off build with workers (see LATER_STAGES).
    from wardnews.compliance.cadence import check_cadence, status_lines
    from wardnews.content.project import current_time, load_project
    from wardnews.site.plan import plan_site
    from wardnews.site.status_page import status_page
    from wardnews.syndication.outputs import build_syndication

    def load(suggest: bool) -> Project:
        return load_project(
            unit, read_cache=session.read_cache, tag_cache=session.tag_cache,
            loaded=ahead.catalog if ahead else None, found=ahead.found if ahead else None,
            read=ahead.read if ahead else None, matched=ahead.matched if ahead else None,
            suggest=suggest,
        )  # fmt: skip

    # A build shows the warnings, not the notes (criteria a post's keywords suggest): the posts
    # that name their criteria are matched only when the build fails, to list them with the
    # errors (as `wardnews check` does).
    project = load(suggest=False)
    now = current_time(unit)
    if project.errors:
        raise WardnewsError(list(load(suggest=True).problems))
    session.settle()
    templates = session.templates(unit.templates_path)
    cadence: dict[str, Any] = {}

    def check_the_cadence() -> None:
        # The cadence and the status page depend on the posts only: made here while the workers
        # start on the post pages (plan_site's meanwhile), not while they wait.
        statuses = check_cadence(project.cadence, project.posts, now, unit.tz)
        cadence["statuses"] = statuses
        cadence["status"] = (
            status_page(
                unit,
                project.catalog,
                project.posts,
                statuses,
                now,
                Links(unit.url_prefix),
                templates,
            )
            if unit.status_page
            else None
        )

    plan = plan_site(
        unit, project.catalog, project.posts, now, preview=preview,
        markdown=markdown, renders=session.renders, templates=templates, cache=session.page_parts,
        workers=session.workers, search_texts=session.search_texts,
        markup_for=carried_by_feeds(unit, project.catalog, project.posts, now),
        meanwhile=check_the_cadence,
    )  # fmt: skip
    if errors_only(list(plan.problems)):
        raise WardnewsError(list(plan.problems))
    syndication = build_syndication(
        unit, project.catalog, plan, project.posts,
        markdown=markdown, renders=session.renders, templates=templates, banners=session.banners,
        workers=session.workers, feed_files=session.feed_files,
    )  # fmt: skip
    found = (*project.problems, *plan.problems, *syndication.problems)
    notices = [_warning(problem) for problem in found if _shown(problem)]
    if not cadence:  # the plan stopped before its post pages
        check_the_cadence()
    statuses, status = cadence["statuses"], cadence["status"]
    for missed, line in status_lines(statuses):
        strict = missed and project.cadence.fail_build
        notices.append(Notice("warning" if missed else "info", line, strict))
    notices += [
        Notice("info", f"wardnews: chưa xuất bản {left.post.path}: {left.reason}")
        for left in plan.left_out
    ]
    district = None
    if unit.sources:  # a district: its modules are read only by a district's builds
        from wardnews.district.pages import plan_district

        district = plan_district(unit, project.catalog, now, templates)
    notices += [Notice("warning", text) for text in (district.warnings if district else ())]
    return Build(project, plan, syndication, now, tuple(notices), status, templates, district)


def carried_by_feeds(
    unit: UnitConfig, catalog: Catalog, posts: Sequence[Post], now: datetime
) -> set[str]:
    """The posts (by path) some feed will carry: the plan keeps Markdown's HTML of their bodies
    for the feeds (none without ``site_url``: no feed is made)."""
    from wardnews.syndication.feeds import feed_members

    if not unit.site_url:
        return set()
    published = [post for post in posts if post.is_published(now)]
    return {post.path for _, carried in feed_members(unit, catalog, published) for post in carried}


@dataclass(frozen=True)
class ReadAhead:
    """What the workers of a one-off build read before the reading stage: the post files found
    (:func:`find_post_files`), what reading each gave (:func:`read_post`, in the same order) and
    the keyword matches of each post without criteria (``Tagger.codes_for``, by path). The
    reading stage takes them as they are and reports as it always does: no file is read twice."""

    catalog: tuple[Catalog, list[Problem]]  # as load_catalog_for gave it: the posts' catalog
    found: tuple[list[Path], list[Problem]]
    read: list[tuple[Post | None, list[Problem]]]
    matched: dict[str, tuple[str, ...]]


def read_ahead(unit: UnitConfig, session: BuildSession) -> ReadAhead | None:
    """Read and match the posts in the session's workers (None with one process, or when the
    catalog is unusable: the reading stage then reads, and reports the catalog)."""
    catalog, problems = load_catalog_for(unit) if session.workers.count > 1 else (None, [])
    if catalog is None:
        return None
    found = find_post_files(unit)
    context = reading_context(unit, catalog)
    tagger = Tagger.from_catalog(catalog)  # equal to the one tag_and_suggest makes

    def read(file: Path) -> tuple[Post | None, list[Problem], tuple[str, ...] | None]:
        post, problems = read_post(file, unit, catalog, context)
        if post is None or post.criteria:  # see prepare_build: nothing to suggest in a build
            return post, problems, None
        return post, problems, tagger.codes_for(post_text(post))

    # The parent imports the later stages while the children start reading (see LATER_STAGES).
    results = session.workers.map(read, found[0], meanwhile=prepare_later_stages)
    matched = {post.path: codes for post, _, codes in results if codes is not None}
    read = [(post, post_problems) for post, post_problems, _ in results]
    return ReadAhead((catalog, problems), found, read, matched)


def _shown(problem: Problem) -> bool:
    return problem.severity is Severity.WARNING


def _warning(problem: Problem) -> Notice:
    return Notice("warning", problem.format())
