"""The news section as values: which pages exist, at which URL, with which content.

:func:`plan_site` is the middle of read -> build -> write: it takes validated posts and returns a
:class:`SitePlan`; the MkDocs hooks (or any other engine) only hand its pages to the renderer.
"""

from __future__ import annotations

import os
import zlib
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from wardnews.content.catalog import Catalog
from wardnews.content.config import UnitConfig
from wardnews.content.dates import month_name_vi
from wardnews.content.markdown_config import MarkdownSettings
from wardnews.content.posts import Post, looks_like_post, relative
from wardnews.content.text import relative_url, slugify
from wardnews.problems import Problem, shorten
from wardnews.site import attachments, render
from wardnews.site.home import Fragment, resident_extras
from wardnews.site.markup import RenderCache, SiteBody, SiteBodyRenderer, body_problems
from wardnews.site.post_audio import SiteAudio, prepare_audio
from wardnews.site.post_images import is_image, prepare_images
from wardnews.site.render import PartsCache
from wardnews.site.search_index import SearchTexts, SearchWords, post_search_words
from wardnews.site.writer import SiteFile
from wardnews.templating import Templates
from wardnews.urls import Links, address
from wardnews.workers import Workers


@dataclass(frozen=True)
class GeneratedPage:
    """A page the engine renders. ``url`` is relative to the site root, 'a/b/'.

    ``markdown`` is what the engine's Markdown sees (meta and, for a post, the editor's body).
    HTML the core already made is not sent through Markdown again (parsing it back costs more
    than the rest of the page): when ``html`` is set, the engine uses it as the whole content.
    """

    src_uri: str
    url: str
    title: str
    markdown: str
    kind: str = "list"
    html: str | None = None
    # False: the core fills an engine-rendered shell with ``html`` (wardnews.shell) instead of
    # sending the page through the engine; most pages of a large archive go that way.
    engine: bool = True
    description: str = ""
    lastmod: str = ""  # ISO date for the sitemap, posts only
    # ``html`` compressed (a post page, see ``packed_html``): an archive's pages wait in memory
    # between the plan and the write at a fifth of their size.
    packed: bytes | None = field(default=None, repr=False)
    # Makes the HTML when it is asked for, instead of ``html`` (a list page of a one-off build:
    # made while the pages are written, by whichever process writes it, and never held).
    make: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    @property
    def dest_uri(self) -> str:
        return f"{self.url}index.html"

    @property
    def body(self) -> str | None:
        """The HTML the core made for the page (``html``, ``packed`` opened, or what ``make``
        makes), if any."""
        if self.packed is not None:
            return zlib.decompress(self.packed).decode("utf-8")
        if self.html is None and self.make is not None:
            return self.make()
        return self.html

    def content(self, rendered: str) -> str:
        """The page content, given what the engine rendered from ``markdown``."""
        body = self.body
        return body if body is not None else rendered


def packed_html(html: str) -> bytes:
    """``html`` as :attr:`GeneratedPage.packed` holds it."""
    return zlib.compress(html.encode("utf-8"), 1)


# Up to this many posts a one-off build holds its pages as text (about 50 MB at most):
# compressing them pays only when an archive's pages would not fit in memory otherwise.
PLAIN_PAGES = 2_000


def _held(html: str, plain: bool) -> dict[str, str | bytes]:
    """How a page keeps ``html``: as it is when ``plain`` (a preview, whose session caches hold
    the pages anyway, or a site of at most ``PLAIN_PAGES`` posts), else compressed."""
    return {"html": html} if plain else {"packed": packed_html(html)}


@dataclass(frozen=True)
class Asset:
    """A file next to the posts (a cover, an inline image) copied to the site."""

    source: Path
    src_uri: str
    url: str


