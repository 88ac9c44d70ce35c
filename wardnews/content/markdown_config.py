"""The Markdown a ward configured in mkdocs.yml, as plain data for the body renderers.

Post bodies are rendered by the core, not by MkDocs, so they must use the very extensions MkDocs
would: the ``markdown_extensions`` of mkdocs.yml with their options. The MkDocs door hands over
what MkDocs validated (``config.markdown_extensions``, ``config.mdx_configs``); the terminal
(``wardnews check``) reads mkdocs.yml with :func:`read_markdown_settings`, which lists the
extensions the same way MkDocs' ``MarkdownExtensions`` option does.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wardnews.content.text import nfc
from wardnews.problems import Problem, WardnewsError

# MkDocs always renders with these, before the ones mkdocs.yml lists (mkdocs/config/defaults.py).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownSettings:
    """Extension names in MkDocs' order, and the options of those that have some."""

    extensions: tuple[str, ...] = MKDOCS_BUILTIN_EXTENSIONS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_mkdocs(
        cls, extensions: Iterable[str], configs: Mapping[str, Mapping[str, Any]] | None
    ) -> MarkdownSettings:
        """From MkDocs' validated ``markdown_extensions`` and ``mdx_configs``."""
        return cls(tuple(extensions), {name: dict(cfg) for name, cfg in (configs or {}).items()})

    def without_permalinks(self) -> MarkdownSettings:
        """The same, with no heading permalink: a ¶ means nothing in a feed or on a portal."""
        toc = {k: v for k, v in self.configs.get("toc", {}).items() if k != "permalink"}
        configs = {name: cfg for name, cfg in self.configs.items() if name != "toc"}
        return MarkdownSettings(self.extensions, {**configs, "toc": toc} if toc else configs)

    def key(self) -> str:
        """A stable text naming these settings, for cache keys."""
        return repr((self.extensions, sorted((n, repr(c)) for n, c in self.configs.items())))


def settings_from_yaml(value: Any) -> MarkdownSettings:
    """The settings for a ``markdown_extensions`` value as MkDocs reads it: a list of names and
    one-key mappings ``{name: options}``, or one mapping of names to options."""
    items = list(value.items()) if isinstance(value, dict) else list(value or ())
    names: list[str] = list(MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for item in items:
        name, options = item if isinstance(item, tuple) else _entry(item)
        if not isinstance(name, str):
            continue  # MkDocs refuses the file; `mkdocs build` says so
        if name not in names:
            names.append(name)
        if isinstance(options, dict) and options:
            configs[name] = options
    return MarkdownSettings(tuple(names), configs)


def _entry(item: Any) -> tuple[Any, Any]:
    if isinstance(item, dict) and len(item) == 1:
        return next(iter(item.items()))
    return item, None


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs loads it for Markdown options: ``!!python/name:`` names an object
    (e.g. a fence formatter of pymdownx.superfences); other tags (``!ENV``...) become None."""


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        return None  # `mkdocs build` reports it with MkDocs' own words


def _ignored(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


# The first matching prefix wins: names before the other python/ tags.
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignored)
_Loader.add_multi_constructor("!", _ignored)


def read_markdown_settings(config_file: Path) -> MarkdownSettings:
    """The Markdown settings of ``config_file`` (mkdocs.yml). Raises WardnewsError when the
    file cannot be read (the unit's configuration reader reports it first, in detail)."""
    try:
        data = yaml.load(nfc(config_file.read_text("utf-8")), Loader=_Loader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problem = Problem(config_file.name, None, "markdown_extensions", str(exc))
        raise WardnewsError([problem]) from None
    return settings_from_yaml(data.get("markdown_extensions") if isinstance(data, dict) else None)
