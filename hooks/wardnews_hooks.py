"""MkDocs door of wardnews: hands the pages computed by the core to MkDocs. No logic here."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from wardnews.cadence import check_cadence, status_lines
from wardnews.config import parse_unit_config
from wardnews.problems import Severity, WardnewsError, format_problems
from wardnews.project import current_time, load_project
from wardnews.site import SitePlan, plan_site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.wardnews")
# Outside the "mkdocs" logger tree: these warnings are shown but never fail `--strict`,
# so a missed week in the past cannot stop valid news from being published.
report = logging.getLogger("wardnews.build")
if not report.handlers:
    report.addHandler(logging.StreamHandler())
    report.handlers[0].setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    report.propagate = False
    report.setLevel(logging.INFO)

_state: dict[str, object] = {"command": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.use_directory_urls:
        raise PluginError("wardnews cần use_directory_urls: true trong mkdocs.yml")
    root = Path(config.config_file_path).parent.resolve()
    section = (config.extra or {}).get("wardnews")
    unit, problems = parse_unit_config(section, root, site_url=config.site_url or "")
    if unit is None:
        raise PluginError(format_problems(problems))
    try:
        project = load_project(unit)
        now = current_time(unit)
    except WardnewsError as exc:
        raise PluginError(str(exc)) from None
    for problem in project.problems:
        if problem.severity is Severity.WARNING:
            report.warning(problem.format())
    if project.errors:
        raise PluginError(
            "Có bài viết chưa hợp lệ, trang chưa được dựng:\n" + format_problems(list(project.problems))
        )
    plan = plan_site(unit, project.catalog, project.posts, now, preview=_state["command"] == "serve")
    if plan.problems:
        raise PluginError(format_problems(list(plan.problems)))
    for missed, line in status_lines(check_cadence(project.cadence, project.posts, now, unit.tz)):
        if missed and project.cadence.fail_build:
            log.warning(line)  # the config asks missed periods to fail a strict build
        else:
            (report.warning if missed else report.info)(line)
    for left in plan.left_out:
        log.info(f"wardnews: chưa xuất bản {left.post.path}: {left.reason}")
    _state["plan"] = plan
    _state["pages"] = plan.page_by_src()
    config.watch.append(str(unit.posts_path))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    plan: SitePlan = _state["plan"]  # type: ignore[assignment]
    for asset in plan.assets:
        file = File.generated(config, asset.src_uri, abs_src_path=str(asset.source))
        file.dest_uri = asset.url
        files.append(file)
    for page in plan.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} trùng với trang do wardnews tạo; hãy đổi tên tệp")
        file = File.generated(
            config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
        )
        file.dest_uri = page.dest_uri
        files.append(file)
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _state["pages"].get(page.file.src_uri)  # type: ignore[union-attr]
    return html if generated is None else generated.content(html)