@dataclass(frozen=True)
class LeftOut:
    post: Post
    reason: str


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[GeneratedPage, ...]
    assets: tuple[Asset, ...]
    published: tuple[Post, ...]
    left_out: tuple[LeftOut, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
    audio: SiteAudio = field(default_factory=SiteAudio, compare=False)  # player, feeds, podcast
    fragments: tuple[Fragment, ...] = ()  # added to pages of docs/ (the home page's news)
    files: tuple[SiteFile, ...] = ()  # written as they are (the radio calendar)
    # The posts' words for the split search index (site.search_index), in page order.
    search: SearchWords = field(default_factory=SearchWords, compare=False, repr=False)
    # Markdown's HTML of the bodies without a heading of the posts the feeds carry, by path: the
    # feeds take it instead of converting them again (SiteBodyRenderer.render_with_markup).
    markup: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class FoundFiles:
    """The files next to the posts: those that may be published if linked, and those refused.

    ``candidates`` carry their URL under '<prefix>/tep/'; ``refused`` maps a project-relative
    path to why it may not be published (a symlink, a type off the allowlist, content that is
    not what its extension says). ``problems``: symlinks and URL collisions, reported whether
    or not a post links the file.
    """

    candidates: tuple[Asset, ...]
    refused: dict[str, str]
    problems: tuple[Problem, ...]


def find_assets(config: UnitConfig) -> FoundFiles:
    """Every non-post, non-image file under the posts folder, judged as a possible attachment.

    Nothing here is published yet: :func:`plan_site` publishes a candidate only when a post it
    shows links it. Symlinked folders are reported by post discovery (their files are not read).
    """
    candidates: list[Asset] = []
    refused: dict[str, str] = {}
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    posts_root = config.posts_path
    for folder, dirs, files in os.walk(posts_root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or looks_like_post(name):
                continue  # posts (and names that look like posts) belong to post discovery
            file = Path(folder) / name
            shown = relative(file, config.root)
            if file.is_symlink():
                refused[shown] = attachments.symlink_message()
                problems.append(Problem(shown, None, None, refused[shown]))
                continue
            if is_image(name):
                continue  # published only through the image pipeline, never as the original
            reason = attachments.refusal(file)
            if reason is not None:
                refused[shown] = reason
                continue
            inner = file.relative_to(posts_root)
            stem, dot, ext = inner.name.rpartition(".")
            if not dot:
                stem, ext = inner.name, ""
            segments = [slugify(part) or "x" for part in inner.parent.parts]
            leaf = (slugify(stem) or "tep") + (f".{ext.lower()}" if ext else "")
            url = Links(config.url_prefix).attachment(segments, leaf)
            other = owners.setdefault(url, shown)
            if other != shown:
                problems.append(
                    Problem(
                        shown,
                        None,
                        None,
                        f"tên tệp trùng địa chỉ với {other} sau khi bỏ dấu; hãy đổi tên một tệp",
                    )
                )
                continue
            candidates.append(Asset(source=file, src_uri=shown, url=url))
    return FoundFiles(tuple(candidates), refused, tuple(problems))


def _refused_link(post: Post, url: str, target: str, reason: str) -> Problem:
    """A link in a published post's body to a file that exists but may not be published."""
    return Problem(
        post.path,
        _line_of(post, url),
        None,
        f"liên kết {shorten(url)} trỏ tới tệp {target}, tệp này không được đăng: {reason}",
    )


def _line_of(post: Post, url: str) -> int | None:
    position = post.body.find(url)
    return post.body_line + post.body.count("\n", 0, position) if position >= 0 else None


IMAGES_URI = "__wardnews_images__"


def _list_page(
    url: str,
    title: str,
    html: str | None,
    engine: bool = True,
    plain: bool = False,
    make: Callable[[], str] | None = None,
) -> GeneratedPage:
    """A page made of the core's HTML only (``html``, or what ``make`` makes when asked); kept
    out of the search index (posts are in it).

    Only the section's entry pages (those in the navigation) go through the engine; the many
    paginated, criterion and month pages are filled into a shell.
    """
    return GeneratedPage(
        f"{url}index.md",
        url,
        title,
        render.front_matter(title, search_exclude=True),
        engine=engine,
        **(_held(html, plain) if html is not None else {"make": make}),
    )


def _dead_link(post: Post, url: str, posts_dir: str) -> Problem:
    """A link in a post's body that leads to no published post and no file next to the posts."""
    return Problem(
        post.path,
        _line_of(post, url),
        None,
        f"liên kết {shorten(url)} không trỏ tới bài đã đăng hay tệp nào trong {posts_dir}/; "
        "kiểm tra tên tệp (đường dẫn tính từ thư mục của bài)",
    )


def _paginate(items: Sequence[Post], size: int) -> list[Sequence[Post]]:
    if not items:
        return [()]
    return [items[start : start + size] for start in range(0, len(items), size)]


def plan_site(
    config: UnitConfig,
    catalog: Catalog,
    posts: Sequence[Post],
    now: datetime,
    *,
    preview: bool = False,
    markdown: MarkdownSettings | None = None,
    renders: RenderCache | None = None,
    templates: Templates | None = None,
    cache: PartsCache | None = None,
    workers: Workers | None = None,
    search_texts: SearchTexts | None = None,
    markup_for: Collection[str] = (),
    meanwhile: Callable[[], object] | None = None,
) -> SitePlan:
    """Compute every page of the news section.

    ``posts`` are valid posts, newest first. Drafts and posts dated after ``now`` are left out,
    except in a ``preview`` (mkdocs serve), where they are shown with a mark. ``templates`` make
    the HTML; ``cache`` keeps teasers and list items (both fresh when not given); ``workers``
    render the post pages (one process when not given); ``search_texts`` keep the posts' search
    words (none kept when not given); ``markup_for``: the posts (by path) whose Markdown HTML the
    plan keeps for the feeds, where it may (``SitePlan.markup``); ``meanwhile``: the caller's
    work of this process alone, done while the workers start on the post pages.
    """
    templates = templates or Templates()
    cache = cache or PartsCache()
    tz = config.tz
    links = Links(config.url_prefix)
    found = find_assets(config)
    problems = list(found.problems)
    # Every candidate resolves in a body; only those a shown post links are published.
    asset_url = {asset.src_uri: asset.url for asset in found.candidates}
    by_url = {asset.url: asset for asset in found.candidates}
    assets: list[Asset] = []

    shown: list[Post] = []
    left_out: list[LeftOut] = []
    for post in posts:
        if post.is_published(now):
            shown.append(post)
            continue
        reason = "bản nháp (draft: true)" if post.draft else f"hẹn giờ đăng {post.date.isoformat()}"
        left_out.append(LeftOut(post, reason))
        if preview:
            shown.append(post)
    site_images, image_problems = prepare_images(config, shown, templates=templates)
    site_audio, audio_problems = prepare_audio(config, shown)
    problems += image_problems + audio_problems
    if any(problem.is_error for problem in image_problems + audio_problems):
        return SitePlan((), (), (), tuple(left_out), tuple(problems))
    assets += [Asset(*published) for published in site_audio.files(config.root)]
    for path, output in site_images.outputs():
        main = site_images.main(path)
        src_uri = (
            path if main is not None and main.name == output.name else f"{IMAGES_URI}/{output.name}"
        )
        assert output.path is not None  # process_images always goes through the cache
        assets.append(Asset(output.path, src_uri, site_images.folder + output.name))
        if src_uri == path:
            asset_url[path] = site_images.folder + output.name
    # Each post's teaser, made with its page (in the worker that renders it) and kept as the
    # pages come back; the list pages use them after the post pages.
    summaries: dict[str, str] = {}
    plain = preview or len(shown) <= PLAIN_PAGES  # how pages are held (_held)
    pages: list[GeneratedPage] = []
    source_line = f"{config.section_title} – {config.portal_name or config.unit_title}"
    bodies = SiteBodyRenderer(
        {post.path: links.post(post) for post in shown}, asset_url, site_images, markdown, renders,
        unsafe_html=config.unsafe_html, remote_images=config.remote_images, templates=templates,
    )  # fmt: skip

    around = cache.related(shown, links, config.site_url)  # one index; a bounded look per post

    def post_page(
        position: int,
    ) -> tuple[SiteBody, set[str], dict[str, str | bytes], Any, str, str | None, str]:
        post = shown[position]
        summary = render.post_summary(post, cache)
        if post.path in markup_for:
            rendered, markup = bodies.render_with_markup(post, links.post(post))
        else:
            rendered, markup = bodies.render(post, links.post(post)), None
        html = render.post_page(
            post,
            rendered.html,
            catalog=catalog,
            links=links,
            tz=tz,
            cover=(
                site_images.picture_values(post.image, post.image_alt, links.post(post), lazy=False)
                if post.image
                else None
            ),
            flag=render.status_flag(post, post.is_published(now), tz) if preview else None,
            address=f"{source_line}: {address(config.site_url, links.post(post))}",
            templates=templates,
            cache=cache,
            audio=site_audio.player(post, links.post(post)),
            footer=around.footer(position),
        )
        links_out = (
            attachments.linked_site_urls(rendered.html, links.post(post)) & by_url.keys()
            if by_url
            else set()
        )
        search = post_search_words(links.post(post), post.title, summary, post.body, search_texts)
        # The post's item in the lists, made here once rather than in every process that
        # renders a list page showing it (list_pages, after the post pages).
        item = render.list_item(post, summary, catalog, links, tz, templates, cache)
        # What the rest of the plan needs of the body, so that bodies do not pile up in memory.
        held = _held(html, plain)
        return replace(rendered, html=""), links_out, held, search, item, markup, summary

    # The list pages: what each shows is known now; their HTML is made from the post pages' list
    # items, after them.
    listings: list[Callable[[], GeneratedPage]] = []
    later: list[GeneratedPage | int] = []  # after the post pages, in this order; int: a listing

    def list_pages(
        items: Sequence[Post],
        url_of: Callable[[int], str],
        title: str,
        description: str = "",
        in_nav: bool = False,
    ) -> None:
        chunks = _paginate(items, config.page_size)
        for number, chunk in enumerate(chunks, start=1):
            here = url_of(number)
            page_title = title if number == 1 else f"{title} (trang {number})"

            def body(
                chunk: Sequence[Post] = chunk, here: str = here, number: int = number,
                page_title: str = page_title,
            ) -> str:  # fmt: skip
                return render.list_page(
                    chunk,
                    title=page_title,
                    here=here,
                    page=number,
                    pages=len(chunks),
                    url_of=url_of,
                    catalog=catalog,
                    links=links,
                    tz=tz,
                    summaries=summaries,
                    description=description if number == 1 else "",
                    templates=templates,
                    cache=cache,
                )

            engine = number == 1 and in_nav
            if not preview:  # made when the page is written (GeneratedPage.make)
                later.append(_list_page(here, page_title, None, engine=engine, make=body))
                continue

            def listing(
                body: Callable[[], str] = body, here: str = here, page_title: str = page_title,
                engine: bool = engine,
            ) -> GeneratedPage:  # fmt: skip
                # Made with the plan: a serve session tells an unchanged page by what it holds.
                return _list_page(here, page_title, body(), engine=engine, plain=plain)

            later.append(len(listings))
            listings.append(listing)

    def plan_lists() -> None:
        """The section's lists: what each page shows, and the criteria and archive indexes.
        Planned in this process while the workers start on the post pages."""
        list_pages(shown, links.index, config.section_title, in_nav=True)

        by_code: dict[str, list[Post]] = defaultdict(list)
        by_month: dict[tuple[int, int], list[Post]] = defaultdict(list)
        for post in shown:
            for code in post.all_criteria:
                by_code[code].append(post)
            local = post.date.astimezone(tz)
            by_month[(local.year, local.month)].append(post)

        rows = []
        here = links.criteria_index()
        for criterion in catalog.criteria:
            rows.append(
                {
                    "href": relative_url(here, links.criterion(criterion.slug)),
                    "code": criterion.code,
                    "name": criterion.name,
                    "count": len(by_code.get(criterion.code, ())),
                }
            )
            list_pages(
                by_code.get(criterion.code, []),
                lambda n, slug=criterion.slug: links.criterion(slug, n),
                f"Tiêu chí {criterion.code}: {criterion.name}",
                criterion.description,
            )
        title = "Bài viết theo tiêu chí"
        html = templates.render(
            "site/criteria_index.html", title=title, catalog_name=catalog.name, rows=rows
        )
        later.append(_list_page(here, title, html, plain=plain))

        here = links.archive_index()
        years: dict[int, list[dict[str, object]]] = defaultdict(list)
        for (year, month), month_posts in sorted(by_month.items(), reverse=True):
            label = f"{month_name_vi(month)}/{year}"
            years[year].append(
                {
                    "href": relative_url(here, links.archive_month(year, month)),
                    "label": label,
                    "count": len(month_posts),
                }
            )
            list_pages(
                month_posts,
                lambda n, y=year, m=month: links.archive_month(y, m, n),
                f"Lưu trữ {label.lower()}",
            )
        title = "Lưu trữ theo tháng"
        html = templates.render(
            "site/archive_index.html",
            title=title,
            years=[{"year": year, "months": months} for year, months in years.items()],
        )
        later.append(_list_page(here, title, html, plain=plain))

    def meanwhile_here() -> None:
        plan_lists()
        if meanwhile is not None:
            meanwhile()

    linked: set[str] = set()
    search = SearchWords()
    workers = workers or Workers()
    # The post pages, the step of the plan that costs per post: spread over the cores in
    # `mkdocs build`, results in order, taken as they come (round by round): of each post only
    # its page and what the lists, the search and the checks need stay, so 100,000 posts'
    # search words are never all in memory.
    made = workers.imap(post_page, range(len(shown)), meanwhile=meanwhile_here)
    markup: dict[str, str] = {}
    # zip, strict: the round is driven to its end, and started even without a post (the lists
    # are planned at its start, see meanwhile_here).
    for post, result in zip(shown, made, strict=True):
        rendered, links_out, held, words, item, converted, summary = result
        summaries[post.path] = summary
        if converted is not None:
            markup[post.path] = converted
        render.list_item(
            post, summaries[post.path], catalog, links, tz, templates, cache, made=item
        )
        problems += body_problems(post, rendered)
        search.add(*words)
        linked |= links_out
        for url in rendered.unresolved:
            target = attachments.link_target(post.path, url)
            if target is not None and target in found.refused:
                problems.append(_refused_link(post, url, target, found.refused[target]))
            else:
                problems.append(_dead_link(post, url, config.posts_dir))
        pages.append(
            GeneratedPage(
                post.path,
                links.post(post),
                post.title,
                render.front_matter(post.title, summaries[post.path]),
                "post",
                engine=False,
                **held,
                description=summaries[post.path],
                lastmod=post.date.astimezone(tz).date().isoformat(),
            )
        )
    # A serve session's list pages now, from the items above (every shown post is on the first
    # list); a one-off build's when they are written.
    listed = [listing() for listing in listings]
    pages += [listed[entry] if isinstance(entry, int) else entry for entry in later]

    extras = resident_extras(
        config, catalog, shown, now, images=site_images, templates=templates
    )  # the home page's news, the radio schedule and its calendar file
    pages.append(
        _list_page(extras.schedule_url, extras.schedule_title, extras.schedule_html, plain=plain)
    )
    # Attachments first, in the order of the posts folder; a file no shown post links stays home.
    published_files = [asset for asset in found.candidates if asset.url in linked]
    return SitePlan(
        pages=tuple(pages),
        assets=(*published_files, *assets),
        published=tuple(post for post in posts if post.is_published(now)),
        left_out=tuple(left_out),
        problems=tuple(problems),
        audio=site_audio,
        fragments=extras.fragments,
        files=extras.files,
        search=search,
        markup=markup,
    )
