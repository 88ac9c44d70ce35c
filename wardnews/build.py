"""One build of the news section, engine-neutral: read and check, then compute every output.

An engine door (the MkDocs hooks) calls :func:`prepare_build` once per build, shows its
``notices``, hands ``pages`` and ``assets`` to the engine's renderer, puts ``head_html`` into
each page's head and writes ``outputs`` when the engine has written its own files.
"""

from __future__ import annotations

import functools
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.bccache import Bucket, BytecodeCache

from wardnews.compliance.cadence import check_cadence, status_lines
from wardnews.content.config import parse_unit_config, section_lines
from wardnews.content.project import Project, current_time, load_project
from wardnews.problems import Problem, Severity, WardnewsError, errors_only
from wardnews.site.plan import Asset, GeneratedPage, SitePlan, plan_site
from wardnews.site.shell import (
    SEARCH_TEXT_CHARS,
    SHELL_ROOT,
    Shell,
    depth,
    fill_pages,
    head_html,
    merge_search_index,
    render_sitemap,
    search_text,
    shell_pages,
)
from wardnews.site.status_page import status_page
from wardnews.site.writer import SiteFile, write_files
from wardnews.syndication.outputs import OutputFile, Syndication, build_syndication
from wardnews.templating import Templates
from wardnews.urls import SEARCH_INDEX, Links

if TYPE_CHECKING:
    from wardnews.content.markdown_config import MarkdownSettings
    from wardnews.session import BuildSession


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
    # head tags by what they depend on (Syndication.head_key): most pages share them
    _heads: dict[object, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def pages(self) -> tuple[GeneratedPage, ...]:
        """Every page of the section, whoever renders it."""
        extra = tuple(p for p in (self.syndication.page, self.status) if p is not None)
        return self.plan.pages + extra

    @property
    def engine_pages(self) -> tuple[GeneratedPage, ...]:
        """The pages the engine renders: the section's entry pages and one shell per depth."""
        return tuple(p for p in self.pages if p.engine) + tuple(shell_pages(self.pages))

    @property
    def assets(self) -> tuple[Asset, ...]:
        return self.plan.assets

    @property
    def outputs(self) -> tuple[OutputFile, ...]:
        return tuple(self.syndication.files)

    def head_html(self, page_url: str) -> str:
        """Tags for a page's <head>: feed autodiscovery, Open Graph image."""
        if page_url.startswith(SHELL_ROOT):
            return ""  # a shell gets each filled page's own head
        key = self.syndication.head_key(page_url)
        html = self._heads.get(key)
        if html is None:
            html = head_html(self.syndication.head_links(page_url), self.templates)
            self._heads[key] = html
        return html

    def search_entries(self, texts: SearchTexts | None = None) -> list[tuple[str, str, str]]:
        """(location, title, text) of every post page for the site's search."""
        entries = []
        bodies = self.post_bodies
        excerpt = (texts or SearchTexts()).excerpt
        for page in self.pages:
            if page.kind != "post":
                continue
            text = excerpt(page.title, page.description, bodies.get(page.src_uri, ""))
            entries.append((page.url, page.title, text))
        return entries

    @property
    def post_bodies(self) -> dict[str, str]:
        return {post.path: post.body for post in self.project.posts}


# Markdown punctuation, for a search excerpt without rendering every body again.
_MARKUP = re.compile(r"[#*_`>\[\]()!|]+|<[^>]+>")


def _search_text(title: str, description: str, body: str) -> str:
    excerpt = " ".join(_MARKUP.sub(" ", body).split())
    if excerpt.startswith(description):  # a teaser taken from the body: do not say it twice
        description = ""
    return search_text(f"{description} {excerpt[:SEARCH_TEXT_CHARS]}", title)


class SearchTexts:
    """Search texts of post pages by (title, description, body), kept by the build session so
    that a ``mkdocs serve`` rebuild folds only the posts that changed."""

    def __init__(self, size: int = 100_000) -> None:
        self.excerpt = functools.lru_cache(maxsize=size)(_search_text)


def finish_site(
    build: Build, site_dir: Path, engine_urls: list[str], session: BuildSession
) -> None:
    """The write step after the engine wrote its pages: fill the shells, replace the sitemap
    (posts included, no build time) and the search index (posts, folded text), write feeds,
    banners, widget, images and files next to the posts, and remove the shells."""
    shells = {}
    for page in shell_pages(build.pages):
        level = depth(page.url)
        rendered = (site_dir / page.dest_uri).read_text("utf-8")
        shells[level] = Shell.parse(level, rendered)
    files = [
        OutputFile(path, data)
        for path, data in fill_pages(shells, build.pages, build.head_html).items()
    ]
    shutil.rmtree(site_dir / SHELL_ROOT, ignore_errors=True)
    lastmods = {page.url: page.lastmod for page in build.pages}
    urls = [(url, lastmods.get(url, "")) for url in engine_urls if not url.startswith(SHELL_ROOT)]
    urls += [(page.url, page.lastmod) for page in build.pages if not page.engine]
    sitemap, sitemap_gz = render_sitemap(build.project.config.site_url, urls, build.templates)
    files += [OutputFile("sitemap.xml", sitemap), OutputFile("sitemap.xml.gz", sitemap_gz)]
    index = site_dir / SEARCH_INDEX
    if index.is_file():
        entries = build.search_entries(session.search_texts)
        excluded = [build.status.url] if build.status is not None else []
        merged = merge_search_index(index.read_bytes(), entries, excluded)
        files.append(OutputFile(SEARCH_INDEX, merged))
    site_files = [SiteFile(f.path, data=f.data) for f in [*files, *build.outputs]]
    site_files += [SiteFile(a.url, source=a.source) for a in build.assets]
    site_files += build.plan.files  # the radio calendar (site.home)
    write_files(site_dir, build.project.config.url_prefix, site_files, session.written)


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
    project = load_project(
        unit, read_cache=session.read_cache, tag_cache=session.tag_cache
    )
    now = current_time(unit)
    if project.errors:
        raise WardnewsError(list(project.problems))
    templates = session.templates(unit.templates_path)
    plan = plan_site(
        unit, project.catalog, project.posts, now, preview=preview,
        markdown=markdown, renders=session.renders, templates=templates, cache=session.page_parts,
    )  # fmt: skip
    if errors_only(list(plan.problems)):
        raise WardnewsError(list(plan.problems))
    syndication = build_syndication(
        unit, project.catalog, plan, project.posts,
        markdown=markdown, renders=session.renders, templates=templates, banners=session.banners,
    )  # fmt: skip
    found = (*project.problems, *plan.problems, *syndication.problems)
    notices = [_warning(problem) for problem in found if _shown(problem)]
    statuses = check_cadence(project.cadence, project.posts, now, unit.tz)
    for missed, line in status_lines(statuses):
        strict = missed and project.cadence.fail_build
        notices.append(Notice("warning" if missed else "info", line, strict))
    notices += [
        Notice("info", f"wardnews: chưa xuất bản {left.post.path}: {left.reason}")
        for left in plan.left_out
    ]
    status = (
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
    return Build(project, plan, syndication, now, tuple(notices), status, templates)


def _shown(problem: Problem) -> bool:
    return problem.severity is Severity.WARNING


def _warning(problem: Problem) -> Notice:
    return Notice("warning", problem.format())


class TemplateBytecode(BytecodeCache):
    """The engine's compiled templates, kept in memory for a session: a serve rebuild does not
    compile them again.

    Never on disk: bytecode read back from ``.cache/`` would be code that anyone able to write
    the CI cache could make the build run (Jinja checks only the source's checksum).
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
