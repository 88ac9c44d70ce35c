"""MkDocs door of wardnews: hands what the core computed to MkDocs. No logic here."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from wardnews.content.markdown_config import MarkdownSettings
from wardnews.problems import WardnewsError
from wardnews.session import BuildSession
from wardnews.templating import listing_visible_files

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


# The one build session of this process. MkDocs loads a hook module once per process and calls
# on_startup once, so this module plays the part a plugin instance plays for a plugin.
_session = BuildSession()


def on_startup(command: str, dirty: bool) -> None:
    global _session
    _session = BuildSession(command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.use_directory_urls:
        raise PluginError("wardnews cần use_directory_urls: true trong mkdocs.yml")
    root = Path(config.config_file_path).parent.resolve()
    markdown = MarkdownSettings.from_mkdocs(config.markdown_extensions, config.mdx_configs)
    try:
        build = _session.prepare(
            (config.extra or {}).get("wardnews"),
            root,
            config.site_url or "",
            markdown,
            config_file=Path(config.config_file_path),
        )
    except WardnewsError as exc:
        raise PluginError("Trang chưa được dựng vì:\n" + str(exc)) from None
    for notice in build.notices:
        logger = log if notice.strict else report
        logger.log(logging.WARNING if notice.level == "warning" else logging.INFO, notice.text)
    # wardnews writes the sitemap itself (posts included, no build time): skip the theme's.
    config.theme.static_templates.discard("sitemap.xml")
    # MkDocs looks for the theme's static files without walking its hidden folders (55 ms).
    config.theme.get_env = listing_visible_files(config.theme.get_env)
    config.watch.append(str(build.project.config.posts_path))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    _session.set_aside(Path(config.site_dir))


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Compiled templates are kept in memory by source checksum: a serve rebuild does not compile
    # again. Never in .cache/: bytecode read back from disk would run as code.
    env.bytecode_cache = _session.template_bytecode
    return env


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in _session.build.engine_pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} trùng với trang do wardnews tạo; hãy đổi tên tệp"
            )
        file = File.generated(
            config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
        )
        file.dest_uri = page.dest_uri
        files.append(file)
    _session.engine_urls = [file.url for file in files.documentation_pages()]
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _session.page_content(page.file.src_uri, html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    head = _session.head_html(page.url)
    return output.replace("</head>", head + "</head>", 1) if head else output


def on_post_build(config: MkDocsConfig) -> None:
    _session.finish(Path(config.site_dir))


def on_shutdown() -> None:
    _session.close()
