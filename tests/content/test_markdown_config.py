"""mkdocs.yml's Markdown, read without MkDocs, is what MkDocs itself renders with."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from wardnews.content.markdown_config import (
    MKDOCS_BUILTIN_EXTENSIONS,
    MarkdownSettings,
    read_markdown_settings,
)
from wardnews.problems import WardnewsError

REPO = Path(__file__).resolve().parents[2]

HEAD = "site_name: Thử\n"
LISTED = """\
markdown_extensions:
  - footnotes
  - toc:
      permalink: "#"
      toc_depth: 3
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - admonition
  - footnotes
"""
MAPPING = """\
markdown_extensions:
  pymdownx.tasklist:
    custom_checkbox: true
  tables:
"""


def mkdocs_settings(config_file: Path) -> MarkdownSettings:
    (config_file.parent / "docs").mkdir(exist_ok=True)
    config = load_config(str(config_file))
    return MarkdownSettings.from_mkdocs(config.markdown_extensions, config.mdx_configs)


def test_the_builtins_are_mkdocs_own():
    option = MkDocsConfig.markdown_extensions
    assert MKDOCS_BUILTIN_EXTENSIONS == tuple(option.builtins)


def test_the_sample_reads_as_mkdocs_reads_it():
    assert read_markdown_settings(REPO / "mkdocs.yml") == mkdocs_settings(REPO / "mkdocs.yml")


@pytest.mark.parametrize("extensions", ["", LISTED, MAPPING], ids=["none", "list", "mapping"])
def test_a_project_reads_as_mkdocs_reads_it(tmp_path, extensions):
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(HEAD + extensions, "utf-8")
    ours = read_markdown_settings(config_file)
    assert ours == mkdocs_settings(config_file)
    assert ours.extensions[:3] == MKDOCS_BUILTIN_EXTENSIONS


def test_python_names_become_the_objects_they_name(tmp_path):
    from pymdownx.superfences import fence_code_format

    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(HEAD + LISTED, "utf-8")
    fences = read_markdown_settings(config_file).configs["pymdownx.superfences"]["custom_fences"]
    assert fences[0]["format"] is fence_code_format


def test_feeds_drop_only_the_permalink():
    settings = MarkdownSettings(
        ("toc", "tables"), {"toc": {"permalink": True, "toc_depth": 3}, "tables": {"x": 1}}
    )
    assert settings.without_permalinks() == MarkdownSettings(
        ("toc", "tables"), {"toc": {"toc_depth": 3}, "tables": {"x": 1}}
    )
    only = MarkdownSettings(("toc",), {"toc": {"permalink": True}})
    assert only.without_permalinks() == MarkdownSettings(("toc",), {})


def test_an_unreadable_file_is_a_problem(tmp_path):
    with pytest.raises(WardnewsError, match="mkdocs.yml"):
        read_markdown_settings(tmp_path / "mkdocs.yml")
