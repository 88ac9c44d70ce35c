"""MkDocs door of wardnews: hands what the core computed to MkDocs. No logic here."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from wardnews.build import Build, finish_site, prepare_build, template_cache_dir
from wardnews.problems import WardnewsError
from wardnews.site.writer import set_aside

if TYPE_CHECKING:
    from jinja2 import Environment
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
    try:
        build = prepare_build(
            (config.extra or {}).get("wardnews"),
            root,
            site_url=config.site_url or "",
            preview=_state["command"] == "serve",
            config_file=Path(config.config_file_path),
        )
    except WardnewsError as exc:
        raise PluginError("Trang chưa được dựng vì:\n" + str(exc)) from None
    for notice in build.notices:
        logger = log if notice.strict else report
        logger.log(logging.WARNING if notice.level == "warning" else logging.INFO, notice.text)
    # wardnews writes the sitemap itself (posts included, no build time): skip the theme's.
    config.theme.static_templates.discard("sitemap.xml")
    _state["build"] = build
    _state["pages"] = {page.src_uri: page for page in build.engine_pages}
    config.watch.append(str(build.project.config.posts_path))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    set_aside(Path(config.site_dir), _state["build"].project.config.url_prefix)  # type: ignore[union-attr]


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Compiled templates are kept by source checksum: a serve rebuild does not compile again.
    env.bytecode_cache = FileSystemBytecodeCache(str(template_cache_dir(_state["build"])))
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build: Build = _state["build"]  # type: ignore[assignment]
    for page in build.engine_pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} trùng với trang do wardnews tạo; hãy đổi tên tệp"
            )
        file = File.generated(
            config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
        )
        file.dest_uri = page.dest_uri
        files.append(file)
    _state["engine_urls"] = [file.url for file in files.documentation_pages()]
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _state["pages"].get(page.file.src_uri)  # type: ignore[union-attr]
    return html if generated is None else generated.content(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    head = _state["build"].head_html(page.url)  # type: ignore[union-attr]
    return output.replace("</head>", head + "</head>", 1) if head else output


def on_post_build(config: MkDocsConfig) -> None:
    finish_site(_state["build"], Path(config.site_dir), _state["engine_urls"])  # type: ignore[arg-type]
